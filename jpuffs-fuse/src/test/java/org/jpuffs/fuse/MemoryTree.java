package org.jpuffs.fuse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpuffs.AttrField;
import org.jpuffs.Attributes;
import org.jpuffs.CallContext;
import org.jpuffs.Created;
import org.jpuffs.DirEntry;
import org.jpuffs.DirSink;
import org.jpuffs.Entry;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileName;
import org.jpuffs.FileServer;
import org.jpuffs.FileType;
import org.jpuffs.Lookup;
import org.jpuffs.Notifier;
import org.jpuffs.OpenFlags;
import org.jpuffs.Opened;
import org.jpuffs.RenameFlag;
import org.jpuffs.SetAttributes;

/**
 * A small mutable in-memory file server for real-mount tests: directories and regular files,
 * cookies are inode numbers. It implements only the name, attribute and data ops (no open, flush,
 * fsync, access, locks, poll or xattrs), so the kernel makes opens stateless and keeps locks itself;
 * subclasses add what a test needs. File data lives in 1 MiB chunks, so a GiB file works without a
 * GiB array. Metadata is guarded by the tree's lock, data by each inode's own.
 *
 * <p>The test side may change the tree behind the kernel's back ({@link #replaceData},
 * {@link #changeMode}, {@link #detach}) to prove that notifications, not TTL expiry, make the
 * kernel see the change. It keeps a ledger of entries handed out and reclaims per cookie, so a test
 * can check that every node the kernel learnt of was reclaimed, none more often than it was handed out.
 */
class MemoryTree implements FileServer<Long> {
    static final long ROOT = 1;
    private static final int CHUNK = 1 << 20;
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    /** An inode: a directory (children) or a regular file (chunks). */
    static final class Inode {
        final long ino;
        volatile int mode;
        int nlink;
        long size;
        final List<byte[]> chunks = new ArrayList<>();
        final Map<FileName, Long> children = new HashMap<>();
        final TreeMap<Long, FileName> byOffset = new TreeMap<>();
        final Map<FileName, Long> offsets = new HashMap<>();
        long nextOffset = 3;

        Inode(long ino, int mode) {
            this.ino = ino;
            this.mode = mode;
            this.nlink = FileType.ofMode(mode) == FileType.DIRECTORY ? 2 : 1;
        }

        boolean isDirectory() {
            return FileType.ofMode(mode) == FileType.DIRECTORY;
        }
    }

    private final Map<Long, Inode> inodes = new ConcurrentHashMap<>();
    private final Duration ttl;
    private long nextIno = ROOT + 1;
    final Map<Long, AtomicInteger> handedOut = new ConcurrentHashMap<>();
    final Map<Long, AtomicInteger> reclaimed = new ConcurrentHashMap<>();
    final AtomicInteger destroys = new AtomicInteger();
    volatile Notifier<Long> notifier;

    /** A tree whose entries and attributes the kernel may cache for {@code ttl}. */
    MemoryTree(Duration ttl) {
        this.ttl = ttl;
        inodes.put(ROOT, new Inode(ROOT, FileType.DIRECTORY.mode(0755)));
    }

    // ---------------------------------------------------------------------------------------------
    // the test side

    /** The inode number of {@code name} in the root, or -1. */
    synchronized long inoOf(String name) throws ErrnoException {
        Long ino = inodes.get(ROOT).children.get(FileName.of(name));
        return ino == null ? -1 : ino;
    }

    /** Adds a regular file to the root without the kernel knowing. */
    synchronized long addFile(String name, byte[] data) throws ErrnoException {
        Inode i = add(ROOT, FileName.of(name), FileType.REGULAR.mode(0644));
        synchronized (i) {
            writeData(i, 0, ByteBuffer.wrap(data));
        }
        return i.ino;
    }

    /** Replaces a file's bytes in place, keeping its size if {@code data} is as long. */
    void replaceData(long ino, byte[] data) throws ErrnoException {
        Inode i = inode(ino);
        synchronized (i) {
            writeData(i, 0, ByteBuffer.wrap(data));
            i.size = data.length;
        }
    }

    /** Changes a node's permission bits without the kernel knowing. */
    void changeMode(long ino, int permissions) throws ErrnoException {
        Inode i = inode(ino);
        i.mode = (i.mode & FileType.S_IFMT) | permissions;
    }

    /** Removes {@code name} from the root without the kernel knowing. */
    synchronized void detach(String name) throws ErrnoException {
        Inode root = inodes.get(ROOT);
        FileName n = FileName.of(name);
        Long ino = root.children.get(n);
        if (ino != null) {
            unbind(root, n);
            inodes.get(ino).nlink--;
        }
    }

    /** Cookies handed out more often than reclaimed, or reclaimed more often than handed out. */
    List<String> ledgerProblems() {
        List<String> problems = new ArrayList<>();
        handedOut.forEach((ino, n) -> {
            int r = reclaimed.getOrDefault(ino, new AtomicInteger()).get();
            if (r == 0 || r > n.get()) {
                problems.add("cookie " + ino + ": handed out " + n.get() + ", reclaimed " + r);
            }
        });
        reclaimed.forEach((ino, r) -> {
            if (!handedOut.containsKey(ino)) {
                problems.add("cookie " + ino + ": reclaimed " + r.get() + " but never handed out");
            }
        });
        return problems;
    }

    int totalReclaims() {
        return reclaimed.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    // ---------------------------------------------------------------------------------------------
    // the server

    @Override
    public Long root() {
        return ROOT;
    }

    @Override
    public void init(Notifier<Long> mountNotifier) {
        notifier = mountNotifier;
    }

    @Override
    public void destroy() {
        destroys.incrementAndGet();
    }

    @Override
    public void reclaim(Long node) {
        reclaimed.computeIfAbsent(node, k -> new AtomicInteger()).incrementAndGet();
        synchronized (this) {
            Inode i = inodes.get(node);
            if (i != null && i.nlink <= 0) {
                inodes.remove(node);
            }
        }
    }

    @Override
    public Lookup<Long> lookup(CallContext ctx, Long dir, FileName name) throws IOException {
        Long ino;
        synchronized (this) {
            ino = directory(dir).children.get(name);
        }
        return ino == null ? Lookup.absent() : entry(ino);
    }

    @Override
    public Attributes getAttr(CallContext ctx, Long node, Object handle) throws IOException {
        return attributes(inode(node));
    }

    @Override
    public Attributes setAttr(CallContext ctx, Long node, Object handle, SetAttributes changes) throws IOException {
        Inode i = inode(node);
        if (changes.has(AttrField.MODE)) {
            i.mode = (i.mode & FileType.S_IFMT) | (changes.mode() & 07777);
        }
        if (changes.has(AttrField.SIZE)) {
            synchronized (i) {
                truncate(i, changes.size());
            }
        }
        return attributes(i);
    }

    @Override
    public Entry<Long> mknod(CallContext ctx, Long dir, FileName name, int mode, long rdev) throws IOException {
        if (FileType.ofMode(mode) != FileType.REGULAR) {
            throw new ErrnoException(Errno.EPERM);
        }
        long ino;
        synchronized (this) {
            ino = add(dir, name, mode).ino;
        }
        return entry(ino);
    }

    @Override
    public Entry<Long> mkdir(CallContext ctx, Long dir, FileName name, int mode) throws IOException {
        long ino;
        synchronized (this) {
            ino = add(dir, name, FileType.DIRECTORY.mode(mode & 07777)).ino;
            directory(dir).nlink++;
        }
        return entry(ino);
    }

    @Override
    public Created<Long> create(CallContext ctx, Long dir, FileName name, int mode, OpenFlags flags)
            throws IOException {
        long ino;
        synchronized (this) {
            ino = add(dir, name, FileType.REGULAR.mode(mode & 07777)).ino;
        }
        return new Created<>(entry(ino), opened(ino));
    }

    /** The open a create answers with; a subclass with {@code open} answers the same. */
    Opened opened(long ino) {
        return Opened.stateless();
    }

    @Override
    public synchronized void unlink(CallContext ctx, Long dir, FileName name) throws IOException {
        Inode d = directory(dir);
        Long ino = d.children.get(name);
        if (ino == null) {
            throw new ErrnoException(Errno.ENOENT);
        }
        Inode i = inode(ino);
        if (i.isDirectory()) {
            throw new ErrnoException(Errno.EISDIR);
        }
        unbind(d, name);
        i.nlink--;
    }

    @Override
    public synchronized void rmdir(CallContext ctx, Long dir, FileName name) throws IOException {
        Inode d = directory(dir);
        Long ino = d.children.get(name);
        if (ino == null) {
            throw new ErrnoException(Errno.ENOENT);
        }
        Inode i = directory(ino);
        if (!i.children.isEmpty()) {
            throw new ErrnoException(Errno.ENOTEMPTY);
        }
        unbind(d, name);
        i.nlink = 0;
        d.nlink--;
    }

    @Override
    public synchronized void rename(CallContext ctx, Long dir, FileName name, Long newDir, FileName newName,
            Set<RenameFlag> flags) throws IOException {
        Inode from = directory(dir);
        Inode to = directory(newDir);
        Long ino = from.children.get(name);
        if (ino == null) {
            throw new ErrnoException(Errno.ENOENT);
        }
        if (!flags.isEmpty()) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Long target = to.children.get(newName);
        if (target != null) {
            if (target.equals(ino)) {
                return;
            }
            Inode replaced = inode(target);
            if (replaced.isDirectory() || inode(ino).isDirectory()) {
                throw new ErrnoException(Errno.EISDIR);
            }
            unbind(to, newName);
            replaced.nlink--;
        }
        unbind(from, name);
        bind(to, newName, ino);
    }

    @Override
    public void read(CallContext ctx, Long node, Object handle, long offset, ByteBuffer dst) throws IOException {
        Inode i = inode(node);
        synchronized (i) {
            long end = Math.min(i.size, offset + dst.remaining());
            long pos = offset;
            while (pos < end) {
                int c = (int) (pos / CHUNK);
                int within = (int) (pos % CHUNK);
                int n = (int) Math.min(CHUNK - within, end - pos);
                byte[] chunk = c < i.chunks.size() ? i.chunks.get(c) : null;
                if (chunk == null) {
                    dst.put(new byte[n]);
                } else {
                    dst.put(chunk, within, n);
                }
                pos += n;
            }
        }
    }

    @Override
    public int write(CallContext ctx, Long node, Object handle, long offset, ByteBuffer src) throws IOException {
        Inode i = inode(node);
        synchronized (i) {
            return writeData(i, offset, src);
        }
    }

    @Override
    public void readDir(CallContext ctx, Long dir, Object handle, long offset, DirSink sink) throws IOException {
        List<DirEntry> batch = new ArrayList<>();
        synchronized (this) {
            Inode d = directory(dir);
            if (offset < 1) {
                batch.add(new DirEntry(FileName.dot(), FileType.DIRECTORY, d.ino, 1));
            }
            if (offset < 2) {
                batch.add(new DirEntry(FileName.dotDot(), FileType.DIRECTORY, 0, 2));
            }
            for (Map.Entry<Long, FileName> e : d.byOffset.tailMap(offset, false).entrySet()) {
                long ino = d.children.get(e.getValue());
                batch.add(new DirEntry(e.getValue(), FileType.ofMode(inode(ino).mode), ino, e.getKey()));
            }
        }
        for (DirEntry e : batch) {
            if (!sink.add(e)) {
                return;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** The entry for an inode, counted in the ledger. */
    Entry<Long> entry(long ino) throws ErrnoException {
        Entry<Long> e = new Entry<>(ino, attributes(inode(ino)), ttl, ttl);
        handedOut.computeIfAbsent(ino, k -> new AtomicInteger()).incrementAndGet();
        return e;
    }

    Attributes attributes(Inode i) {
        long size;
        int nlink;
        synchronized (i) {
            size = i.size;
        }
        synchronized (this) {
            nlink = i.nlink;
        }
        return new Attributes(i.ino, i.mode, Math.max(nlink, 0), 0, 0, 0, size, (size + 511) / 512, 4096, EPOCH,
                EPOCH, EPOCH, EPOCH);
    }

    Inode inode(long ino) throws ErrnoException {
        Inode i = inodes.get(ino);
        if (i == null) {
            throw new ErrnoException(Errno.ENOENT, "no inode " + ino);
        }
        return i;
    }

    private Inode directory(long ino) throws ErrnoException {
        Inode d = inode(ino);
        if (!d.isDirectory()) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        return d;
    }

    private Inode add(long dir, FileName name, int mode) throws ErrnoException {
        Inode d = directory(dir);
        if (d.children.containsKey(name)) {
            throw new ErrnoException(Errno.EEXIST);
        }
        Inode i = new Inode(nextIno++, mode);
        inodes.put(i.ino, i);
        bind(d, name, i.ino);
        return i;
    }

    private static void bind(Inode dir, FileName name, long ino) {
        long offset = dir.nextOffset++;
        dir.children.put(name, ino);
        dir.offsets.put(name, offset);
        dir.byOffset.put(offset, name);
    }

    private static void unbind(Inode dir, FileName name) {
        dir.children.remove(name);
        dir.byOffset.remove(dir.offsets.remove(name));
    }

    private static int writeData(Inode i, long offset, ByteBuffer src) {
        int n = src.remaining();
        long pos = offset;
        while (src.hasRemaining()) {
            int c = Math.toIntExact(pos / CHUNK);
            int within = (int) (pos % CHUNK);
            while (i.chunks.size() <= c) {
                i.chunks.add(null);
            }
            byte[] chunk = i.chunks.get(c);
            if (chunk == null) {
                chunk = new byte[CHUNK];
                i.chunks.set(c, chunk);
            }
            int k = Math.min(CHUNK - within, src.remaining());
            src.get(chunk, within, k);
            pos += k;
        }
        i.size = Math.max(i.size, offset + n);
        return n;
    }

    private static void truncate(Inode i, long size) {
        int keep = (int) ((size + CHUNK - 1) / CHUNK);
        while (i.chunks.size() > keep) {
            i.chunks.remove(i.chunks.size() - 1);
        }
        if (size % CHUNK != 0 && keep > 0 && keep <= i.chunks.size() && i.chunks.get(keep - 1) != null) {
            byte[] last = i.chunks.get(keep - 1);
            java.util.Arrays.fill(last, (int) (size % CHUNK), CHUNK, (byte) 0);
        }
        i.size = size;
    }
}
