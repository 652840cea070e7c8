package org.jpuffs.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jpuffs.Attributes;
import org.jpuffs.Created;
import org.jpuffs.DirSink;
import org.jpuffs.Entry;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.FallocateMode;
import org.jpuffs.FileName;
import org.jpuffs.FileServer;
import org.jpuffs.IoctlResult;
import org.jpuffs.Lock;
import org.jpuffs.Lookup;
import org.jpuffs.Notifier;
import org.jpuffs.OpenFlags;
import org.jpuffs.Opened;
import org.jpuffs.PollWaker;
import org.jpuffs.RenameFlag;
import org.jpuffs.SetAttributes;
import org.jpuffs.StatFs;
import org.jpuffs.Whence;
import org.jpuffs.XattrMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node layer serving one {@link FileServer}: each op enters the mount's in-flight accounting,
 * pins the nodes it names, calls the server with their cookies and no lock held, checks the reply,
 * and turns cookies in entries into counted node ids. Ops the server does not override reach the
 * interface's defaults, which are the documented answers (ENOSYS for most, no-ops for release,
 * releaseDir and reclaim, an empty statFs; ENOSYS from open and openDir tells the front end to use
 * stateless opens, whose handle number 0 reaches the server as {@code null}).
 *
 * @param <C> the server's cookie type
 */
final class ServedNodes<C> implements NodeLayer {
    private static final Logger LOG = LoggerFactory.getLogger(ServedNodes.class);
    /** Node ids are never reused within a mount, so one generation serves them all. */
    static final long GENERATION = 0;
    /** No entry introduces the root: its attributes may be cached this long. */
    static final long ROOT_ATTR_TTL_NANOS = 1_000_000_000L;
    /** What a failed poll reports (the seed's parkdone_poll). */
    static final int POLLERR = 0x008;

    private final FileServer<C> server;
    private final NodeLayerOptions options;
    private final Set<Op> implemented;
    private final NodeTable<C> table = new NodeTable<>();
    private final HandleTable handles = new HandleTable();
    private final InFlight inFlight = new InFlight();
    private final Faults<C> faults;
    private final ReplyCheck<C> check;
    private final Reclaimer<C> reclaimer;
    private final CookieNotifier<C> notifier;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();

    ServedNodes(FileServer<C> server, NodeLayerOptions options) {
        this.server = server;
        this.options = options;
        this.implemented = Set.copyOf(ImplementedOps.of(server.getClass()));
        this.faults = new Faults<>(server);
        this.check = new ReplyCheck<>(faults);
        this.reclaimer = new Reclaimer<>(server, table, faults);
        this.notifier = new CookieNotifier<>(table);
    }

    @Override
    public Set<Op> implementedOps() {
        return implemented;
    }

    @Override
    public Notifier<C> notifier() {
        return notifier;
    }

    @Override
    public void init(NotificationChannel channel) throws IOException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("init was already called");
        }
        notifier.connect(channel);
        C root;
        try {
            server.init(notifier);
            root = server.root();
        } catch (Throwable t) {
            notifier.disconnect();
            throw faults.failure(Op.INIT, null, null, t);
        }
        if (root == null) {
            notifier.disconnect();
            throw faults.violation(Op.INIT, null, null, Errno.EIO, "root() returned null");
        }
        table.installRoot(root, ROOT_ATTR_TTL_NANOS);
        inFlight.open();
    }

    @Override
    public void shutdown(Duration drainBound) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        Duration bound = drainBound != null ? drainBound : options.drainBound();
        long deadline = System.nanoTime() + ReplyCheck.nanos(bound);
        table.closeToNewNodes();
        if (!inFlight.close(bound)) {
            LOG.warn("{} requests still running after {}; their nodes are reclaimed when they end",
                    inFlight.running(), bound);
        }
        for (Node<C> n : table.tearDown()) {
            reclaimer.reclaim(n);
        }
        if (!table.awaitReclaims(deadline)) {
            LOG.warn("reclaims still running at the end of the drain bound");
        }
        notifier.disconnect();
        if (started.get()) {
            try {
                server.destroy();
            } catch (RuntimeException | Error e) {
                faults.swallowed(Op.DESTROY, null, null, e);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // names and nodes

    @Override
    public NodeEntry lookup(Call c, long parent, FileName name) throws IOException {
        return on(c, Op.LOOKUP, parent, dir -> switch (server.lookup(c, dir.cookie, name)) {
            case null -> throw faults.violation(Op.LOOKUP, dir.cookie, c, Errno.EIO, "lookup returned null");
            case Entry<C> e -> entry(Op.LOOKUP, c, e, false);
            case Lookup.Absent<C> a -> new NodeEntry(0, GENERATION, null, ReplyCheck.nanos(a.ttl()), 0);
        });
    }

    @Override
    public void forget(long nodeId, long count) {
        reclaimer.reclaim(table.forget(nodeId, count));
    }

    @Override
    public NodeAttributes getAttr(Call c, long node, long fh) throws IOException {
        return on(c, Op.GETATTR, node, n -> attributes(Op.GETATTR, c, n, server.getAttr(c, n.cookie, handles.get(fh))));
    }

    @Override
    public NodeAttributes setAttr(Call c, long node, long fh, SetAttributes changes) throws IOException {
        return on(c, Op.SETATTR, node,
                n -> attributes(Op.SETATTR, c, n, server.setAttr(c, n.cookie, handles.get(fh), changes)));
    }

    @Override
    public void access(Call c, long node, int mask) throws IOException {
        on(c, Op.ACCESS, node, n -> {
            server.access(c, n.cookie, mask);
            return null;
        });
    }

    @Override
    public byte[] readLink(Call c, long node) throws IOException {
        return on(c, Op.READLINK, node, n -> check.present(Op.READLINK, n.cookie, c, server.readLink(c, n.cookie)));
    }

    @Override
    public NodeEntry mknod(Call c, long parent, FileName name, int mode, long rdev) throws IOException {
        return on(c, Op.MKNOD, parent, dir -> entry(Op.MKNOD, c, server.mknod(c, dir.cookie, name, mode, rdev), true));
    }

    @Override
    public NodeEntry mkdir(Call c, long parent, FileName name, int mode) throws IOException {
        return on(c, Op.MKDIR, parent, dir -> entry(Op.MKDIR, c, server.mkdir(c, dir.cookie, name, mode), true));
    }

    @Override
    public NodeEntry symlink(Call c, long parent, FileName name, byte[] target) throws IOException {
        return on(c, Op.SYMLINK, parent,
                dir -> entry(Op.SYMLINK, c, server.symlink(c, dir.cookie, name, target), true));
    }

    @Override
    public NodeEntry link(Call c, long node, long newParent, FileName newName) throws IOException {
        return on(c, Op.LINK, node, newParent,
                (n, dir) -> entry(Op.LINK, c, server.link(c, n.cookie, dir.cookie, newName), false));
    }

    @Override
    public void unlink(Call c, long parent, FileName name) throws IOException {
        on(c, Op.UNLINK, parent, dir -> {
            server.unlink(c, dir.cookie, name);
            return null;
        });
    }

    @Override
    public void rmdir(Call c, long parent, FileName name) throws IOException {
        on(c, Op.RMDIR, parent, dir -> {
            server.rmdir(c, dir.cookie, name);
            return null;
        });
    }

    @Override
    public void rename(Call c, long parent, FileName name, long newParent, FileName newName, Set<RenameFlag> flags)
            throws IOException {
        on(c, Op.RENAME, parent, newParent, (dir, newDir) -> {
            server.rename(c, dir.cookie, name, newDir.cookie, newName, flags);
            return null;
        });
    }

    // ---------------------------------------------------------------------------------------------
    // files

    @Override
    public OpenReply open(Call c, long node, OpenFlags flags) throws IOException {
        return on(c, Op.OPEN, node, n -> opened(Op.OPEN, c, n, server.open(c, n.cookie, flags)));
    }

    @Override
    public CreateReply create(Call c, long parent, FileName name, int mode, OpenFlags flags) throws IOException {
        return on(c, Op.CREATE, parent,
                dir -> created(Op.CREATE, c, dir, server.create(c, dir.cookie, name, mode, flags), flags));
    }

    @Override
    public CreateReply tmpfile(Call c, long parent, int mode, OpenFlags flags) throws IOException {
        return on(c, Op.TMPFILE, parent,
                dir -> created(Op.TMPFILE, c, dir, server.tmpfile(c, dir.cookie, mode, flags), flags));
    }

    @Override
    public void read(Call c, long node, long fh, long offset, ByteBuffer dst) throws IOException {
        on(c, Op.READ, node, n -> {
            Object handle = handles.get(fh);
            int start = dst.position();
            int limit = dst.limit();
            server.read(c, n.cookie, handle, offset, dst);
            check.read(n.cookie, c, dst, start, limit);
            return null;
        });
    }

    @Override
    public int write(Call c, long node, long fh, long offset, ByteBuffer src) throws IOException {
        return on(c, Op.WRITE, node, n -> {
            Object handle = handles.get(fh);
            int asked = src.remaining();
            return check.written(n.cookie, c, server.write(c, n.cookie, handle, offset, src), asked);
        });
    }

    @Override
    public void flush(Call c, long node, long fh, long lockOwner) throws IOException {
        on(c, Op.FLUSH, node, n -> {
            server.flush(c, n.cookie, handles.get(fh), lockOwner);
            return null;
        });
    }

    @Override
    public void release(Call c, long node, long fh, OpenFlags flags) {
        closeHandle(c, Op.RELEASE, node, fh, (n, handle) -> server.release(c, n.cookie, handle, flags));
    }

    @Override
    public void fsync(Call c, long node, long fh, boolean dataOnly) throws IOException {
        on(c, Op.FSYNC, node, n -> {
            server.fsync(c, n.cookie, handles.get(fh), dataOnly);
            return null;
        });
    }

    @Override
    public void fallocate(Call c, long node, long fh, Set<FallocateMode> mode, long offset, long length)
            throws IOException {
        on(c, Op.FALLOCATE, node, n -> {
            server.fallocate(c, n.cookie, handles.get(fh), mode, offset, length);
            return null;
        });
    }

    @Override
    public long lseek(Call c, long node, long fh, long offset, Whence whence) throws IOException {
        return on(c, Op.LSEEK, node, n -> server.lseek(c, n.cookie, handles.get(fh), offset, whence));
    }

    @Override
    public long copyFileRange(Call c, long in, long fhIn, long offIn, long out, long fhOut, long offOut, long length,
            int flags) throws IOException {
        return on(c, Op.COPY_FILE_RANGE, in, out, (src, dst) -> server.copyFileRange(c, src.cookie, handles.get(fhIn),
                offIn, dst.cookie, handles.get(fhOut), offOut, length, flags));
    }

    /**
     * The seed's parkdone_poll: a successful reply is the server's events, a failed one POLLERR.
     * ENOSYS is passed on, so the kernel stops polling and treats the file as always ready.
     */
    @Override
    public int poll(Call c, long node, long fh, int events, PollWaker waker) throws IOException {
        Node<C> n = begin(c, node);
        try {
            return server.poll(c, n.cookie, handles.get(fh), events, waker);
        } catch (Throwable t) {
            IOException e = faults.failure(Op.POLL, n.cookie, c, t);
            if (e instanceof ErrnoException x && x.errno() == Errno.ENOSYS) {
                throw e;
            }
            return POLLERR;
        } finally {
            end(c, n);
        }
    }

    @Override
    public IoctlResult ioctl(Call c, long node, long fh, int command, ByteBuffer input, int outputSize)
            throws IOException {
        return on(c, Op.IOCTL, node, n -> check.present(Op.IOCTL, n.cookie, c,
                server.ioctl(c, n.cookie, handles.get(fh), command, input, outputSize)));
    }

    @Override
    public Lock getLock(Call c, long node, long fh, Lock lock) throws IOException {
        return on(c, Op.GETLK, node,
                n -> check.present(Op.GETLK, n.cookie, c, server.getLock(c, n.cookie, handles.get(fh), lock)));
    }

    @Override
    public void setLock(Call c, long node, long fh, Lock lock, boolean wait) throws IOException {
        on(c, Op.SETLK, node, n -> {
            server.setLock(c, n.cookie, handles.get(fh), lock, wait);
            return null;
        });
    }

    // ---------------------------------------------------------------------------------------------
    // directories

    @Override
    public OpenReply openDir(Call c, long node, OpenFlags flags) throws IOException {
        return on(c, Op.OPENDIR, node, n -> opened(Op.OPENDIR, c, n, server.openDir(c, n.cookie, flags)));
    }

    @Override
    public void readDir(Call c, long node, long fh, long offset, DirSink sink) throws IOException {
        on(c, Op.READDIR, node, dir -> {
            server.readDir(c, dir.cookie, handles.get(fh), offset, sink);
            return null;
        });
    }

    @Override
    public void readDirPlus(Call c, long node, long fh, long offset, DirPlusSink sink) throws IOException {
        on(c, Op.READDIR, node, dir -> {
            Object handle = handles.get(fh);
            server.readDir(c, dir.cookie, handle, offset, new DirPlusLookups<>(this, c, dir, sink));
            return null;
        });
    }

    @Override
    public void releaseDir(Call c, long node, long fh) {
        closeHandle(c, Op.RELEASEDIR, node, fh, (n, handle) -> server.releaseDir(c, n.cookie, handle));
    }

    @Override
    public void fsyncDir(Call c, long node, long fh, boolean dataOnly) throws IOException {
        on(c, Op.FSYNCDIR, node, n -> {
            server.fsyncDir(c, n.cookie, handles.get(fh), dataOnly);
            return null;
        });
    }

    // ---------------------------------------------------------------------------------------------
    // file system and xattrs

    @Override
    public StatFs statFs(Call c, long node) throws IOException {
        return on(c, Op.STATFS, node, n -> check.present(Op.STATFS, n.cookie, c, server.statFs(c, n.cookie)));
    }

    @Override
    public void syncFs(Call c) throws IOException {
        on(c, Op.SYNCFS, ROOT_ID, root -> {
            server.syncFs(c);
            return null;
        });
    }

    @Override
    public void setXattr(Call c, long node, String name, ByteBuffer value, XattrMode mode) throws IOException {
        on(c, Op.SETXATTR, node, n -> {
            server.setXattr(c, n.cookie, name, value, mode);
            return null;
        });
    }

    @Override
    public byte[] getXattr(Call c, long node, String name) throws IOException {
        return on(c, Op.GETXATTR, node,
                n -> check.present(Op.GETXATTR, n.cookie, c, server.getXattr(c, n.cookie, name)));
    }

    @Override
    public List<String> listXattr(Call c, long node) throws IOException {
        return on(c, Op.LISTXATTR, node, n -> check.present(Op.LISTXATTR, n.cookie, c, server.listXattr(c, n.cookie)));
    }

    @Override
    public void removeXattr(Call c, long node, String name) throws IOException {
        on(c, Op.REMOVEXATTR, node, n -> {
            server.removeXattr(c, n.cookie, name);
            return null;
        });
    }

    // ---------------------------------------------------------------------------------------------
    // for DirPlusLookups and tests

    FileServer<C> server() {
        return server;
    }

    NodeTable<C> table() {
        return table;
    }

    HandleTable handles() {
        return handles;
    }

    ReplyCheck<C> check() {
        return check;
    }

    Faults<C> faults() {
        return faults;
    }

    Reclaimer<C> reclaimer() {
        return reclaimer;
    }

    InFlight inFlight() {
        return inFlight;
    }

    // ---------------------------------------------------------------------------------------------
    // request scope

    /** What an op does with its pinned node; may throw anything a server throws. */
    @FunctionalInterface
    private interface OnNode<C, R> {
        R run(Node<C> node) throws IOException;
    }

    /** What an op does with its two pinned nodes. */
    @FunctionalInterface
    private interface OnNodes<C, R> {
        R run(Node<C> first, Node<C> second) throws IOException;
    }

    /** What a release does with the node and the freed handle object. */
    @FunctionalInterface
    private interface OnHandle<C> {
        void run(Node<C> node, Object handle) throws IOException;
    }

    private <R> R on(Call c, Op op, long id, OnNode<C, R> body) throws IOException {
        Node<C> n = begin(c, id);
        try {
            return body.run(n);
        } catch (Throwable t) {
            throw faults.failure(op, n.cookie, c, t);
        } finally {
            end(c, n);
        }
    }

    private <R> R on(Call c, Op op, long first, long second, OnNodes<C, R> body) throws IOException {
        inFlight.enter();
        Node<C> a = null;
        Node<C> b = null;
        try {
            a = table.pin(first);
            b = table.pin(second);
            c.bindHandler(Thread.currentThread());
            return body.run(a, b);
        } catch (Throwable t) {
            throw faults.failure(op, a == null ? null : a.cookie, c, t);
        } finally {
            unbind(c);
            if (b != null) {
                reclaimer.reclaim(table.unpin(b));
            }
            if (a != null) {
                reclaimer.reclaim(table.unpin(a));
            }
            inFlight.exit();
        }
    }

    /** Enters the mount, pins the node and binds the handler thread for interrupts. */
    private Node<C> begin(Call c, long id) throws ErrnoException {
        inFlight.enter();
        try {
            Node<C> n = table.pin(id);
            c.bindHandler(Thread.currentThread());
            return n;
        } catch (ErrnoException e) {
            inFlight.exit();
            throw e;
        }
    }

    /** Leaves the request scope; a node whose last pin this was may be reclaimed here. */
    private void end(Call c, Node<C> n) {
        unbind(c);
        reclaimer.reclaim(table.unpin(n));
        inFlight.exit();
    }

    /**
     * Unbinds the handler thread. An interrupt meant for this request must not reach the next one
     * the thread runs, so its flag is cleared here.
     */
    private static void unbind(Call c) {
        c.unbindHandler();
        if (c.isInterrupted()) {
            Thread.interrupted();
        }
    }

    /** RELEASE and RELEASEDIR: free the number, tell the server; failures are only logged. */
    private void closeHandle(Call c, Op op, long node, long fh, OnHandle<C> body) {
        Object handle;
        try {
            handle = handles.remove(fh);
        } catch (ErrnoException e) {
            LOG.warn("{} of node {} with unknown handle {} ignored", op, node, fh);
            return;
        }
        if (fh == 0) {
            return; // a stateless open: the server never saw it
        }
        Node<C> n;
        try {
            n = begin(c, node);
        } catch (ErrnoException e) {
            LOG.debug("{} of node {} handle {} not delivered: {}", op, node, fh, e.getMessage());
            return;
        }
        try {
            body.run(n, handle);
        } catch (Throwable t) {
            faults.swallowed(op, n.cookie, c, t);
        } finally {
            end(c, n);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // replies

    /**
     * An entry for the front end: the cookie's node (made if new) with one lookup counted.
     *
     * @param mustBeNew the new-node rules of create, mknod, mkdir, symlink and tmpfile: no cookie is
     *     EOPNOTSUPP, a live or root cookie EEXIST (and a protocol violation)
     */
    NodeEntry entry(Op op, Call c, Entry<C> e, boolean mustBeNew) throws ErrnoException {
        if (e == null) {
            throw faults.violation(op, null, c, Errno.EIO, "returned no entry");
        }
        C cookie = e.cookie();
        if (cookie == null) {
            if (mustBeNew) {
                throw new ErrnoException(Errno.EOPNOTSUPP, "the server made no node");
            }
            throw faults.violation(op, null, c, Errno.EIO, "an entry without a cookie");
        }
        Attributes a = check.attributes(op, cookie, c, e.attributes());
        Node<C> n;
        try {
            n = table.publish(cookie, ReplyCheck.nanos(e.attrTtl()), mustBeNew);
        } catch (ErrnoException x) {
            if (x.errno() == Errno.EEXIST) {
                throw faults.violation(op, cookie, c, Errno.EEXIST, "a new node with " + x.getMessage());
            }
            throw x;
        }
        return nodeEntry(n, a, e);
    }

    static <C> NodeEntry nodeEntry(Node<C> n, Attributes a, Entry<C> e) {
        return new NodeEntry(n.id, GENERATION, ReplyCheck.withIno(a, n.id), ReplyCheck.nanos(e.entryTtl()),
                ReplyCheck.nanos(e.attrTtl()));
    }

    private NodeAttributes attributes(Op op, Call c, Node<C> n, Attributes a) throws ErrnoException {
        return new NodeAttributes(ReplyCheck.withIno(check.attributes(op, n.cookie, c, a), n.id), n.attrTtlNanos);
    }

    private OpenReply opened(Op op, Call c, Node<C> n, Opened o) throws ErrnoException {
        check.present(op, n.cookie, c, o);
        return new OpenReply(handles.add(o.handle()), o.options());
    }

    private CreateReply created(Op op, Call c, Node<C> dir, Created<C> cr, OpenFlags flags) throws IOException {
        if (cr == null || cr.entry() == null || cr.opened() == null) {
            throw faults.violation(op, dir.cookie, c, Errno.EIO, "returned no node or no open");
        }
        NodeEntry entry;
        try {
            entry = entry(op, c, cr.entry(), true);
        } catch (ErrnoException refused) {
            // the server opened what the caller will never see: end that open
            C cookie = cr.entry().cookie();
            if (cookie != null) {
                try {
                    server.release(c, cookie, cr.opened().handle(), flags);
                } catch (Throwable t) {
                    faults.swallowed(Op.RELEASE, cookie, c, t);
                }
            }
            throw refused;
        }
        return new CreateReply(entry, new OpenReply(handles.add(cr.opened().handle()), cr.opened().options()));
    }
}
