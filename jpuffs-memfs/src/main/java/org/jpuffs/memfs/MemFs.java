package org.jpuffs.memfs;

import static org.jpuffs.memfs.Permissions.EXEC;
import static org.jpuffs.memfs.Permissions.READ;
import static org.jpuffs.memfs.Permissions.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jpuffs.AttrField;
import org.jpuffs.Attributes;
import org.jpuffs.CallContext;
import org.jpuffs.Created;
import org.jpuffs.DirEntry;
import org.jpuffs.DirSink;
import org.jpuffs.Entry;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.FallocateMode;
import org.jpuffs.FileName;
import org.jpuffs.FileServer;
import org.jpuffs.FileType;
import org.jpuffs.Lock;
import org.jpuffs.LockType;
import org.jpuffs.Lookup;
import org.jpuffs.OpenFlags;
import org.jpuffs.OpenOption;
import org.jpuffs.Opened;
import org.jpuffs.RenameFlag;
import org.jpuffs.SetAttributes;
import org.jpuffs.StatFs;
import org.jpuffs.Whence;
import org.jpuffs.XattrMode;

/**
 * memfs: a complete POSIX file system in memory, the reference file server (puffs's dtfs done fully).
 *
 * <p><b>Cookies.</b> A node is its own cookie ({@link Node}, identity equality). A linked node stays
 * in its directory when the kernel forgets it and may be handed out again; an unlinked one (link
 * count 0) lives while the kernel still holds it, so an open unlinked file stays readable and
 * writable, and its pages are freed in {@link #reclaim}.
 *
 * <p><b>Data.</b> Regular files keep their data in 4 KiB off-heap pages allocated on first write
 * ({@link PageStore}): holes cost nothing, files reach 8 TiB (EFBIG beyond). Data counts against the
 * size limit, nodes against the inode limit; past either an op fails with ENOSPC before it changes
 * anything (a write that fits partly is a short write).
 *
 * <p><b>Caching.</b> Entries and attributes carry 1 s TTLs and absent names a 1 s negative entry;
 * opens of regular files keep the page cache ({@link OpenOption#KEEP_CACHE}): memfs changes only
 * through the mount, so the kernel's copy stays valid. memfs is meant to run <em>without</em> the
 * writeback cache, so every write(2) reaches memfs synchronously and reports ENOSPC and EFBIG to the
 * caller itself, and memfs is the authority for times and for clearing set-id bits.
 *
 * <p><b>Permissions.</b> memfs checks permissions in every op as Linux does (with POSIX ACLs), so it
 * is correct with and without {@code default_permissions}. uid 0 is the privileged caller. Set-id
 * bits are cleared by memfs itself on write, truncate and chown.
 *
 * <p><b>Threads.</b> Every node has its own lock; ops that touch several nodes lock them in inode
 * order, a file's data lock comes before any node lock, cross-directory renames also take one
 * rename lock (so the ancestry check is stable), and a blocked file-lock request holds no lock.
 */
public final class MemFs implements FileServer<Node> {
    /** How long the kernel may cache a name. */
    static final Duration ENTRY_TTL = Duration.ofSeconds(1);
    /** How long the kernel may cache attributes. */
    static final Duration ATTR_TTL = Duration.ofSeconds(1);
    /** How long the kernel may remember that a name is absent. */
    static final Duration NEGATIVE_TTL = Duration.ofSeconds(1);
    /** Longest symlink target, as PATH_MAX less the NUL. */
    static final int MAX_SYMLINK = 4095;
    /** Most links to one node (ext4's limit). */
    static final int MAX_LINKS = 65000;
    /** How many entries readDir gathers under the directory lock before handing them to the sink. */
    private static final int READDIR_BATCH = 128;

    private final MemFsOptions options;
    private final PageStore store;
    private final AtomicLong nextIno = new AtomicLong(1);
    private final AtomicLong nodeCount = new AtomicLong();
    /** Serialises cross-directory renames, so parent pointers do not move under an ancestry check. */
    private final ReentrantLock renameLock = new ReentrantLock();
    private final Node root;
    /** Who waits for whom among POSIX lock owners, for EDEADLK. */
    private final RecordLocks.WaitGraph waitGraph = new RecordLocks.WaitGraph();

    /**
     * A memfs with the default options ({@link MemFsOptions#defaults()}).
     */
    public MemFs() {
        this(MemFsOptions.defaults());
    }

    /**
     * A memfs with the given options.
     *
     * @param options size and inode limits and the root's type, mode and owner
     */
    public MemFs(MemFsOptions options) {
        this.options = options;
        this.store = new PageStore(options.sizeBytes());
        Instant now = Instant.now();
        nodeCount.set(1);
        long ino = nextIno.getAndIncrement();
        this.root = switch (options.rootType()) {
            case DIRECTORY -> new Directory(ino, options.rootMode(), options.uid(), options.gid(), now);
            case REGULAR -> new RegularFile(ino, options.rootMode(), options.uid(), options.gid(), now);
            case SYMLINK -> throw new IllegalArgumentException("a symlink root");
            default -> new SpecialNode(ino, options.rootType(), options.rootMode(), 0, options.uid(), options.gid(),
                    now);
        };
    }

    /**
     * The options this memfs runs with.
     *
     * @return the options
     */
    public MemFsOptions options() {
        return options;
    }

    /**
     * Bytes of file data held now (allocated pages), for tests and monitoring.
     *
     * @return the bytes in use
     */
    public long usedBytes() {
        return store.usedPages() * PageStore.PAGE_SIZE;
    }

    /**
     * Nodes alive now, the root included.
     *
     * @return the node count
     */
    public long usedInodes() {
        return nodeCount.get();
    }

    @Override
    public Node root() {
        return root;
    }

    @Override
    public void destroy() {
        // every unlinked node was reclaimed before destroy; free what the tree still holds
        ArrayDeque<Node> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            Node n = todo.poll();
            if (n instanceof Directory d) {
                d.lock.lock();
                try {
                    for (Directory.Slot s : d.slots()) {
                        if (s.node().isDirectory() || s.node().nlink > 0) {
                            todo.add(s.node());
                        }
                    }
                } finally {
                    d.lock.unlock();
                }
            } else if (n instanceof RegularFile f) {
                f.data.writeLock().lock();
                try {
                    f.freeAll(store);
                } finally {
                    f.data.writeLock().unlock();
                }
            }
        }
    }

    @Override
    public StatFs statFs(CallContext ctx, Node node) {
        long max = store.maxPages();
        long free = Math.max(0, max - store.usedPages());
        long files = options.inodes();
        long filesFree = Math.max(0, files - nodeCount.get());
        return new StatFs(max, free, free, files, filesFree, PageStore.PAGE_SIZE, FileName.MAX_LENGTH,
                PageStore.PAGE_SIZE);
    }

    // ---------------------------------------------------------------------------------------------
    // Names

    @Override
    public Lookup<Node> lookup(CallContext ctx, Node dir, FileName name) throws IOException {
        Directory d = directory(dir);
        Permissions.checkSearch(ctx, d);
        Node child;
        d.lock.lock();
        try {
            if (name.equals(FileName.dot())) {
                child = d;
            } else if (name.equals(FileName.dotDot())) {
                child = d.parent;
            } else {
                child = d.get(name);
            }
        } finally {
            d.lock.unlock();
        }
        // the child's lock is taken after the parent's is released: locks nest only in inode order
        return child == null ? Lookup.absent(NEGATIVE_TTL) : entry(child);
    }

    @Override
    public void reclaim(Node node) {
        if (node == root) {
            return;
        }
        node.lock.lock();
        try {
            // a linked node stays in the tree and its cookie may come back: keep everything
            if (node.nlink > 0 || node.reclaimed) {
                return;
            }
            node.reclaimed = true;
            node.xattrs = null;
        } finally {
            node.lock.unlock();
        }
        if (node instanceof RegularFile f) {
            f.data.writeLock().lock();
            try {
                f.freeAll(store);
            } finally {
                f.data.writeLock().unlock();
            }
        }
        nodeCount.decrementAndGet();
    }

    // ---------------------------------------------------------------------------------------------
    // Attributes

    @Override
    public Attributes getAttr(CallContext ctx, Node node, Object handle) {
        return node.attributes();
    }

    @Override
    public Attributes setAttr(CallContext ctx, Node node, Object handle, SetAttributes changes) throws IOException {
        if (changes.has(AttrField.SIZE)) {
            RegularFile f = regularFile(node);
            if (changes.size() < 0) {
                throw new ErrnoException(Errno.EINVAL);
            }
            if (changes.size() > RegularFile.MAX_SIZE) {
                throw new ErrnoException(Errno.EFBIG);
            }
            if (handle instanceof OpenFile open) {
                if (!open.flags.canWrite()) {
                    throw new ErrnoException(Errno.EBADF);
                }
            } else {
                Permissions.check(ctx, f, WRITE);
            }
            f.data.writeLock().lock();
            try {
                f.lock.lock();
                try {
                    return setAttrLocked(ctx, f, changes);
                } finally {
                    f.lock.unlock();
                }
            } finally {
                f.data.writeLock().unlock();
            }
        }
        node.lock.lock();
        try {
            return setAttrLocked(ctx, node, changes);
        } finally {
            node.lock.unlock();
        }
    }

    /** Checks every change first, then applies them all: a refused setattr changes nothing. */
    private Attributes setAttrLocked(CallContext ctx, Node node, SetAttributes c) throws IOException {
        boolean privileged = Permissions.privileged(ctx);
        boolean owner = Permissions.ownerOrPrivileged(ctx, node);
        if (c.has(AttrField.UID) && !(privileged || ctx.uid() == node.uid && c.uid() == node.uid)) {
            throw new ErrnoException(Errno.EPERM, "chown to another user");
        }
        if (c.has(AttrField.GID)
                && !(privileged || ctx.uid() == node.uid && (c.gid() == node.gid || ctx.inGroup(c.gid())))) {
            throw new ErrnoException(Errno.EPERM, "chgrp to a foreign group");
        }
        if (c.has(AttrField.MODE) && !owner && !onlyDropsSetId(node.permissions, c.mode() & 07777)) {
            throw new ErrnoException(Errno.EPERM, "chmod of another user's file");
        }
        // CTIME alone comes from the kernel's own bookkeeping (writeback cache), not from utimensat
        if ((c.has(AttrField.ATIME) || c.has(AttrField.MTIME)) && !owner) {
            throw new ErrnoException(Errno.EPERM, "setting times of another user's file");
        }
        if ((c.has(AttrField.ATIME_NOW) || c.has(AttrField.MTIME_NOW)) && !owner
                && !Permissions.allows(ctx, node, WRITE)) {
            throw new ErrnoException(Errno.EACCES);
        }
        Instant now = Instant.now();
        // a chown of a non-directory drops set-id bits, judged on the group before the change
        int chownDrops = (c.has(AttrField.UID) || c.has(AttrField.GID)) && !node.isDirectory()
                ? setIdToDrop(ctx, node) : 0;
        if (c.has(AttrField.UID)) {
            node.uid = c.uid();
        }
        if (c.has(AttrField.GID)) {
            node.gid = c.gid();
        }
        if (c.has(AttrField.MODE)) {
            int mode = c.mode() & 07777;
            if (!privileged && !ctx.inGroup(node.gid)) {
                mode &= ~02000;
            }
            node.permissions = mode;
            syncAccessAcl(node);
        }
        node.permissions &= ~chownDrops;
        if (c.has(AttrField.SIZE)) {
            RegularFile f = (RegularFile) node;
            if (c.size() < f.size) {
                f.cutDataAt(c.size(), store);
            }
            f.size = c.size();
            node.mtime = now;
            if (!privileged) {
                killSetId(ctx, node);
            }
        }
        if (c.has(AttrField.KILL_SUIDGID)) {
            killSetId(ctx, node);
        }
        if (c.has(AttrField.ATIME_NOW)) {
            node.atime = now;
        } else if (c.has(AttrField.ATIME)) {
            node.atime = c.atime();
        }
        if (c.has(AttrField.MTIME_NOW)) {
            node.mtime = now;
        } else if (c.has(AttrField.MTIME)) {
            node.mtime = c.mtime();
        }
        node.ctime = c.has(AttrField.CTIME) ? c.ctime() : now;
        return node.attributesLocked();
    }

    /**
     * Whether a mode change only clears set-id bits. Without handle_killpriv the kernel clears them
     * before a write or truncate by sending a chmod with the writer's credentials, who need not own the
     * file; Linux forces that change through, and so does memfs: dropping privilege needs none.
     */
    private static boolean onlyDropsSetId(int current, int requested) {
        return requested != current && (requested | 06000) == (current | 06000) && (requested & ~current) == 0;
    }

    /**
     * The set-id bits a write, truncate or chown drops, as Linux 6.x decides (setattr_should_drop_sgid):
     * S_ISUID always; S_ISGID when group-execute is set, or when the caller is neither in the file's
     * group nor privileged (without group-execute it is otherwise a mandatory-locking mark and stays).
     */
    private static int setIdToDrop(CallContext ctx, Node node) {
        int mode = node.permissions;
        boolean dropGid = (mode & 02000) != 0
                && ((mode & 010) != 0 || !Permissions.privileged(ctx) && !ctx.inGroup(node.gid));
        return dropGid ? 06000 : 04000;
    }

    /** Drops the set-id bits a write or truncate by {@code ctx} drops; the caller holds the node lock. */
    private static void killSetId(CallContext ctx, Node node) {
        node.permissions &= ~setIdToDrop(ctx, node);
    }

    /** Keeps an access ACL's owner, group-class and other entries equal to the mode bits after chmod. */
    private static void syncAccessAcl(Node node) throws ErrnoException {
        byte[] acl = node.xattrs == null ? null : node.xattrs.get(PosixAcl.ACCESS);
        if (acl != null) {
            node.xattrs.set(PosixAcl.ACCESS, PosixAcl.parse(acl).withMode(node.permissions).toBytes(), XattrMode.ANY);
        }
    }

    @Override
    public void access(CallContext ctx, Node node, int mask) throws IOException {
        int want = mask & 7;
        if (want != 0) {
            Permissions.check(ctx, node, want);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Creating and removing names

    /** Builds a node once its inode number, final mode and group are known. */
    @FunctionalInterface
    private interface NodeMaker {
        Node make(long ino, int mode, int gid, Instant now) throws ErrnoException;
    }

    @Override
    public Entry<Node> mknod(CallContext ctx, Node dir, FileName name, int mode, long rdev) throws IOException {
        FileType type = (mode & FileType.S_IFMT) == 0 ? FileType.REGULAR : FileType.ofMode(mode);
        if (type == null || type == FileType.SYMLINK) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (type == FileType.DIRECTORY) {
            throw new ErrnoException(Errno.EPERM);
        }
        if ((type == FileType.CHARACTER_DEVICE || type == FileType.BLOCK_DEVICE) && !Permissions.privileged(ctx)) {
            throw new ErrnoException(Errno.EPERM, "device nodes need privilege");
        }
        return insertNew(ctx, dir, name, mode & 07777, false, (ino, m, gid, now) -> type == FileType.REGULAR
                ? new RegularFile(ino, m, ctx.uid(), gid, now)
                : new SpecialNode(ino, type, m, type == FileType.CHARACTER_DEVICE || type == FileType.BLOCK_DEVICE
                        ? rdev : 0, ctx.uid(), gid, now));
    }

    @Override
    public Entry<Node> mkdir(CallContext ctx, Node dir, FileName name, int mode) throws IOException {
        return insertNew(ctx, dir, name, mode & 01777, true,
                (ino, m, gid, now) -> new Directory(ino, m, ctx.uid(), gid, now));
    }

    @Override
    public Entry<Node> symlink(CallContext ctx, Node dir, FileName name, byte[] target) throws IOException {
        if (target.length == 0) {
            throw new ErrnoException(Errno.ENOENT);
        }
        if (target.length > MAX_SYMLINK) {
            throw new ErrnoException(Errno.ENAMETOOLONG);
        }
        byte[] copy = target.clone();
        return insertNew(ctx, dir, name, 0777, false, (ino, m, gid, now) -> new Symlink(ino, copy, ctx.uid(), gid, now));
    }

    @Override
    public byte[] readLink(CallContext ctx, Node node) throws IOException {
        if (!(node instanceof Symlink s)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        s.lock.lock();
        try {
            s.touchAccessed(Instant.now());
        } finally {
            s.lock.unlock();
        }
        return s.target.clone();
    }

    /**
     * Adds a new node under {@code name}: checks, group and set-gid inheritance, default ACLs, the
     * inode limit. The new node is unreachable until it is in the directory, so only the directory is
     * locked.
     */
    private Entry<Node> insertNew(CallContext ctx, Node dir, FileName name, int mode, boolean isDir, NodeMaker maker)
            throws IOException {
        Directory d = directory(dir);
        if (name.isDotOrDotDot()) {
            throw new ErrnoException(Errno.EEXIST);
        }
        reserveInode();
        boolean inserted = false;
        try {
            Node node;
            d.lock.lock();
            try {
                Permissions.checkModify(ctx, d);
                if (d.nlink == 0) {
                    throw new ErrnoException(Errno.ENOENT, "directory was removed");
                }
                if (d.get(name) != null) {
                    throw new ErrnoException(Errno.EEXIST);
                }
                if (isDir && d.nlink >= MAX_LINKS) {
                    throw new ErrnoException(Errno.EMLINK);
                }
                node = makeNode(ctx, d, mode, isDir, maker);
                d.put(name, node);
                inserted = true;
                if (node instanceof Directory sub) {
                    sub.parent = d;
                    d.nlink++;
                }
                d.touchModified(node.ctime);
            } finally {
                d.lock.unlock();
            }
            return entry(node);
        } finally {
            if (!inserted) {
                nodeCount.decrementAndGet();
            }
        }
    }

    /** A node's group, set-gid bit and ACLs as Linux derives them from its directory; d's lock held. */
    private Node makeNode(CallContext ctx, Directory d, int mode, boolean isDir, NodeMaker maker)
            throws ErrnoException {
        Instant now = Instant.now();
        int gid = ctx.gid();
        if ((d.permissions & 02000) != 0) {
            gid = d.gid;
            if (isDir) {
                mode |= 02000;
            } else if ((mode & 02010) == 02010 && !ctx.inGroup(gid) && !Permissions.privileged(ctx)) {
                mode &= ~02000;
            }
        }
        byte[] defaultAcl = d.xattrs == null ? null : d.xattrs.get(PosixAcl.DEFAULT);
        Node node = maker.make(nextIno.getAndIncrement(), mode, gid, now);
        if (defaultAcl != null && !(node instanceof Symlink)) {
            PosixAcl.Inherited inherited = PosixAcl.parse(defaultAcl).inherit(node.permissions & 0777);
            node.permissions = (node.permissions & ~0777) | inherited.mode();
            if (!inherited.access().isMinimal()) {
                node.xattrs = new Xattrs();
                node.xattrs.set(PosixAcl.ACCESS, inherited.access().toBytes(), XattrMode.ANY);
            }
            if (isDir) {
                if (node.xattrs == null) {
                    node.xattrs = new Xattrs();
                }
                node.xattrs.set(PosixAcl.DEFAULT, defaultAcl.clone(), XattrMode.ANY);
            }
        }
        return node;
    }

    private void reserveInode() throws ErrnoException {
        long n;
        do {
            n = nodeCount.get();
            if (n >= options.inodes()) {
                throw new ErrnoException(Errno.ENOSPC, "inode limit");
            }
        } while (!nodeCount.compareAndSet(n, n + 1));
    }

    @Override
    public Entry<Node> link(CallContext ctx, Node node, Node dir, FileName name) throws IOException {
        Directory d = directory(dir);
        if (node.isDirectory()) {
            throw new ErrnoException(Errno.EPERM, "hard link to a directory");
        }
        if (name.isDotOrDotDot()) {
            throw new ErrnoException(Errno.EEXIST);
        }
        try (NodeLocks _ = NodeLocks.lock(d, node)) {
            Permissions.checkModify(ctx, d);
            Permissions.checkLinkSource(ctx, node);
            if (d.nlink == 0) {
                throw new ErrnoException(Errno.ENOENT);
            }
            if (node.nlink == 0 && !(node instanceof RegularFile f && f.linkable)) {
                throw new ErrnoException(Errno.ENOENT, "linking an unlinked node");
            }
            if (node.nlink >= MAX_LINKS) {
                throw new ErrnoException(Errno.EMLINK);
            }
            if (d.get(name) != null) {
                throw new ErrnoException(Errno.EEXIST);
            }
            Instant now = Instant.now();
            d.put(name, node);
            node.nlink++;
            if (node instanceof RegularFile f) {
                f.linkable = false;
            }
            node.touchCtime(now);
            d.touchModified(now);
        }
        return entry(node);
    }

    @Override
    public void unlink(CallContext ctx, Node dir, FileName name) throws IOException {
        removeName(ctx, dir, name, false);
    }

    @Override
    public void rmdir(CallContext ctx, Node dir, FileName name) throws IOException {
        if (name.equals(FileName.dot())) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (name.equals(FileName.dotDot())) {
            throw new ErrnoException(Errno.ENOTEMPTY);
        }
        removeName(ctx, dir, name, true);
    }

    private void removeName(CallContext ctx, Node dir, FileName name, boolean wantDir) throws IOException {
        Directory d = directory(dir);
        Permissions.checkSearch(ctx, d);
        while (true) {
            Node child = childOf(d, name);
            if (child == null) {
                throw new ErrnoException(Errno.ENOENT);
            }
            try (NodeLocks _ = NodeLocks.lock(d, child)) {
                if (d.get(name) != child) {
                    continue; // changed between the look and the lock: look again
                }
                Permissions.checkModify(ctx, d);
                if (wantDir && !(child instanceof Directory)) {
                    throw new ErrnoException(Errno.ENOTDIR);
                }
                if (!wantDir && child.isDirectory()) {
                    throw new ErrnoException(Errno.EISDIR);
                }
                Permissions.checkSticky(ctx, d, child);
                if (child instanceof Directory sub && !sub.isEmpty()) {
                    throw new ErrnoException(Errno.ENOTEMPTY);
                }
                Instant now = Instant.now();
                d.remove(name);
                if (child instanceof Directory) {
                    child.nlink = 0;
                    d.nlink--;
                } else {
                    child.nlink--;
                }
                child.touchCtime(now);
                d.touchModified(now);
                return;
            }
        }
    }

    @Override
    public void rename(CallContext ctx, Node dir, FileName name, Node newDir, FileName newName, Set<RenameFlag> flags)
            throws IOException {
        Directory from = directory(dir);
        Directory to = directory(newDir);
        boolean exchange = flags.contains(RenameFlag.EXCHANGE);
        boolean noReplace = flags.contains(RenameFlag.NOREPLACE);
        if (flags.contains(RenameFlag.WHITEOUT) || exchange && noReplace) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (name.isDotOrDotDot() || newName.isDotOrDotDot()) {
            throw new ErrnoException(Errno.EBUSY);
        }
        Permissions.checkSearch(ctx, from);
        Permissions.checkSearch(ctx, to);
        boolean crossDir = from != to;
        if (crossDir) {
            renameLock.lock();
        }
        try {
            while (true) {
                Node src = childOf(from, name);
                if (src == null) {
                    throw new ErrnoException(Errno.ENOENT);
                }
                Node dst = childOf(to, newName);
                try (NodeLocks _ = NodeLocks.lock(from, to, src, dst)) {
                    if (from.get(name) != src || to.get(newName) != dst) {
                        continue;
                    }
                    renameLocked(ctx, from, name, src, to, newName, dst, exchange, noReplace);
                    return;
                }
            }
        } finally {
            if (crossDir) {
                renameLock.unlock();
            }
        }
    }

    /** rename's checks and changes, every involved node locked (and the rename lock across directories). */
    private void renameLocked(CallContext ctx, Directory from, FileName name, Node src, Directory to,
            FileName newName, Node dst, boolean exchange, boolean noReplace) throws ErrnoException {
        Permissions.checkModify(ctx, from);
        Permissions.checkModify(ctx, to);
        if (exchange && dst == null) {
            throw new ErrnoException(Errno.ENOENT);
        }
        if (noReplace && dst != null) {
            throw new ErrnoException(Errno.EEXIST);
        }
        if (from.nlink == 0 || to.nlink == 0) {
            throw new ErrnoException(Errno.ENOENT);
        }
        boolean crossDir = from != to;
        if (crossDir && src instanceof Directory s && isSelfOrAncestor(s, to)) {
            throw new ErrnoException(Errno.EINVAL, "directory into its own subtree");
        }
        if (crossDir && exchange && dst instanceof Directory t && isSelfOrAncestor(t, from)) {
            throw new ErrnoException(Errno.EINVAL, "directory into its own subtree");
        }
        if (src == dst) {
            return; // two names of one node: POSIX says do nothing
        }
        if (dst != null && !exchange) {
            if (src.isDirectory() && !dst.isDirectory()) {
                throw new ErrnoException(Errno.ENOTDIR);
            }
            if (!src.isDirectory() && dst.isDirectory()) {
                throw new ErrnoException(Errno.EISDIR);
            }
            if (dst instanceof Directory t && !t.isEmpty()) {
                throw new ErrnoException(Errno.ENOTEMPTY);
            }
        }
        Permissions.checkSticky(ctx, from, src);
        if (dst != null) {
            Permissions.checkSticky(ctx, to, dst);
        }
        // a directory that changes parent rewrites its "..": that needs write permission on it
        if (crossDir && src.isDirectory()) {
            Permissions.check(ctx, src, WRITE);
        }
        if (crossDir && exchange && dst.isDirectory()) {
            Permissions.check(ctx, dst, WRITE);
        }
        Instant now = Instant.now();
        if (exchange) {
            from.replace(name, dst);
            to.replace(newName, src);
            if (crossDir) {
                moveDirectoryLink(src, from, to);
                moveDirectoryLink(dst, to, from);
            }
            dst.touchCtime(now);
        } else {
            from.remove(name);
            if (dst != null) {
                to.replace(newName, src);
                if (dst instanceof Directory) {
                    dst.nlink = 0;
                    to.nlink--;
                } else {
                    dst.nlink--;
                }
                dst.touchCtime(now);
            } else {
                to.put(newName, src);
            }
            if (crossDir) {
                moveDirectoryLink(src, from, to);
            }
        }
        src.touchCtime(now);
        from.touchModified(now);
        to.touchModified(now);
    }

    private static void moveDirectoryLink(Node node, Directory from, Directory to) {
        if (node instanceof Directory d) {
            d.parent = to;
            from.nlink--;
            to.nlink++;
        }
    }

    /** Whether {@code dir} is {@code node} or below it; parents are stable under the rename lock. */
    private boolean isSelfOrAncestor(Directory node, Directory dir) {
        for (Directory d = dir;; d = d.parent) {
            if (d == node) {
                return true;
            }
            if (d.parent == d) {
                return false;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Files

    @Override
    public Opened open(CallContext ctx, Node node, OpenFlags flags) throws IOException {
        if (node.isDirectory() && (flags.canWrite() || flags.has(OpenFlags.O_TRUNC))) {
            throw new ErrnoException(Errno.EISDIR);
        }
        int want = (flags.canRead() ? READ : 0) | (flags.canWrite() ? WRITE : 0)
                | (flags.has(OpenFlags.O_TRUNC) ? WRITE : 0);
        Permissions.check(ctx, node, want);
        return openChecked(ctx, node, flags);
    }

    private Opened openChecked(CallContext ctx, Node node, OpenFlags flags) throws IOException {
        // Linux truncates on O_TRUNC whatever the access mode (the write permission was checked)
        if (node instanceof RegularFile f && flags.has(OpenFlags.O_TRUNC)) {
            f.data.writeLock().lock();
            try {
                f.lock.lock();
                try {
                    f.cutDataAt(0, store);
                    f.size = 0;
                    f.touchModified(Instant.now());
                    if (!Permissions.privileged(ctx)) {
                        killSetId(ctx, f);
                    }
                } finally {
                    f.lock.unlock();
                }
            } finally {
                f.data.writeLock().unlock();
            }
        }
        OpenFile open = new OpenFile(node, flags);
        return node instanceof RegularFile ? new Opened(open, Set.of(OpenOption.KEEP_CACHE)) : Opened.of(open);
    }

    @Override
    public Created<Node> create(CallContext ctx, Node dir, FileName name, int mode, OpenFlags flags)
            throws IOException {
        Entry<Node> entry;
        try {
            entry = insertNew(ctx, dir, name, mode & 07777, false,
                    (ino, m, gid, now) -> new RegularFile(ino, m, ctx.uid(), gid, now));
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EEXIST || flags.has(OpenFlags.O_EXCL) || name.isDotOrDotDot()) {
                throw e;
            }
            // the name appeared since the kernel looked: open it as open(2) without O_EXCL would
            Lookup<Node> found = lookup(ctx, dir, name);
            if (!(found instanceof Entry<Node> existing)) {
                throw e;
            }
            return new Created<>(existing, open(ctx, existing.cookie(), flags));
        }
        // the creator may open the new file whatever its mode says
        return new Created<>(entry, openChecked(ctx, entry.cookie(), flags));
    }

    @Override
    public Created<Node> tmpfile(CallContext ctx, Node dir, int mode, OpenFlags flags) throws IOException {
        Directory d = directory(dir);
        reserveInode();
        boolean made = false;
        try {
            RegularFile f;
            d.lock.lock();
            try {
                Permissions.checkModify(ctx, d);
                if (d.nlink == 0) {
                    throw new ErrnoException(Errno.ENOENT);
                }
                f = (RegularFile) makeNode(ctx, d, mode & 07777, false,
                        (ino, m, gid, now) -> new RegularFile(ino, m, ctx.uid(), gid, now));
            } finally {
                d.lock.unlock();
            }
            f.nlink = 0;
            f.linkable = !flags.has(OpenFlags.O_EXCL);
            made = true;
            return new Created<>(entry(f), openChecked(ctx, f, flags));
        } finally {
            if (!made) {
                nodeCount.decrementAndGet();
            }
        }
    }

    @Override
    public void read(CallContext ctx, Node node, Object handle, long offset, ByteBuffer dst) throws IOException {
        RegularFile f = regularFile(node);
        if (handle instanceof OpenFile open && !open.flags.canRead()) {
            throw new ErrnoException(Errno.EBADF);
        }
        if (offset < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        f.data.readLock().lock();
        try {
            f.read(offset, dst);
            boolean noAtime = handle instanceof OpenFile open && open.flags.has(OpenFlags.O_NOATIME);
            if (!noAtime) {
                f.lock.lock();
                try {
                    f.touchAccessed(Instant.now());
                } finally {
                    f.lock.unlock();
                }
            }
        } finally {
            f.data.readLock().unlock();
        }
    }

    @Override
    public int write(CallContext ctx, Node node, Object handle, long offset, ByteBuffer src) throws IOException {
        RegularFile f = regularFile(node);
        boolean append = false;
        if (handle instanceof OpenFile open) {
            if (!open.flags.canWrite()) {
                throw new ErrnoException(Errno.EBADF);
            }
            append = open.flags.has(OpenFlags.O_APPEND) && !ctx.isKernel();
        }
        if (offset < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        f.data.writeLock().lock();
        try {
            long at = append ? f.size : offset;
            int n = f.write(at, src, store);
            f.lock.lock();
            try {
                f.size = Math.max(f.size, at + n);
                f.touchModified(Instant.now());
                if (!Permissions.privileged(ctx)) {
                    killSetId(ctx, f);
                }
            } finally {
                f.lock.unlock();
            }
            return n;
        } finally {
            f.data.writeLock().unlock();
        }
    }

    @Override
    public void flush(CallContext ctx, Node node, Object handle, long lockOwner) {
        if (node instanceof RegularFile f) {
            f.recordLocks(waitGraph).releaseAll(lockOwner, false);
        }
    }

    @Override
    public void release(CallContext ctx, Node node, Object handle, OpenFlags flags) {
        if (node instanceof RegularFile f && handle instanceof OpenFile open) {
            for (long owner : open.flockOwners) {
                f.recordLocks(waitGraph).releaseAll(owner, true);
            }
        }
    }

    @Override
    public void fsync(CallContext ctx, Node node, Object handle, boolean dataOnly) {
        // memory is as durable as memfs gets
    }

    @Override
    public void fallocate(CallContext ctx, Node node, Object handle, Set<FallocateMode> mode, long offset, long length)
            throws IOException {
        RegularFile f = regularFile(node);
        if (handle instanceof OpenFile open && !open.flags.canWrite()) {
            throw new ErrnoException(Errno.EBADF);
        }
        if (offset < 0 || length <= 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        boolean punch = mode.contains(FallocateMode.PUNCH_HOLE);
        boolean zero = mode.contains(FallocateMode.ZERO_RANGE);
        boolean keepSize = mode.contains(FallocateMode.KEEP_SIZE);
        if (mode.contains(FallocateMode.COLLAPSE_RANGE) || mode.contains(FallocateMode.INSERT_RANGE)
                || punch && (zero || !keepSize)) {
            throw new ErrnoException(Errno.EOPNOTSUPP);
        }
        if (offset > RegularFile.MAX_SIZE - length) {
            throw new ErrnoException(Errno.EFBIG);
        }
        long end = offset + length;
        f.data.writeLock().lock();
        try {
            if (punch) {
                f.punch(offset, end, store);
            } else {
                // allocate first: ENOSPC leaves the file as it was
                f.allocate(offset, end, store);
                if (zero) {
                    f.zeroAllocated(offset, end);
                }
            }
            f.lock.lock();
            try {
                if (!punch && !keepSize && end > f.size) {
                    f.size = end;
                }
                f.touchModified(Instant.now());
                if (!Permissions.privileged(ctx)) {
                    killSetId(ctx, f);
                }
            } finally {
                f.lock.unlock();
            }
        } finally {
            f.data.writeLock().unlock();
        }
    }

    @Override
    public long lseek(CallContext ctx, Node node, Object handle, long offset, Whence whence) throws IOException {
        RegularFile f = regularFile(node);
        if (offset < 0) {
            throw new ErrnoException(Errno.ENXIO);
        }
        f.data.readLock().lock();
        try {
            if (offset >= f.size) {
                throw new ErrnoException(Errno.ENXIO);
            }
            return whence == Whence.DATA ? f.seekData(offset) : f.seekHole(offset);
        } finally {
            f.data.readLock().unlock();
        }
    }

    @Override
    public long copyFileRange(CallContext ctx, Node in, Object inHandle, long inOffset, Node out, Object outHandle,
            long outOffset, long length, int flags) throws IOException {
        RegularFile src = regularFile(in);
        RegularFile dst = regularFile(out);
        if (inHandle instanceof OpenFile o && !o.flags.canRead()) {
            throw new ErrnoException(Errno.EBADF);
        }
        if (outHandle instanceof OpenFile o && (!o.flags.canWrite() || o.flags.has(OpenFlags.O_APPEND))) {
            throw new ErrnoException(Errno.EBADF);
        }
        if (flags != 0 || inOffset < 0 || outOffset < 0 || length < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (src == dst && inOffset < outOffset + length && outOffset < inOffset + length) {
            throw new ErrnoException(Errno.EINVAL, "overlapping copy within one file");
        }
        if (length == 0) {
            return 0;
        }
        if (outOffset >= RegularFile.MAX_SIZE) {
            throw new ErrnoException(Errno.EFBIG);
        }
        // data locks in inode order; the source shared unless it is the target
        RegularFile first = src.ino <= dst.ino ? src : dst;
        RegularFile second = first == src ? dst : src;
        var firstLock = first == dst || src == dst ? first.data.writeLock() : first.data.readLock();
        var secondLock = second == dst ? second.data.writeLock() : second.data.readLock();
        firstLock.lock();
        try {
            if (second != first) {
                secondLock.lock();
            }
            try {
                long n = Math.min(length, Math.max(0, src.size - inOffset));
                n = Math.min(n, RegularFile.MAX_SIZE - outOffset);
                long done = copyPages(src, inOffset, dst, outOffset, n);
                if (done == 0 && n > 0) {
                    throw new ErrnoException(Errno.ENOSPC);
                }
                Instant now = Instant.now();
                dst.lock.lock();
                try {
                    if (done > 0) {
                        dst.size = Math.max(dst.size, outOffset + done);
                        dst.touchModified(now);
                        if (!Permissions.privileged(ctx)) {
                            killSetId(ctx, dst);
                        }
                    }
                } finally {
                    dst.lock.unlock();
                }
                return done;
            } finally {
                if (second != first) {
                    secondLock.unlock();
                }
            }
        } finally {
            firstLock.unlock();
        }
    }

    /** Copies page to page, keeping the source's holes holes; stops short when the store is full. */
    private long copyPages(RegularFile src, long inOffset, RegularFile dst, long outOffset, long length)
            throws ErrnoException {
        int ps = PageStore.PAGE_SIZE;
        long done = 0;
        while (done < length) {
            long s = inOffset + done;
            long t = outOffset + done;
            int sIn = (int) (s & (ps - 1));
            int tIn = (int) (t & (ps - 1));
            int n = (int) Math.min(length - done, Math.min(ps - sIn, ps - tIn));
            long from = src.pageAt(s >>> PageStore.PAGE_SHIFT);
            long toPage = dst.pageAt(t >>> PageStore.PAGE_SHIFT);
            if (from == 0) {
                if (toPage != 0) {
                    PageStore.MEMORY.asSlice(toPage + tIn, n).fill((byte) 0);
                }
            } else {
                if (toPage == 0) {
                    toPage = dst.pageForWrite(t >>> PageStore.PAGE_SHIFT, store);
                    if (toPage == 0) {
                        break;
                    }
                }
                java.lang.foreign.MemorySegment.copy(PageStore.MEMORY, from + sIn, PageStore.MEMORY, toPage + tIn, n);
            }
            done += n;
        }
        return done;
    }

    // ---------------------------------------------------------------------------------------------
    // Locks

    @Override
    public Lock getLock(CallContext ctx, Node node, Object handle, Lock lock) throws IOException {
        RegularFile f = lockable(node, lock);
        return f.recordLocks(waitGraph).test(lock);
    }

    @Override
    public void setLock(CallContext ctx, Node node, Object handle, Lock lock, boolean wait) throws IOException {
        RegularFile f = lockable(node, lock);
        if (handle instanceof OpenFile open && !lock.flock()
                && (lock.type() == LockType.READ && !open.flags.canRead()
                        || lock.type() == LockType.WRITE && !open.flags.canWrite())) {
            throw new ErrnoException(Errno.EBADF, "lock type not allowed by the open's mode");
        }
        if (lock.flock() && lock.type() != LockType.UNLOCK && handle instanceof OpenFile open) {
            open.flockOwners.add(lock.owner());
        }
        // no node or data lock is held here: a waiting request blocks nobody but its own kind
        f.recordLocks(waitGraph).set(ctx, lock, wait);
    }

    private static RegularFile lockable(Node node, Lock lock) throws ErrnoException {
        if (!(node instanceof RegularFile f)) {
            throw new ErrnoException(Errno.EINVAL, "locks on " + node.type);
        }
        if (lock.start() < 0 || lock.end() < lock.start()) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return f;
    }

    // ---------------------------------------------------------------------------------------------
    // Directories

    @Override
    public Opened openDir(CallContext ctx, Node dir, OpenFlags flags) throws IOException {
        Directory d = directory(dir);
        Permissions.check(ctx, d, READ);
        return Opened.of(new OpenFile(d, flags));
    }

    @Override
    public void readDir(CallContext ctx, Node dir, Object handle, long offset, DirSink sink) throws IOException {
        Directory d = directory(dir);
        long at = offset;
        List<DirEntry> batch = new ArrayList<>(READDIR_BATCH);
        while (true) {
            batch.clear();
            d.lock.lock();
            try {
                if (at < Directory.DOT_OFFSET) {
                    batch.add(new DirEntry(FileName.dot(), FileType.DIRECTORY, d.ino, Directory.DOT_OFFSET));
                }
                if (at < Directory.DOT_DOT_OFFSET) {
                    batch.add(new DirEntry(FileName.dotDot(), FileType.DIRECTORY, d.parent.ino,
                            Directory.DOT_DOT_OFFSET));
                }
                for (Directory.Slot s : d.after(Math.max(at, Directory.DOT_DOT_OFFSET))) {
                    if (batch.size() >= READDIR_BATCH) {
                        break;
                    }
                    batch.add(new DirEntry(s.name(), s.node().type, s.node().ino, s.offset()));
                }
                d.touchAccessed(Instant.now());
            } finally {
                d.lock.unlock();
            }
            if (batch.isEmpty()) {
                return;
            }
            // the sink may look entries up (readdirplus): no directory lock while it runs
            for (DirEntry e : batch) {
                if (!sink.add(e)) {
                    return;
                }
                at = e.nextOffset();
            }
        }
    }

    @Override
    public void fsyncDir(CallContext ctx, Node dir, Object handle, boolean dataOnly) {
    }

    // ---------------------------------------------------------------------------------------------
    // Extended attributes

    @Override
    public void setXattr(CallContext ctx, Node node, String name, ByteBuffer value, XattrMode mode)
            throws IOException {
        Xattrs.checkName(name);
        byte[] bytes = new byte[value.remaining()];
        value.get(bytes);
        node.lock.lock();
        try {
            checkXattrWrite(ctx, node, name);
            if (name.equals(PosixAcl.ACCESS) || name.equals(PosixAcl.DEFAULT)) {
                setAcl(ctx, node, name, bytes, mode);
            } else {
                xattrs(node).set(name, bytes, mode);
            }
            node.touchCtime(Instant.now());
        } finally {
            node.lock.unlock();
        }
    }

    /** Stores an ACL; an access ACL also sets the mode, and one the mode can say alone is not kept. */
    private void setAcl(CallContext ctx, Node node, String name, byte[] bytes, XattrMode mode) throws IOException {
        boolean exists = node.xattrs != null && node.xattrs.get(name) != null;
        if (mode == XattrMode.CREATE && exists) {
            throw new ErrnoException(Errno.EEXIST);
        }
        if (mode == XattrMode.REPLACE && !exists) {
            throw new ErrnoException(Errno.ENODATA);
        }
        if (name.equals(PosixAcl.DEFAULT) && !node.isDirectory()) {
            throw new ErrnoException(Errno.EACCES, "default ACL on a non-directory");
        }
        if (bytes.length == 0) {
            if (node.xattrs != null) {
                node.xattrs.remove(name);
            }
            return;
        }
        PosixAcl acl = PosixAcl.parse(bytes);
        if (name.equals(PosixAcl.ACCESS)) {
            int perms = (node.permissions & ~0777) | acl.mode();
            if (!Permissions.privileged(ctx) && !ctx.inGroup(node.gid)) {
                perms &= ~02000;
            }
            node.permissions = perms;
            if (acl.isMinimal()) {
                if (node.xattrs != null) {
                    node.xattrs.remove(name);
                }
                return;
            }
        }
        xattrs(node).set(name, acl.toBytes(), XattrMode.ANY);
    }

    @Override
    public byte[] getXattr(CallContext ctx, Node node, String name) throws IOException {
        Xattrs.checkName(name);
        checkXattrRead(ctx, node, name);
        node.lock.lock();
        try {
            byte[] v = node.xattrs == null ? null : node.xattrs.get(name);
            if (v == null) {
                throw new ErrnoException(Errno.ENODATA);
            }
            return v.clone();
        } finally {
            node.lock.unlock();
        }
    }

    @Override
    public List<String> listXattr(CallContext ctx, Node node) {
        node.lock.lock();
        try {
            if (node.xattrs == null) {
                return List.of();
            }
            List<String> names = node.xattrs.names();
            if (!Permissions.privileged(ctx)) {
                names.removeIf(n -> n.startsWith("trusted."));
            }
            return names;
        } finally {
            node.lock.unlock();
        }
    }

    @Override
    public void removeXattr(CallContext ctx, Node node, String name) throws IOException {
        Xattrs.checkName(name);
        node.lock.lock();
        try {
            checkXattrWrite(ctx, node, name);
            if (node.xattrs == null || !node.xattrs.remove(name)) {
                throw new ErrnoException(Errno.ENODATA);
            }
            node.touchCtime(Instant.now());
        } finally {
            node.lock.unlock();
        }
    }

    /** Linux's xattr_permission for writes, with the capability checks of cap_inode_setxattr. */
    private static void checkXattrWrite(CallContext ctx, Node node, String name) throws ErrnoException {
        if (name.startsWith("user.")) {
            if (!(node instanceof RegularFile || node instanceof Directory)) {
                throw new ErrnoException(Errno.EPERM, "user xattrs on " + node.type);
            }
            if (node instanceof Directory && (node.permissions & 01000) != 0
                    && !Permissions.ownerOrPrivileged(ctx, node)) {
                throw new ErrnoException(Errno.EPERM, "user xattr on a sticky directory");
            }
            Permissions.check(ctx, node, WRITE);
        } else if (name.startsWith("trusted.") || name.startsWith("security.")) {
            if (!Permissions.privileged(ctx)) {
                throw new ErrnoException(Errno.EPERM);
            }
        } else if (name.equals(PosixAcl.ACCESS) || name.equals(PosixAcl.DEFAULT)) {
            if (node instanceof Symlink) {
                throw new ErrnoException(Errno.EOPNOTSUPP);
            }
            if (!Permissions.ownerOrPrivileged(ctx, node)) {
                throw new ErrnoException(Errno.EPERM);
            }
        } else {
            throw new ErrnoException(Errno.EOPNOTSUPP, "xattr namespace of " + name);
        }
    }

    private static void checkXattrRead(CallContext ctx, Node node, String name) throws ErrnoException {
        if (name.startsWith("user.")) {
            if (!(node instanceof RegularFile || node instanceof Directory)) {
                throw new ErrnoException(Errno.ENODATA);
            }
            Permissions.check(ctx, node, READ);
        } else if (name.startsWith("trusted.")) {
            if (!Permissions.privileged(ctx)) {
                throw new ErrnoException(Errno.ENODATA);
            }
        } else if (!name.startsWith("security.") && !name.equals(PosixAcl.ACCESS)
                && !name.equals(PosixAcl.DEFAULT)) {
            throw new ErrnoException(Errno.EOPNOTSUPP, "xattr namespace of " + name);
        }
    }

    private static Xattrs xattrs(Node node) {
        if (node.xattrs == null) {
            node.xattrs = new Xattrs();
        }
        return node.xattrs;
    }

    // ---------------------------------------------------------------------------------------------

    private static Directory directory(Node node) throws ErrnoException {
        if (node instanceof Directory d) {
            return d;
        }
        throw new ErrnoException(Errno.ENOTDIR);
    }

    private static RegularFile regularFile(Node node) throws ErrnoException {
        if (node instanceof RegularFile f) {
            return f;
        }
        throw new ErrnoException(node.isDirectory() ? Errno.EISDIR : Errno.EINVAL);
    }

    private static Node childOf(Directory d, FileName name) {
        d.lock.lock();
        try {
            return d.get(name);
        } finally {
            d.lock.unlock();
        }
    }

    private static Entry<Node> entry(Node node) {
        return new Entry<>(node, node.attributes(), ENTRY_TTL, ATTR_TTL);
    }
}
