package org.jpuffs.testkit.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * libc calls through FFM, for driving a mount with real syscalls from Java. Each call returns its
 * result or throws {@link SyscallException} with errno exactly as the kernel set it (captured right
 * after the call, so the JVM cannot clobber it). Paths are {@link RawPath}s: bytes, not strings.
 *
 * <p>Every call allocates its C strings and buffers in a confined arena of its own: this is a test
 * library, clarity over speed, yet cheap enough for million-op differential runs.
 */
public final class Syscalls {
    private Syscalls() {
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final FunctionDescriptor I_I = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
    private static final Fn OPENAT = Fn.variadic("openat", 3, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final Fn CLOSE = Fn.of("close", I_I);
    private static final Fn READ = Fn.of("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final Fn PREAD = Fn.of("pread", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final Fn WRITE = Fn.of("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final Fn PWRITE = Fn.of("pwrite", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final Fn LSEEK = Fn.of("lseek", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final Fn FTRUNCATE = Fn.of("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final Fn TRUNCATE = Fn.of("truncate", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final Fn STATX = Fn.of("statx", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    private static final Fn MKDIRAT = Fn.of("mkdirat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final Fn UNLINKAT = Fn.of("unlinkat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final Fn RENAMEAT2 = Fn.of("renameat2",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    private static final Fn LINKAT = Fn.of("linkat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    private static final Fn SYMLINKAT = Fn.of("symlinkat", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    private static final Fn READLINKAT = Fn.of("readlinkat",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    private static final Fn FCHMODAT = Fn.of("fchmodat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final Fn FCHMOD = Fn.of("fchmod", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Fn FCHOWNAT = Fn.of("fchownat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Fn FCHOWN = Fn.of("fchown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Fn UTIMENSAT = Fn.of("utimensat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final Fn FUTIMENS = Fn.of("futimens", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final Fn MKNODAT = Fn.of("mknodat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
    private static final FunctionDescriptor SETXATTR_D =
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final Fn SETXATTR = Fn.of("setxattr", SETXATTR_D);
    private static final Fn LSETXATTR = Fn.of("lsetxattr", SETXATTR_D);
    private static final Fn FSETXATTR = Fn.of("fsetxattr",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final FunctionDescriptor GETXATTR_D = FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);
    private static final Fn GETXATTR = Fn.of("getxattr", GETXATTR_D);
    private static final Fn LGETXATTR = Fn.of("lgetxattr", GETXATTR_D);
    private static final Fn FGETXATTR = Fn.of("fgetxattr", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    private static final FunctionDescriptor LISTXATTR_D = FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG);
    private static final Fn LISTXATTR = Fn.of("listxattr", LISTXATTR_D);
    private static final Fn LLISTXATTR = Fn.of("llistxattr", LISTXATTR_D);
    private static final Fn FLISTXATTR = Fn.of("flistxattr", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final FunctionDescriptor REMOVEXATTR_D = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
    private static final Fn REMOVEXATTR = Fn.of("removexattr", REMOVEXATTR_D);
    private static final Fn LREMOVEXATTR = Fn.of("lremovexattr", REMOVEXATTR_D);
    private static final Fn FREMOVEXATTR = Fn.of("fremovexattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final Fn FALLOCATE = Fn.of("fallocate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final Fn COPY_FILE_RANGE = Fn.of("copy_file_range",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final Fn FCNTL_PTR = Fn.variadic("fcntl", 2, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
    private static final Fn FLOCK = Fn.of("flock", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Fn FACCESSAT = Fn.of("faccessat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final Fn STATFS = Fn.of("statfs", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final Fn FSTATFS = Fn.of("fstatfs", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final Fn GETDENTS64 = Fn.of("getdents64", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final Fn FSYNC = Fn.of("fsync", I_I);
    private static final Fn FDATASYNC = Fn.of("fdatasync", I_I);
    private static final Fn DUP = Fn.of("dup", I_I);
    private static final MethodHandle SETFSUID = plain("setfsuid", I_I);
    private static final MethodHandle SETFSGID = plain("setfsgid", I_I);
    private static final MethodHandle UMASK = plain("umask", I_I);
    private static final MethodHandle GETPID = plain("getpid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle STRERRORNAME = plain("strerrorname_np", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    // struct statx offsets (include/uapi/linux/stat.h)
    private static final int STATX_SIZE = 256;
    private static final int STATX_BASIC_STATS = 0x7ff;
    // struct flock on x86-64: short type, short whence, (pad), off_t start, off_t len, pid_t pid
    private static final int FLOCK_SIZE = 32;

    /** A libc function that reports errors through errno. */
    private record Fn(String name, MethodHandle handle) {
        static Fn of(String name, FunctionDescriptor fd) {
            return new Fn(name, LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), fd,
                    Linker.Option.captureCallState("errno")));
        }

        static Fn variadic(String name, int firstVariadic, java.lang.foreign.ValueLayout ret,
                           java.lang.foreign.MemoryLayout... args) {
            return new Fn(name, LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name),
                    FunctionDescriptor.of(ret, args),
                    Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(firstVariadic)));
        }

        /** Calls with the errno state segment prepended; -1 becomes a SyscallException. */
        long call(Arena arena, Object... args) throws SyscallException {
            MemorySegment state = arena.allocate(STATE);
            Object[] full = new Object[args.length + 1];
            full[0] = state;
            System.arraycopy(args, 0, full, 1, args.length);
            Object result;
            try {
                result = handle.invokeWithArguments(full);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            long rc = ((Number) result).longValue();
            if (rc == -1) {
                throw new SyscallException(name, (int) ERRNO.get(state, 0L));
            }
            return rc;
        }
    }

    private static MethodHandle plain(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), fd);
    }

    private static MemorySegment cstr(Arena a, RawPath p) {
        return cstr(a, p.bytes());
    }

    private static MemorySegment cstr(Arena a, byte[] b) {
        MemorySegment s = a.allocate(b.length + 1L);
        MemorySegment.copy(b, 0, s, JAVA_BYTE, 0, b.length);
        s.set(JAVA_BYTE, b.length, (byte) 0);
        return s;
    }

    private static MemorySegment cstr(Arena a, String s) {
        return cstr(a, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static MemorySegment copyIn(Arena a, byte[] b, int off, int len) {
        MemorySegment s = a.allocate(Math.max(1, len));
        MemorySegment.copy(b, off, s, JAVA_BYTE, 0, len);
        return s;
    }

    // ---- errno names ----

    /**
     * The symbolic name of an errno value (glibc's strerrorname_np).
     *
     * @param errno the value
     * @return for example "ENOENT", or "E#" and the number if glibc does not know it
     */
    public static String errnoName(int errno) {
        try {
            MemorySegment p = (MemorySegment) STRERRORNAME.invokeExact(errno);
            if (p.equals(MemorySegment.NULL)) {
                return "E#" + errno;
            }
            return p.reinterpret(64).getString(0);
        } catch (Throwable t) {
            return "E#" + errno;
        }
    }

    // ---- files ----

    /**
     * open(2) relative to the current directory.
     *
     * @param path  the path
     * @param flags O_* flags
     * @param mode  mode for O_CREAT / O_TMPFILE (umask applies)
     * @return the new descriptor
     * @throws SyscallException with errno
     */
    public static int open(RawPath path, int flags, int mode) throws SyscallException {
        return openat(Linux.AT_FDCWD, path, flags, mode);
    }

    /**
     * open(2) without a mode.
     *
     * @param path  the path
     * @param flags O_* flags
     * @return the new descriptor
     * @throws SyscallException with errno
     */
    public static int open(RawPath path, int flags) throws SyscallException {
        return openat(Linux.AT_FDCWD, path, flags, 0);
    }

    /**
     * openat(2).
     *
     * @param dirfd a directory descriptor or AT_FDCWD
     * @param path  the path
     * @param flags O_* flags
     * @param mode  mode for O_CREAT / O_TMPFILE
     * @return the new descriptor
     * @throws SyscallException with errno
     */
    public static int openat(int dirfd, RawPath path, int flags, int mode) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            return (int) OPENAT.call(a, dirfd, cstr(a, path), flags, mode);
        }
    }

    /**
     * close(2).
     *
     * @param fd the descriptor
     * @throws SyscallException with errno
     */
    public static void close(int fd) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            CLOSE.call(a, fd);
        }
    }

    /**
     * dup(2).
     *
     * @param fd the descriptor
     * @return a new descriptor for the same open file description
     * @throws SyscallException with errno
     */
    public static int dup(int fd) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            return (int) DUP.call(a, fd);
        }
    }

    /**
     * read(2) at the current offset.
     *
     * @param fd    the descriptor
     * @param count maximum bytes
     * @return the bytes read (shorter at end of file, empty at EOF)
     * @throws SyscallException with errno
     */
    public static byte[] read(int fd, int count) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(1, count));
            long n = READ.call(a, fd, buf, (long) count);
            return buf.asSlice(0, n).toArray(JAVA_BYTE);
        }
    }

    /**
     * pread(2).
     *
     * @param fd     the descriptor
     * @param count  maximum bytes
     * @param offset file offset
     * @return the bytes read
     * @throws SyscallException with errno
     */
    public static byte[] pread(int fd, int count, long offset) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(1, count));
            long n = PREAD.call(a, fd, buf, (long) count, offset);
            return buf.asSlice(0, n).toArray(JAVA_BYTE);
        }
    }

    /**
     * write(2) at the current offset.
     *
     * @param fd   the descriptor
     * @param data the bytes
     * @return bytes written
     * @throws SyscallException with errno
     */
    public static long write(int fd, byte[] data) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            return WRITE.call(a, fd, copyIn(a, data, 0, data.length), (long) data.length);
        }
    }

    /**
     * pwrite(2).
     *
     * @param fd     the descriptor
     * @param data   the bytes
     * @param offset file offset
     * @return bytes written
     * @throws SyscallException with errno
     */
    public static long pwrite(int fd, byte[] data, long offset) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            return PWRITE.call(a, fd, copyIn(a, data, 0, data.length), (long) data.length, offset);
        }
    }

    /**
     * lseek(2), including SEEK_DATA and SEEK_HOLE.
     *
     * @param fd     the descriptor
     * @param offset the offset
     * @param whence SEEK_*
     * @return the resulting offset
     * @throws SyscallException with errno (ENXIO past the last data for SEEK_DATA)
     */
    public static long lseek(int fd, long offset, int whence) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            return LSEEK.call(a, fd, offset, whence);
        }
    }

    /**
     * ftruncate(2).
     *
     * @param fd     the descriptor
     * @param length new size
     * @throws SyscallException with errno
     */
    public static void ftruncate(int fd, long length) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            FTRUNCATE.call(a, fd, length);
        }
    }

    /**
     * truncate(2).
     *
     * @param path   the path
     * @param length new size
     * @throws SyscallException with errno
     */
    public static void truncate(RawPath path, long length) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            TRUNCATE.call(a, cstr(a, path), length);
        }
    }

    /**
     * fsync(2).
     *
     * @param fd the descriptor
     * @throws SyscallException with errno
     */
    public static void fsync(int fd) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            FSYNC.call(a, fd);
        }
    }

    /**
     * fdatasync(2).
     *
     * @param fd the descriptor
     * @throws SyscallException with errno
     */
    public static void fdatasync(int fd) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            FDATASYNC.call(a, fd);
        }
    }

    /**
     * fallocate(2).
     *
     * @param fd     the descriptor
     * @param mode   FALLOC_FL_* flags, 0 to allocate
     * @param offset start
     * @param len    length
     * @throws SyscallException with errno
     */
    public static void fallocate(int fd, int mode, long offset, long len) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            FALLOCATE.call(a, fd, mode, offset, len);
        }
    }

    /**
     * copy_file_range(2) between explicit offsets (the descriptors' offsets are not used).
     *
     * @param fdIn   source
     * @param offIn  source offset
     * @param fdOut  destination
     * @param offOut destination offset
     * @param len    bytes
     * @return bytes copied
     * @throws SyscallException with errno
     */
    public static long copyFileRange(int fdIn, long offIn, int fdOut, long offOut, long len) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment in = a.allocateFrom(JAVA_LONG, offIn);
            MemorySegment out = a.allocateFrom(JAVA_LONG, offOut);
            return COPY_FILE_RANGE.call(a, fdIn, in, fdOut, out, len, 0);
        }
    }

    // ---- metadata ----

    /**
     * stat(2) (follows symlinks) via statx.
     *
     * @param path the path
     * @return the attributes
     * @throws SyscallException with errno
     */
    public static Stat stat(RawPath path) throws SyscallException {
        return statx(Linux.AT_FDCWD, path, 0);
    }

    /**
     * lstat(2) via statx.
     *
     * @param path the path
     * @return the attributes of the link itself
     * @throws SyscallException with errno
     */
    public static Stat lstat(RawPath path) throws SyscallException {
        return statx(Linux.AT_FDCWD, path, Linux.AT_SYMLINK_NOFOLLOW);
    }

    /**
     * fstat(2) via statx with AT_EMPTY_PATH.
     *
     * @param fd the descriptor
     * @return the attributes
     * @throws SyscallException with errno
     */
    public static Stat fstat(int fd) throws SyscallException {
        return statx(fd, RawPath.of(new byte[0]), Linux.AT_EMPTY_PATH);
    }

    /**
     * statx(2) for the basic fields.
     *
     * @param dirfd directory descriptor or AT_FDCWD
     * @param path  the path (empty with AT_EMPTY_PATH)
     * @param flags AT_* flags
     * @return the attributes
     * @throws SyscallException with errno
     */
    public static Stat statx(int dirfd, RawPath path, int flags) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment b = a.allocate(STATX_SIZE, 8);
            STATX.call(a, dirfd, cstr(a, path), flags, STATX_BASIC_STATS, b);
            return new Stat(
                    Short.toUnsignedInt(b.get(JAVA_SHORT, 28)),
                    b.get(JAVA_INT, 16), b.get(JAVA_INT, 20), b.get(JAVA_INT, 24),
                    b.get(JAVA_LONG, 40), b.get(JAVA_LONG, 48), b.get(JAVA_LONG, 32),
                    ((long) b.get(JAVA_INT, 136) << 32) | Integer.toUnsignedLong(b.get(JAVA_INT, 140)),
                    Linux.makedev(Integer.toUnsignedLong(b.get(JAVA_INT, 128)), Integer.toUnsignedLong(b.get(JAVA_INT, 132))),
                    nanos(b, 64), nanos(b, 112), nanos(b, 96));
        }
    }

    private static long nanos(MemorySegment b, long off) {
        return b.get(JAVA_LONG, off) * 1_000_000_000L + Integer.toUnsignedLong(b.get(JAVA_INT, off + 8));
    }

    /**
     * chmod(2).
     *
     * @param path the path
     * @param mode permission bits
     * @throws SyscallException with errno
     */
    public static void chmod(RawPath path, int mode) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            FCHMODAT.call(a, Linux.AT_FDCWD, cstr(a, path), mode, 0);
        }
    }

    /**
     * fchmod(2).
     *
     * @param fd   the descriptor
     * @param mode permission bits
     * @throws SyscallException with errno
     */
    public static void fchmod(int fd, int mode) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            FCHMOD.call(a, fd, mode);
        }
    }

    /**
     * chown(2); -1 leaves a field unchanged.
     *
     * @param path the path
     * @param uid  new owner or -1
     * @param gid  new group or -1
     * @throws SyscallException with errno
     */
    public static void chown(RawPath path, int uid, int gid) throws SyscallException {
        fchownat(Linux.AT_FDCWD, path, uid, gid, 0);
    }

    /**
     * lchown(2).
     *
     * @param path the path
     * @param uid  new owner or -1
     * @param gid  new group or -1
     * @throws SyscallException with errno
     */
    public static void lchown(RawPath path, int uid, int gid) throws SyscallException {
        fchownat(Linux.AT_FDCWD, path, uid, gid, Linux.AT_SYMLINK_NOFOLLOW);
    }

    /**
     * fchownat(2).
     *
     * @param dirfd directory descriptor or AT_FDCWD
     * @param path  the path
     * @param uid   new owner or -1
     * @param gid   new group or -1
     * @param flags AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH
     * @throws SyscallException with errno
     */
    public static void fchownat(int dirfd, RawPath path, int uid, int gid, int flags) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            FCHOWNAT.call(a, dirfd, cstr(a, path), uid, gid, flags);
        }
    }

    /**
     * fchown(2).
     *
     * @param fd  the descriptor
     * @param uid new owner or -1
     * @param gid new group or -1
     * @throws SyscallException with errno
     */
    public static void fchown(int fd, int uid, int gid) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            FCHOWN.call(a, fd, uid, gid);
        }
    }

    /**
     * utimensat(2) with explicit times; a nanosecond field may be UTIME_NOW or UTIME_OMIT.
     *
     * @param path   the path
     * @param atSec  access time seconds
     * @param atNsec access time nanoseconds, or UTIME_NOW / UTIME_OMIT
     * @param mtSec  modification time seconds
     * @param mtNsec modification time nanoseconds, or UTIME_NOW / UTIME_OMIT
     * @param flags  AT_SYMLINK_NOFOLLOW or 0
     * @throws SyscallException with errno
     */
    public static void utimensat(RawPath path, long atSec, long atNsec, long mtSec, long mtNsec, int flags)
            throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ts = a.allocate(32, 8);
            ts.set(JAVA_LONG, 0, atSec);
            ts.set(JAVA_LONG, 8, atNsec);
            ts.set(JAVA_LONG, 16, mtSec);
            ts.set(JAVA_LONG, 24, mtNsec);
            UTIMENSAT.call(a, Linux.AT_FDCWD, cstr(a, path), ts, flags);
        }
    }

    /**
     * utimensat(2) with a NULL times pointer: both times become now.
     *
     * @param path the path
     * @throws SyscallException with errno
     */
    public static void touch(RawPath path) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            UTIMENSAT.call(a, Linux.AT_FDCWD, cstr(a, path), MemorySegment.NULL, 0);
        }
    }

    /**
     * futimens(3).
     *
     * @param fd     the descriptor
     * @param atSec  access seconds
     * @param atNsec access nanoseconds or UTIME_NOW / UTIME_OMIT
     * @param mtSec  modification seconds
     * @param mtNsec modification nanoseconds or UTIME_NOW / UTIME_OMIT
     * @throws SyscallException with errno
     */
    public static void futimens(int fd, long atSec, long atNsec, long mtSec, long mtNsec) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ts = a.allocate(32, 8);
            ts.set(JAVA_LONG, 0, atSec);
            ts.set(JAVA_LONG, 8, atNsec);
            ts.set(JAVA_LONG, 16, mtSec);
            ts.set(JAVA_LONG, 24, mtNsec);
            FUTIMENS.call(a, fd, ts);
        }
    }

    /**
     * access(2) / faccessat(2).
     *
     * @param path  the path
     * @param mode  F_OK or a combination of R_OK, W_OK, X_OK
     * @param flags AT_EACCESS, AT_SYMLINK_NOFOLLOW or 0
     * @throws SyscallException with errno
     */
    public static void access(RawPath path, int mode, int flags) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            FACCESSAT.call(a, Linux.AT_FDCWD, cstr(a, path), mode, flags);
        }
    }

    /**
     * statfs(2).
     *
     * @param path any path in the file system
     * @return the figures
     * @throws SyscallException with errno
     */
    public static FsStat statfs(RawPath path) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment b = a.allocate(120, 8);
            STATFS.call(a, cstr(a, path), b);
            return fsStat(b);
        }
    }

    /**
     * fstatfs(2).
     *
     * @param fd a descriptor in the file system
     * @return the figures
     * @throws SyscallException with errno
     */
    public static FsStat fstatfs(int fd) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment b = a.allocate(120, 8);
            FSTATFS.call(a, fd, b);
            return fsStat(b);
        }
    }

    private static FsStat fsStat(MemorySegment b) {
        return new FsStat(b.get(JAVA_LONG, 0), b.get(JAVA_LONG, 8), b.get(JAVA_LONG, 16), b.get(JAVA_LONG, 24),
                b.get(JAVA_LONG, 32), b.get(JAVA_LONG, 40), b.get(JAVA_LONG, 48), b.get(JAVA_LONG, 64),
                b.get(JAVA_LONG, 72));
    }

    // ---- names ----

    /**
     * mkdir(2).
     *
     * @param path the path
     * @param mode permission bits (umask applies)
     * @throws SyscallException with errno
     */
    public static void mkdir(RawPath path, int mode) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            MKDIRAT.call(a, Linux.AT_FDCWD, cstr(a, path), mode);
        }
    }

    /**
     * rmdir(2).
     *
     * @param path the path
     * @throws SyscallException with errno
     */
    public static void rmdir(RawPath path) throws SyscallException {
        unlinkat(Linux.AT_FDCWD, path, Linux.AT_REMOVEDIR);
    }

    /**
     * unlink(2).
     *
     * @param path the path
     * @throws SyscallException with errno
     */
    public static void unlink(RawPath path) throws SyscallException {
        unlinkat(Linux.AT_FDCWD, path, 0);
    }

    /**
     * unlinkat(2).
     *
     * @param dirfd directory descriptor or AT_FDCWD
     * @param path  the path
     * @param flags AT_REMOVEDIR or 0
     * @throws SyscallException with errno
     */
    public static void unlinkat(int dirfd, RawPath path, int flags) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            UNLINKAT.call(a, dirfd, cstr(a, path), flags);
        }
    }

    /**
     * rename(2) / renameat2(2).
     *
     * @param from  old path
     * @param to    new path
     * @param flags RENAME_NOREPLACE, RENAME_EXCHANGE or 0
     * @throws SyscallException with errno
     */
    public static void rename(RawPath from, RawPath to, int flags) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            RENAMEAT2.call(a, Linux.AT_FDCWD, cstr(a, from), Linux.AT_FDCWD, cstr(a, to), flags);
        }
    }

    /**
     * link(2).
     *
     * @param existing the existing path
     * @param newPath  the new name
     * @throws SyscallException with errno
     */
    public static void link(RawPath existing, RawPath newPath) throws SyscallException {
        linkat(Linux.AT_FDCWD, existing, Linux.AT_FDCWD, newPath, 0);
    }

    /**
     * linkat(2), for example with AT_EMPTY_PATH to name an O_TMPFILE descriptor.
     *
     * @param olddirfd directory descriptor, AT_FDCWD, or the file with AT_EMPTY_PATH
     * @param oldPath  old path (empty with AT_EMPTY_PATH)
     * @param newdirfd directory descriptor or AT_FDCWD
     * @param newPath  new path
     * @param flags    AT_SYMLINK_FOLLOW, AT_EMPTY_PATH or 0
     * @throws SyscallException with errno
     */
    public static void linkat(int olddirfd, RawPath oldPath, int newdirfd, RawPath newPath, int flags)
            throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            LINKAT.call(a, olddirfd, cstr(a, oldPath), newdirfd, cstr(a, newPath), flags);
        }
    }

    /**
     * symlink(2).
     *
     * @param target   what the link points to (stored verbatim)
     * @param linkPath the link's path
     * @throws SyscallException with errno
     */
    public static void symlink(RawPath target, RawPath linkPath) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            SYMLINKAT.call(a, cstr(a, target), Linux.AT_FDCWD, cstr(a, linkPath));
        }
    }

    /**
     * readlink(2).
     *
     * @param path the link
     * @return its target bytes
     * @throws SyscallException with errno
     */
    public static RawPath readlink(RawPath path) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(4097);
            long n = READLINKAT.call(a, Linux.AT_FDCWD, cstr(a, path), buf, 4097L);
            return RawPath.of(buf.asSlice(0, n).toArray(JAVA_BYTE));
        }
    }

    /**
     * mknod(2): FIFOs, sockets, device nodes, regular files.
     *
     * @param path the path
     * @param mode type and permission bits
     * @param dev  device number for S_IFCHR / S_IFBLK ({@link Linux#makedev})
     * @throws SyscallException with errno
     */
    public static void mknod(RawPath path, int mode, long dev) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            MKNODAT.call(a, Linux.AT_FDCWD, cstr(a, path), mode, dev);
        }
    }

    /**
     * Lists a directory with getdents64, "." and ".." included, names byte-exact.
     *
     * @param dir the directory
     * @return the entries in the order the file system returned them
     * @throws SyscallException with errno
     */
    public static List<Dirent> listDir(RawPath dir) throws SyscallException {
        int fd = open(dir, Linux.O_RDONLY | Linux.O_DIRECTORY | Linux.O_CLOEXEC);
        try {
            List<Dirent> all = new ArrayList<>();
            while (true) {
                List<Dirent> batch = getdents(fd, 32768);
                if (batch.isEmpty()) {
                    return all;
                }
                all.addAll(batch);
            }
        } finally {
            close(fd);
        }
    }

    /**
     * One getdents64(2) call.
     *
     * @param fd        an open directory
     * @param bufferSize buffer bytes (small sizes make many calls, to test offsets)
     * @return the entries of this call, empty at the end
     * @throws SyscallException with errno
     */
    public static List<Dirent> getdents(int fd, int bufferSize) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(bufferSize, 8);
            long n = GETDENTS64.call(a, fd, buf, (long) bufferSize);
            List<Dirent> out = new ArrayList<>();
            long pos = 0;
            while (pos < n) {
                long ino = buf.get(JAVA_LONG.withByteAlignment(1), pos);
                long off = buf.get(JAVA_LONG.withByteAlignment(1), pos + 8);
                int reclen = Short.toUnsignedInt(buf.get(JAVA_SHORT.withByteAlignment(1), pos + 16));
                int type = Byte.toUnsignedInt(buf.get(JAVA_BYTE, pos + 18));
                long nameStart = pos + 19;
                long end = nameStart;
                while (buf.get(JAVA_BYTE, end) != 0) {
                    end++;
                }
                out.add(new Dirent(ino, off, type, buf.asSlice(nameStart, end - nameStart).toArray(JAVA_BYTE)));
                pos += reclen;
            }
            return out;
        }
    }

    // ---- extended attributes ----

    /**
     * setxattr(2), or lsetxattr(2) when {@code noFollow}.
     *
     * @param path     the path
     * @param name     attribute name, for example "user.x"
     * @param value    the value
     * @param flags    XATTR_CREATE, XATTR_REPLACE or 0
     * @param noFollow act on a symlink itself
     * @throws SyscallException with errno
     */
    public static void setxattr(RawPath path, String name, byte[] value, int flags, boolean noFollow)
            throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            (noFollow ? LSETXATTR : SETXATTR).call(a, cstr(a, path), cstr(a, name),
                    copyIn(a, value, 0, value.length), (long) value.length, flags);
        }
    }

    /**
     * fsetxattr(2).
     *
     * @param fd    the descriptor
     * @param name  attribute name
     * @param value the value
     * @param flags XATTR_CREATE, XATTR_REPLACE or 0
     * @throws SyscallException with errno
     */
    public static void fsetxattr(int fd, String name, byte[] value, int flags) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            FSETXATTR.call(a, fd, cstr(a, name), copyIn(a, value, 0, value.length), (long) value.length, flags);
        }
    }

    /**
     * getxattr(2) / lgetxattr(2) with a buffer of the given size (0 asks for the size).
     *
     * @param path     the path
     * @param name     attribute name
     * @param size     buffer size; 0 returns an empty array after the size query succeeded
     * @param noFollow act on a symlink itself
     * @return the value (empty when size is 0)
     * @throws SyscallException with errno (ERANGE when size is too small)
     */
    public static byte[] getxattr(RawPath path, String name, int size, boolean noFollow) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = size == 0 ? MemorySegment.NULL : a.allocate(size);
            long n = (noFollow ? LGETXATTR : GETXATTR).call(a, cstr(a, path), cstr(a, name), buf, (long) size);
            return size == 0 ? new byte[0] : buf.asSlice(0, n).toArray(JAVA_BYTE);
        }
    }

    /**
     * The size of an attribute's value (getxattr with size 0).
     *
     * @param path     the path
     * @param name     attribute name
     * @param noFollow act on a symlink itself
     * @return the value's size
     * @throws SyscallException with errno
     */
    public static long getxattrSize(RawPath path, String name, boolean noFollow) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            return (noFollow ? LGETXATTR : GETXATTR).call(a, cstr(a, path), cstr(a, name), MemorySegment.NULL, 0L);
        }
    }

    /**
     * Reads a whole attribute value (size query, then read).
     *
     * @param path     the path
     * @param name     attribute name
     * @param noFollow act on a symlink itself
     * @return the value
     * @throws SyscallException with errno
     */
    public static byte[] getxattr(RawPath path, String name, boolean noFollow) throws SyscallException {
        long size = getxattrSize(path, name, noFollow);
        return size == 0 ? new byte[0] : getxattr(path, name, (int) size, noFollow);
    }

    /**
     * fgetxattr(2), whole value up to 64 KiB.
     *
     * @param fd   the descriptor
     * @param name attribute name
     * @return the value
     * @throws SyscallException with errno
     */
    public static byte[] fgetxattr(int fd, String name) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(65536);
            long n = FGETXATTR.call(a, fd, cstr(a, name), buf, 65536L);
            return buf.asSlice(0, n).toArray(JAVA_BYTE);
        }
    }

    /**
     * listxattr(2) / llistxattr(2).
     *
     * @param path     the path
     * @param noFollow act on a symlink itself
     * @return the names in the file system's order
     * @throws SyscallException with errno
     */
    public static List<String> listxattr(RawPath path, boolean noFollow) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            Fn fn = noFollow ? LLISTXATTR : LISTXATTR;
            MemorySegment p = cstr(a, path);
            long size = fn.call(a, p, MemorySegment.NULL, 0L);
            if (size == 0) {
                return List.of();
            }
            MemorySegment buf = a.allocate(size);
            long n = fn.call(a, p, buf, size);
            return splitNames(buf, n);
        }
    }

    /**
     * listxattr(2) with a buffer of exactly {@code size} bytes, to provoke ERANGE.
     *
     * @param path the path
     * @param size buffer size
     * @return the number of bytes the list took
     * @throws SyscallException with errno
     */
    public static long listxattrSize(RawPath path, int size) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = size == 0 ? MemorySegment.NULL : a.allocate(size);
            return LISTXATTR.call(a, cstr(a, path), buf, (long) size);
        }
    }

    /**
     * flistxattr(2).
     *
     * @param fd the descriptor
     * @return the names
     * @throws SyscallException with errno
     */
    public static List<String> flistxattr(int fd) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(65536);
            long n = FLISTXATTR.call(a, fd, buf, 65536L);
            return splitNames(buf, n);
        }
    }

    private static List<String> splitNames(MemorySegment buf, long n) {
        List<String> names = new ArrayList<>();
        long start = 0;
        for (long i = 0; i < n; i++) {
            if (buf.get(JAVA_BYTE, i) == 0) {
                names.add(new String(buf.asSlice(start, i - start).toArray(JAVA_BYTE),
                        java.nio.charset.StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return names;
    }

    /**
     * removexattr(2) / lremovexattr(2).
     *
     * @param path     the path
     * @param name     attribute name
     * @param noFollow act on a symlink itself
     * @throws SyscallException with errno
     */
    public static void removexattr(RawPath path, String name, boolean noFollow) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            (noFollow ? LREMOVEXATTR : REMOVEXATTR).call(a, cstr(a, path), cstr(a, name));
        }
    }

    /**
     * fremovexattr(2).
     *
     * @param fd   the descriptor
     * @param name attribute name
     * @throws SyscallException with errno
     */
    public static void fremovexattr(int fd, String name) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            FREMOVEXATTR.call(a, fd, cstr(a, name));
        }
    }

    // ---- locks ----

    /**
     * fcntl(2) with a struct flock: F_SETLK, F_SETLKW, F_GETLK and the F_OFD_* variants.
     *
     * @param fd   the descriptor
     * @param cmd  the command
     * @param lock the lock
     * @return the lock as the kernel left it (F_GETLK: the conflicting lock, or type F_UNLCK)
     * @throws SyscallException with errno (EAGAIN/EACCES for a conflict, EINTR, EDEADLK)
     */
    public static RecordLock fcntlLock(int fd, int cmd, RecordLock lock) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment f = a.allocate(FLOCK_SIZE, 8);
            f.set(JAVA_SHORT, 0, lock.type());
            f.set(JAVA_SHORT, 2, lock.whence());
            f.set(JAVA_LONG, 8, lock.start());
            f.set(JAVA_LONG, 16, lock.len());
            f.set(JAVA_INT, 24, lock.pid());
            FCNTL_PTR.call(a, fd, cmd, f);
            return new RecordLock(f.get(JAVA_SHORT, 0), f.get(JAVA_SHORT, 2), f.get(JAVA_LONG, 8),
                    f.get(JAVA_LONG, 16), f.get(JAVA_INT, 24));
        }
    }

    /**
     * flock(2).
     *
     * @param fd        the descriptor
     * @param operation LOCK_SH, LOCK_EX, LOCK_UN, optionally | LOCK_NB
     * @throws SyscallException with errno (EWOULDBLOCK = EAGAIN for a conflict with LOCK_NB)
     */
    public static void flock(int fd, int operation) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            FLOCK.call(a, fd, operation);
        }
    }

    // ---- process credentials ----

    /**
     * setfsuid(2) for the calling thread only (Linux keeps fsuid per thread; glibc does not
     * broadcast it). Changing away from 0 drops the file-system capabilities of the thread.
     *
     * @param uid the new fsuid
     * @return the previous fsuid
     */
    public static int setfsuid(int uid) {
        try {
            return (int) SETFSUID.invokeExact(uid);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * setfsgid(2) for the calling thread only.
     *
     * @param gid the new fsgid
     * @return the previous fsgid
     */
    public static int setfsgid(int gid) {
        try {
            return (int) SETFSGID.invokeExact(gid);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * umask(2).
     *
     * @param mask the new mask
     * @return the previous mask
     */
    public static int umask(int mask) {
        try {
            return (int) UMASK.invokeExact(mask);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * The current umask without changing it (two umask calls; racy only against another thread
     * changing it at the same instant).
     *
     * @return the mask
     */
    public static int currentUmask() {
        int old = umask(022);
        umask(old);
        return old;
    }

    /**
     * getpid(2).
     *
     * @return this process's id
     */
    public static int getpid() {
        try {
            return (int) GETPID.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
