package org.jpuffs.fuse.transport;

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
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.List;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;

/**
 * The libc calls jpuffs-fuse needs, as FFM downcalls. Every call that can fail captures {@code errno}
 * in a per-call segment ({@link Linker.Option#captureCallState}); the checked wrappers turn a failure
 * into an {@link ErrnoException} naming the call. Internal to jpuffs-fuse (the transport and mount
 * packages); public only because the two packages share it.
 *
 * <p>Struct offsets are those of x86-64 and aarch64 Linux with glibc, the only targets.
 */
public final class Libc {
    // open(2) flags
    /** {@code O_RDONLY}. */
    public static final int O_RDONLY = 0;
    /** {@code O_WRONLY}. */
    public static final int O_WRONLY = 1;
    /** {@code O_RDWR}. */
    public static final int O_RDWR = 2;
    /** {@code O_CLOEXEC}. */
    public static final int O_CLOEXEC = 0x80000;

    // mount(2) flags
    /** {@code MS_RDONLY}. */
    public static final long MS_RDONLY = 1;
    /** {@code MS_NOSUID}. */
    public static final long MS_NOSUID = 2;
    /** {@code MS_NODEV}. */
    public static final long MS_NODEV = 4;
    /** {@code MS_NOEXEC}. */
    public static final long MS_NOEXEC = 8;
    /** {@code MS_SYNCHRONOUS}. */
    public static final long MS_SYNCHRONOUS = 16;
    /** {@code MS_DIRSYNC}. */
    public static final long MS_DIRSYNC = 128;
    /** {@code MS_NOATIME}. */
    public static final long MS_NOATIME = 1024;

    /** {@code MNT_FORCE} for umount2: on FUSE this aborts the connection. */
    public static final int MNT_FORCE = 1;
    /** {@code MNT_DETACH} for umount2: lazy unmount. */
    public static final int MNT_DETACH = 2;

    /** {@code AF_UNIX}. */
    public static final int AF_UNIX = 1;
    /** {@code SOCK_STREAM}. */
    public static final int SOCK_STREAM = 1;
    /** {@code SOCK_SEQPACKET}: message boundaries kept, as /dev/fuse keeps them (for tests). */
    public static final int SOCK_SEQPACKET = 5;
    /** {@code SOCK_CLOEXEC}. */
    public static final int SOCK_CLOEXEC = 0x80000;
    /** {@code MSG_CMSG_CLOEXEC}: received fds are close-on-exec. */
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;

    /** {@code POSIX_SPAWN_SETSIGMASK}. */
    public static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    /** {@code POSIX_SPAWN_SETSID} (glibc): the child leads a new session, out of reach of terminal signals. */
    public static final short POSIX_SPAWN_SETSID = 0x80;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LOOKUP = LINKER.defaultLookup();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_VALUE =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** Size of glibc's {@code posix_spawn_file_actions_t} on 64-bit Linux (80), rounded up. */
    private static final long FILE_ACTIONS_SIZE = 128;
    /** Size of glibc's {@code posix_spawnattr_t} on 64-bit Linux (336), rounded up. */
    private static final long SPAWN_ATTR_SIZE = 512;
    /** Size of {@code sigset_t}. */
    private static final long SIGSET_SIZE = 128;

    private static final MethodHandle OPEN = errnoCall("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), 2);
    private static final MethodHandle CLOSE = errnoCall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = errnoCall("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = errnoCall("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle PREAD = errnoCall("pread",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle WRITEV = errnoCall("writev",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle IOCTL_PTR = errnoCall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), 2);
    private static final MethodHandle MOUNT = errnoCall("mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    private static final MethodHandle UMOUNT2 = errnoCall("umount2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SOCKETPAIR = errnoCall("socketpair",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle PIPE2 = errnoCall("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVMSG = errnoCall("recvmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle MEMFD_CREATE = errnoCall("memfd_create",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle WAITPID = errnoCall("waitpid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETUID = plainCall("getuid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETGID = plainCall("getgid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETEUID = plainCall("geteuid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETPAGESIZE = plainCall("getpagesize", FunctionDescriptor.of(JAVA_INT));

    // posix_spawn and friends return the error number instead of setting errno
    private static final MethodHandle POSIX_SPAWN = plainCall("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle FA_INIT = plainCall("posix_spawn_file_actions_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_DESTROY = plainCall("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_ADDDUP2 = plainCall("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FA_ADDCLOSEFROM = plainCall("posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle ATTR_INIT = plainCall("posix_spawnattr_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_DESTROY = plainCall("posix_spawnattr_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_SETFLAGS = plainCall("posix_spawnattr_setflags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    private static final MethodHandle ATTR_SETSIGMASK = plainCall("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SIGEMPTYSET = plainCall("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private Libc() {}

    private static MethodHandle errnoCall(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(symbol(name), fd, ERRNO);
    }

    private static MethodHandle errnoCall(String name, FunctionDescriptor fd, int firstVariadic) {
        return LINKER.downcallHandle(symbol(name), fd, ERRNO, Linker.Option.firstVariadicArg(firstVariadic));
    }

    private static MethodHandle plainCall(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(symbol(name), fd);
    }

    private static MemorySegment symbol(String name) {
        return LOOKUP.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    }

    /**
     * Allocates a segment to capture errno into; one per thread that makes calls on a hot path.
     *
     * @param arena where to allocate it
     * @return the capture segment
     */
    public static MemorySegment callState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    /**
     * The errno captured by the last failed call that used {@code state}.
     *
     * @param state the capture segment
     * @return the positive errno
     */
    public static int errno(MemorySegment state) {
        return (int) ERRNO_VALUE.get(state, 0L);
    }

    private static ErrnoException failure(String call, int errno) {
        return new ErrnoException(Errno.of(errno), call + " failed: errno " + errno + " (" + Errno.of(errno) + ")");
    }

    /**
     * {@code read(2)} into a segment, for hot paths: no exception, no allocation.
     *
     * @param state the caller's capture segment
     * @param fd the fd
     * @param buf the destination
     * @param count bytes at most
     * @return the byte count, or the negated errno
     */
    public static long readRaw(MemorySegment state, int fd, MemorySegment buf, long count) {
        try {
            long n = (long) READ.invokeExact(state, fd, buf, count);
            return n < 0 ? -errno(state) : n;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * {@code writev(2)}, for hot paths: no exception, no allocation.
     *
     * @param state the caller's capture segment
     * @param fd the fd
     * @param iov the iovec array
     * @param iovcnt the number of entries used
     * @return the byte count, or the negated errno
     */
    public static long writevRaw(MemorySegment state, int fd, MemorySegment iov, int iovcnt) {
        try {
            long n = (long) WRITEV.invokeExact(state, fd, iov, iovcnt);
            return n < 0 ? -errno(state) : n;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * {@code open(2)}.
     *
     * @param path the file
     * @param flags open flags
     * @return the fd
     * @throws ErrnoException on failure
     */
    public static int open(String path, int flags) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path), flags, 0);
            if (fd < 0) {
                throw failure("open " + path, errno(state));
            }
            return fd;
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * {@code close(2)}; errors (there is nothing to do about them) are returned, not thrown.
     *
     * @param fd the fd
     * @return 0, or the errno
     */
    public static int close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            int r = (int) CLOSE.invokeExact(state, fd);
            return r < 0 ? errno(state) : 0;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * {@code write(2)} of a whole byte array (small control messages).
     *
     * @param fd the fd
     * @param bytes what to write
     * @throws ErrnoException on failure
     */
    public static void write(int fd, byte[] bytes) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            MemorySegment buf = arena.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, buf, JAVA_BYTE, 0, bytes.length);
            long n = (long) WRITE.invokeExact(state, fd, buf, (long) bytes.length);
            if (n < 0) {
                throw failure("write", errno(state));
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * {@code read(2)} of at most {@code max} bytes, retrying on EINTR (small control messages, tests).
     *
     * @param fd the fd
     * @param max bytes at most
     * @return the bytes read; empty at end of file
     * @throws ErrnoException on failure
     */
    public static byte[] read(int fd, int max) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            MemorySegment buf = arena.allocate(max);
            while (true) {
                long n = readRaw(state, fd, buf, max);
                if (n == -Errno.EINTR.number()) {
                    continue;
                }
                if (n < 0) {
                    throw failure("read", (int) -n);
                }
                return buf.asSlice(0, n).toArray(JAVA_BYTE);
            }
        }
    }

    /**
     * Reads a small file descriptor's contents from offset 0 ({@code pread(2)}), up to {@code max} bytes.
     *
     * @param fd the fd
     * @param max bytes at most
     * @return the bytes read
     * @throws ErrnoException on failure
     */
    public static byte[] preadAll(int fd, int max) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            MemorySegment buf = arena.allocate(max);
            long n = (long) PREAD.invokeExact(state, fd, buf, (long) max, 0L);
            if (n < 0) {
                throw failure("pread", errno(state));
            }
            return buf.asSlice(0, n).toArray(JAVA_BYTE);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * {@code ioctl(2)} with a pointer to a 32-bit argument.
     *
     * @param fd the fd
     * @param request the request code
     * @param arg the argument value
     * @throws ErrnoException on failure
     */
    public static void ioctlInt(int fd, long request, int arg) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            MemorySegment value = arena.allocateFrom(JAVA_INT, arg);
            int r = (int) IOCTL_PTR.invokeExact(state, fd, request, value);
            if (r < 0) {
                throw failure("ioctl", errno(state));
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * {@code mount(2)}.
     *
     * @param source the source (FUSE: the fsname)
     * @param target the mountpoint
     * @param type the file-system type
     * @param flags {@code MS_*} flags
     * @param data the option string
     * @throws ErrnoException on failure
     */
    public static void mount(String source, String target, String type, long flags, String data)
            throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            int r = (int) MOUNT.invokeExact(state, arena.allocateFrom(source), arena.allocateFrom(target),
                    arena.allocateFrom(type), flags, arena.allocateFrom(data));
            if (r < 0) {
                throw failure("mount " + target, errno(state));
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * {@code umount2(2)}.
     *
     * @param target the mountpoint
     * @param flags {@code MNT_*} flags
     * @throws ErrnoException on failure
     */
    public static void umount2(String target, int flags) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            int r = (int) UMOUNT2.invokeExact(state, arena.allocateFrom(target), flags);
            if (r < 0) {
                throw failure("umount2 " + target, errno(state));
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * {@code socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC)}.
     *
     * @return the two fds
     * @throws ErrnoException on failure
     */
    public static int[] socketPair() throws ErrnoException {
        return socketPair(SOCK_STREAM);
    }

    /**
     * {@code socketpair(AF_UNIX, type | SOCK_CLOEXEC)}.
     *
     * @param type {@link #SOCK_STREAM} or {@link #SOCK_SEQPACKET}
     * @return the two fds
     * @throws ErrnoException on failure
     */
    public static int[] socketPair(int type) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            int r = (int) SOCKETPAIR.invokeExact(state, AF_UNIX, type | SOCK_CLOEXEC, 0, fds);
            if (r < 0) {
                throw failure("socketpair", errno(state));
            }
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * {@code pipe2(O_CLOEXEC)}.
     *
     * @return the read end and the write end
     * @throws ErrnoException on failure
     */
    public static int[] pipe() throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            int r = (int) PIPE2.invokeExact(state, fds, O_CLOEXEC);
            if (r < 0) {
                throw failure("pipe2", errno(state));
            }
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * {@code memfd_create(name, MFD_CLOEXEC)}: an anonymous file (used to capture a child's stderr).
     *
     * @param name a name for /proc
     * @return the fd
     * @throws ErrnoException on failure
     */
    public static int memfd(String name) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            int fd = (int) MEMFD_CREATE.invokeExact(state, arena.allocateFrom(name), 1);
            if (fd < 0) {
                throw failure("memfd_create", errno(state));
            }
            return fd;
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * Receives one fd passed with {@code SCM_RIGHTS} over a Unix socket ({@code recvmsg(2)}), retrying
     * on EINTR.
     *
     * @param socket the socket
     * @return the received fd (close-on-exec), or -1 if the peer closed the socket without sending one
     * @throws ErrnoException on failure
     */
    public static int receiveFd(int socket) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            MemorySegment data = arena.allocate(8);
            MemorySegment iov = arena.allocate(16, 8);
            iov.set(ADDRESS, 0, data);
            iov.set(JAVA_LONG, 8, 1L);
            // CMSG_SPACE(sizeof(int)) = 16-byte header + 4 bytes, aligned to 8
            MemorySegment control = arena.allocate(24, 8);
            // struct msghdr: name, namelen(+pad), iov, iovlen, control, controllen, flags(+pad)
            MemorySegment msg = arena.allocate(56, 8);
            msg.set(ADDRESS, 16, iov);
            msg.set(JAVA_LONG, 24, 1L);
            msg.set(ADDRESS, 32, control);
            msg.set(JAVA_LONG, 40, 24L);
            while (true) {
                long n = (long) RECVMSG.invokeExact(state, socket, msg, MSG_CMSG_CLOEXEC);
                if (n < 0) {
                    int errno = errno(state);
                    if (errno == Errno.EINTR.number()) {
                        continue;
                    }
                    throw failure("recvmsg", errno);
                }
                if (n == 0) {
                    return -1;
                }
                long controlLen = msg.get(JAVA_LONG, 40);
                // cmsghdr: len (size_t), level (int), type (int), data; SOL_SOCKET = 1, SCM_RIGHTS = 1
                if (controlLen >= 20 && control.get(JAVA_INT, 8) == 1 && control.get(JAVA_INT, 12) == 1) {
                    return control.get(JAVA_INT, 16);
                }
                return -1;
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * How a spawned child's descriptors are laid out: {@code fds[i]} of the parent becomes fd {@code i}
     * of the child (a negative entry leaves fd {@code i} as inherited); every other fd is closed.
     *
     * @param path the executable (absolute)
     * @param argv the arguments, argv[0] included
     * @param envp the environment, {@code NAME=value}
     * @param fds the parent's fds to install as the child's 0, 1, 2, 3, ...
     * @param newSession whether the child leads a new session (terminal signals do not reach it)
     * @return the child's pid
     * @throws ErrnoException if the spawn fails
     */
    public static int spawn(String path, List<String> argv, List<String> envp, int[] fds,
            boolean newSession) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(FILE_ACTIONS_SIZE, 16);
            MemorySegment attr = arena.allocate(SPAWN_ATTR_SIZE, 16);
            check("posix_spawn_file_actions_init", (int) FA_INIT.invokeExact(actions));
            check("posix_spawnattr_init", (int) ATTR_INIT.invokeExact(attr));
            try {
                // dup2 clears close-on-exec on the target, so our O_CLOEXEC fds survive only where placed
                for (int i = 0; i < fds.length; i++) {
                    if (fds[i] >= 0) {
                        check("adddup2", (int) FA_ADDDUP2.invokeExact(actions, fds[i], i));
                    }
                }
                // the JVM opens many fds without O_CLOEXEC: none of them belongs in a setuid helper
                check("addclosefrom", (int) FA_ADDCLOSEFROM.invokeExact(actions, Math.max(3, fds.length)));
                MemorySegment sigset = arena.allocate(SIGSET_SIZE, 8);
                check("sigemptyset", (int) SIGEMPTYSET.invokeExact(sigset));
                check("setsigmask", (int) ATTR_SETSIGMASK.invokeExact(attr, sigset));
                short flags = (short) (POSIX_SPAWN_SETSIGMASK | (newSession ? POSIX_SPAWN_SETSID : 0));
                check("setflags", (int) ATTR_SETFLAGS.invokeExact(attr, flags));
                MemorySegment pid = arena.allocate(JAVA_INT);
                int r = (int) POSIX_SPAWN.invokeExact(pid, arena.allocateFrom(path), actions, attr,
                        strings(arena, argv), strings(arena, envp));
                if (r != 0) {
                    throw failure("posix_spawn " + path, r);
                }
                return pid.get(JAVA_INT, 0);
            } finally {
                int ignored = (int) FA_DESTROY.invokeExact(actions);
                ignored += (int) ATTR_DESTROY.invokeExact(attr);
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static void check(String call, int r) throws ErrnoException {
        if (r != 0) {
            throw failure(call, r);
        }
    }

    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ADDRESS, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(values.get(i)));
        }
        array.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }

    /**
     * {@code waitpid(2)} for one child, retrying on EINTR.
     *
     * @param pid the child
     * @param noHang return at once if the child has not exited
     * @return the wait status (decode with {@link #exitStatus}), or -1 if {@code noHang} and still running
     * @throws ErrnoException on failure
     */
    public static int waitPid(int pid, boolean noHang) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            MemorySegment status = arena.allocate(JAVA_INT);
            while (true) {
                int r = (int) WAITPID.invokeExact(state, pid, status, noHang ? 1 : 0);
                if (r < 0) {
                    int errno = errno(state);
                    if (errno == Errno.EINTR.number()) {
                        continue;
                    }
                    throw failure("waitpid", errno);
                }
                return r == 0 ? -1 : status.get(JAVA_INT, 0);
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * The exit code in a wait status, or 128 + signal for a child killed by a signal.
     *
     * @param status a status from {@link #waitPid}
     * @return the exit code
     */
    public static int exitStatus(int status) {
        int signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
    }

    /**
     * The real user id.
     *
     * @return {@code getuid()}
     */
    public static int getuid() {
        try {
            return (int) GETUID.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * The real group id.
     *
     * @return {@code getgid()}
     */
    public static int getgid() {
        try {
            return (int) GETGID.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * The effective user id (0: may call mount(2) directly).
     *
     * @return {@code geteuid()}
     */
    public static int geteuid() {
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * The page size.
     *
     * @return {@code getpagesize()}
     */
    public static int pageSize() {
        try {
            return (int) GETPAGESIZE.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
