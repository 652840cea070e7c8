package org.jpuffs.fuse.protocol;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.Set;
import org.jpuffs.Attributes;
import org.jpuffs.DirEntry;
import org.jpuffs.FileName;
import org.jpuffs.Lock;
import org.jpuffs.OpenOption;
import org.jpuffs.StatFs;
import org.jpuffs.kernel.NodeAttributes;
import org.jpuffs.kernel.NodeEntry;
import org.jpuffs.kernel.OpenReply;

/**
 * Writes reply structs into a segment. Every method writes at an offset and returns the number of
 * bytes written; the caller owns the segment (a pooled off-heap reply buffer) and the out header at
 * offset 0 ({@link #outHeader}). Pure: no I/O, no allocation.
 */
public final class ReplyEncoder {
    private static final long NANOS = 1_000_000_000L;
    private static final OpenOption[] OPEN_OPTIONS = OpenOption.values();
    /** Zeros to copy from: longer than any struct that is cleared before it is filled. */
    private static final MemorySegment ZEROS = MemorySegment.ofArray(new byte[512]);

    private ReplyEncoder() {
    }

    /**
     * {@code struct fuse_out_header}.
     *
     * @param seg the reply
     * @param len the whole reply's length
     * @param error 0 or a negative errno
     * @param unique the request's id
     * @return 16
     */
    public static int outHeader(MemorySegment seg, int len, int error, long unique) {
        seg.set(JAVA_INT_UNALIGNED, 0, len);
        seg.set(JAVA_INT_UNALIGNED, 4, error);
        seg.set(JAVA_LONG_UNALIGNED, 8, unique);
        return FuseAbi.OUT_HEADER;
    }

    /**
     * An error reply: a header with a negative errno.
     *
     * @param seg the reply
     * @param unique the request's id
     * @param errno the positive errno
     * @return 16
     */
    public static int error(MemorySegment seg, long unique, int errno) {
        return outHeader(seg, FuseAbi.OUT_HEADER, -errno, unique);
    }

    /**
     * {@code struct fuse_attr}.
     *
     * @param seg the reply @param off where @param a the attributes @return 88
     */
    public static int attr(MemorySegment seg, long off, Attributes a) {
        seg.set(JAVA_LONG_UNALIGNED, off, a.ino());
        seg.set(JAVA_LONG_UNALIGNED, off + 8, a.size());
        seg.set(JAVA_LONG_UNALIGNED, off + 16, a.blocks());
        time(seg, off + 24, off + 48, a.atime());
        time(seg, off + 32, off + 52, a.mtime());
        time(seg, off + 40, off + 56, a.ctime());
        seg.set(JAVA_INT_UNALIGNED, off + 60, a.mode());
        seg.set(JAVA_INT_UNALIGNED, off + 64, a.nlink());
        seg.set(JAVA_INT_UNALIGNED, off + 68, a.uid());
        seg.set(JAVA_INT_UNALIGNED, off + 72, a.gid());
        seg.set(JAVA_INT_UNALIGNED, off + 76, encodeDev(a.rdev()));
        seg.set(JAVA_INT_UNALIGNED, off + 80, a.blockSize());
        seg.set(JAVA_INT_UNALIGNED, off + 84, 0);
        return FuseAbi.ATTR;
    }

    private static void time(MemorySegment seg, long secOff, long nsecOff, Instant t) {
        seg.set(JAVA_LONG_UNALIGNED, secOff, t == null ? 0 : t.getEpochSecond());
        seg.set(JAVA_INT_UNALIGNED, nsecOff, t == null ? 0 : t.getNano());
    }

    /** Clears {@code length} bytes at {@code off} without making a slice for it. */
    private static void zero(MemorySegment seg, long off, long length) {
        MemorySegment.copy(ZEROS, 0, seg, off, length);
    }

    /**
     * The kernel's 32-bit device number ({@code new_encode_dev}) of a glibc {@code dev_t}; the two
     * agree for majors below 4096, which covers every device in practice.
     */
    static int encodeDev(long dev) {
        long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
        return (int) ((minor & 0xff) | (major << 8) | ((minor & ~0xffL) << 12));
    }

    /**
     * {@code struct fuse_entry_out}; a negative entry has node id 0 and zeroed attributes.
     *
     * @param seg the reply @param off where @param e the entry @return 128
     */
    public static int entry(MemorySegment seg, long off, NodeEntry e) {
        seg.set(JAVA_LONG_UNALIGNED, off, e.nodeId());
        seg.set(JAVA_LONG_UNALIGNED, off + 8, e.generation());
        ttl(seg, off + 16, off + 32, e.entryTtlNanos());
        ttl(seg, off + 24, off + 36, e.attrTtlNanos());
        if (e.attributes() == null) {
            zero(seg, off + 40, FuseAbi.ATTR);
        } else {
            attr(seg, off + 40, e.attributes());
        }
        return FuseAbi.ENTRY_OUT;
    }

    private static void ttl(MemorySegment seg, long secOff, long nsecOff, long nanos) {
        long n = Math.max(0, nanos);
        seg.set(JAVA_LONG_UNALIGNED, secOff, n / NANOS);
        seg.set(JAVA_INT_UNALIGNED, nsecOff, (int) (n % NANOS));
    }

    /**
     * {@code struct fuse_attr_out}.
     *
     * @param seg the reply @param off where @param a the attributes @return 104
     */
    public static int attrOut(MemorySegment seg, long off, NodeAttributes a) {
        ttl(seg, off, off + 8, a.attrTtlNanos());
        seg.set(JAVA_INT_UNALIGNED, off + 12, 0);
        attr(seg, off + 16, a.attributes());
        return FuseAbi.ATTR_OUT;
    }

    /**
     * {@code struct fuse_statx_out}: the basic stats, and the birth time when known.
     *
     * @param seg the reply @param off where @param a the attributes @return 288
     */
    public static int statxOut(MemorySegment seg, long off, NodeAttributes a) {
        zero(seg, off, FuseAbi.STATX_OUT);
        ttl(seg, off, off + 8, a.attrTtlNanos());
        Attributes at = a.attributes();
        long s = off + 32;
        int mask = FuseAbi.STATX_BASIC_STATS | (at.birthTime() != null ? FuseAbi.STATX_BTIME : 0);
        seg.set(JAVA_INT_UNALIGNED, s, mask);
        seg.set(JAVA_INT_UNALIGNED, s + 4, at.blockSize());
        seg.set(JAVA_INT_UNALIGNED, s + 16, at.nlink());
        seg.set(JAVA_INT_UNALIGNED, s + 20, at.uid());
        seg.set(JAVA_INT_UNALIGNED, s + 24, at.gid());
        seg.set(JAVA_SHORT_UNALIGNED, s + 28, (short) at.mode());
        seg.set(JAVA_LONG_UNALIGNED, s + 32, at.ino());
        seg.set(JAVA_LONG_UNALIGNED, s + 40, at.size());
        seg.set(JAVA_LONG_UNALIGNED, s + 48, at.blocks());
        sxTime(seg, s + 64, at.atime());
        sxTime(seg, s + 80, at.birthTime());
        sxTime(seg, s + 96, at.ctime());
        sxTime(seg, s + 112, at.mtime());
        int dev = encodeDev(at.rdev());
        seg.set(JAVA_INT_UNALIGNED, s + 128, (dev >>> 8) & 0xfff);
        seg.set(JAVA_INT_UNALIGNED, s + 132, (dev & 0xff) | ((dev >>> 12) & 0xfff00));
        return FuseAbi.STATX_OUT;
    }

    private static void sxTime(MemorySegment seg, long off, Instant t) {
        seg.set(JAVA_LONG_UNALIGNED, off, t == null ? 0 : t.getEpochSecond());
        seg.set(JAVA_INT_UNALIGNED, off + 8, t == null ? 0 : t.getNano());
    }

    /**
     * {@code struct fuse_open_out}.
     *
     * @param seg the reply @param off where @param o the open @param extraFlags FOPEN_* bits to add
     * @return 16
     */
    public static int openOut(MemorySegment seg, long off, OpenReply o, int extraFlags) {
        seg.set(JAVA_LONG_UNALIGNED, off, o.fh());
        seg.set(JAVA_INT_UNALIGNED, off + 8, openFlags(o.options()) | extraFlags);
        seg.set(JAVA_INT_UNALIGNED, off + 12, 0);
        return FuseAbi.OPEN_OUT;
    }

    /**
     * The FOPEN_* word of a set of open options.
     *
     * @param options the options
     * @return the flags
     */
    public static int openFlags(Set<OpenOption> options) {
        int f = 0;
        if (options.isEmpty()) {
            return 0;
        }
        // by constant and contains(), not by iterating the set: no iterator per open
        for (OpenOption o : OPEN_OPTIONS) {
            if (!options.contains(o)) {
                continue;
            }
            f |= switch (o) {
                case DIRECT_IO -> FuseAbi.FOPEN_DIRECT_IO;
                case KEEP_CACHE -> FuseAbi.FOPEN_KEEP_CACHE;
                case NONSEEKABLE -> FuseAbi.FOPEN_NONSEEKABLE;
                case STREAM -> FuseAbi.FOPEN_STREAM;
                case CACHE_DIR -> FuseAbi.FOPEN_CACHE_DIR;
                case NOFLUSH -> FuseAbi.FOPEN_NOFLUSH;
                case PARALLEL_DIRECT_WRITES -> FuseAbi.FOPEN_PARALLEL_DIRECT_WRITES;
            };
        }
        return f;
    }

    /**
     * A u32 followed by 4 bytes of padding: {@code fuse_write_out}, {@code fuse_getxattr_out},
     * {@code fuse_poll_out}.
     *
     * @param seg the reply @param off where @param value the value @return 8
     */
    public static int u32Out(MemorySegment seg, long off, int value) {
        seg.set(JAVA_INT_UNALIGNED, off, value);
        seg.set(JAVA_INT_UNALIGNED, off + 4, 0);
        return 8;
    }

    /**
     * A u64: {@code fuse_lseek_out}, {@code fuse_bmap_out}, {@code fuse_copy_file_range_out}.
     *
     * @param seg the reply @param off where @param value the value @return 8
     */
    public static int u64Out(MemorySegment seg, long off, long value) {
        seg.set(JAVA_LONG_UNALIGNED, off, value);
        return 8;
    }

    /**
     * {@code struct fuse_statfs_out}.
     *
     * @param seg the reply @param off where @param s the statistics @return 80
     */
    public static int statfsOut(MemorySegment seg, long off, StatFs s) {
        zero(seg, off, FuseAbi.STATFS_OUT);
        seg.set(JAVA_LONG_UNALIGNED, off, s.blocks());
        seg.set(JAVA_LONG_UNALIGNED, off + 8, s.blocksFree());
        seg.set(JAVA_LONG_UNALIGNED, off + 16, s.blocksAvailable());
        seg.set(JAVA_LONG_UNALIGNED, off + 24, s.files());
        seg.set(JAVA_LONG_UNALIGNED, off + 32, s.filesFree());
        seg.set(JAVA_INT_UNALIGNED, off + 40, s.blockSize());
        seg.set(JAVA_INT_UNALIGNED, off + 44, s.nameMax());
        seg.set(JAVA_INT_UNALIGNED, off + 48, s.fragmentSize());
        return FuseAbi.STATFS_OUT;
    }

    /**
     * {@code struct fuse_lk_out}.
     *
     * @param seg the reply @param off where @param lock the conflicting lock, or an UNLOCK one @return 24
     */
    public static int lkOut(MemorySegment seg, long off, Lock lock) {
        seg.set(JAVA_LONG_UNALIGNED, off, lock.start());
        seg.set(JAVA_LONG_UNALIGNED, off + 8, lock.end());
        seg.set(JAVA_INT_UNALIGNED, off + 16, switch (lock.type()) {
            case READ -> FuseAbi.F_RDLCK;
            case WRITE -> FuseAbi.F_WRLCK;
            case UNLOCK -> FuseAbi.F_UNLCK;
        });
        seg.set(JAVA_INT_UNALIGNED, off + 20, lock.pid());
        return FuseAbi.LK_OUT;
    }

    /**
     * {@code struct fuse_ioctl_out} of a restricted ioctl (no retry iovecs).
     *
     * @param seg the reply @param off where @param result the ioctl's return value @return 16
     */
    public static int ioctlOut(MemorySegment seg, long off, int result) {
        seg.set(JAVA_INT_UNALIGNED, off, result);
        seg.set(JAVA_INT_UNALIGNED, off + 4, 0);
        seg.set(JAVA_LONG_UNALIGNED, off + 8, 0);
        return FuseAbi.IOCTL_OUT;
    }

    /**
     * {@code struct fuse_init_out}; an old minor gets the shorter struct its kernel expects.
     *
     * @param seg the reply @param off where @param r the answer @return the struct's size
     */
    public static int initOut(MemorySegment seg, long off, InitReply r) {
        int size = r.minor() < 5 ? 8 : r.minor() < 23 ? 24 : FuseAbi.INIT_OUT;
        zero(seg, off, size);
        seg.set(JAVA_INT_UNALIGNED, off, r.major());
        seg.set(JAVA_INT_UNALIGNED, off + 4, r.minor());
        if (size == 8) {
            return size;
        }
        seg.set(JAVA_INT_UNALIGNED, off + 8, r.maxReadahead());
        seg.set(JAVA_INT_UNALIGNED, off + 12, (int) r.flags());
        seg.set(JAVA_SHORT_UNALIGNED, off + 16, (short) r.maxBackground());
        seg.set(JAVA_SHORT_UNALIGNED, off + 18, (short) r.congestionThreshold());
        seg.set(JAVA_INT_UNALIGNED, off + 20, r.maxWrite());
        if (size == 24) {
            return size;
        }
        seg.set(JAVA_INT_UNALIGNED, off + 24, r.timeGran());
        seg.set(JAVA_SHORT_UNALIGNED, off + 28, (short) r.maxPages());
        seg.set(JAVA_INT_UNALIGNED, off + 32, (int) (r.flags() >>> 32));
        seg.set(JAVA_INT_UNALIGNED, off + 36, r.maxStackDepth());
        seg.set(JAVA_SHORT_UNALIGNED, off + 40, (short) r.requestTimeout());
        return size;
    }

    /**
     * Size of a dirent for a name of this length, aligned.
     *
     * @param nameLength bytes of the name
     * @param plus for READDIRPLUS
     * @return the aligned size
     */
    public static int direntSize(int nameLength, boolean plus) {
        return FuseAbi.align8((plus ? FuseAbi.DIRENTPLUS : FuseAbi.DIRENT) + nameLength);
    }

    /**
     * Appends a {@code struct fuse_dirent}, unless it would pass {@code limit}.
     *
     * @param seg the reply @param off where @param limit the end of the room @param d the entry
     * @return bytes written (aligned to 8), or 0 when it does not fit
     */
    public static int dirent(MemorySegment seg, long off, long limit, DirEntry d) {
        FileName name = d.name();
        int size = direntSize(name.length(), false);
        if (off + size > limit) {
            return 0;
        }
        direntBody(seg, off, d, size);
        return size;
    }

    /**
     * Appends a {@code struct fuse_direntplus}, unless it would pass {@code limit}. A {@code null}
     * or negative entry goes out as node id 0, which the kernel skips when instantiating.
     *
     * @param seg the reply @param off where @param limit the end of the room @param d the entry
     * @param e its node, or {@code null}
     * @return bytes written (aligned to 8), or 0 when it does not fit
     */
    public static int direntPlus(MemorySegment seg, long off, long limit, DirEntry d, NodeEntry e) {
        int size = direntSize(d.name().length(), true);
        if (off + size > limit) {
            return 0;
        }
        if (e == null || e.isNegative()) {
            zero(seg, off, FuseAbi.ENTRY_OUT);
        } else {
            entry(seg, off, e);
        }
        direntBody(seg, off + FuseAbi.ENTRY_OUT, d, size - FuseAbi.ENTRY_OUT);
        return size;
    }

    private static void direntBody(MemorySegment seg, long off, DirEntry d, int size) {
        FileName name = d.name();
        int n = name.length();
        seg.set(JAVA_LONG_UNALIGNED, off, d.ino());
        seg.set(JAVA_LONG_UNALIGNED, off + 8, d.nextOffset());
        seg.set(JAVA_INT_UNALIGNED, off + 16, n);
        seg.set(JAVA_INT_UNALIGNED, off + 20, d.type() == null ? 0 : d.type().direntType());
        for (int i = 0; i < n; i++) {
            seg.set(JAVA_BYTE, off + FuseAbi.DIRENT + i, name.byteAt(i));
        }
        for (long i = FuseAbi.DIRENT + n; i < size; i++) {
            seg.set(JAVA_BYTE, off + i, (byte) 0);
        }
    }
}
