package org.jpuffs.fuse.protocol;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import org.jpuffs.AttrField;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileName;
import org.jpuffs.Lock;
import org.jpuffs.LockType;
import org.jpuffs.SetAttributes;

/**
 * Decodes request frames into {@link Request} records. Pure: reads the frame, keeps nothing. The
 * only negotiated detail that changes a request layout at minor 31..45 is the SETXATTR struct
 * (FUSE_SETXATTR_EXT), set once INIT is agreed.
 */
public final class RequestDecoder {
    private volatile boolean setxattrExt;

    /**
     * Chooses the SETXATTR layout.
     *
     * @param extended true once FUSE_SETXATTR_EXT is agreed
     */
    public void setxattrExtended(boolean extended) {
        this.setxattrExt = extended;
    }

    /**
     * Decodes the body of a frame whose header was read.
     *
     * @param h the header
     * @param frame the frame
     * @param length the bytes read
     * @return the request
     * @throws MalformedFrameException when the frame does not hold what its opcode needs
     */
    public Request decode(InHeader h, MemorySegment frame, int length) throws MalformedFrameException {
        if (h.len() != length) {
            throw new MalformedFrameException(h.unique(),
                    "header says " + h.len() + " bytes, frame has " + length);
        }
        int end = length - h.totalExtlen() * 8;
        if (end < FuseAbi.IN_HEADER) {
            throw new MalformedFrameException(h.unique(), "extensions longer than the frame");
        }
        Opcode op = h.op();
        if (op == null) {
            return new Request.Unsupported(h.opcode());
        }
        int b = FuseAbi.IN_HEADER;
        return switch (op) {
            case LOOKUP -> new Request.Lookup(name(h, frame, b, end));
            case FORGET -> {
                need(h, end, 8);
                yield new Request.Forget(frame.get(JAVA_LONG_UNALIGNED, b));
            }
            case BATCH_FORGET -> batchForget(h, frame, end);
            case GETATTR -> {
                need(h, end, 16);
                int flags = frame.get(JAVA_INT_UNALIGNED, b);
                yield new Request.GetAttr((flags & FuseAbi.GETATTR_FH) != 0 ? frame.get(JAVA_LONG_UNALIGNED, b + 8) : 0);
            }
            case SETATTR -> setAttr(h, frame, end);
            case READLINK -> new Request.ReadLink();
            case SYMLINK -> {
                int nul = nul(h, frame, b, end);
                FileName name = fileName(h, frame, b, nul);
                int tnul = nul(h, frame, nul + 1, end);
                yield new Request.Symlink(name, frame.asSlice(nul + 1, tnul - nul - 1).toArray(JAVA_BYTE));
            }
            case MKNOD -> {
                need(h, end, 16);
                yield new Request.Mknod(name(h, frame, b + 16, end), frame.get(JAVA_INT_UNALIGNED, b),
                        Integer.toUnsignedLong(frame.get(JAVA_INT_UNALIGNED, b + 4)),
                        frame.get(JAVA_INT_UNALIGNED, b + 8));
            }
            case MKDIR -> {
                need(h, end, 8);
                yield new Request.Mkdir(name(h, frame, b + 8, end), frame.get(JAVA_INT_UNALIGNED, b),
                        frame.get(JAVA_INT_UNALIGNED, b + 4));
            }
            case UNLINK -> new Request.Unlink(name(h, frame, b, end));
            case RMDIR -> new Request.Rmdir(name(h, frame, b, end));
            case RENAME -> rename(h, frame, end, 8, false);
            case RENAME2 -> rename(h, frame, end, 16, true);
            case LINK -> {
                need(h, end, 8);
                yield new Request.Link(frame.get(JAVA_LONG_UNALIGNED, b), name(h, frame, b + 8, end));
            }
            case OPEN -> {
                need(h, end, 8);
                yield new Request.Open(frame.get(JAVA_INT_UNALIGNED, b), frame.get(JAVA_INT_UNALIGNED, b + 4));
            }
            case OPENDIR -> {
                need(h, end, 8);
                yield new Request.OpenDir(frame.get(JAVA_INT_UNALIGNED, b), frame.get(JAVA_INT_UNALIGNED, b + 4));
            }
            case READ -> {
                need(h, end, 40);
                yield new Request.Read(frame.get(JAVA_LONG_UNALIGNED, b), frame.get(JAVA_LONG_UNALIGNED, b + 8),
                        frame.get(JAVA_INT_UNALIGNED, b + 16), frame.get(JAVA_INT_UNALIGNED, b + 20),
                        frame.get(JAVA_LONG_UNALIGNED, b + 24), frame.get(JAVA_INT_UNALIGNED, b + 32));
            }
            case WRITE -> write(h, frame, end);
            case STATFS -> new Request.StatFs();
            case RELEASE, RELEASEDIR -> {
                need(h, end, 24);
                yield new Request.Release(frame.get(JAVA_LONG_UNALIGNED, b), frame.get(JAVA_INT_UNALIGNED, b + 8),
                        frame.get(JAVA_INT_UNALIGNED, b + 12), frame.get(JAVA_LONG_UNALIGNED, b + 16),
                        op == Opcode.RELEASEDIR);
            }
            case FSYNC, FSYNCDIR -> {
                need(h, end, 16);
                yield new Request.Fsync(frame.get(JAVA_LONG_UNALIGNED, b),
                        (frame.get(JAVA_INT_UNALIGNED, b + 8) & FuseAbi.FSYNC_FDATASYNC) != 0, op == Opcode.FSYNCDIR);
            }
            case SETXATTR -> setXattr(h, frame, end);
            case GETXATTR -> {
                need(h, end, 8);
                yield new Request.GetXattr(xattrName(h, frame, b + 8, end), frame.get(JAVA_INT_UNALIGNED, b));
            }
            case LISTXATTR -> {
                need(h, end, 8);
                yield new Request.ListXattr(frame.get(JAVA_INT_UNALIGNED, b));
            }
            case REMOVEXATTR -> new Request.RemoveXattr(xattrName(h, frame, b, end));
            case FLUSH -> {
                need(h, end, 24);
                yield new Request.Flush(frame.get(JAVA_LONG_UNALIGNED, b), frame.get(JAVA_LONG_UNALIGNED, b + 16));
            }
            case INIT -> init(h, frame, end);
            case READDIR, READDIRPLUS -> {
                need(h, end, 24);
                yield new Request.ReadDir(frame.get(JAVA_LONG_UNALIGNED, b), frame.get(JAVA_LONG_UNALIGNED, b + 8),
                        frame.get(JAVA_INT_UNALIGNED, b + 16), op == Opcode.READDIRPLUS);
            }
            case GETLK, SETLK, SETLKW -> lock(h, frame, end, op);
            case ACCESS -> {
                need(h, end, 8);
                yield new Request.Access(frame.get(JAVA_INT_UNALIGNED, b));
            }
            case CREATE -> {
                need(h, end, 16);
                yield new Request.Create(name(h, frame, b + 16, end), frame.get(JAVA_INT_UNALIGNED, b),
                        frame.get(JAVA_INT_UNALIGNED, b + 4), frame.get(JAVA_INT_UNALIGNED, b + 8),
                        frame.get(JAVA_INT_UNALIGNED, b + 12));
            }
            case TMPFILE -> {
                // the kernel names the unnamed dentry "/", which is no file name: skip it, but it must be there
                need(h, end, 16);
                nul(h, frame, b + 16, end);
                yield new Request.Create(null, frame.get(JAVA_INT_UNALIGNED, b), frame.get(JAVA_INT_UNALIGNED, b + 4),
                        frame.get(JAVA_INT_UNALIGNED, b + 8), frame.get(JAVA_INT_UNALIGNED, b + 12));
            }
            case INTERRUPT -> {
                need(h, end, 8);
                yield new Request.Interrupt(frame.get(JAVA_LONG_UNALIGNED, b));
            }
            case BMAP -> {
                need(h, end, 16);
                yield new Request.Bmap(frame.get(JAVA_LONG_UNALIGNED, b), frame.get(JAVA_INT_UNALIGNED, b + 8));
            }
            case DESTROY -> new Request.Destroy();
            case IOCTL -> ioctl(h, frame, end);
            case POLL -> {
                need(h, end, 24);
                yield new Request.Poll(frame.get(JAVA_LONG_UNALIGNED, b), frame.get(JAVA_LONG_UNALIGNED, b + 8),
                        frame.get(JAVA_INT_UNALIGNED, b + 16), frame.get(JAVA_INT_UNALIGNED, b + 20));
            }
            case NOTIFY_REPLY -> {
                need(h, end, FuseAbi.WRITE_IN);
                int size = frame.get(JAVA_INT_UNALIGNED, b + 16);
                if (size < 0 || size > end - b - FuseAbi.WRITE_IN) {
                    throw new MalformedFrameException(0, "notify reply of " + size + " bytes is longer than its frame");
                }
                yield new Request.NotifyReply(frame.get(JAVA_LONG_UNALIGNED, b + 8),
                        frame.asSlice(b + FuseAbi.WRITE_IN, size));
            }
            case FALLOCATE -> {
                need(h, end, 32);
                yield new Request.Fallocate(frame.get(JAVA_LONG_UNALIGNED, b), frame.get(JAVA_LONG_UNALIGNED, b + 8),
                        frame.get(JAVA_LONG_UNALIGNED, b + 16), frame.get(JAVA_INT_UNALIGNED, b + 24));
            }
            case LSEEK -> {
                need(h, end, 24);
                yield new Request.Lseek(frame.get(JAVA_LONG_UNALIGNED, b), frame.get(JAVA_LONG_UNALIGNED, b + 8),
                        frame.get(JAVA_INT_UNALIGNED, b + 16));
            }
            case COPY_FILE_RANGE, COPY_FILE_RANGE_64 -> {
                need(h, end, 56);
                yield new Request.CopyFileRange(frame.get(JAVA_LONG_UNALIGNED, b),
                        frame.get(JAVA_LONG_UNALIGNED, b + 8), frame.get(JAVA_LONG_UNALIGNED, b + 16),
                        frame.get(JAVA_LONG_UNALIGNED, b + 24), frame.get(JAVA_LONG_UNALIGNED, b + 32),
                        frame.get(JAVA_LONG_UNALIGNED, b + 40), frame.get(JAVA_LONG_UNALIGNED, b + 48),
                        op == Opcode.COPY_FILE_RANGE_64);
            }
            case STATX -> {
                need(h, end, 24);
                int flags = frame.get(JAVA_INT_UNALIGNED, b);
                yield new Request.Statx((flags & FuseAbi.GETATTR_FH) != 0 ? frame.get(JAVA_LONG_UNALIGNED, b + 8) : 0,
                        frame.get(JAVA_INT_UNALIGNED, b + 16), frame.get(JAVA_INT_UNALIGNED, b + 20));
            }
            case SYNCFS -> new Request.SyncFs();
            case SETUPMAPPING, REMOVEMAPPING, CUSE_INIT -> new Request.Unsupported(h.opcode());
        };
    }

    private static Request batchForget(InHeader h, MemorySegment frame, int end) throws MalformedFrameException {
        int b = FuseAbi.IN_HEADER;
        need(h, end, 8);
        int count = frame.get(JAVA_INT_UNALIGNED, b);
        if (count < 0 || (long) count * 16 > end - b - 8) {
            throw new MalformedFrameException(0, "batch forget of " + count + " nodes is longer than its frame");
        }
        long[] ids = new long[count];
        long[] counts = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = frame.get(JAVA_LONG_UNALIGNED, b + 8 + 16L * i);
            counts[i] = frame.get(JAVA_LONG_UNALIGNED, b + 16 + 16L * i);
        }
        return new Request.BatchForget(ids, counts);
    }

    private static Request setAttr(InHeader h, MemorySegment frame, int end) throws MalformedFrameException {
        int b = FuseAbi.IN_HEADER;
        need(h, end, 88);
        int valid = frame.get(JAVA_INT_UNALIGNED, b);
        EnumSet<AttrField> fields = EnumSet.noneOf(AttrField.class);
        if ((valid & FuseAbi.FATTR_MODE) != 0) {
            fields.add(AttrField.MODE);
        }
        if ((valid & FuseAbi.FATTR_UID) != 0) {
            fields.add(AttrField.UID);
        }
        if ((valid & FuseAbi.FATTR_GID) != 0) {
            fields.add(AttrField.GID);
        }
        if ((valid & FuseAbi.FATTR_SIZE) != 0) {
            fields.add(AttrField.SIZE);
        }
        Instant atime = null;
        Instant mtime = null;
        Instant ctime = null;
        if ((valid & FuseAbi.FATTR_ATIME_NOW) != 0) {
            fields.add(AttrField.ATIME_NOW);
        } else if ((valid & FuseAbi.FATTR_ATIME) != 0) {
            fields.add(AttrField.ATIME);
            atime = instant(frame.get(JAVA_LONG_UNALIGNED, b + 32), frame.get(JAVA_INT_UNALIGNED, b + 56));
        }
        if ((valid & FuseAbi.FATTR_MTIME_NOW) != 0) {
            fields.add(AttrField.MTIME_NOW);
        } else if ((valid & FuseAbi.FATTR_MTIME) != 0) {
            fields.add(AttrField.MTIME);
            mtime = instant(frame.get(JAVA_LONG_UNALIGNED, b + 40), frame.get(JAVA_INT_UNALIGNED, b + 60));
        }
        if ((valid & FuseAbi.FATTR_CTIME) != 0) {
            fields.add(AttrField.CTIME);
            ctime = instant(frame.get(JAVA_LONG_UNALIGNED, b + 48), frame.get(JAVA_INT_UNALIGNED, b + 64));
        }
        if ((valid & FuseAbi.FATTR_KILL_SUIDGID) != 0) {
            fields.add(AttrField.KILL_SUIDGID);
        }
        long fh = (valid & FuseAbi.FATTR_FH) != 0 ? frame.get(JAVA_LONG_UNALIGNED, b + 8) : 0;
        long owner = (valid & FuseAbi.FATTR_LOCKOWNER) != 0 ? frame.get(JAVA_LONG_UNALIGNED, b + 24) : 0;
        SetAttributes changes = new SetAttributes(fields, frame.get(JAVA_INT_UNALIGNED, b + 68) & 07777,
                frame.get(JAVA_INT_UNALIGNED, b + 76), frame.get(JAVA_INT_UNALIGNED, b + 80),
                frame.get(JAVA_LONG_UNALIGNED, b + 16), atime, mtime, ctime);
        return new Request.SetAttr(fh, changes, owner);
    }

    private static Instant instant(long seconds, int nanos) {
        return Instant.ofEpochSecond(seconds, Integer.toUnsignedLong(nanos) % 1_000_000_000L);
    }

    private static Request rename(InHeader h, MemorySegment frame, int end, int fixed, boolean two)
            throws MalformedFrameException {
        int b = FuseAbi.IN_HEADER;
        need(h, end, fixed);
        int nul = nul(h, frame, b + fixed, end);
        FileName name = fileName(h, frame, b + fixed, nul);
        FileName newName = name(h, frame, nul + 1, end);
        return new Request.Rename(frame.get(JAVA_LONG_UNALIGNED, b), name, newName,
                two ? frame.get(JAVA_INT_UNALIGNED, b + 8) : 0);
    }

    private static Request write(InHeader h, MemorySegment frame, int end) throws MalformedFrameException {
        int b = FuseAbi.IN_HEADER;
        need(h, end, FuseAbi.WRITE_IN);
        int size = frame.get(JAVA_INT_UNALIGNED, b + 16);
        if (size < 0 || size != end - b - FuseAbi.WRITE_IN) {
            throw new MalformedFrameException(h.unique(),
                    "write of " + size + " bytes in a frame carrying " + (end - b - FuseAbi.WRITE_IN));
        }
        return new Request.Write(frame.get(JAVA_LONG_UNALIGNED, b), frame.get(JAVA_LONG_UNALIGNED, b + 8),
                frame.get(JAVA_INT_UNALIGNED, b + 20), frame.get(JAVA_LONG_UNALIGNED, b + 24),
                frame.get(JAVA_INT_UNALIGNED, b + 32), frame.asSlice(b + FuseAbi.WRITE_IN, size));
    }

    private Request setXattr(InHeader h, MemorySegment frame, int end) throws MalformedFrameException {
        int b = FuseAbi.IN_HEADER;
        int fixed = setxattrExt ? FuseAbi.SETXATTR_IN : FuseAbi.SETXATTR_IN_COMPAT;
        need(h, end, fixed);
        int size = frame.get(JAVA_INT_UNALIGNED, b);
        int nul = nul(h, frame, b + fixed, end);
        String name = new String(frame.asSlice(b + fixed, nul - b - fixed).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
        if (size < 0 || size > end - nul - 1) {
            throw new MalformedFrameException(h.unique(), "xattr value of " + size + " bytes is missing");
        }
        return new Request.SetXattr(name, frame.asSlice(nul + 1, size), frame.get(JAVA_INT_UNALIGNED, b + 4),
                setxattrExt ? frame.get(JAVA_INT_UNALIGNED, b + 8) : 0);
    }

    private static Request init(InHeader h, MemorySegment frame, int end) throws MalformedFrameException {
        int b = FuseAbi.IN_HEADER;
        need(h, end, FuseAbi.INIT_IN_COMPAT);
        long flags = Integer.toUnsignedLong(frame.get(JAVA_INT_UNALIGNED, b + 12));
        if ((flags & InitFlag.INIT_EXT.mask()) != 0 && end - b >= FuseAbi.INIT_IN_COMPAT + 4) {
            flags |= Integer.toUnsignedLong(frame.get(JAVA_INT_UNALIGNED, b + 16)) << 32;
        }
        return new Request.Init(frame.get(JAVA_INT_UNALIGNED, b), frame.get(JAVA_INT_UNALIGNED, b + 4),
                frame.get(JAVA_INT_UNALIGNED, b + 8), flags);
    }

    private static Request lock(InHeader h, MemorySegment frame, int end, Opcode op) throws MalformedFrameException {
        int b = FuseAbi.IN_HEADER;
        need(h, end, 48);
        LockType type = switch (frame.get(JAVA_INT_UNALIGNED, b + 32)) {
            case FuseAbi.F_RDLCK -> LockType.READ;
            case FuseAbi.F_WRLCK -> LockType.WRITE;
            case FuseAbi.F_UNLCK -> LockType.UNLOCK;
            default -> throw new MalformedFrameException(h.unique(), org.jpuffs.Errno.EINVAL, "unknown lock type");
        };
        boolean flock = (frame.get(JAVA_INT_UNALIGNED, b + 40) & FuseAbi.LK_FLOCK) != 0;
        Lock lock = new Lock(type, frame.get(JAVA_LONG_UNALIGNED, b + 16), frame.get(JAVA_LONG_UNALIGNED, b + 24),
                frame.get(JAVA_INT_UNALIGNED, b + 36), frame.get(JAVA_LONG_UNALIGNED, b + 8), flock);
        return new Request.LockOp(frame.get(JAVA_LONG_UNALIGNED, b), lock, op);
    }

    private static Request ioctl(InHeader h, MemorySegment frame, int end) throws MalformedFrameException {
        int b = FuseAbi.IN_HEADER;
        need(h, end, 32);
        int inSize = frame.get(JAVA_INT_UNALIGNED, b + 24);
        if (inSize < 0 || inSize > end - b - 32) {
            throw new MalformedFrameException(h.unique(), "ioctl input of " + inSize + " bytes is missing");
        }
        return new Request.Ioctl(frame.get(JAVA_LONG_UNALIGNED, b), frame.get(JAVA_INT_UNALIGNED, b + 8),
                frame.get(JAVA_INT_UNALIGNED, b + 12), frame.get(JAVA_LONG_UNALIGNED, b + 16),
                frame.asSlice(b + 32, inSize), frame.get(JAVA_INT_UNALIGNED, b + 28));
    }

    private static void need(InHeader h, int end, int bytes) throws MalformedFrameException {
        if (end - FuseAbi.IN_HEADER < bytes) {
            throw new MalformedFrameException(h.unique(), h.op() + " needs " + bytes + " bytes after its header, has "
                    + (end - FuseAbi.IN_HEADER));
        }
    }

    /** The index of the NUL ending the string that starts at {@code from}. */
    private static int nul(InHeader h, MemorySegment frame, int from, int end) throws MalformedFrameException {
        for (int i = from; i < end; i++) {
            if (frame.get(JAVA_BYTE, i) == 0) {
                return i;
            }
        }
        throw new MalformedFrameException(h.unique(), h.op() + ": name without NUL");
    }

    private static FileName name(InHeader h, MemorySegment frame, int from, int end) throws MalformedFrameException {
        return fileName(h, frame, from, nul(h, frame, from, end));
    }

    private static FileName fileName(InHeader h, MemorySegment frame, int from, int nul)
            throws MalformedFrameException {
        try {
            return FileName.ofOwned(frame.asSlice(from, nul - from).toArray(JAVA_BYTE));
        } catch (ErrnoException e) {
            throw new MalformedFrameException(h.unique(), e.errno(), h.op() + ": " + e.getMessage());
        }
    }

    private static String xattrName(InHeader h, MemorySegment frame, int from, int end)
            throws MalformedFrameException {
        int nul = nul(h, frame, from, end);
        return new String(frame.asSlice(from, nul - from).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
    }
}
