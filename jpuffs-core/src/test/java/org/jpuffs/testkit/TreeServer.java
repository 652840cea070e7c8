package org.jpuffs.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
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
import org.jpuffs.OpenFlags;
import org.jpuffs.Opened;
import org.jpuffs.RenameFlag;
import org.jpuffs.SetAttributes;

/**
 * A small in-memory file server for node-layer tests: directories, regular files, symlinks and
 * hard links, cookies are inode numbers ({@code Long}, reported as {@code ino}). One lock guards
 * the tree. It counts what the node layer does to it: reclaims per cookie, open handles; an
 * unlinked inode's storage is freed at its reclaim. Subclass it to make a server misbehave.
 */
public class TreeServer implements FileServer<Long> {
    /** The root's inode number and cookie. */
    public static final long ROOT = 1;

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final Map<Long, Inode> inodes = new HashMap<>();
    private final Map<Long, AtomicInteger> reclaims = new ConcurrentHashMap<>();
    private final AtomicInteger openHandles = new AtomicInteger();
    private final AtomicInteger destroys = new AtomicInteger();
    private volatile Consumer<Long> reclaimWatcher = cookie -> { };
    private long nextIno = ROOT + 1;

    /** An inode of the tree. */
    private static final class Inode {
        final long ino;
        final int mode;
        int nlink;
        byte[] data = new byte[0];
        final TreeMap<Long, FileName> byOffset = new TreeMap<>();
        final Map<FileName, long[]> children = new HashMap<>(); // name -> {ino, offset}
        long nextOffset = 3;

        Inode(long ino, int mode) {
            this.ino = ino;
            this.mode = mode;
            this.nlink = FileType.ofMode(mode) == FileType.DIRECTORY ? 2 : 1;
        }
    }

    /** A tree with an empty root directory. */
    public TreeServer() {
        inodes.put(ROOT, new Inode(ROOT, FileType.DIRECTORY.mode(0755)));
    }

    /**
     * How often {@code cookie} was reclaimed.
     *
     * @param cookie the cookie
     * @return the count
     */
    public int reclaims(long cookie) {
        AtomicInteger n = reclaims.get(cookie);
        return n == null ? 0 : n.get();
    }

    /**
     * Every cookie's reclaim count.
     *
     * @return cookie to count
     */
    public Map<Long, Integer> allReclaims() {
        Map<Long, Integer> all = new HashMap<>();
        reclaims.forEach((k, v) -> all.put(k, v.get()));
        return all;
    }

    /**
     * Opens not yet released.
     *
     * @return the number
     */
    public int openHandles() {
        return openHandles.get();
    }

    /**
     * How often destroy was called.
     *
     * @return the count
     */
    public int destroys() {
        return destroys.get();
    }

    /**
     * Runs {@code watcher} at the start of every reclaim, on the reclaiming thread.
     *
     * @param watcher what to run with the cookie
     */
    public void watchReclaims(Consumer<Long> watcher) {
        reclaimWatcher = watcher;
    }

    /**
     * Whether an inode exists (is linked, or unlinked but not yet reclaimed).
     *
     * @param ino the inode number
     * @return true when it exists
     */
    public synchronized boolean exists(long ino) {
        return inodes.containsKey(ino);
    }

    @Override
    public Long root() {
        return ROOT;
    }

    @Override
    public void destroy() {
        destroys.incrementAndGet();
    }

    @Override
    public synchronized Lookup<Long> lookup(CallContext ctx, Long dir, FileName name) throws IOException {
        long[] child = directory(dir).children.get(name);
        return child == null ? Lookup.absent() : entry(child[0]);
    }

    @Override
    public void reclaim(Long node) {
        reclaimWatcher.accept(node);
        reclaims.computeIfAbsent(node, k -> new AtomicInteger()).incrementAndGet();
        synchronized (this) {
            Inode i = inodes.get(node);
            if (i != null && i.nlink == 0) {
                inodes.remove(node);
            }
        }
    }

    @Override
    public synchronized Attributes getAttr(CallContext ctx, Long node, Object handle) throws IOException {
        return attributes(inode(node));
    }

    @Override
    public synchronized Attributes setAttr(CallContext ctx, Long node, Object handle, SetAttributes changes)
            throws IOException {
        Inode i = inode(node);
        if (changes.has(org.jpuffs.AttrField.SIZE)) {
            i.data = Arrays.copyOf(i.data, Math.toIntExact(changes.size()));
        }
        return attributes(i);
    }

    @Override
    public synchronized Entry<Long> mknod(CallContext ctx, Long dir, FileName name, int mode, long rdev)
            throws IOException {
        return entry(add(dir, name, mode).ino);
    }

    @Override
    public synchronized Entry<Long> mkdir(CallContext ctx, Long dir, FileName name, int mode) throws IOException {
        Inode d = add(dir, name, FileType.DIRECTORY.mode(mode));
        directory(dir).nlink++;
        return entry(d.ino);
    }

    @Override
    public synchronized Entry<Long> symlink(CallContext ctx, Long dir, FileName name, byte[] target)
            throws IOException {
        Inode l = add(dir, name, FileType.SYMLINK.mode(0777));
        l.data = target.clone();
        return entry(l.ino);
    }

    @Override
    public synchronized byte[] readLink(CallContext ctx, Long node) throws IOException {
        Inode i = inode(node);
        if (FileType.ofMode(i.mode) != FileType.SYMLINK) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return i.data.clone();
    }

    @Override
    public synchronized Entry<Long> link(CallContext ctx, Long node, Long dir, FileName name) throws IOException {
        Inode i = inode(node);
        if (FileType.ofMode(i.mode) == FileType.DIRECTORY) {
            throw new ErrnoException(Errno.EPERM);
        }
        bind(directory(dir), name, i.ino);
        i.nlink++;
        return entry(i.ino);
    }

    @Override
    public synchronized void unlink(CallContext ctx, Long dir, FileName name) throws IOException {
        Inode d = directory(dir);
        long[] child = d.children.get(name);
        if (child == null) {
            throw new ErrnoException(Errno.ENOENT);
        }
        Inode i = inode(child[0]);
        if (FileType.ofMode(i.mode) == FileType.DIRECTORY) {
            throw new ErrnoException(Errno.EISDIR);
        }
        unbind(d, name);
        i.nlink--;
    }

    @Override
    public synchronized void rmdir(CallContext ctx, Long dir, FileName name) throws IOException {
        Inode d = directory(dir);
        long[] child = d.children.get(name);
        if (child == null) {
            throw new ErrnoException(Errno.ENOENT);
        }
        Inode i = directory(child[0]);
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
        long[] child = from.children.get(name);
        if (child == null) {
            throw new ErrnoException(Errno.ENOENT);
        }
        if (flags.contains(RenameFlag.EXCHANGE)) {
            throw new ErrnoException(Errno.EINVAL, "not in this test server");
        }
        long[] target = to.children.get(newName);
        if (target != null) {
            if (target[0] == child[0]) {
                return;
            }
            if (flags.contains(RenameFlag.NOREPLACE)) {
                throw new ErrnoException(Errno.EEXIST);
            }
            Inode replaced = inode(target[0]);
            if (FileType.ofMode(replaced.mode) == FileType.DIRECTORY) {
                throw new ErrnoException(Errno.EISDIR);
            }
            unbind(to, newName);
            replaced.nlink--;
        }
        unbind(from, name);
        bind(to, newName, child[0]);
    }

    @Override
    public synchronized Opened open(CallContext ctx, Long node, OpenFlags flags) throws IOException {
        inode(node);
        openHandles.incrementAndGet();
        return Opened.of(new Object());
    }

    @Override
    public synchronized Created<Long> create(CallContext ctx, Long dir, FileName name, int mode, OpenFlags flags)
            throws IOException {
        Inode i = add(dir, name, FileType.REGULAR.mode(mode));
        openHandles.incrementAndGet();
        return new Created<>(entry(i.ino), Opened.of(new Object()));
    }

    @Override
    public synchronized void read(CallContext ctx, Long node, Object handle, long offset, ByteBuffer dst)
            throws IOException {
        byte[] data = inode(node).data;
        if (offset < data.length) {
            int n = (int) Math.min(dst.remaining(), data.length - offset);
            dst.put(data, (int) offset, n);
        }
    }

    @Override
    public synchronized int write(CallContext ctx, Long node, Object handle, long offset, ByteBuffer src)
            throws IOException {
        Inode i = inode(node);
        int n = src.remaining();
        long end = offset + n;
        if (end > i.data.length) {
            i.data = Arrays.copyOf(i.data, Math.toIntExact(end));
        }
        src.get(i.data, (int) offset, n);
        return n;
    }

    /** Memory is as durable as it gets: nothing to do. */
    @Override
    public void fsync(CallContext ctx, Long node, Object handle, boolean dataOnly) {
    }

    @Override
    public void release(CallContext ctx, Long node, Object handle, OpenFlags flags) {
        openHandles.decrementAndGet();
    }

    @Override
    public synchronized void readDir(CallContext ctx, Long dir, Object handle, long offset, DirSink sink)
            throws IOException {
        Inode d = directory(dir);
        if (offset < 1 && !sink.add(new DirEntry(FileName.dot(), FileType.DIRECTORY, d.ino, 1))) {
            return;
        }
        if (offset < 2 && !sink.add(new DirEntry(FileName.dotDot(), FileType.DIRECTORY, 0, 2))) {
            return;
        }
        for (Map.Entry<Long, FileName> e : d.byOffset.tailMap(offset, false).entrySet()) {
            long ino = d.children.get(e.getValue())[0];
            FileType type = FileType.ofMode(inode(ino).mode);
            if (!sink.add(new DirEntry(e.getValue(), type, ino, e.getKey()))) {
                return;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * The entry for an inode as this server hands it out (for subclasses).
     *
     * @param ino the inode number
     * @return the entry
     * @throws ErrnoException ENOENT when it does not exist
     */
    protected synchronized Entry<Long> entry(long ino) throws ErrnoException {
        return new Entry<>(ino, attributes(inode(ino)), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    private Attributes attributes(Inode i) {
        return new Attributes(i.ino, i.mode, i.nlink, 0, 0, 0, i.data.length, (i.data.length + 511) / 512, 4096,
                EPOCH, EPOCH, EPOCH, EPOCH);
    }

    private Inode inode(long ino) throws ErrnoException {
        Inode i = inodes.get(ino);
        if (i == null) {
            throw new ErrnoException(Errno.ENOENT, "no inode " + ino);
        }
        return i;
    }

    private Inode directory(long ino) throws ErrnoException {
        Inode d = inode(ino);
        if (FileType.ofMode(d.mode) != FileType.DIRECTORY) {
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

    private static void bind(Inode dir, FileName name, long ino) throws ErrnoException {
        if (dir.children.containsKey(name)) {
            throw new ErrnoException(Errno.EEXIST);
        }
        long offset = dir.nextOffset++;
        dir.children.put(name, new long[] {ino, offset});
        dir.byOffset.put(offset, name);
    }

    private static void unbind(Inode dir, FileName name) {
        long[] child = dir.children.remove(name);
        dir.byOffset.remove(child[1]);
    }
}
