package org.jpuffs.memfs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Raw syscalls for the tmpfs side of the differential test: each returns 0 (or the result) or the
 * negated errno, so errors compare one to one with memfs's (java.nio would pre-check and rename them).
 */
final class Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle OPEN = fn("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = fn("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle PWRITE = fn("pwrite",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle TRUNCATE = fn("truncate", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle UNLINK = fn("unlink", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle RMDIR = fn("rmdir", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MKDIR = fn("mkdir", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RENAME = fn("rename", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle LINK = fn("link", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SYMLINK = fn("symlink", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle CHMOD = fn("chmod", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RENAMEAT2 = fn("renameat2",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FALLOCATE = fn("fallocate",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle COPY_FILE_RANGE = fn("copy_file_range",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle LSEEK = fn("lseek",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle LSETXATTR = fn("lsetxattr",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));

    private static final MethodHandle SYSCALL3 = LINKER.downcallHandle(LINKER.defaultLookup().find("syscall")
            .orElseThrow(), FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS),
            Linker.Option.firstVariadicArg(1));
    private static final MethodHandle SYSCALL2 = LINKER.downcallHandle(LINKER.defaultLookup().find("syscall")
            .orElseThrow(), FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(1));
    private static final long SYS_SETGROUPS = 116;
    private static final long SYS_SETFSUID = 122;
    private static final long SYS_SETFSGID = 123;

    private Libc() {
    }

    private static MethodHandle fn(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), d,
                Linker.Option.captureCallState("errno"));
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static long call(MethodHandle h, Arena a, Object... args) {
        MemorySegment state = a.allocate(CAPTURE);
        Object[] full = new Object[args.length + 1];
        full[0] = state;
        for (int i = 0; i < args.length; i++) {
            full[i + 1] = args[i] instanceof String s ? a.allocateFrom(s) : args[i];
        }
        try {
            Object r = h.invokeWithArguments(full);
            long v = r instanceof Integer i ? i : (Long) r;
            return v < 0 ? -errno(state) : v;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Switches the calling thread's file-system credentials (fsuid, fsgid, groups) with raw syscalls,
     * which, unlike glibc's wrappers for setgroups, change this thread only.
     */
    static void become(int uid, int gid, int[] groups) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment list = a.allocate(JAVA_INT, Math.max(1, groups.length));
            for (int i = 0; i < groups.length; i++) {
                list.setAtIndex(JAVA_INT, i, groups[i]);
            }
            long r = (long) SYSCALL3.invokeExact(SYS_SETGROUPS, (long) groups.length, list);
            if (r != 0) {
                throw new IllegalStateException("setgroups failed");
            }
            long ignoredGid = (long) SYSCALL2.invokeExact(SYS_SETFSGID, (long) gid);
            long ignoredUid = (long) SYSCALL2.invokeExact(SYS_SETFSUID, (long) uid);
            assert ignoredGid >= 0 && ignoredUid >= 0;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The calling thread's fsuid (setfsuid with an invalid id changes nothing and returns it). */
    static int currentFsuid() {
        try {
            return (int) (long) SYSCALL2.invokeExact(SYS_SETFSUID, -1L);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static final MethodHandle CHOWN = fn("chown", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));

    static long chown(String path, int uid, int gid) {
        try (Arena a = Arena.ofConfined()) {
            return call(CHOWN, a, path, uid, gid);
        }
    }

    /** Opens, writes {@code data} at {@code offset}, closes: the result of the first failing step. */
    static long openWrite(String path, int flags, int mode, long offset, byte[] data) {
        try (Arena a = Arena.ofConfined()) {
            long fd = call(OPEN, a, path, flags, mode);
            if (fd < 0) {
                return fd;
            }
            long r = 0;
            if (data != null) {
                MemorySegment buf = a.allocate(Math.max(1, data.length));
                MemorySegment.copy(MemorySegment.ofArray(data), 0, buf, 0, data.length);
                r = call(PWRITE, a, (int) fd, buf, (long) data.length, offset);
            }
            call(CLOSE, a, (int) fd);
            return r;
        }
    }

    /** lseek on a fresh read-only descriptor of {@code path}: SEEK_DATA is 3, SEEK_HOLE 4. */
    static long seek(String path, long offset, int whence) {
        try (Arena a = Arena.ofConfined()) {
            long fd = call(OPEN, a, path, 0, 0);
            if (fd < 0) {
                return fd;
            }
            long r = call(LSEEK, a, (int) fd, offset, whence);
            call(CLOSE, a, (int) fd);
            return r;
        }
    }

    /** renameat2 relative to the working directory (paths here are absolute). */
    static long rename2(String from, String to, int flags) {
        try (Arena a = Arena.ofConfined()) {
            return call(RENAMEAT2, a, -100, from, -100, to, flags);
        }
    }

    /** Opens for writing and fallocates: the result of the first failing step. */
    static long fallocate(String path, int mode, long offset, long length) {
        try (Arena a = Arena.ofConfined()) {
            long fd = call(OPEN, a, path, 1, 0);
            if (fd < 0) {
                return fd;
            }
            long r = call(FALLOCATE, a, (int) fd, mode, offset, length);
            call(CLOSE, a, (int) fd);
            return r;
        }
    }

    /** Opens {@code in} for reading and {@code out} for writing, then copy_file_range between them. */
    static long copyFileRange(String in, long inOffset, String out, long outOffset, long length) {
        try (Arena a = Arena.ofConfined()) {
            long fdIn = call(OPEN, a, in, 0, 0);
            if (fdIn < 0) {
                return fdIn;
            }
            long fdOut = call(OPEN, a, out, 1, 0);
            if (fdOut < 0) {
                call(CLOSE, a, (int) fdIn);
                return fdOut;
            }
            MemorySegment offIn = a.allocateFrom(JAVA_LONG, inOffset);
            MemorySegment offOut = a.allocateFrom(JAVA_LONG, outOffset);
            long r = call(COPY_FILE_RANGE, a, (int) fdIn, offIn, (int) fdOut, offOut, length, 0);
            call(CLOSE, a, (int) fdIn);
            call(CLOSE, a, (int) fdOut);
            return r;
        }
    }

    static long truncate(String path, long size) {
        try (Arena a = Arena.ofConfined()) {
            return call(TRUNCATE, a, path, size);
        }
    }

    static long unlink(String path) {
        try (Arena a = Arena.ofConfined()) {
            return call(UNLINK, a, path);
        }
    }

    static long rmdir(String path) {
        try (Arena a = Arena.ofConfined()) {
            return call(RMDIR, a, path);
        }
    }

    static long mkdir(String path, int mode) {
        try (Arena a = Arena.ofConfined()) {
            return call(MKDIR, a, path, mode);
        }
    }

    static long rename(String from, String to) {
        try (Arena a = Arena.ofConfined()) {
            return call(RENAME, a, from, to);
        }
    }

    static long link(String from, String to) {
        try (Arena a = Arena.ofConfined()) {
            return call(LINK, a, from, to);
        }
    }

    static long symlink(String target, String path) {
        try (Arena a = Arena.ofConfined()) {
            return call(SYMLINK, a, target, path);
        }
    }

    static long chmod(String path, int mode) {
        try (Arena a = Arena.ofConfined()) {
            return call(CHMOD, a, path, mode);
        }
    }

    static long lsetxattr(String path, String name, byte[] value, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(Math.max(1, value.length));
            MemorySegment.copy(MemorySegment.ofArray(value), 0, v, 0, value.length);
            return call(LSETXATTR, a, path, name, v, (long) value.length, flags);
        }
    }
}
