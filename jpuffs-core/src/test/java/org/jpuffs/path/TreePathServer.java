package org.jpuffs.path;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jpuffs.Attributes;
import org.jpuffs.CallContext;
import org.jpuffs.DirEntry;
import org.jpuffs.DirSink;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileName;
import org.jpuffs.FileType;
import org.jpuffs.OpenFlags;
import org.jpuffs.Opened;
import org.jpuffs.RenameFlag;

/**
 * A path server over an in-memory tree of inodes, the way a real one sits over a backing store:
 * paths are resolved on every call, a rename moves a whole subtree, hard links share an inode, and
 * an open's handle is its inode, so an unlinked open file keeps working through it. It records the
 * path of every call it receives. One lock around everything: these tests are about the adapter.
 */
final class TreePathServer implements PathFileServer {
    /** One call that reached the server. */
    record Call(String op, FilePath path, Object handle) {
    }

    static final class Inode {
        final long ino;
        final FileType type;
        final TreeMap<FileName, Inode> entries = new TreeMap<>();
        byte[] data = new byte[0];
        int nlink = 1;

        Inode(long ino, FileType type) {
            this.ino = ino;
            this.type = type;
        }

        Attributes attributes() {
            return Attributes.of(ino, type.mode(0644), nlink, 0, 0, data.length, Instant.EPOCH);
        }
    }

    private final AtomicLong inos = new AtomicLong(1);
    private final Inode root = new Inode(inos.getAndIncrement(), FileType.DIRECTORY);
    final List<Call> calls = new CopyOnWriteArrayList<>();

    List<FilePath> pathsOf(String op) {
        List<FilePath> paths = new ArrayList<>();
        for (Call c : calls) {
            if (c.op().equals(op)) {
                paths.add(c.path());
            }
        }
        return paths;
    }

    private Inode resolve(FilePath path) throws ErrnoException {
        Inode n = root;
        for (FileName name : path.components()) {
            if (n.type != FileType.DIRECTORY) {
                throw new ErrnoException(Errno.ENOTDIR, path.toString());
            }
            n = n.entries.get(name);
            if (n == null) {
                throw new ErrnoException(Errno.ENOENT, path.toString());
            }
        }
        return n;
    }

    private Inode dirOf(FilePath path) throws ErrnoException {
        Inode d = resolve(path.parent());
        if (d.type != FileType.DIRECTORY) {
            throw new ErrnoException(Errno.ENOTDIR, path.toString());
        }
        return d;
    }

    private Inode make(FilePath path, FileType type) throws ErrnoException {
        Inode d = dirOf(path);
        if (d.entries.containsKey(path.fileName())) {
            throw new ErrnoException(Errno.EEXIST, path.toString());
        }
        Inode n = new Inode(inos.getAndIncrement(), type);
        d.entries.put(path.fileName(), n);
        return n;
    }

    /** The inode an op works on: the open's handle when there is one, as a real server would. */
    private Inode target(FilePath path, Object handle) throws ErrnoException {
        return handle instanceof Inode i ? i : resolve(path);
    }

    @Override
    public synchronized Attributes getAttr(CallContext ctx, FilePath path, Object handle) throws ErrnoException {
        calls.add(new Call("getAttr", path, handle));
        return target(path, handle).attributes();
    }

    @Override
    public synchronized Attributes mkdir(CallContext ctx, FilePath path, int mode) throws ErrnoException {
        calls.add(new Call("mkdir", path, null));
        return make(path, FileType.DIRECTORY).attributes();
    }

    @Override
    public synchronized Attributes mknod(CallContext ctx, FilePath path, int mode, long rdev) throws ErrnoException {
        calls.add(new Call("mknod", path, null));
        return make(path, FileType.ofMode(mode)).attributes();
    }

    @Override
    public synchronized PathCreated create(CallContext ctx, FilePath path, int mode, OpenFlags flags)
            throws ErrnoException {
        calls.add(new Call("create", path, null));
        Inode n = make(path, FileType.REGULAR);
        return new PathCreated(n.attributes(), Opened.of(n));
    }

    @Override
    public synchronized Opened open(CallContext ctx, FilePath path, OpenFlags flags) throws ErrnoException {
        calls.add(new Call("open", path, null));
        return Opened.of(resolve(path));
    }

    @Override
    public synchronized void release(CallContext ctx, FilePath path, Object handle, OpenFlags flags) {
        calls.add(new Call("release", path, handle));
    }

    @Override
    public synchronized void read(CallContext ctx, FilePath path, Object handle, long offset, ByteBuffer dst)
            throws ErrnoException {
        calls.add(new Call("read", path, handle));
        byte[] data = target(path, handle).data;
        if (offset < data.length) {
            dst.put(data, (int) offset, Math.min(dst.remaining(), data.length - (int) offset));
        }
    }

    @Override
    public synchronized int write(CallContext ctx, FilePath path, Object handle, long offset, ByteBuffer src)
            throws ErrnoException {
        calls.add(new Call("write", path, handle));
        Inode n = target(path, handle);
        int len = src.remaining();
        if (offset + len > n.data.length) {
            n.data = Arrays.copyOf(n.data, (int) offset + len);
        }
        src.get(n.data, (int) offset, len);
        return len;
    }

    @Override
    public synchronized Attributes link(CallContext ctx, FilePath existing, FilePath newPath) throws ErrnoException {
        calls.add(new Call("link", existing, null));
        Inode n = resolve(existing);
        Inode d = dirOf(newPath);
        if (d.entries.putIfAbsent(newPath.fileName(), n) != null) {
            throw new ErrnoException(Errno.EEXIST, newPath.toString());
        }
        n.nlink++;
        return n.attributes();
    }

    @Override
    public synchronized void unlink(CallContext ctx, FilePath path) throws ErrnoException {
        calls.add(new Call("unlink", path, null));
        Inode d = dirOf(path);
        Inode n = d.entries.get(path.fileName());
        if (n == null) {
            throw new ErrnoException(Errno.ENOENT, path.toString());
        }
        if (n.type == FileType.DIRECTORY) {
            throw new ErrnoException(Errno.EISDIR, path.toString());
        }
        d.entries.remove(path.fileName());
        n.nlink--;
    }

    @Override
    public synchronized void rmdir(CallContext ctx, FilePath path) throws ErrnoException {
        calls.add(new Call("rmdir", path, null));
        Inode d = dirOf(path);
        Inode n = d.entries.get(path.fileName());
        if (n == null) {
            throw new ErrnoException(Errno.ENOENT, path.toString());
        }
        if (!n.entries.isEmpty()) {
            throw new ErrnoException(Errno.ENOTEMPTY, path.toString());
        }
        d.entries.remove(path.fileName());
    }

    @Override
    public synchronized void rename(CallContext ctx, FilePath from, FilePath to, Set<RenameFlag> flags)
            throws ErrnoException {
        calls.add(new Call("rename", from, null));
        if (to.startsWith(from) && !to.equals(from)) {
            throw new ErrnoException(Errno.EINVAL, "into its own subtree");
        }
        Inode fromDir = dirOf(from);
        Inode toDir = dirOf(to);
        Inode src = fromDir.entries.get(from.fileName());
        if (src == null) {
            throw new ErrnoException(Errno.ENOENT, from.toString());
        }
        Inode dst = toDir.entries.get(to.fileName());
        if (flags.contains(RenameFlag.EXCHANGE)) {
            if (dst == null) {
                throw new ErrnoException(Errno.ENOENT, to.toString());
            }
            fromDir.entries.put(from.fileName(), dst);
            toDir.entries.put(to.fileName(), src);
            return;
        }
        if (dst != null && flags.contains(RenameFlag.NOREPLACE)) {
            throw new ErrnoException(Errno.EEXIST, to.toString());
        }
        if (dst == src) {
            return;
        }
        fromDir.entries.remove(from.fileName());
        toDir.entries.put(to.fileName(), src);
        if (dst != null) {
            dst.nlink--;
        }
    }

    @Override
    public synchronized void readDir(CallContext ctx, FilePath path, Object handle, long offset, DirSink sink)
            throws ErrnoException {
        calls.add(new Call("readDir", path, handle));
        long next = 0;
        for (Map.Entry<FileName, Inode> e : resolve(path).entries.entrySet()) {
            next++;
            if (next > offset && !sink.add(new DirEntry(e.getKey(), e.getValue().type, e.getValue().ino, next))) {
                return;
            }
        }
    }
}
