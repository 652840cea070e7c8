package org.jpuffs.fuse.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jpuffs.Attributes;
import org.jpuffs.DirSink;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.FallocateMode;
import org.jpuffs.FileName;
import org.jpuffs.IoctlResult;
import org.jpuffs.Lock;
import org.jpuffs.OpenFlags;
import org.jpuffs.PollWaker;
import org.jpuffs.RenameFlag;
import org.jpuffs.SetAttributes;
import org.jpuffs.StatFs;
import org.jpuffs.Whence;
import org.jpuffs.XattrMode;
import org.jpuffs.kernel.Call;
import org.jpuffs.kernel.CreateReply;
import org.jpuffs.kernel.DirPlusSink;
import org.jpuffs.kernel.NodeAttributes;
import org.jpuffs.kernel.NodeEntry;
import org.jpuffs.kernel.NodeLayer;
import org.jpuffs.kernel.NotificationChannel;
import org.jpuffs.kernel.Op;
import org.jpuffs.kernel.OpenReply;

/**
 * A node layer for dispatcher tests: every op is ENOSYS unless a test overrides it; each call is
 * recorded by name. The implemented-op set is given, as a server's would be.
 */
public class FakeNodeLayer implements NodeLayer {
    public static final Instant T = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);

    public final List<String> calls = new CopyOnWriteArrayList<>();
    private final Set<Op> ops;

    public FakeNodeLayer(Set<Op> ops) {
        this.ops = ops.isEmpty() ? EnumSet.noneOf(Op.class) : EnumSet.copyOf(ops);
    }

    public FakeNodeLayer() {
        this(EnumSet.allOf(Op.class));
    }

    public static Attributes file(long ino, long size) {
        return Attributes.of(ino, 0100644, 1, 1000, 1000, size, T);
    }

    protected IOException nosys() {
        return new ErrnoException(Errno.ENOSYS);
    }

    @Override
    public Set<Op> implementedOps() {
        return Collections.unmodifiableSet(ops);
    }

    @Override
    public void init(NotificationChannel channel) {
        calls.add("init");
    }

    @Override
    public void shutdown(Duration drainBound) {
        calls.add("shutdown");
    }

    @Override
    public NodeEntry lookup(Call c, long parent, FileName name) throws IOException {
        calls.add("lookup " + parent + " " + name);
        if (name.toString().equals("hello")) {
            return new NodeEntry(2, 0, file(2, 5), 1_500_000_000L, 1_000_000_000L);
        }
        return new NodeEntry(0, 0, null, 1_000_000_000L, 0);
    }

    @Override
    public void forget(long nodeId, long count) {
        calls.add("forget " + nodeId + " " + count);
    }

    @Override
    public NodeAttributes getAttr(Call c, long node, long fh) throws IOException {
        calls.add("getAttr " + node + " " + fh);
        return new NodeAttributes(file(node, 5), 1_000_000_000L);
    }

    @Override
    public NodeAttributes setAttr(Call c, long node, long fh, SetAttributes changes) throws IOException {
        throw nosys();
    }

    @Override
    public void access(Call c, long node, int mask) throws IOException {
        throw nosys();
    }

    @Override
    public byte[] readLink(Call c, long node) throws IOException {
        throw nosys();
    }

    @Override
    public NodeEntry mknod(Call c, long parent, FileName name, int mode, long rdev) throws IOException {
        throw nosys();
    }

    @Override
    public NodeEntry mkdir(Call c, long parent, FileName name, int mode) throws IOException {
        throw nosys();
    }

    @Override
    public NodeEntry symlink(Call c, long parent, FileName name, byte[] target) throws IOException {
        throw nosys();
    }

    @Override
    public NodeEntry link(Call c, long node, long newParent, FileName newName) throws IOException {
        throw nosys();
    }

    @Override
    public void unlink(Call c, long parent, FileName name) throws IOException {
        throw nosys();
    }

    @Override
    public void rmdir(Call c, long parent, FileName name) throws IOException {
        throw nosys();
    }

    @Override
    public void rename(Call c, long parent, FileName name, long newParent, FileName newName, Set<RenameFlag> flags)
            throws IOException {
        throw nosys();
    }

    @Override
    public OpenReply open(Call c, long node, OpenFlags flags) throws IOException {
        throw nosys();
    }

    @Override
    public CreateReply create(Call c, long parent, FileName name, int mode, OpenFlags flags) throws IOException {
        throw nosys();
    }

    @Override
    public CreateReply tmpfile(Call c, long parent, int mode, OpenFlags flags) throws IOException {
        throw nosys();
    }

    @Override
    public void read(Call c, long node, long fh, long offset, ByteBuffer dst) throws IOException {
        throw nosys();
    }

    @Override
    public int write(Call c, long node, long fh, long offset, ByteBuffer src) throws IOException {
        throw nosys();
    }

    @Override
    public void flush(Call c, long node, long fh, long lockOwner) throws IOException {
        throw nosys();
    }

    @Override
    public void release(Call c, long node, long fh, OpenFlags flags) {
        calls.add("release " + node + " " + fh);
    }

    @Override
    public void fsync(Call c, long node, long fh, boolean dataOnly) throws IOException {
        throw nosys();
    }

    @Override
    public void fallocate(Call c, long node, long fh, Set<FallocateMode> mode, long offset, long length)
            throws IOException {
        throw nosys();
    }

    @Override
    public long lseek(Call c, long node, long fh, long offset, Whence whence) throws IOException {
        throw nosys();
    }

    @Override
    public long copyFileRange(Call c, long in, long fhIn, long offIn, long out, long fhOut, long offOut, long length,
            int flags) throws IOException {
        throw nosys();
    }

    @Override
    public int poll(Call c, long node, long fh, int events, PollWaker waker) throws IOException {
        throw nosys();
    }

    @Override
    public IoctlResult ioctl(Call c, long node, long fh, int command, ByteBuffer input, int outputSize)
            throws IOException {
        throw nosys();
    }

    @Override
    public Lock getLock(Call c, long node, long fh, Lock lock) throws IOException {
        throw nosys();
    }

    @Override
    public void setLock(Call c, long node, long fh, Lock lock, boolean wait) throws IOException {
        throw nosys();
    }

    @Override
    public OpenReply openDir(Call c, long node, OpenFlags flags) throws IOException {
        throw nosys();
    }

    @Override
    public void readDir(Call c, long node, long fh, long offset, DirSink sink) throws IOException {
        throw nosys();
    }

    @Override
    public void readDirPlus(Call c, long node, long fh, long offset, DirPlusSink sink) throws IOException {
        throw nosys();
    }

    @Override
    public void releaseDir(Call c, long node, long fh) {
        calls.add("releaseDir " + node + " " + fh);
    }

    @Override
    public void fsyncDir(Call c, long node, long fh, boolean dataOnly) throws IOException {
        throw nosys();
    }

    @Override
    public StatFs statFs(Call c, long node) throws IOException {
        throw nosys();
    }

    @Override
    public void syncFs(Call c) throws IOException {
        throw nosys();
    }

    @Override
    public void setXattr(Call c, long node, String name, ByteBuffer value, XattrMode mode) throws IOException {
        throw nosys();
    }

    @Override
    public byte[] getXattr(Call c, long node, String name) throws IOException {
        throw nosys();
    }

    @Override
    public List<String> listXattr(Call c, long node) throws IOException {
        throw nosys();
    }

    @Override
    public void removeXattr(Call c, long node, String name) throws IOException {
        throw nosys();
    }
}
