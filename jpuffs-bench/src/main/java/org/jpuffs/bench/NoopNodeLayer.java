package org.jpuffs.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
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
 * A node layer that answers every hot request with constants and allocates nothing of its own, so
 * a benchmark measures the codec and the dispatcher alone. A name starting with {@code 'x'} is
 * absent (a negative entry); reads fill the whole window without touching the bytes; writes take
 * everything. Every other op is ENOSYS.
 */
final class NoopNodeLayer implements NodeLayer {
    static final long FILE = 2;
    private static final long TTL = 1_000_000_000L;
    private static final Attributes FILE_ATTRS = Attributes.of(FILE, 0100644, 1, 1000, 1000, 1 << 30,
            Instant.ofEpochSecond(1_700_000_000L, 123_456_789));
    static final NodeAttributes ATTRS = new NodeAttributes(FILE_ATTRS, TTL);
    static final NodeEntry ENTRY = new NodeEntry(FILE, 0, FILE_ATTRS, TTL, TTL);
    static final NodeEntry ABSENT = new NodeEntry(0, 0, null, TTL, 0);
    static final OpenReply OPENED = new OpenReply(7, Set.of());

    @Override
    public Set<Op> implementedOps() {
        return EnumSet.allOf(Op.class);
    }

    @Override
    public void init(NotificationChannel channel) {
    }

    @Override
    public void shutdown(Duration drainBound) {
    }

    @Override
    public NodeEntry lookup(Call c, long parent, FileName name) {
        return name.byteAt(0) == 'x' ? ABSENT : ENTRY;
    }

    @Override
    public void forget(long nodeId, long count) {
    }

    @Override
    public NodeAttributes getAttr(Call c, long node, long fh) {
        return ATTRS;
    }

    @Override
    public NodeAttributes setAttr(Call c, long node, long fh, SetAttributes changes) throws ErrnoException {
        throw nosys();
    }

    @Override
    public void access(Call c, long node, int mask) {
    }

    @Override
    public byte[] readLink(Call c, long node) throws ErrnoException {
        throw nosys();
    }

    @Override
    public NodeEntry mknod(Call c, long parent, FileName name, int mode, long rdev) throws ErrnoException {
        throw nosys();
    }

    @Override
    public NodeEntry mkdir(Call c, long parent, FileName name, int mode) throws ErrnoException {
        throw nosys();
    }

    @Override
    public NodeEntry symlink(Call c, long parent, FileName name, byte[] target) throws ErrnoException {
        throw nosys();
    }

    @Override
    public NodeEntry link(Call c, long node, long newParent, FileName newName) throws ErrnoException {
        throw nosys();
    }

    @Override
    public void unlink(Call c, long parent, FileName name) throws ErrnoException {
        throw nosys();
    }

    @Override
    public void rmdir(Call c, long parent, FileName name) throws ErrnoException {
        throw nosys();
    }

    @Override
    public void rename(Call c, long parent, FileName name, long newParent, FileName newName, Set<RenameFlag> flags)
            throws ErrnoException {
        throw nosys();
    }

    @Override
    public OpenReply open(Call c, long node, OpenFlags flags) {
        return OPENED;
    }

    @Override
    public CreateReply create(Call c, long parent, FileName name, int mode, OpenFlags flags) throws ErrnoException {
        throw nosys();
    }

    @Override
    public CreateReply tmpfile(Call c, long parent, int mode, OpenFlags flags) throws ErrnoException {
        throw nosys();
    }

    @Override
    public void read(Call c, long node, long fh, long offset, ByteBuffer dst) {
        dst.position(dst.limit());
    }

    @Override
    public int write(Call c, long node, long fh, long offset, ByteBuffer src) {
        int n = src.remaining();
        src.position(src.limit());
        return n;
    }

    @Override
    public void flush(Call c, long node, long fh, long lockOwner) {
    }

    @Override
    public void release(Call c, long node, long fh, OpenFlags flags) {
    }

    @Override
    public void fsync(Call c, long node, long fh, boolean dataOnly) {
    }

    @Override
    public void fallocate(Call c, long node, long fh, Set<FallocateMode> mode, long offset, long length)
            throws ErrnoException {
        throw nosys();
    }

    @Override
    public long lseek(Call c, long node, long fh, long offset, Whence whence) throws ErrnoException {
        throw nosys();
    }

    @Override
    public long copyFileRange(Call c, long in, long fhIn, long offIn, long out, long fhOut, long offOut, long length,
            int flags) throws ErrnoException {
        throw nosys();
    }

    @Override
    public int poll(Call c, long node, long fh, int events, PollWaker waker) throws ErrnoException {
        throw nosys();
    }

    @Override
    public IoctlResult ioctl(Call c, long node, long fh, int command, ByteBuffer input, int outputSize)
            throws ErrnoException {
        throw nosys();
    }

    @Override
    public Lock getLock(Call c, long node, long fh, Lock lock) throws ErrnoException {
        throw nosys();
    }

    @Override
    public void setLock(Call c, long node, long fh, Lock lock, boolean wait) throws ErrnoException {
        throw nosys();
    }

    @Override
    public OpenReply openDir(Call c, long node, OpenFlags flags) {
        return OPENED;
    }

    @Override
    public void readDir(Call c, long node, long fh, long offset, DirSink sink) throws ErrnoException {
        throw nosys();
    }

    @Override
    public void readDirPlus(Call c, long node, long fh, long offset, DirPlusSink sink) throws ErrnoException {
        throw nosys();
    }

    @Override
    public void releaseDir(Call c, long node, long fh) {
    }

    @Override
    public void fsyncDir(Call c, long node, long fh, boolean dataOnly) {
    }

    @Override
    public StatFs statFs(Call c, long node) throws ErrnoException {
        throw nosys();
    }

    @Override
    public void syncFs(Call c) {
    }

    @Override
    public void setXattr(Call c, long node, String name, ByteBuffer value, XattrMode mode) throws ErrnoException {
        throw nosys();
    }

    @Override
    public byte[] getXattr(Call c, long node, String name) throws ErrnoException {
        throw nosys();
    }

    @Override
    public List<String> listXattr(Call c, long node) throws ErrnoException {
        throw nosys();
    }

    @Override
    public void removeXattr(Call c, long node, String name) throws ErrnoException {
        throw nosys();
    }

    private static ErrnoException nosys() {
        return new ErrnoException(Errno.ENOSYS);
    }
}
