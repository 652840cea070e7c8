package org.jpuffs.path;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jpuffs.Attributes;
import org.jpuffs.CallContext;
import org.jpuffs.Created;
import org.jpuffs.DirSink;
import org.jpuffs.Entry;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.ExceptionMapping;
import org.jpuffs.FallocateMode;
import org.jpuffs.FileName;
import org.jpuffs.FileServer;
import org.jpuffs.IoctlResult;
import org.jpuffs.Lock;
import org.jpuffs.Lookup;
import org.jpuffs.Notifier;
import org.jpuffs.OpInventory;
import org.jpuffs.OpenFlags;
import org.jpuffs.Opened;
import org.jpuffs.PollWaker;
import org.jpuffs.RenameFlag;
import org.jpuffs.SetAttributes;
import org.jpuffs.StatFs;
import org.jpuffs.Whence;
import org.jpuffs.XattrMode;
import org.jpuffs.path.PathNode.CachedPath;
import org.jpuffs.path.PathNode.Link;

/**
 * Serves a {@link PathFileServer} as a {@link FileServer} (puffs's {@code PUFFS_FLAG_BUILDPATH}):
 * it keeps a node per name the kernel holds ({@link PathNode}, its cookies), builds each node's full
 * path when an op needs it, and follows the kernel's renames, links and unlinks so paths stay right.
 *
 * <p>Rules, in the order they matter to a server:
 * <ul>
 * <li><b>Renames.</b> A node knows its directory, not its path; a rename moves one name, and every
 *     node below a renamed directory has the new path at once.
 * <li><b>Hard links.</b> A link made through {@link #link} shares the node (as the kernel expects of
 *     FUSE_LINK); such a node carries the name it was last looked up, created, linked or renamed by.
 *     Removing that name falls back to the most recent remaining one. A second name of a file that
 *     the adapter only meets by lookup (linked outside the mount) gets a node of its own.
 * <li><b>Unlinked files.</b> When a node's last known name goes, it keeps its last path. Ops through
 *     an open's handle still reach the server with that path and the handle; getAttr and setAttr
 *     without a handle (fstat through the kernel) use a handle of a running open of the node;
 *     anything else fails with ENOENT without reaching the server.
 * <li><b>Races.</b> An op whose path a concurrent rename overtook fails at the server with ENOENT;
 *     the adapter then builds the path again and retries, a few times, if the tree changed meanwhile.
 * <li><b>Lifetime.</b> {@link #reclaim} drops the node from the adapter's tree; the next lookup of the
 *     name makes a new node. The path server itself has no reclaim.
 * </ul>
 *
 * <p>Thread-safe. One short-lived lock guards the tree; it is never held while the server runs. Paths
 * are cached per node until the tree next changes shape.
 *
 * <p>The adapter reports the path server's implemented ops ({@link OpInventory}): an op the path
 * server leaves to its default is not offered to the kernel as implemented.
 */
public final class PathAdapter implements FileServer<PathNode>, OpInventory {
    /** How often an op overtaken by a rename is tried. */
    private static final int ATTEMPTS = 8;
    /** How long an op overtaken by a rename waits for it to land before trying again. */
    private static final Duration RENAME_WAIT = Duration.ofSeconds(5);

    private final PathFileServer server;
    private final Duration entryTtl;
    private final Duration attrTtl;
    private final Duration negativeTtl;
    private final PathNode root = new PathNode(null, org.jpuffs.FileType.DIRECTORY);
    /** Guards the shape of the tree: every node's links, names, children and unlinked state. */
    private final Object tree = new Object();
    /** Bumped, under {@link #tree}, whenever an existing node's path may have changed. */
    private volatile long version;
    /** Renames sent to the server and not yet applied to the tree. Guarded by {@link #tree}. */
    private int renamesInFlight;

    /**
     * Serves {@code server} with one-second entry and attribute TTLs and no negative caching.
     *
     * @param server the path server
     */
    public PathAdapter(PathFileServer server) {
        this(server, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO);
    }

    /**
     * Serves {@code server} with the given kernel cache times.
     *
     * @param server the path server
     * @param entryTtl how long the kernel may trust a name-to-node binding
     * @param attrTtl how long the kernel may trust attributes
     * @param negativeTtl how long the kernel may remember that a name does not exist
     */
    public PathAdapter(PathFileServer server, Duration entryTtl, Duration attrTtl, Duration negativeTtl) {
        this.server = Objects.requireNonNull(server, "server");
        this.entryTtl = Objects.requireNonNull(entryTtl, "entryTtl");
        this.attrTtl = Objects.requireNonNull(attrTtl, "attrTtl");
        this.negativeTtl = Objects.requireNonNull(negativeTtl, "negativeTtl");
    }

    // ---------------------------------------------------------------------------------------------
    // Paths

    /**
     * The path {@code node} has now, as ops without a handle see it.
     *
     * @param node a node of this adapter
     * @return its path
     * @throws ErrnoException ENOENT when the node (or a directory above it) has no name any more
     */
    public FilePath pathOf(PathNode node) throws ErrnoException {
        CachedPath c = node.cached;
        if (c != null && c.version() == version) {
            return c.path();
        }
        synchronized (tree) {
            FilePath p = walk(node);
            if (p == null) {
                throw new ErrnoException(Errno.ENOENT, "unlinked: " + node);
            }
            node.cached = new CachedPath(p, version);
            return p;
        }
    }

    /** The path for an op through {@code handle}: the last path of an unlinked node, if there is a handle. */
    private FilePath handlePath(PathNode node, Object handle) throws ErrnoException {
        if (handle == null) {
            return pathOf(node);
        }
        return pathOrLast(node);
    }

    /** The current path, or the last one of an unlinked node: for ops that must always reach the server. */
    private FilePath pathOrLast(PathNode node) {
        CachedPath c = node.cached;
        if (c != null && c.version() == version) {
            return c.path();
        }
        synchronized (tree) {
            FilePath p = walk(node);
            return p != null ? p : lastPathLocked(node);
        }
    }

    /** Builds the path from the root down; {@code null} when an unlinked node is on the way. Under {@link #tree}. */
    private FilePath walk(PathNode node) {
        ArrayDeque<FileName> names = new ArrayDeque<>();
        for (PathNode n = node; n != root; n = n.primary.dir()) {
            if (n.unlinked || n.primary == null) {
                return null;
            }
            names.addFirst(n.primary.name());
            if (names.size() > 4096) {
                return null; // a cycle: only a broken server's renames could make one
            }
        }
        return names.isEmpty() ? FilePath.ROOT : new FilePath(List.copyOf(names));
    }

    /** The last path of a node that has none now, built from the last paths above it. Under {@link #tree}. */
    private FilePath lastPathLocked(PathNode node) {
        ArrayDeque<FileName> names = new ArrayDeque<>();
        for (PathNode n = node; n != root; n = n.primary.dir()) {
            if (n.unlinked) {
                FilePath base = n.lastPath;
                for (FileName name : names) {
                    base = base.resolve(name);
                }
                return base;
            }
            names.addFirst(n.primary.name());
        }
        return new FilePath(List.copyOf(names));
    }

    /** One try of an op against paths built from the current tree. */
    @FunctionalInterface
    private interface Attempt<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code attempt}, again when it failed with ENOENT while the tree changed shape or a rename
     * was on its way through the server: its path may have been overtaken by that rename.
     */
    private <T> T retrying(Attempt<T> attempt) throws IOException {
        for (int i = 1;; i++) {
            long before = version;
            try {
                return attempt.run();
            } catch (IOException e) {
                if (ExceptionMapping.errnoOf(e) != Errno.ENOENT || i >= ATTEMPTS || !awaitRenames(before)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Waits (bounded) for renames running at the server to land in the tree.
     *
     * @param before the tree version an attempt started from
     * @return whether the tree changed since {@code before} or a rename was running: worth a retry
     */
    private boolean awaitRenames(long before) throws ErrnoException {
        synchronized (tree) {
            boolean raced = version != before || renamesInFlight > 0;
            long deadline = System.nanoTime() + RENAME_WAIT.toNanos();
            try {
                while (renamesInFlight > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    tree.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ErrnoException(Errno.EINTR, "interrupted while a rename was running");
            }
            return raced;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Changing the tree (all after the server succeeded)

    /** The node for {@code name} in {@code dir}, found or new, now carrying that name. */
    private PathNode bind(PathNode dir, FileName name, Attributes attrs) {
        synchronized (tree) {
            PathNode n = dir.children().get(name);
            if (n != null && n.type == attrs.type()) {
                Link link = new Link(dir, name);
                if (!link.equals(n.primary)) {
                    n.links.remove(link);
                    n.links.add(link); // most recent last
                    n.primary = link;
                    version++;
                }
                return n;
            }
            if (n != null) {
                // the name now holds a node of another type: replaced behind the adapter's back
                dropLink(n, dir, name);
            }
            return attach(dir, name, attrs);
        }
    }

    /** A new node for a name the server just created (replacing whatever the adapter knew there). */
    private PathNode created(PathNode dir, FileName name, Attributes attrs) {
        synchronized (tree) {
            PathNode old = dir.children().get(name);
            if (old != null) {
                dropLink(old, dir, name);
            }
            return attach(dir, name, attrs);
        }
    }

    private PathNode attach(PathNode dir, FileName name, Attributes attrs) {
        PathNode n = new PathNode(new Link(dir, name), attrs.type());
        dir.children().put(name, n);
        return n;
    }

    /**
     * Removes {@code dir/name} after a lookup found it gone, unless the tree changed since the lookup
     * began or a rename is running: then the ENOENT may only mean the lookup's path was stale.
     *
     * @return whether the answer was settled (and the name, if known, removed)
     */
    private boolean forgetIfSettled(PathNode dir, FileName name, long before) {
        synchronized (tree) {
            if (version != before || renamesInFlight > 0) {
                return false;
            }
            PathNode n = dir.children == null ? null : dir.children.get(name);
            if (n != null) {
                dropLink(n, dir, name);
            }
            return true;
        }
    }

    /** Removes the name {@code dir/name} from the adapter's tree. */
    private void forgetName(PathNode dir, FileName name) {
        synchronized (tree) {
            PathNode n = dir.children == null ? null : dir.children.get(name);
            if (n != null) {
                dropLink(n, dir, name);
            }
        }
    }

    /** Takes one name from {@code n}; with none left it is unlinked and keeps its last path. Under {@link #tree}. */
    private void dropLink(PathNode n, PathNode dir, FileName name) {
        Link link = new Link(dir, name);
        if (dir.children != null && dir.children.get(name) == n) {
            dir.children.remove(name);
        }
        if (!n.links.remove(link)) {
            return;
        }
        if (n.links.isEmpty()) {
            FilePath last = walk(n);
            n.lastPath = last != null ? last : lastPathLocked(n);
            n.unlinked = true;
        } else if (link.equals(n.primary)) {
            n.primary = n.links.getLast();
        }
        version++;
    }

    /** Gives {@code n} the name {@code dir/name} (a rename or a link), replacing what was there. Under {@link #tree}. */
    private void addLink(PathNode n, PathNode dir, FileName name) {
        PathNode there = dir.children().get(name);
        if (there != null && there != n) {
            dropLink(there, dir, name);
        }
        Link link = new Link(dir, name);
        dir.children().put(name, n);
        n.links.remove(link);
        n.links.add(link);
        n.primary = link;
        n.unlinked = false;
        n.lastPath = null;
        version++;
    }

    private void renamed(PathNode dir, FileName name, PathNode newDir, FileName newName, Set<RenameFlag> flags) {
        synchronized (tree) {
            PathNode src = dir.children == null ? null : dir.children.get(name);
            PathNode dst = newDir.children == null ? null : newDir.children.get(newName);
            if (flags.contains(RenameFlag.EXCHANGE)) {
                if (src != null) {
                    src.links.remove(new Link(dir, name));
                }
                if (dst != null) {
                    dst.links.remove(new Link(newDir, newName));
                }
                dir.children().remove(name);
                newDir.children().remove(newName);
                if (src != null) {
                    addLink(src, newDir, newName);
                }
                if (dst != null) {
                    addLink(dst, dir, name);
                }
                version++;
                return;
            }
            if (src != null && src == dst) {
                return; // two names of one node: rename(2) does nothing
            }
            if (src == null) {
                if (dst != null) {
                    dropLink(dst, newDir, newName); // replaced by a node the adapter never saw
                }
                return;
            }
            src.links.remove(new Link(dir, name));
            dir.children.remove(name);
            addLink(src, newDir, newName);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // File-system operations

    @Override
    public PathNode root() {
        return root;
    }

    @Override
    public void init(Notifier<PathNode> notifier) throws IOException {
        server.init();
    }

    @Override
    public void destroy() {
        server.destroy();
    }

    @Override
    public void protocolViolation(org.jpuffs.ProtocolViolation<PathNode> violation) {
        PathNode node = violation.cookie();
        FilePath path = node == null ? null : pathOrLast(node);
        server.protocolViolation(new org.jpuffs.ProtocolViolation<>(violation.op(), path, violation.errno(),
                violation.detail()));
    }

    @Override
    public StatFs statFs(CallContext ctx, PathNode node) throws IOException {
        return retrying(() -> server.statFs(ctx, pathOrLast(node)));
    }

    @Override
    public void syncFs(CallContext ctx) throws IOException {
        server.syncFs(ctx);
    }

    // ---------------------------------------------------------------------------------------------
    // Names

    @Override
    public Lookup<PathNode> lookup(CallContext ctx, PathNode dir, FileName name) throws IOException {
        if (name.isDotOrDotDot()) {
            PathNode n = name.length() == 1 || dir == root ? dir : parentOf(dir);
            return new Entry<>(n, getAttr(ctx, n, null), entryTtl, attrTtl);
        }
        for (int i = 1;; i++) {
            long before = version;
            Attributes attrs;
            try {
                attrs = server.getAttr(ctx, pathOf(dir).resolve(name), null);
            } catch (IOException e) {
                if (ExceptionMapping.errnoOf(e) != Errno.ENOENT) {
                    throw e;
                }
                if (forgetIfSettled(dir, name, before)) {
                    return Lookup.absent(negativeTtl);
                }
                if (i >= ATTEMPTS) {
                    return Lookup.absent(); // the tree kept changing: an answer not worth caching
                }
                awaitRenames(before);
                continue;
            }
            return new Entry<>(bind(dir, name, attrs), attrs, entryTtl, attrTtl);
        }
    }

    private PathNode parentOf(PathNode dir) throws ErrnoException {
        synchronized (tree) {
            if (dir.unlinked || dir.primary == null) {
                throw new ErrnoException(Errno.ENOENT, "unlinked: " + dir);
            }
            return dir.primary.dir();
        }
    }

    /** Drops the node from the adapter's tree; the next lookup of its name makes a new node. */
    @Override
    public void reclaim(PathNode node) {
        if (node == root) {
            return;
        }
        synchronized (tree) {
            for (Link link : node.links) {
                if (link.dir().children != null && link.dir().children.get(link.name()) == node) {
                    link.dir().children.remove(link.name());
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Attributes

    @Override
    public Attributes getAttr(CallContext ctx, PathNode node, Object handle) throws IOException {
        Object h = openHandleIfUnlinked(node, handle);
        return retrying(() -> server.getAttr(ctx, handlePath(node, h), h));
    }

    @Override
    public Attributes setAttr(CallContext ctx, PathNode node, Object handle, SetAttributes changes)
            throws IOException {
        Object h = openHandleIfUnlinked(node, handle);
        return retrying(() -> server.setAttr(ctx, handlePath(node, h), h, changes));
    }

    /**
     * The handle to use for getAttr and setAttr: the given one, or for an unlinked node asked
     * without one (fstat and ftruncate reach FUSE without a handle), one of its running opens'.
     */
    private static Object openHandleIfUnlinked(PathNode node, Object handle) {
        return handle != null || !node.unlinked ? handle : node.anyOpenHandle();
    }

    @Override
    public void access(CallContext ctx, PathNode node, int mask) throws IOException {
        retrying(() -> {
            server.access(ctx, pathOf(node), mask);
            return null;
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Creating and removing names

    @Override
    public Entry<PathNode> mknod(CallContext ctx, PathNode dir, FileName name, int mode, long rdev)
            throws IOException {
        Attributes attrs = retrying(() -> server.mknod(ctx, pathOf(dir).resolve(name), mode, rdev));
        return new Entry<>(created(dir, name, attrs), attrs, entryTtl, attrTtl);
    }

    @Override
    public Entry<PathNode> mkdir(CallContext ctx, PathNode dir, FileName name, int mode) throws IOException {
        Attributes attrs = retrying(() -> server.mkdir(ctx, pathOf(dir).resolve(name), mode));
        return new Entry<>(created(dir, name, attrs), attrs, entryTtl, attrTtl);
    }

    @Override
    public Entry<PathNode> symlink(CallContext ctx, PathNode dir, FileName name, byte[] target) throws IOException {
        Attributes attrs = retrying(() -> server.symlink(ctx, pathOf(dir).resolve(name), target));
        return new Entry<>(created(dir, name, attrs), attrs, entryTtl, attrTtl);
    }

    @Override
    public byte[] readLink(CallContext ctx, PathNode node) throws IOException {
        return retrying(() -> server.readLink(ctx, pathOf(node)));
    }

    @Override
    public Entry<PathNode> link(CallContext ctx, PathNode node, PathNode dir, FileName name) throws IOException {
        Attributes attrs = retrying(() -> server.link(ctx, pathOf(node), pathOf(dir).resolve(name)));
        synchronized (tree) {
            addLink(node, dir, name);
        }
        return new Entry<>(node, attrs, entryTtl, attrTtl);
    }

    @Override
    public void unlink(CallContext ctx, PathNode dir, FileName name) throws IOException {
        retrying(() -> {
            server.unlink(ctx, pathOf(dir).resolve(name));
            return null;
        });
        forgetName(dir, name);
    }

    @Override
    public void rmdir(CallContext ctx, PathNode dir, FileName name) throws IOException {
        retrying(() -> {
            server.rmdir(ctx, pathOf(dir).resolve(name));
            return null;
        });
        forgetName(dir, name);
    }

    @Override
    public void rename(CallContext ctx, PathNode dir, FileName name, PathNode newDir, FileName newName,
            Set<RenameFlag> flags) throws IOException {
        for (int i = 1;; i++) {
            // Announced before the server moves anything: an op that meets the new names at the
            // server with an old path waits for the tree to follow instead of failing with ENOENT.
            long before;
            synchronized (tree) {
                renamesInFlight++;
                before = version;
            }
            boolean done = false;
            IOException failure;
            try {
                server.rename(ctx, pathOf(dir).resolve(name), pathOf(newDir).resolve(newName), flags);
                done = true;
                return;
            } catch (IOException e) {
                failure = e;
            } finally {
                synchronized (tree) {
                    if (done) {
                        renamed(dir, name, newDir, newName, flags);
                    }
                    renamesInFlight--;
                    tree.notifyAll();
                }
            }
            // no longer in flight while waiting, so two failed renames never wait for each other
            if (ExceptionMapping.errnoOf(failure) != Errno.ENOENT || i >= ATTEMPTS || !awaitRenames(before)) {
                throw failure;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Files

    @Override
    public Opened open(CallContext ctx, PathNode node, OpenFlags flags) throws IOException {
        Opened opened = retrying(() -> server.open(ctx, pathOf(node), flags));
        node.opened(opened.handle());
        return opened;
    }

    @Override
    public Created<PathNode> create(CallContext ctx, PathNode dir, FileName name, int mode, OpenFlags flags)
            throws IOException {
        PathCreated made = retrying(() -> server.create(ctx, pathOf(dir).resolve(name), mode, flags));
        PathNode n = created(dir, name, made.attributes());
        n.opened(made.opened().handle());
        return new Created<>(new Entry<>(n, made.attributes(), entryTtl, attrTtl), made.opened());
    }

    @Override
    public void read(CallContext ctx, PathNode node, Object handle, long offset, ByteBuffer dst) throws IOException {
        retrying(() -> {
            server.read(ctx, handlePath(node, handle), handle, offset, dst);
            return null;
        });
    }

    @Override
    public int write(CallContext ctx, PathNode node, Object handle, long offset, ByteBuffer src) throws IOException {
        return retrying(() -> server.write(ctx, handlePath(node, handle), handle, offset, src));
    }

    @Override
    public void flush(CallContext ctx, PathNode node, Object handle, long lockOwner) throws IOException {
        server.flush(ctx, pathOrLast(node), handle, lockOwner);
    }

    @Override
    public void release(CallContext ctx, PathNode node, Object handle, OpenFlags flags) throws IOException {
        try {
            server.release(ctx, pathOrLast(node), handle, flags);
        } finally {
            node.released(handle);
        }
    }

    @Override
    public void fsync(CallContext ctx, PathNode node, Object handle, boolean dataOnly) throws IOException {
        retrying(() -> {
            server.fsync(ctx, handlePath(node, handle), handle, dataOnly);
            return null;
        });
    }

    @Override
    public void fallocate(CallContext ctx, PathNode node, Object handle, Set<FallocateMode> mode, long offset,
            long length) throws IOException {
        retrying(() -> {
            server.fallocate(ctx, handlePath(node, handle), handle, mode, offset, length);
            return null;
        });
    }

    @Override
    public long lseek(CallContext ctx, PathNode node, Object handle, long offset, Whence whence) throws IOException {
        return retrying(() -> server.lseek(ctx, handlePath(node, handle), handle, offset, whence));
    }

    @Override
    public long copyFileRange(CallContext ctx, PathNode in, Object inHandle, long inOffset, PathNode out,
            Object outHandle, long outOffset, long length, int flags) throws IOException {
        return retrying(() -> server.copyFileRange(ctx, handlePath(in, inHandle), inHandle, inOffset,
                handlePath(out, outHandle), outHandle, outOffset, length, flags));
    }

    @Override
    public int poll(CallContext ctx, PathNode node, Object handle, int events, PollWaker waker) throws IOException {
        return retrying(() -> server.poll(ctx, handlePath(node, handle), handle, events, waker));
    }

    @Override
    public IoctlResult ioctl(CallContext ctx, PathNode node, Object handle, int command, ByteBuffer input,
            int outputSize) throws IOException {
        return retrying(() -> server.ioctl(ctx, handlePath(node, handle), handle, command, input, outputSize));
    }

    // ---------------------------------------------------------------------------------------------
    // Locks

    @Override
    public Lock getLock(CallContext ctx, PathNode node, Object handle, Lock lock) throws IOException {
        return retrying(() -> server.getLock(ctx, handlePath(node, handle), handle, lock));
    }

    @Override
    public void setLock(CallContext ctx, PathNode node, Object handle, Lock lock, boolean wait) throws IOException {
        retrying(() -> {
            server.setLock(ctx, handlePath(node, handle), handle, lock, wait);
            return null;
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Directories

    @Override
    public Opened openDir(CallContext ctx, PathNode dir, OpenFlags flags) throws IOException {
        return retrying(() -> server.openDir(ctx, pathOf(dir), flags));
    }

    @Override
    public void readDir(CallContext ctx, PathNode dir, Object handle, long offset, DirSink sink) throws IOException {
        retrying(() -> {
            server.readDir(ctx, handlePath(dir, handle), handle, offset, sink);
            return null;
        });
    }

    @Override
    public void releaseDir(CallContext ctx, PathNode dir, Object handle) throws IOException {
        server.releaseDir(ctx, pathOrLast(dir), handle);
    }

    @Override
    public void fsyncDir(CallContext ctx, PathNode dir, Object handle, boolean dataOnly) throws IOException {
        retrying(() -> {
            server.fsyncDir(ctx, handlePath(dir, handle), handle, dataOnly);
            return null;
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Extended attributes

    @Override
    public void setXattr(CallContext ctx, PathNode node, String name, ByteBuffer value, XattrMode mode)
            throws IOException {
        retrying(() -> {
            server.setXattr(ctx, pathOf(node), name, value, mode);
            return null;
        });
    }

    @Override
    public byte[] getXattr(CallContext ctx, PathNode node, String name) throws IOException {
        return retrying(() -> server.getXattr(ctx, pathOf(node), name));
    }

    @Override
    public List<String> listXattr(CallContext ctx, PathNode node) throws IOException {
        return retrying(() -> server.listXattr(ctx, pathOf(node)));
    }

    @Override
    public void removeXattr(CallContext ctx, PathNode node, String name) throws IOException {
        retrying(() -> {
            server.removeXattr(ctx, pathOf(node), name);
            return null;
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Which ops the path server implements

    /**
     * Whether the path server implements {@code op}: its {@link PathFileServer} counterpart of the
     * same name is overridden. Lookup stands on getAttr; root and reclaim are the adapter's own;
     * tmpfile has no path form and is never implemented.
     *
     * @param op a method of {@link FileServer}
     * @return true when calls reach an implementation of the path server (or the adapter itself)
     */
    @Override
    public boolean implementsOp(Method op) {
        String name = switch (op.getName()) {
            case "root", "reclaim" -> null;
            case "lookup" -> "getAttr";
            default -> op.getName();
        };
        if (name == null) {
            return true;
        }
        for (Method m : PathFileServer.class.getMethods()) {
            if (m.getName().equals(name)) {
                return OpInventory.overrides(server.getClass(), m, PathFileServer.class);
            }
        }
        return false;
    }
}
