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
 * <p><b>Caching.</b> memfs changes only through the mount, so whatever the kernel caches stays valid
 * until the kernel itself changes it, and it drops its own copies when it does (a write, create,
 * unlink, rename, link or setxattr invalidates what it changed; reads invalidate the atime). So
 * entries, attributes and absent names carry day-long TTLs ({@link #ENTRY_TTL}), as tmpfs's dcache
 * never expires, opens of regular files keep the page cache ({@link OpenOption#KEEP_CACHE}), and
 * directory listings are cached across opens ({@link OpenOption#CACHE_DIR}).
 * Each TTL saved is a round trip: a 1 s TTL made every stat or path walk older than a second a
 * LOOKUP or GETATTR. By default memfs runs <em>without</em> the
 * writeback cache, so every write(2) reaches memfs synchronously and reports ENOSPC and EFBIG to the
 * caller itself, and memfs is the authority for times and for clearing set-id bits.
 *
 * <p><b>Writeback cache (opt-in).</b> Mounted with {@code -o writeback_cache} (and
 * {@link MemFsOptions#writeback()} true, which {@code jpuffs mount} sets for that option), the kernel
 * keeps written data in its page cache and sends it later, so buffered writes cost no round trip each.
 * Then: the kernel fills a partly written page by READ even through a write-only open (the VFS itself
 * refuses read(2) on such a file, so such a READ only fills the cache), and memfs serves it; the kernel
 * applies O_APPEND itself from its own file size, so memfs writes at the offset it is sent and never
 * appends by itself; the kernel is the authority for size, mtime and ctime and sends them by SETATTR.
 * And a write(2) no longer reports ENOSPC: the data reaches memfs only when the kernel writes the
 * pages back, and a full memfs then fails that write (ENOSPC even when part of it fitted: the kernel
 * would take a short write for success and lose the rest), which the caller sees at fsync(2) or close(2)
 * (as on an NFS client), not at write(2). EFBIG is still reported at write(2): the kernel checks the
 * size limit memfs announces. Without the option memfs keeps the EBADF a read through a write-only
 * handle deserves (so a direct, NIO caller gets it) and appends itself for O_APPEND opens of
 * processes.
 *
 * <p><b>Permissions.</b> memfs checks permissions in every op as Linux does (with POSIX ACLs), so it
 * is correct with and without {@code default_permissions}; the error of a call breaking several rules
 * is the one Linux reports first (a differential test against tmpfs holds it to that). uid 0 is the
 * privileged caller. One limit without {@code default_permissions}: the kernel then walks cached
 * names (within their TTL) without asking memfs, so search permission on a directory is only
 * enforced at lookups; multi-user mounts should use {@code default_permissions}.
 *
 * <p><b>Set-id bits.</b> memfs drops them, and security.capability, itself on write, truncate and
 * chown as Linux 6.x does (S_ISGID also for a writer outside the file's group), so it may be mounted
 * with {@code handle_killpriv_v2} (the {@code jpuffs mount memfs} default): the kernel then stops
 * asking for security.capability (a GETXATTR round trip) before every write(2). Without it the
 * kernel sends its own mode change with the writer's credentials; memfs accepts a change that only
 * drops set-id bits from a caller who may write the file.
 *
 * <p><b>Threads.</b> Every node has its own lock; ops that touch several nodes lock them in inode
 * order, a file's data lock comes before any node lock, cross-directory renames also take one
 * rename lock (so the ancestry check is stable), and a blocked file-lock request holds no lock.
 */
public final class MemFs implements FileServer<Node> {
    /** How long the kernel may cache a name: a day (see Caching above). */
    static final Duration ENTRY_TTL = Duration.ofDays(1);
    /** How long the kernel may cache attributes. */
    static final Duration ATTR_TTL = Duration.ofDays(1);
    /** How long the kernel may remember that a name is absent. */
    static final Duration NEGATIVE_TTL = Duration.ofDays(1);
    /** Longest symlink target, as PATH_MAX less the NUL. */
    static final int MAX_SYMLINK = 4095;
    /** Most links to one node (ext4's limit). */
    static final int MAX_LINKS = 65000;
    /** How many entries readDir gathers under the directory lock before handing them to the sink. */
    private static final int READDIR_BATCH = 128;

    private final MemFsOptions options;
    /** Whether the kernel runs the writeback cache (see the class comment). */
    private final boolean writeback;
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
        this.writeback = options.writeback();
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
                f.data.asWriteLock().lock();
                try {
                    f.freeAll(store);
                } finally {
                    f.data.asWriteLock().unlock();
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
            f.data.asWriteLock().lock();
            try {
                f.freeAll(store);
            } finally {
                f.data.asWriteLock().unlock();
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
            f.data.asWriteLock().lock();
            try {
                f.lock.lock();
                try {
                    return AttributeChange.apply(ctx, f, changes, store);
                } finally {
                    f.lock.unlock();
                }
            } finally {
                f.data.asWriteLock().unlock();
            }
        }
        node.lock.lock();
        try {
            return AttributeChange.apply(ctx, node, changes, store);
        } finally {
            node.lock.unlock();
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
                // Linux's order: the name is looked up (search permission) before the write check
                Permissions.checkSearch(ctx, d);
                if (d.get(name) != null) {
                    throw new ErrnoException(Errno.EEXIST);
                }
                Permissions.checkModify(ctx, d);
                if (d.nlink == 0) {
                    throw new ErrnoException(Errno.ENOENT, "directory was removed");
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
        if (name.isDotOrDotDot()) {
            throw new ErrnoException(Errno.EEXIST);
        }
        try (NodeLocks _ = NodeLocks.lock(d, node)) {
            // Linux's order: the new name is looked up first, then the link itself is judged
            Permissions.checkSearch(ctx, d);
            if (d.get(name) != null) {
                throw new ErrnoException(Errno.EEXIST);
            }
            Permissions.checkLinkSource(ctx, node);
            Permissions.checkModify(ctx, d);
            if (node.isDirectory()) {
                throw new ErrnoException(Errno.EPERM, "hard link to a directory");
            }
            if (d.nlink == 0) {
                throw new ErrnoException(Errno.ENOENT);
            }
            if (node.nlink == 0 && !(node instanceof RegularFile f && f.linkable)) {
                throw new ErrnoException(Errno.ENOENT, "linking an unlinked node");
            }
            if (node.nlink >= MAX_LINKS) {
                throw new ErrnoException(Errno.EMLINK);
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
                // Linux's order: permission, sticky rule, type, emptiness
                Permissions.checkModify(ctx, d);
                Permissions.checkSticky(ctx, d, child);
                if (wantDir && !(child instanceof Directory)) {
                    throw new ErrnoException(Errno.ENOTDIR);
                }
                if (!wantDir && child.isDirectory()) {
                    throw new ErrnoException(Errno.EISDIR);
                }
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
                    RenameRules.renameLocked(ctx, from, name, src, to, newName, dst, exchange, noReplace);
                    return;
                }
            }
        } finally {
            if (crossDir) {
                renameLock.unlock();
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
            f.data.asWriteLock().lock();
            try {
                f.lock.lock();
                try {
                    f.cutDataAt(0, store);
                    f.size = 0;
                    f.touchModified(Instant.now());
                    AttributeChange.killCapability(f);
                    if (!Permissions.privileged(ctx)) {
                        AttributeChange.killSetId(ctx, f);
                    }
                } finally {
                    f.lock.unlock();
                }
            } finally {
                f.data.asWriteLock().unlock();
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
        // under the writeback cache the kernel fills pages of a write-only open by READ (see the class
        // comment); a read(2) on such a file never gets here, the VFS answers it EBADF itself
        if (handle instanceof OpenFile open && !open.flags.canRead() && !writeback) {
            throw new ErrnoException(Errno.EBADF);
        }
        if (offset < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        f.data.asReadLock().lock();
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
            f.data.asReadLock().unlock();
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
            // the kernel's own writebacks carry their offset; under the writeback cache every write's
            // offset is the kernel's, which applied O_APPEND from its (newer) idea of the size
            append = open.flags.has(OpenFlags.O_APPEND) && !ctx.isKernel() && !writeback;
        }
        if (offset < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int want = src.remaining();
        f.data.asWriteLock().lock();
        try {
            long at = append ? f.size : offset;
            int n = f.write(at, src, store);
            f.lock.lock();
            try {
                f.size = Math.max(f.size, at + n);
                f.touchModified(Instant.now());
                AttributeChange.killCapability(f);
                if (!Permissions.privileged(ctx)) {
                    AttributeChange.killSetId(ctx, f);
                }
            } finally {
                f.lock.unlock();
            }
            if (writeback && n < want) {
                // the kernel takes a short writeback for success and drops the rest of its pages
                // silently; ENOSPC makes it keep the error for the writer's fsync(2) or close(2)
                throw new ErrnoException(Errno.ENOSPC);
            }
            return n;
        } finally {
            f.data.asWriteLock().unlock();
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
            for (long owner : open.recordLockOwners) {
                f.recordLocks(waitGraph).releaseAll(owner, false);
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
        f.data.asWriteLock().lock();
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
                    AttributeChange.killSetId(ctx, f);
                }
            } finally {
                f.lock.unlock();
            }
        } finally {
            f.data.asWriteLock().unlock();
        }
    }

    @Override
    public long lseek(CallContext ctx, Node node, Object handle, long offset, Whence whence) throws IOException {
        if (!(node instanceof RegularFile f)) {
            throw new ErrnoException(Errno.EINVAL, "SEEK_DATA/SEEK_HOLE on " + node.type);
        }
        if (offset < 0) {
            throw new ErrnoException(Errno.ENXIO);
        }
        f.data.asReadLock().lock();
        try {
            if (offset >= f.size) {
                throw new ErrnoException(Errno.ENXIO);
            }
            return whence == Whence.DATA ? f.seekData(offset) : f.seekHole(offset);
        } finally {
            f.data.asReadLock().unlock();
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
        if (length == 0) {
            return 0;
        }
        if (outOffset >= RegularFile.MAX_SIZE) {
            throw new ErrnoException(Errno.EFBIG);
        }
        // data locks in inode order; the source shared unless it is the target
        RegularFile first = src.ino <= dst.ino ? src : dst;
        RegularFile second = first == src ? dst : src;
        var firstLock = first == dst || src == dst ? first.data.asWriteLock() : first.data.asReadLock();
        var secondLock = second == dst ? second.data.asWriteLock() : second.data.asReadLock();
        firstLock.lock();
        try {
            if (second != first) {
                secondLock.lock();
            }
            try {
                long n = Math.min(length, Math.max(0, src.size - inOffset));
                // Linux judges overlap on the length cut to the source's end, so past it nothing overlaps
                if (src == dst && inOffset < outOffset + n && outOffset < inOffset + n) {
                    throw new ErrnoException(Errno.EINVAL, "overlapping copy within one file");
                }
                n = Math.min(n, RegularFile.MAX_SIZE - outOffset);
                long done = RegularFile.copyPages(src, inOffset, dst, outOffset, n, store);
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
                            AttributeChange.killSetId(ctx, dst);
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
        if (lock.type() != LockType.UNLOCK && handle instanceof OpenFile open) {
            (lock.flock() ? open.flockOwners : open.recordLockOwners).add(lock.owner());
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
        // the kernel may keep listings across opens: it drops them itself when it changes the directory
        return new Opened(new OpenFile(d, flags), Set.of(OpenOption.CACHE_DIR, OpenOption.KEEP_CACHE));
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
            XattrRules.checkXattrWrite(ctx, node, name);
            if (name.equals(PosixAcl.ACCESS) || name.equals(PosixAcl.DEFAULT)) {
                XattrRules.setAcl(ctx, node, name, bytes, mode);
            } else {
                XattrRules.xattrs(node).set(name, bytes, mode);
            }
            node.touchCtime(Instant.now());
        } finally {
            node.lock.unlock();
        }
    }

    @Override
    public byte[] getXattr(CallContext ctx, Node node, String name) throws IOException {
        Xattrs.checkName(name);
        XattrRules.checkXattrRead(ctx, node, name);
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
            XattrRules.checkXattrWrite(ctx, node, name);
            if (node.xattrs == null || !node.xattrs.remove(name)) {
                throw new ErrnoException(Errno.ENODATA);
            }
            node.touchCtime(Instant.now());
        } finally {
            node.lock.unlock();
        }
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
