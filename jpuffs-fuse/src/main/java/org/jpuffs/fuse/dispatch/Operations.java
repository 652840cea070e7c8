package org.jpuffs.fuse.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.FallocateMode;
import org.jpuffs.IoctlResult;
import org.jpuffs.Lock;
import org.jpuffs.OpenFlags;
import org.jpuffs.PollWaker;
import org.jpuffs.RenameFlag;
import org.jpuffs.Whence;
import org.jpuffs.XattrMode;
import org.jpuffs.fuse.protocol.FuseAbi;
import org.jpuffs.fuse.protocol.InitFlag;
import org.jpuffs.fuse.protocol.Negotiated;
import org.jpuffs.fuse.protocol.Opcode;
import org.jpuffs.fuse.protocol.ReplyEncoder;
import org.jpuffs.fuse.protocol.Request;
import org.jpuffs.kernel.Call;
import org.jpuffs.kernel.CreateReply;
import org.jpuffs.kernel.NodeAttributes;
import org.jpuffs.kernel.NodeLayer;
import org.jpuffs.kernel.NotificationChannel;
import org.jpuffs.kernel.OpenReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves each node and file-system request through the node layer and encodes the answer's body
 * into a reply buffer, after the out header's 16 bytes. One method per kind of request; the
 * dispatcher owns framing, errors, interrupts and threads.
 */
final class Operations {
    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);
    private static final int H = FuseAbi.OUT_HEADER;

    private final NodeLayer layer;
    private final NotificationChannel notifications;
    private final Negotiated agreed;
    private final NameCache names = new NameCache(1024);

    Operations(NodeLayer layer, NotificationChannel notifications, Negotiated agreed) {
        this.layer = layer;
        this.notifications = notifications;
        this.agreed = agreed;
    }

    /**
     * Serves a request {@link HotRequests#accept} took, reading its fields straight from the frame.
     *
     * @return the body's length after the header
     * @throws IOException the errno to answer
     */
    int serveHot(Running run, MemorySegment frame, int length, ReplyBuffer out) throws IOException {
        MemorySegment seg = out.segment;
        Call c = run.call;
        long node = run.nodeId;
        int b = HotRequests.BODY;
        return switch (run.op) {
            case GETATTR -> {
                boolean withFh = (frame.get(JAVA_INT_UNALIGNED, b) & FuseAbi.GETATTR_FH) != 0;
                yield ReplyEncoder.attrOut(seg, H,
                        layer.getAttr(c, node, withFh ? frame.get(JAVA_LONG_UNALIGNED, b + 8) : 0));
            }
            case LOOKUP -> {
                int nul = HotRequests.nameEnd(frame, HotRequests.end(frame, length));
                yield ReplyEncoder.entry(seg, H, layer.lookup(c, node, names.name(frame, b, nul)));
            }
            case READ -> read(c, node, frame.get(JAVA_LONG_UNALIGNED, b), frame.get(JAVA_LONG_UNALIGNED, b + 8),
                    frame.get(JAVA_INT_UNALIGNED, b + 16), out);
            case WRITE -> ReplyEncoder.u32Out(seg, H, layer.write(c, node, frame.get(JAVA_LONG_UNALIGNED, b),
                    frame.get(JAVA_LONG_UNALIGNED, b + 8),
                    run.window(frame, b + FuseAbi.WRITE_IN, frame.get(JAVA_INT_UNALIGNED, b + 16))));
            case null, default -> throw new IllegalStateException("not a hot request: " + run.opName());
        };
    }

    /**
     * The mode a new node is created with. The kernel applies the umask itself unless DONT_MASK was
     * agreed (with POSIX ACLs): then Linux's rule is the dispatcher's to apply, umask only when the
     * parent has no default ACL (with one, the server intersects the mode with the default ACL,
     * which takes the umask's place). A parent whose default ACL cannot be read counts as having
     * none.
     */
    private int masked(Call c, long parent, int mode, int umask) {
        if (!agreed.has(InitFlag.DONT_MASK) || (mode & ~umask) == mode) {
            return mode;
        }
        try {
            layer.getXattr(c, parent, DEFAULT_ACL);
            return mode;
        } catch (IOException | RuntimeException e) {
            return mode & ~umask;
        }
    }

    private static final String DEFAULT_ACL = "system.posix_acl_default";

    /** {@link #undo} for a request served by {@link #serveHot}: a LOOKUP's entry. */
    void undoHot(Running run, ReplyBuffer out) {
        if (run.op == Opcode.LOOKUP) {
            forgetEntry(out.segment, H);
        }
    }

    /**
     * Serves one request.
     *
     * @return the body's length after the header
     * @throws IOException the errno to answer
     */
    int serve(long node, Request r, Call c, ReplyBuffer out) throws IOException {
        MemorySegment seg = out.segment;
        return switch (r) {
            case Request.Lookup q -> ReplyEncoder.entry(seg, H, layer.lookup(c, node, q.name()));
            case Request.GetAttr q -> ReplyEncoder.attrOut(seg, H, layer.getAttr(c, node, q.fh()));
            case Request.Statx q -> ReplyEncoder.statxOut(seg, H, layer.getAttr(c, node, q.fh()));
            case Request.SetAttr q -> ReplyEncoder.attrOut(seg, H, layer.setAttr(c, node, q.fh(), q.changes()));
            case Request.ReadLink q -> bytes(out, layer.readLink(c, node), Integer.MAX_VALUE);
            case Request.Symlink q -> ReplyEncoder.entry(seg, H, layer.symlink(c, node, q.name(), q.target()));
            case Request.Mknod q -> ReplyEncoder.entry(seg, H,
                    layer.mknod(c, node, q.name(), masked(c, node, q.mode(), q.umask()), q.rdev()));
            case Request.Mkdir q -> ReplyEncoder.entry(seg, H,
                    layer.mkdir(c, node, q.name(), masked(c, node, q.mode(), q.umask())));
            case Request.Unlink q -> {
                layer.unlink(c, node, q.name());
                yield 0;
            }
            case Request.Rmdir q -> {
                layer.rmdir(c, node, q.name());
                yield 0;
            }
            case Request.Rename q -> {
                layer.rename(c, node, q.name(), q.newParent(), q.newName(), renameFlags(q.flags()));
                yield 0;
            }
            case Request.Link q -> ReplyEncoder.entry(seg, H, layer.link(c, q.oldNodeId(), node, q.newName()));
            case Request.Open q -> open(c, node, q.flags(), false, out);
            case Request.OpenDir q -> open(c, node, q.flags(), true, out);
            case Request.Read q -> read(c, node, q.fh(), q.offset(), q.size(), out);
            case Request.Write q -> ReplyEncoder.u32Out(seg, H,
                    layer.write(c, node, q.fh(), q.offset(), q.data().asByteBuffer()));
            case Request.StatFs q -> ReplyEncoder.statfsOut(seg, H, layer.statFs(c, node));
            case Request.Release q -> {
                if (q.dir()) {
                    layer.releaseDir(c, node, q.fh());
                } else {
                    layer.release(c, node, q.fh(), new OpenFlags(q.flags()));
                }
                yield 0;
            }
            case Request.Fsync q -> {
                if (q.dir()) {
                    layer.fsyncDir(c, node, q.fh(), q.dataOnly());
                } else {
                    layer.fsync(c, node, q.fh(), q.dataOnly());
                }
                yield 0;
            }
            case Request.Flush q -> {
                layer.flush(c, node, q.fh(), q.lockOwner());
                yield 0;
            }
            case Request.SetXattr q -> {
                layer.setXattr(c, node, q.name(), q.value().asByteBuffer(), xattrMode(q.flags()));
                yield 0;
            }
            case Request.GetXattr q -> sized(out, layer.getXattr(c, node, q.name()), q.size());
            case Request.ListXattr q -> sized(out, nulSeparated(layer.listXattr(c, node)), q.size());
            case Request.RemoveXattr q -> {
                layer.removeXattr(c, node, q.name());
                yield 0;
            }
            case Request.ReadDir q -> q.plus() ? readDirPlus(c, node, q, out) : readDir(c, node, q, out);
            case Request.LockOp q -> lock(c, node, q, out);
            case Request.Access q -> {
                layer.access(c, node, q.mask());
                yield 0;
            }
            case Request.Create q -> {
                int mode = masked(c, node, q.mode(), q.umask());
                CreateReply cr = q.name() == null
                        ? layer.tmpfile(c, node, mode, new OpenFlags(q.flags()))
                        : layer.create(c, node, q.name(), mode, new OpenFlags(q.flags()));
                int n = ReplyEncoder.entry(seg, H, cr.entry());
                yield n + ReplyEncoder.openOut(seg, H + n, cr.open(), 0);
            }
            case Request.Ioctl q -> ioctl(c, node, q, out);
            case Request.Poll q -> {
                PollWaker waker = (q.flags() & FuseAbi.POLL_SCHEDULE_NOTIFY) != 0 ? waker(q.kernelHandle()) : null;
                yield ReplyEncoder.u32Out(seg, H, layer.poll(c, node, q.fh(), q.events(), waker));
            }
            case Request.Fallocate q -> {
                layer.fallocate(c, node, q.fh(), fallocateMode(q.mode()), q.offset(), q.length());
                yield 0;
            }
            case Request.Lseek q -> ReplyEncoder.u64Out(seg, H, layer.lseek(c, node, q.fh(), q.offset(), whence(q.whence())));
            case Request.CopyFileRange q -> {
                long n = layer.copyFileRange(c, node, q.fhIn(), q.offIn(), q.nodeIdOut(), q.fhOut(), q.offOut(),
                        q.length(), (int) q.flags());
                if (n < 0 || n > q.length()) {
                    LOG.warn("copyFileRange returned {} for {} bytes ({}): refused with EIO", n, q.length(), c);
                    throw new ErrnoException(Errno.EIO, "copy_file_range result out of range");
                }
                yield q.wide() ? ReplyEncoder.u64Out(seg, H, n) : ReplyEncoder.u32Out(seg, H, (int) n);
            }
            case Request.SyncFs q -> {
                layer.syncFs(c);
                yield 0;
            }
            case Request.Bmap q -> throw new ErrnoException(Errno.ENOSYS);
            case Request.Unsupported q -> throw new ErrnoException(Errno.ENOSYS);
            case Request.Forget q -> throw new IllegalStateException("served by the dispatcher");
            case Request.BatchForget q -> throw new IllegalStateException("served by the dispatcher");
            case Request.Init q -> throw new IllegalStateException("served by the dispatcher");
            case Request.Interrupt q -> throw new IllegalStateException("served by the dispatcher");
            case Request.Destroy q -> throw new IllegalStateException("served by the dispatcher");
            case Request.NotifyReply q -> throw new IllegalStateException("served by the dispatcher");
        };
    }

    /**
     * Takes back what a successful answer gave the kernel when the kernel dropped that answer: one
     * lookup per entry (LOOKUP, MKNOD, MKDIR, SYMLINK, LINK, CREATE, TMPFILE, each READDIRPLUS
     * entry) and the handle of a CREATE, OPEN or OPENDIR.
     */
    void undo(long node, Request r, Call c, ReplyBuffer out, int bodyLength) {
        MemorySegment seg = out.segment;
        switch (r) {
            case Request.Lookup q -> forgetEntry(seg, H);
            case Request.Mknod q -> forgetEntry(seg, H);
            case Request.Mkdir q -> forgetEntry(seg, H);
            case Request.Symlink q -> forgetEntry(seg, H);
            case Request.Link q -> forgetEntry(seg, H);
            case Request.Create q -> {
                long nodeId = seg.get(JAVA_LONG_UNALIGNED, H);
                layer.release(c, nodeId, seg.get(JAVA_LONG_UNALIGNED,
                        H + FuseAbi.ENTRY_OUT), new OpenFlags(q.flags()));
                forgetEntry(seg, H);
            }
            case Request.Open q -> layer.release(c, node,
                    seg.get(JAVA_LONG_UNALIGNED, H), new OpenFlags(q.flags()));
            case Request.OpenDir q -> layer.releaseDir(c, node,
                    seg.get(JAVA_LONG_UNALIGNED, H));
            case Request.ReadDir q when q.plus() -> forgetEntries(seg, H + bodyLength);
            default -> {
            }
        }
    }

    /** One lookup back for each direntplus encoded between the header and {@code end}. */
    private void forgetEntries(MemorySegment seg, long end) {
        long at = H;
        while (at + FuseAbi.DIRENTPLUS <= end) {
            forgetEntry(seg, at);
            int nameLength = seg.get(JAVA_INT_UNALIGNED, at + FuseAbi.ENTRY_OUT + 16);
            at += ReplyEncoder.direntSize(nameLength, true);
        }
    }

    private void forgetEntry(MemorySegment seg, long entryOffset) {
        long nodeId = seg.get(JAVA_LONG_UNALIGNED, entryOffset);
        if (nodeId != 0) {
            layer.forget(nodeId, 1);
        }
    }

    private int open(Call c, long node, int flags, boolean dir, ReplyBuffer out) throws IOException {
        OpenReply o;
        try {
            o = dir ? layer.openDir(c, node, new OpenFlags(flags)) : layer.open(c, node, new OpenFlags(flags));
        } catch (ErrnoException e) {
            // ENOSYS makes the kernel open statelessly for the rest of the mount, but only a kernel
            // offering NO_OPEN(DIR)_SUPPORT knows that; for an older one the stateless open is ours to fake
            if (e.errno() != Errno.ENOSYS || agreed.has(dir ? InitFlag.NO_OPENDIR_SUPPORT : InitFlag.NO_OPEN_SUPPORT)) {
                throw e;
            }
            o = new OpenReply(0, Set.of());
        }
        return ReplyEncoder.openOut(out.segment, H, o, 0);
    }

    private int read(Call c, long node, long fh, long offset, int size, ReplyBuffer out) throws IOException {
        if (size < 0 || size > out.capacity() - H) {
            throw new ErrnoException(Errno.EINVAL, "read of " + Integer.toUnsignedString(size) + " bytes");
        }
        ByteBuffer window = out.window(H, size);
        layer.read(c, node, fh, offset, window);
        int n = window.position() - H;
        if (n < 0 || n > size) {
            LOG.warn("read of {} bytes answered {} ({}): refused with EIO", size, n, c);
            throw new ErrnoException(Errno.EIO, "read reply longer than asked");
        }
        return n;
    }

    private int readDir(Call c, long node, Request.ReadDir q, ReplyBuffer out) throws IOException {
        MemorySegment seg = out.segment;
        long limit = H + Math.min(Integer.toUnsignedLong(q.size()), out.capacity() - H);
        int[] end = {H};
        layer.readDir(c, node, q.fh(), q.offset(), d -> {
            int n = ReplyEncoder.dirent(seg, end[0], limit, d);
            end[0] += n;
            return n > 0;
        });
        return end[0] - H;
    }

    private int readDirPlus(Call c, long node, Request.ReadDir q, ReplyBuffer out) throws IOException {
        MemorySegment seg = out.segment;
        long limit = H + Math.min(Integer.toUnsignedLong(q.size()), out.capacity() - H);
        int[] end = {H};
        try {
            layer.readDirPlus(c, node, q.fh(), q.offset(), (d, e) -> {
                int n = ReplyEncoder.direntPlus(seg, end[0], limit, d, e);
                end[0] += n;
                return n > 0;
            });
        } catch (IOException | RuntimeException e) {
            // the entries taken so far each counted a lookup, but the kernel gets the error, not them
            forgetEntries(seg, end[0]);
            throw e;
        }
        return end[0] - H;
    }

    private int lock(Call c, long node, Request.LockOp q, ReplyBuffer out) throws IOException {
        if (q.op() == Opcode.GETLK) {
            Lock conflict = layer.getLock(c, node, q.fh(), q.lock());
            return ReplyEncoder.lkOut(out.segment, H, conflict == null ? Lock.none() : conflict);
        }
        layer.setLock(c, node, q.fh(), q.lock(), q.op() == Opcode.SETLKW);
        return 0;
    }

    private int ioctl(Call c, long node, Request.Ioctl q, ReplyBuffer out) throws IOException {
        if ((q.flags() & FuseAbi.IOCTL_UNRESTRICTED) != 0) {
            throw new ErrnoException(Errno.ENOSYS, "unrestricted ioctl");
        }
        IoctlResult r = layer.ioctl(c, node, q.fh(), q.command(), q.input().asByteBuffer(), q.outSize());
        byte[] output = r.output() == null ? new byte[0] : r.output();
        if (output.length > q.outSize() || output.length > out.capacity() - H - FuseAbi.IOCTL_OUT) {
            LOG.warn("ioctl {} answered {} bytes for {} ({}): refused with EIO", q.command(), output.length,
                    q.outSize(), c);
            throw new ErrnoException(Errno.EIO, "ioctl output longer than asked");
        }
        int n = ReplyEncoder.ioctlOut(out.segment, H, r.result());
        MemorySegment.copy(output, 0, out.segment, JAVA_BYTE, H + n, output.length);
        return n + output.length;
    }

    private PollWaker waker(long kernelHandle) {
        return () -> {
            try {
                if (notifications == null) {
                    throw new ErrnoException(Errno.ENOSYS, "no notification channel");
                }
                notifications.pollWakeup(kernelHandle);
            } catch (ErrnoException e) {
                LOG.debug("poll wakeup for kh {} not sent: {}", kernelHandle, e.getMessage());
            }
        };
    }

    /** READLINK: the target as the body, refusing one longer than the buffer. */
    private static int bytes(ReplyBuffer out, byte[] data, int max) throws ErrnoException {
        if (data.length > Math.min(max, out.capacity() - H)) {
            throw new ErrnoException(Errno.ENAMETOOLONG, data.length + " bytes");
        }
        MemorySegment.copy(data, 0, out.segment, JAVA_BYTE, H, data.length);
        return data.length;
    }

    /** GETXATTR/LISTXATTR: size 0 asks for the size; a value longer than size is ERANGE. */
    private static int sized(ReplyBuffer out, byte[] value, int size) throws ErrnoException {
        if (size == 0) {
            return ReplyEncoder.u32Out(out.segment, H, value.length);
        }
        if (value.length > Integer.toUnsignedLong(size)) {
            throw new ErrnoException(Errno.ERANGE, value.length + " bytes for a buffer of " + size);
        }
        if (value.length > out.capacity() - H) {
            throw new ErrnoException(Errno.E2BIG, value.length + " bytes");
        }
        MemorySegment.copy(value, 0, out.segment, JAVA_BYTE, H, value.length);
        return value.length;
    }

    private static byte[] nulSeparated(List<String> names) {
        int total = 0;
        byte[][] encoded = new byte[names.size()][];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = names.get(i).getBytes(StandardCharsets.UTF_8);
            total += encoded[i].length + 1;
        }
        byte[] all = new byte[total];
        int at = 0;
        for (byte[] e : encoded) {
            System.arraycopy(e, 0, all, at, e.length);
            at += e.length + 1;
        }
        return all;
    }

    private static Set<RenameFlag> renameFlags(int flags) throws ErrnoException {
        if ((flags & ~7) != 0) {
            throw new ErrnoException(Errno.EINVAL, "rename flags " + flags);
        }
        EnumSet<RenameFlag> set = EnumSet.noneOf(RenameFlag.class);
        if ((flags & 1) != 0) {
            set.add(RenameFlag.NOREPLACE);
        }
        if ((flags & 2) != 0) {
            set.add(RenameFlag.EXCHANGE);
        }
        if ((flags & 4) != 0) {
            set.add(RenameFlag.WHITEOUT);
        }
        return set;
    }

    private static XattrMode xattrMode(int flags) throws ErrnoException {
        return switch (flags) {
            case 0 -> XattrMode.ANY;
            case 1 -> XattrMode.CREATE;
            case 2 -> XattrMode.REPLACE;
            default -> throw new ErrnoException(Errno.EINVAL, "setxattr flags " + flags);
        };
    }

    private static Set<FallocateMode> fallocateMode(int mode) throws ErrnoException {
        EnumSet<FallocateMode> set = EnumSet.noneOf(FallocateMode.class);
        int rest = mode;
        if ((mode & 0x01) != 0) {
            set.add(FallocateMode.KEEP_SIZE);
            rest &= ~0x01;
        }
        if ((mode & 0x02) != 0) {
            set.add(FallocateMode.PUNCH_HOLE);
            rest &= ~0x02;
        }
        if ((mode & 0x08) != 0) {
            set.add(FallocateMode.COLLAPSE_RANGE);
            rest &= ~0x08;
        }
        if ((mode & 0x10) != 0) {
            set.add(FallocateMode.ZERO_RANGE);
            rest &= ~0x10;
        }
        if ((mode & 0x20) != 0) {
            set.add(FallocateMode.INSERT_RANGE);
            rest &= ~0x20;
        }
        if (rest != 0) {
            throw new ErrnoException(Errno.EOPNOTSUPP, "fallocate mode " + mode);
        }
        return set;
    }

    private static Whence whence(int whence) throws ErrnoException {
        return switch (whence) {
            case 3 -> Whence.DATA;
            case 4 -> Whence.HOLE;
            default -> throw new ErrnoException(Errno.EINVAL, "lseek whence " + whence);
        };
    }
}
