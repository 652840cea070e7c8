package org.jpuffs.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jpuffs.AttrField;
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
    /** No entry introduces the root: its attributes may be cached this long. */
    static final long ROOT_ATTR_TTL_NANOS = 1_000_000_000L;
    /** What a failed poll reports (the seed's parkdone_poll). */
    static final int POLLERR = 0x008;

    private final FileServer<C> server;
    private final NodeLayerOptions options;
    private final Ttls ttls;
    private final Set<Op> implemented;
    private final NodeTable<C> table = new NodeTable<>();
    private final HandleTable handles = new HandleTable();
    private final InFlight inFlight = new InFlight();
    private final Faults<C> faults;
    private final ReplyCheck<C> check;
    private final Reclaimer<C> reclaimer;
    private final CookieNotifier<C> notifier;
    /** The metadata cache when the front end is the kernel itself; null under FUSE. */
    private final MetadataCache cache;
    private final RequestScope<C> scope;
    private final Replies<C> replies;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();

    ServedNodes(FileServer<C> server, NodeLayerOptions options, boolean metadataAuthority) {
        this.server = server;
        this.options = options;
        this.implemented = Set.copyOf(ImplementedOps.of(server));
        this.faults = new Faults<>(server);
        this.check = new ReplyCheck<>(faults);
        this.cache = metadataAuthority ? new MetadataCache(InstantSource.system()) : null;
        this.notifier = new CookieNotifier<>(table);
        this.reclaimer = new Reclaimer<>(server, table, faults, cache, new Call(0, 0, 0, 0, notifier));
        this.scope = new RequestScope<>(table, handles, inFlight, reclaimer, faults);
        this.ttls = new Ttls(options);
        this.replies = new Replies<>(server, table, handles, check, faults, cache, ttls);
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
        return scope.on(c, Op.LOOKUP, parent, dir -> switch (server.lookup(c, dir.cookie, name)) {
            case null -> throw faults.violation(Op.LOOKUP, dir.cookie, c, Errno.EIO, "lookup returned null");
            case Entry<C> e -> replies.entry(Op.LOOKUP, c, e, false);
            case Lookup.Absent<C> a -> new NodeEntry(0, Replies.GENERATION, null, ttls.negative(a), 0);
        });
    }

    @Override
    public void forget(long nodeId, long count) {
        reclaimer.reclaim(table.forget(nodeId, count));
    }

    @Override
    public NodeAttributes getAttr(Call c, long node, long fh) throws IOException {
        return scope.on(c, Op.GETATTR, node,
                n -> replies.attributes(Op.GETATTR, c, n, server.getAttr(c, n.cookie, handles.get(fh))));
    }

    @Override
    public NodeAttributes setAttr(Call c, long node, long fh, SetAttributes changes) throws IOException {
        return scope.on(c, Op.SETATTR, node, n -> {
            SetAttributes all = cache == null ? changes : cache.mergeInto(n.id, changes);
            return replies.attributes(Op.SETATTR, c, n, server.setAttr(c, n.cookie, handles.get(fh), all));
        });
    }

    @Override
    public void access(Call c, long node, int mask) throws IOException {
        scope.on(c, Op.ACCESS, node, n -> {
            server.access(c, n.cookie, mask);
            return null;
        });
    }

    @Override
    public byte[] readLink(Call c, long node) throws IOException {
        return scope.on(c, Op.READLINK, node,
                n -> check.present(Op.READLINK, n.cookie, c, server.readLink(c, n.cookie)));
    }

    @Override
    public NodeEntry mknod(Call c, long parent, FileName name, int mode, long rdev) throws IOException {
        return scope.on(c, Op.MKNOD, parent,
                dir -> replies.entry(Op.MKNOD, c, server.mknod(c, dir.cookie, name, mode, rdev), true));
    }

    @Override
    public NodeEntry mkdir(Call c, long parent, FileName name, int mode) throws IOException {
        return scope.on(c, Op.MKDIR, parent,
                dir -> replies.entry(Op.MKDIR, c, server.mkdir(c, dir.cookie, name, mode), true));
    }

    @Override
    public NodeEntry symlink(Call c, long parent, FileName name, byte[] target) throws IOException {
        return scope.on(c, Op.SYMLINK, parent,
                dir -> replies.entry(Op.SYMLINK, c, server.symlink(c, dir.cookie, name, target), true));
    }

    @Override
    public NodeEntry link(Call c, long node, long newParent, FileName newName) throws IOException {
        return scope.on(c, Op.LINK, node, newParent,
                (n, dir) -> replies.entry(Op.LINK, c, server.link(c, n.cookie, dir.cookie, newName), false));
    }

    @Override
    public void unlink(Call c, long parent, FileName name) throws IOException {
        scope.on(c, Op.UNLINK, parent, dir -> {
            server.unlink(c, dir.cookie, name);
            return null;
        });
    }

    @Override
    public void rmdir(Call c, long parent, FileName name) throws IOException {
        scope.on(c, Op.RMDIR, parent, dir -> {
            server.rmdir(c, dir.cookie, name);
            return null;
        });
    }

    @Override
    public void rename(Call c, long parent, FileName name, long newParent, FileName newName, Set<RenameFlag> flags)
            throws IOException {
        scope.on(c, Op.RENAME, parent, newParent, (dir, newDir) -> {
            server.rename(c, dir.cookie, name, newDir.cookie, newName, flags);
            return null;
        });
    }

    // ---------------------------------------------------------------------------------------------
    // files

    @Override
    public OpenReply open(Call c, long node, OpenFlags flags) throws IOException {
        return scope.on(c, Op.OPEN, node, n -> replies.opened(Op.OPEN, c, n, server.open(c, n.cookie, flags)));
    }

    @Override
    public CreateReply create(Call c, long parent, FileName name, int mode, OpenFlags flags) throws IOException {
        return scope.on(c, Op.CREATE, parent,
                dir -> replies.created(Op.CREATE, c, dir, server.create(c, dir.cookie, name, mode, flags), flags));
    }

    @Override
    public CreateReply tmpfile(Call c, long parent, int mode, OpenFlags flags) throws IOException {
        return scope.on(c, Op.TMPFILE, parent,
                dir -> replies.created(Op.TMPFILE, c, dir, server.tmpfile(c, dir.cookie, mode, flags), flags));
    }

    @Override
    public void read(Call c, long node, long fh, long offset, ByteBuffer dst) throws IOException {
        scope.on(c, Op.READ, node, n -> {
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
        return scope.on(c, Op.WRITE, node, n -> {
            Object handle = handles.get(fh);
            int asked = src.remaining();
            return check.written(n.cookie, c, server.write(c, n.cookie, handle, offset, src), asked);
        });
    }

    @Override
    public void flush(Call c, long node, long fh, long lockOwner) throws IOException {
        scope.on(c, Op.FLUSH, node, n -> {
            server.flush(c, n.cookie, handles.get(fh), lockOwner);
            return null;
        });
    }

    @Override
    public void release(Call c, long node, long fh, OpenFlags flags) {
        scope.closeHandle(c, Op.RELEASE, node, fh, (n, handle) -> {
            flushMetadata(c, n, handle);
            server.release(c, n.cookie, handle, flags);
        });
    }

    @Override
    public void fsync(Call c, long node, long fh, boolean dataOnly) throws IOException {
        scope.on(c, Op.FSYNC, node, n -> {
            Object handle = handles.get(fh);
            flushMetadata(c, n, handle);
            server.fsync(c, n.cookie, handle, dataOnly);
            return null;
        });
    }

    @Override
    public void fallocate(Call c, long node, long fh, Set<FallocateMode> mode, long offset, long length)
            throws IOException {
        scope.on(c, Op.FALLOCATE, node, n -> {
            server.fallocate(c, n.cookie, handles.get(fh), mode, offset, length);
            return null;
        });
    }

    @Override
    public long lseek(Call c, long node, long fh, long offset, Whence whence) throws IOException {
        return scope.on(c, Op.LSEEK, node, n -> server.lseek(c, n.cookie, handles.get(fh), offset, whence));
    }

    @Override
    public long copyFileRange(Call c, long in, long fhIn, long offIn, long out, long fhOut, long offOut, long length,
            int flags) throws IOException {
        return scope.on(c, Op.COPY_FILE_RANGE, in, out, (src, dst) -> server.copyFileRange(c, src.cookie,
                handles.get(fhIn), offIn, dst.cookie, handles.get(fhOut), offOut, length, flags));
    }

    /**
     * The seed's parkdone_poll: a successful reply is the server's events, a failed one POLLERR.
     * ENOSYS is passed on, so the kernel stops polling and treats the file as always ready.
     */
    @Override
    public int poll(Call c, long node, long fh, int events, PollWaker waker) throws IOException {
        Node<C> n = scope.begin(c, node);
        try {
            return server.poll(c, n.cookie, handles.get(fh), events, waker);
        } catch (Throwable t) {
            IOException e = faults.failure(Op.POLL, n.cookie, c, t);
            if (e instanceof ErrnoException x && x.errno() == Errno.ENOSYS) {
                throw e;
            }
            return POLLERR;
        } finally {
            scope.end(c, n);
        }
    }

    @Override
    public IoctlResult ioctl(Call c, long node, long fh, int command, ByteBuffer input, int outputSize)
            throws IOException {
        return scope.on(c, Op.IOCTL, node, n -> check.present(Op.IOCTL, n.cookie, c,
                server.ioctl(c, n.cookie, handles.get(fh), command, input, outputSize)));
    }

    @Override
    public Lock getLock(Call c, long node, long fh, Lock lock) throws IOException {
        return scope.on(c, Op.GETLK, node,
                n -> check.present(Op.GETLK, n.cookie, c, server.getLock(c, n.cookie, handles.get(fh), lock)));
    }

    @Override
    public void setLock(Call c, long node, long fh, Lock lock, boolean wait) throws IOException {
        scope.on(c, Op.SETLK, node, n -> {
            server.setLock(c, n.cookie, handles.get(fh), lock, wait);
            return null;
        });
    }

    // ---------------------------------------------------------------------------------------------
    // directories

    @Override
    public OpenReply openDir(Call c, long node, OpenFlags flags) throws IOException {
        return scope.on(c, Op.OPENDIR, node, n -> replies.opened(Op.OPENDIR, c, n, server.openDir(c, n.cookie, flags)));
    }

    @Override
    public void readDir(Call c, long node, long fh, long offset, DirSink sink) throws IOException {
        scope.on(c, Op.READDIR, node, dir -> {
            server.readDir(c, dir.cookie, handles.get(fh), offset, sink);
            return null;
        });
    }

    @Override
    public void readDirPlus(Call c, long node, long fh, long offset, DirPlusSink sink) throws IOException {
        scope.on(c, Op.READDIR, node, dir -> {
            Object handle = handles.get(fh);
            server.readDir(c, dir.cookie, handle, offset, new DirPlusLookups<>(this, c, dir, sink));
            return null;
        });
    }

    @Override
    public void releaseDir(Call c, long node, long fh) {
        scope.closeHandle(c, Op.RELEASEDIR, node, fh, (n, handle) -> server.releaseDir(c, n.cookie, handle));
    }

    @Override
    public void fsyncDir(Call c, long node, long fh, boolean dataOnly) throws IOException {
        scope.on(c, Op.FSYNCDIR, node, n -> {
            server.fsyncDir(c, n.cookie, handles.get(fh), dataOnly);
            return null;
        });
    }

    // ---------------------------------------------------------------------------------------------
    // file system and xattrs

    @Override
    public StatFs statFs(Call c, long node) throws IOException {
        return scope.on(c, Op.STATFS, node, n -> check.present(Op.STATFS, n.cookie, c, server.statFs(c, n.cookie)));
    }

    @Override
    public void syncFs(Call c) throws IOException {
        scope.on(c, Op.SYNCFS, ROOT_ID, root -> {
            server.syncFs(c);
            return null;
        });
    }

    @Override
    public void setXattr(Call c, long node, String name, ByteBuffer value, XattrMode mode) throws IOException {
        scope.on(c, Op.SETXATTR, node, n -> {
            server.setXattr(c, n.cookie, name, value, mode);
            return null;
        });
    }

    @Override
    public byte[] getXattr(Call c, long node, String name) throws IOException {
        return scope.on(c, Op.GETXATTR, node,
                n -> check.present(Op.GETXATTR, n.cookie, c, server.getXattr(c, n.cookie, name)));
    }

    @Override
    public List<String> listXattr(Call c, long node) throws IOException {
        return scope.on(c, Op.LISTXATTR, node,
                n -> check.present(Op.LISTXATTR, n.cookie, c, server.listXattr(c, n.cookie)));
    }

    @Override
    public void removeXattr(Call c, long node, String name) throws IOException {
        scope.on(c, Op.REMOVEXATTR, node, n -> {
            server.removeXattr(c, n.cookie, name);
            return null;
        });
    }

    @Override
    public void markUpdate(long nodeId, Set<AttrField> times) {
        if (cache != null) {
            cache.markUpdate(nodeId, times);
        }
    }

    @Override
    public void updateSize(long nodeId, long size) {
        if (cache != null) {
            cache.updateSize(nodeId, size);
        }
    }

    /** Sends the node's pending time and size changes to the server as one setAttr. */
    private void flushMetadata(Call c, Node<C> n, Object handle) throws IOException {
        SetAttributes pending = cache == null ? null : cache.take(n.id);
        if (pending != null) {
            check.attributes(Op.SETATTR, n.cookie, c, server.setAttr(c, n.cookie, handle, pending));
        }
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

    Ttls ttls() {
        return ttls;
    }

    MetadataCache cache() {
        return cache;
    }

}
