package org.jpuffs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;

/**
 * A file system written in Java: what a file-system author implements (libpuffs's role). jpuffs
 * serves it to the Linux kernel over {@code /dev/fuse} or to Java code through {@code java.nio.file}.
 *
 * <p>Nodes are named by <em>cookies</em> of type {@code C} that the server chooses (puffs's
 * {@code puffs_cookie_t}); equal cookies ({@code equals}/{@code hashCode}) are the same node. The
 * server never sees kernel node ids. Every {@link Entry} handed out counts one lookup; once the
 * kernel has forgotten every lookup and no request is running on the node, {@link #reclaim} is
 * called exactly once. See the package documentation for the whole picture.
 *
 * <p>Every op has a default. Which default each op has follows from what the kernel does with the
 * answer, and is stated in the op's documentation; jpuffs also detects which ops a server
 * overrides ({@link OpInventory}) and offers the kernel only the capabilities those ops can serve.
 *
 * <p>Ops may run concurrently on many threads. Throw {@link ErrnoException} for a deliberate error;
 * any other exception is a server bug: the caller gets EIO and a line is logged, and the mount goes
 * on serving.
 *
 * @param <C> the cookie type
 */
public interface FileServer<C> {

    // ---------------------------------------------------------------------------------------------
    // File-system operations

    /**
     * The root node's cookie (puffs {@code puffs_makeroot}; FUSE's node 1, {@code FUSE_ROOT_ID},
     * which has no opcode of its own). Called before the first request, possibly more than once: it
     * must return an equal cookie every time. The root lives as long as the mount: it is never
     * reclaimed and needs no lookup; it may be of any file type. Every op on node 1 arrives with this
     * cookie.
     *
     * <p>The FUSE front end must tell mount(2) the root's file type, so it asks
     * {@link #getAttr getAttr} of the root once <em>before</em> {@link #init}, with a kernel
     * {@link CallContext}: a server that sets itself up in {@code init} must answer that call from
     * what its constructor already knows.
     *
     * @return the root's cookie, never {@code null}
     */
    C root();

    /**
     * Starts serving: called once when a front end starts, before the first node op (FUSE_INIT, 26;
     * puffs {@code puffs_mount}/{@code puffs_start}). From here on the server may use {@code notifier}.
     * Not implemented: nothing happens.
     *
     * @param notifier the notifier of this mount, usable from now until {@link #destroy()}
     * @throws IOException to refuse the mount; the mount fails with this error
     */
    default void init(Notifier<C> notifier) throws IOException {
    }

    /**
     * Ends serving: called once after the last request, after every remaining node was reclaimed
     * (FUSE_DESTROY, 38, or the end of the session when the kernel sends none; puffs
     * {@code fs_unmount}). No op is called afterwards, and the notifier is no longer usable. Not
     * implemented: nothing happens. It cannot fail: an exception is logged.
     */
    default void destroy() {
    }

    /**
     * Reports file-system statistics for {@code statfs(2)} and {@code df} (FUSE_STATFS, 17; puffs
     * {@code fs_statvfs}). Not implemented: {@link StatFs#empty()} (an empty file system with 4 KiB
     * blocks and 255-byte names, as libfuse answers).
     *
     * @param ctx the caller
     * @param node the node the statfs was made on (the root for a statfs of the mount point)
     * @return the statistics
     * @throws IOException EIO, ENOSYS, ... (the caller's statfs fails)
     */
    default StatFs statFs(CallContext ctx, C node) throws IOException {
        return StatFs.empty();
    }

    /**
     * Writes all dirty state of the file system to stable storage ({@code syncfs(2)}, {@code sync};
     * FUSE_SYNCFS, 50; puffs {@code fs_sync}). The Linux kernel sends it only to virtiofs-style
     * mounts, not to plain fuse mounts; the in-JVM front end may call it. Not implemented: success.
     *
     * @param ctx the caller
     * @throws IOException EIO, ... (the caller's syncfs fails)
     */
    default void syncFs(CallContext ctx) throws IOException {
    }

    // ---------------------------------------------------------------------------------------------
    // Names

    /**
     * Finds {@code name} in directory {@code dir} (FUSE_LOOKUP, 1; puffs {@code node_lookup}).
     * Lifetime: an {@link Entry} counts one lookup on its node, which stays live until the kernel has
     * forgotten every lookup and {@link #reclaim} is called; the kernel trusts the binding for the
     * entry's TTL. An absent name is the answer {@link Lookup#absent(java.time.Duration)} (a
     * negative entry the kernel may keep for its TTL), not an exception. With NFS export,
     * {@code name} may be {@code "."} or {@code ".."}; only those may answer with {@code dir}'s own
     * cookie or the root's (the kernel refuses a directory that is its own ancestor with ELOOP, and
     * a second root with EIO). Not implemented: ENOSYS, and every path below the root fails.
     *
     * @param ctx the caller
     * @param dir the directory
     * @param name the name
     * @return the entry, or absent
     * @throws IOException ENOTDIR, EACCES, ENAMETOOLONG, EIO, ...
     */
    default Lookup<C> lookup(CallContext ctx, C dir, FileName name) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Releases a node the kernel no longer refers to: its lookup count reached zero and no request is
     * running on it (FUSE_FORGET, 2, or FUSE_BATCH_FORGET, 42, taking the count to zero, or the end of
     * the session, when the kernel sends no FORGET; puffs {@code node_reclaim}). FORGET itself never
     * reaches the server. Called exactly once per node's lifetime, never for the root; the cookie may
     * come back later through a new lookup, as a new node. Free the storage of unlinked nodes here,
     * not in unlink. Not implemented: nothing. It cannot fail: an exception is logged.
     *
     * <p>Reclaim runs outside every lock of jpuffs, so it may overlap an op that hands the same
     * cookie out again (a lookup that was already running when the kernel forgot the node). jpuffs
     * holds such an entry back until this reclaim has returned, then starts a new lifetime for the
     * cookie with a new node id, which ends with a reclaim of its own. So: a cookie the server can
     * still name (one that is still linked) must stay usable after its reclaim, and reclaim must not
     * wait for a lookup or create of the same cookie to finish. The root is never reclaimed; at the
     * end of a session every other remaining node is, once, before {@link #destroy()}.
     *
     * @param node the node
     */
    default void reclaim(C node) {
    }

    /**
     * Hears of a reply of this server that jpuffs refused as a protocol violation (puffs's
     * {@code errnotify}): an entry whose mode names no file type, a new node with a cookie that is
     * already live or is the root's, a read that returned more than was asked. The caller has
     * already got the error in {@code violation}, and a line was logged. Called on the thread of
     * the refused request; must not throw. Not implemented: nothing (the log line remains).
     *
     * @param violation what was refused
     */
    default void protocolViolation(ProtocolViolation<C> violation) {
    }

    // ---------------------------------------------------------------------------------------------
    // Attributes

    /**
     * Reports a node's attributes ({@code stat}, {@code fstat}, {@code statx}; FUSE_GETATTR, 3, and
     * FUSE_STATX, 52; puffs {@code node_getattr}). The kernel caches them for the node's attribute TTL
     * (of the entry that introduced it). The mode's file type must be valid and must not change over
     * the node's life (a reply without a valid type gives the caller EIO and is reported as a server
     * bug). Not implemented: ENOSYS, and every stat fails.
     *
     * @param ctx the caller
     * @param node the node
     * @param handle the handle of the open the request came through (an {@code fstat} with
     *     FUSE_GETATTR_FH), or {@code null}
     * @return the attributes
     * @throws IOException EIO, EACCES, ...
     */
    default Attributes getAttr(CallContext ctx, C node, Object handle) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Changes attributes: {@code chmod}, {@code chown}, {@code truncate}/{@code ftruncate},
     * {@code utimensat} (FUSE_SETATTR, 4; puffs {@code node_setattr}). Only the fields named in
     * {@code changes} change; the {@code *_NOW} forms ask for the server's current time. With writeback
     * cache the kernel itself sends the times and size it kept (when it writes back or syncs). The
     * returned attributes are cached for the attribute TTL. Not implemented: ENOSYS, and those calls
     * fail.
     *
     * @param ctx the caller
     * @param node the node
     * @param handle the open's handle (ftruncate, fchmod), or {@code null}
     * @param changes what changes
     * @return the attributes after the change
     * @throws IOException EPERM, EACCES, EFBIG, EINVAL, EROFS, ...
     */
    default Attributes setAttr(CallContext ctx, C node, Object handle, SetAttributes changes) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Checks access permission for {@code access(2)}, {@code faccessat} and {@code chdir}
     * (FUSE_ACCESS, 34; puffs {@code node_access}). Not sent when the mount uses
     * {@code default_permissions} (the kernel checks the mode bits itself). Not implemented: ENOSYS,
     * which the kernel remembers and treats as success for every later check.
     *
     * @param ctx the caller
     * @param node the node
     * @param mask R_OK (4), W_OK (2), X_OK (1), or F_OK (0)
     * @throws IOException EACCES when denied, EROFS for W_OK on a read-only file system, ...
     */
    default void access(CallContext ctx, C node, int mask) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    // ---------------------------------------------------------------------------------------------
    // Creating and removing names

    /**
     * Creates a device node, FIFO, socket or regular file (FUSE_MKNOD, 8; puffs {@code node_mknod},
     * and {@code node_create} when the kernel falls back from {@link #create}). Lifetime: the entry
     * counts one lookup on the new node. The returned cookie must be new: a live cookie, or the
     * root's, gives the caller EEXIST and is reported as a server bug; a {@code null} cookie means the
     * server does not support this (EOPNOTSUPP). The data of devices and FIFOs never reaches the
     * server. Not implemented: ENOSYS.
     *
     * <p>The umask is applied before the server sees the mode, except where Linux leaves it out: on a
     * mount with POSIX ACLs, under a directory with a default ACL (the server then intersects the mode
     * with that ACL, which takes the umask's place). The same holds for mkdir, create and tmpfile.
     *
     * @param ctx the caller (the new node's owner)
     * @param dir the directory
     * @param name the new name
     * @param mode type and permission bits (umask already applied, see above)
     * @param rdev the device number for device nodes
     * @return the new node
     * @throws IOException EEXIST, ENOSPC, EPERM, EDQUOT, ...
     */
    default Entry<C> mknod(CallContext ctx, C dir, FileName name, int mode, long rdev) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Creates a directory (FUSE_MKDIR, 9; puffs {@code node_mkdir}). Lifetime and new-cookie rules as
     * {@link #mknod}. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param dir the parent directory
     * @param name the new name
     * @param mode permission bits (umask applied)
     * @return the new directory
     * @throws IOException EEXIST, ENOSPC, EMLINK, EDQUOT, ...
     */
    default Entry<C> mkdir(CallContext ctx, C dir, FileName name, int mode) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Creates a symbolic link (FUSE_SYMLINK, 6; puffs {@code node_symlink}). Lifetime and new-cookie
     * rules as {@link #mknod}; the link's size is its target's length. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param dir the directory
     * @param name the link's name
     * @param target the link's contents, as bytes
     * @return the new link
     * @throws IOException EEXIST, ENOSPC, ENAMETOOLONG, ...
     */
    default Entry<C> symlink(CallContext ctx, C dir, FileName name, byte[] target) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Reads a symbolic link's contents (FUSE_READLINK, 5; puffs {@code node_readlink}). Cached by the
     * kernel when the mount enables symlink caching, until the node's data is invalidated. Not
     * implemented: ENOSYS, and neither {@code readlink} nor following the link works.
     *
     * @param ctx the caller
     * @param node the link
     * @return the target bytes, without a terminating NUL
     * @throws IOException EINVAL when not a symlink
     */
    default byte[] readLink(CallContext ctx, C node) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Adds a hard link {@code name} in {@code dir} to an existing node (FUSE_LINK, 13; puffs
     * {@code node_link}). Returns the existing node's cookie (not a new one): the entry counts one more
     * lookup on it. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param node the existing node
     * @param dir the directory for the new name
     * @param name the new name
     * @return the node, with updated attributes (link count, change time)
     * @throws IOException EEXIST, EMLINK, EPERM, EXDEV, ENOSPC, ...
     */
    default Entry<C> link(CallContext ctx, C node, C dir, FileName name) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Removes a non-directory name (FUSE_UNLINK, 10; puffs {@code node_remove}). Lifetime: the node
     * lives on while the kernel holds lookups on it (an open file stays readable and writable), so
     * free its storage in {@link #reclaim}, not here. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param dir the directory
     * @param name the name
     * @throws IOException ENOENT, EISDIR, EACCES, EPERM (sticky directory), EBUSY, ...
     */
    default void unlink(CallContext ctx, C dir, FileName name) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Removes an empty directory (FUSE_RMDIR, 11; puffs {@code node_rmdir}). Lifetime as
     * {@link #unlink}: a process may still have the directory as its working directory until the node
     * is reclaimed. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param dir the parent
     * @param name the directory's name
     * @throws IOException ENOENT, ENOTDIR, ENOTEMPTY, EBUSY, EACCES, ...
     */
    default void rmdir(CallContext ctx, C dir, FileName name) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Renames {@code name} in {@code dir} to {@code newName} in {@code newDir}, replacing a target
     * as {@code rename(2)} does (FUSE_RENAME, 12, and FUSE_RENAME2, 45; puffs {@code node_rename}).
     * With {@link RenameFlag#NOREPLACE} an existing target gives EEXIST; with
     * {@link RenameFlag#EXCHANGE} both names must exist and are swapped; flags the server does not
     * support give EINVAL. The node keeps its cookie under its new name; a replaced target lives on as
     * after {@link #unlink}. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param dir the source directory
     * @param name the source name
     * @param newDir the target directory
     * @param newName the target name
     * @param flags renameat2 flags; empty for plain rename
     * @throws IOException ENOENT, EEXIST, ENOTEMPTY, EINVAL (into its own subtree, unsupported flag),
     *     EISDIR, ENOTDIR, EXDEV, EBUSY, ...
     */
    default void rename(CallContext ctx, C dir, FileName name, C newDir, FileName newName, Set<RenameFlag> flags)
            throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    // ---------------------------------------------------------------------------------------------
    // Files

    /**
     * Opens a file (FUSE_OPEN, 14; puffs {@code node_open}). Lifetime: the handle comes back on every
     * op through this open and to exactly one {@link #release}; the node stays live until then. When
     * the flags carry O_TRUNC, the server truncates (otherwise the kernel truncates through
     * {@link #setAttr} first). Not implemented: opens are stateless (the kernel is told so once,
     * stops sending OPEN, and handles are {@code null}).
     *
     * @param ctx the caller
     * @param node the file
     * @param flags the open flags (O_CREAT, O_EXCL and O_NOCTTY removed by the kernel)
     * @return the handle and its cache options
     * @throws IOException EACCES, EISDIR, EROFS, ETXTBSY, ...
     */
    default Opened open(CallContext ctx, C node, OpenFlags flags) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Creates and opens a regular file, atomically ({@code open} with O_CREAT; FUSE_CREATE, 35; puffs
     * {@code node_create} plus {@code node_open}). Lifetime: the entry counts one lookup, and the open
     * ends with one {@link #release}. New-cookie rules as {@link #mknod}. Not implemented: ENOSYS,
     * after which the kernel uses {@link #mknod} and {@link #open} for good.
     *
     * @param ctx the caller
     * @param dir the directory
     * @param name the new name
     * @param mode type and permission bits (umask applied)
     * @param flags the open flags
     * @return the new node and its open
     * @throws IOException EEXIST, ENOSPC, EACCES, EDQUOT, ...
     */
    default Created<C> create(CallContext ctx, C dir, FileName name, int mode, OpenFlags flags) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Creates an unnamed regular file in {@code dir} and opens it ({@code open} with O_TMPFILE;
     * FUSE_TMPFILE, 51; puffs has none). Lifetime: the entry counts one lookup and the open ends with
     * one {@link #release}; the file has no name until {@code linkat} gives it one through
     * {@link #link}; with a link count of 0 it is reclaimed after its last release. New-cookie rules as
     * {@link #mknod}. Not implemented: ENOSYS, which the kernel remembers, answering EOPNOTSUPP to
     * O_TMPFILE callers.
     *
     * @param ctx the caller
     * @param dir the directory
     * @param mode type and permission bits
     * @param flags the open flags
     * @return the new node and its open
     * @throws IOException ENOSPC, EOPNOTSUPP, ...
     */
    default Created<C> tmpfile(CallContext ctx, C dir, int mode, OpenFlags flags) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Reads up to {@code dst.remaining()} bytes at {@code offset} into {@code dst} (FUSE_READ, 15;
     * puffs {@code node_read}). Fewer bytes than asked mean end of file (unless the open is direct I/O,
     * where the caller sees exactly what was read). Advance {@code dst}'s position by the bytes read;
     * do not keep {@code dst} after returning: it is reused. Not implemented: ENOSYS.
     *
     * @param ctx the caller (the kernel, for read-ahead)
     * @param node the file
     * @param handle the open's handle
     * @param offset the file offset
     * @param dst where the bytes go
     * @throws IOException EIO, EISDIR, EINTR, ...
     */
    default void read(CallContext ctx, C node, Object handle, long offset, ByteBuffer dst) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Writes {@code src}'s remaining bytes at {@code offset} (FUSE_WRITE, 16; puffs
     * {@code node_write}). With writeback cache the kernel writes pages later on its own
     * ({@link CallContext#isKernel()}) and applies O_APPEND itself. Do not keep {@code src}: it is
     * reused. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param node the file
     * @param handle the open's handle
     * @param offset the file offset (ignore it for O_APPEND opens without writeback cache: append)
     * @param src the bytes, from position to limit
     * @return the number of bytes written; fewer than asked is a short write, more is a server bug
     *     (the caller gets EIO)
     * @throws IOException ENOSPC, EFBIG, EDQUOT, EINTR, ...
     */
    default int write(CallContext ctx, C node, Object handle, long offset, ByteBuffer src) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Called on every {@code close(2)} of a descriptor of this open, possibly several times per
     * open ({@code dup}, {@code fork}) (FUSE_FLUSH, 25; puffs has none: its {@code node_close} comes
     * once, at the last close). Report delayed write errors here, and release the POSIX locks of
     * {@code lockOwner}. Not implemented: ENOSYS, which the kernel remembers and treats as success for
     * every later close.
     *
     * @param ctx the caller
     * @param node the file
     * @param handle the open's handle
     * @param lockOwner the closing descriptor table's lock owner (release its POSIX locks)
     * @throws IOException a delayed error (the caller's close fails with it)
     */
    default void flush(CallContext ctx, C node, Object handle, long lockOwner) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Ends an open: the last descriptor of it was closed (FUSE_RELEASE, 18; puffs
     * {@code node_close}, and {@code node_inactive} for the last open). Exactly once per successful
     * open, create or tmpfile; after it the handle is never passed again. The caller does not wait for
     * it and cannot see an error. Not implemented: nothing.
     *
     * @param ctx the kernel
     * @param node the file
     * @param handle the open's handle
     * @param flags the flags of the open
     * @throws IOException logged only
     */
    default void release(CallContext ctx, C node, Object handle, OpenFlags flags) throws IOException {
    }

    /**
     * Makes the file's data (and metadata unless {@code dataOnly}) durable ({@code fsync},
     * {@code fdatasync}; FUSE_FSYNC, 20; puffs {@code node_fsync}). Not implemented: ENOSYS, which the
     * kernel remembers and treats as success for every later fsync.
     *
     * @param ctx the caller
     * @param node the file
     * @param handle the open's handle
     * @param dataOnly true for {@code fdatasync}
     * @throws IOException EIO, ENOSPC, EDQUOT, ...
     */
    default void fsync(CallContext ctx, C node, Object handle, boolean dataOnly) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Allocates, punches or zeroes a range ({@code fallocate(2)}, {@code posix_fallocate}; FUSE_FALLOCATE,
     * 43; puffs {@code node_fallocate} and, for punching holes, {@code node_fdiscard}). Without
     * {@link FallocateMode#KEEP_SIZE} an allocation past the end grows the file. Not implemented:
     * ENOSYS, which the kernel remembers, answering EOPNOTSUPP to every later caller.
     *
     * @param ctx the caller
     * @param node the file
     * @param handle the open's handle
     * @param mode the fallocate flags; empty for plain allocation
     * @param offset the first byte
     * @param length the number of bytes
     * @throws IOException ENOSPC, EFBIG, EOPNOTSUPP (a mode the server does not support), ...
     */
    default void fallocate(CallContext ctx, C node, Object handle, Set<FallocateMode> mode, long offset, long length)
            throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Finds data or a hole for {@code lseek(2)} with SEEK_DATA or SEEK_HOLE (FUSE_LSEEK, 46; puffs has
     * none, its {@code node_seek} only vets offsets). Other seeks never reach the server. Not
     * implemented: ENOSYS, which the kernel remembers, answering from its generic rule (the whole file
     * is data, the only hole is at the end).
     *
     * @param ctx the caller
     * @param node the file
     * @param handle the open's handle
     * @param offset where to start
     * @param whence DATA or HOLE
     * @return the offset found
     * @throws IOException ENXIO at or past the end, ...
     */
    default long lseek(CallContext ctx, C node, Object handle, long offset, Whence whence) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Copies a range between two open files inside the file system ({@code copy_file_range(2)};
     * FUSE_COPY_FILE_RANGE, 47, and FUSE_COPY_FILE_RANGE_64, 53; puffs has none). Not implemented:
     * ENOSYS, which the kernel remembers, copying with reads and writes instead.
     *
     * @param ctx the caller
     * @param in the source file
     * @param inHandle its handle
     * @param inOffset the source offset
     * @param out the target file
     * @param outHandle its handle
     * @param outOffset the target offset
     * @param length the most bytes to copy
     * @param flags copy_file_range flags (0 today)
     * @return the number of bytes copied; fewer than asked is a short copy
     * @throws IOException EINVAL, EFBIG, ENOSPC, EXDEV, ...
     */
    default long copyFileRange(CallContext ctx, C in, Object inHandle, long inOffset, C out, Object outHandle,
            long outOffset, long length, int flags) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Reports ready events for {@code poll(2)}, {@code select} and {@code epoll} (FUSE_POLL, 40; puffs
     * {@code node_poll}). Lifetime: when no event is ready and {@code waker} is present, keep it and
     * call {@link PollWaker#wake()} once one becomes ready; the kernel then polls again. Not
     * implemented: ENOSYS, which the kernel remembers, treating the file as always ready for reading
     * and writing.
     *
     * @param ctx the caller
     * @param node the file
     * @param handle the open's handle
     * @param events the events asked for (POLLIN 1, POLLPRI 2, POLLOUT 4, ...)
     * @param waker a waker to keep, or {@code null} when the caller does not wait
     * @return the events ready now
     * @throws IOException on failure (the caller sees POLLERR)
     */
    default int poll(CallContext ctx, C node, Object handle, int events, PollWaker waker) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Serves a restricted {@code ioctl(2)}: fixed-size input and output, sizes encoded in the command
     * (FUSE_IOCTL, 39; puffs has none). Not implemented: ENOTTY, as for a file without ioctls.
     *
     * @param ctx the caller
     * @param node the file
     * @param handle the open's handle
     * @param command the ioctl command
     * @param input the input bytes (the command's size)
     * @param outputSize the most output bytes the caller takes
     * @return the result and output
     * @throws IOException ENOTTY for an unknown command, EINVAL, EFAULT, ...
     */
    default IoctlResult ioctl(CallContext ctx, C node, Object handle, int command, ByteBuffer input, int outputSize)
            throws IOException {
        throw new ErrnoException(Errno.ENOTTY);
    }

    // ---------------------------------------------------------------------------------------------
    // Locks

    /**
     * Reports a lock that would conflict with {@code lock} ({@code fcntl} F_GETLK; FUSE_GETLK, 31;
     * puffs {@code node_advlock} with F_GETLK). Not implemented (together with {@link #setLock}): the
     * kernel is not offered lock support and keeps locks itself, local to this machine; called anyway,
     * ENOSYS.
     *
     * @param ctx the caller
     * @param node the file
     * @param handle the open's handle
     * @param lock the lock asked about
     * @return the conflicting lock, or {@link Lock#none()}
     * @throws IOException EINVAL, ENOLCK, ...
     */
    default Lock getLock(CallContext ctx, C node, Object handle, Lock lock) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Acquires or releases a POSIX record lock or a {@code flock} ({@code fcntl} F_SETLK/F_SETLKW,
     * {@code flock(2)}; FUSE_SETLK, 32, and FUSE_SETLKW, 33; puffs {@code node_advlock}). Lifetime:
     * POSIX locks of an owner also end at {@link #flush} for that owner, flocks at {@link #release}.
     * With {@code wait}, block until granted; an interrupt ({@link CallContext#isInterrupted()}, thread
     * interrupt) must end the wait with EINTR. Not implemented: the kernel is not offered lock support
     * and keeps locks itself; called anyway, ENOSYS.
     *
     * @param ctx the caller
     * @param node the file
     * @param handle the open's handle
     * @param lock the lock (type UNLOCK releases)
     * @param wait true for a blocking request
     * @throws IOException EAGAIN when not waiting and it conflicts, EDEADLK, EINTR, ENOLCK, ...
     */
    default void setLock(CallContext ctx, C node, Object handle, Lock lock, boolean wait) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    // ---------------------------------------------------------------------------------------------
    // Directories

    /**
     * Opens a directory for listing (FUSE_OPENDIR, 27; puffs {@code node_open} on a directory).
     * Lifetime: the handle comes back to {@link #readDir} and to exactly one {@link #releaseDir}. Not
     * implemented: directory opens are stateless (the kernel is told so once; handles are
     * {@code null}).
     *
     * @param ctx the caller
     * @param dir the directory
     * @param flags the open flags
     * @return the handle and its cache options (CACHE_DIR, KEEP_CACHE)
     * @throws IOException EACCES, ENOTDIR, ...
     */
    default Opened openDir(CallContext ctx, C dir, OpenFlags flags) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Lists entries starting after {@code offset} (0: from the start) into {@code sink} until it is
     * full or the directory ends (FUSE_READDIR, 28, and, with lookups added by jpuffs, FUSE_READDIRPLUS,
     * 44; puffs {@code node_readdir}). Returning without adding an entry means the end.
     *
     * <p>The offset contract: each entry carries the offset at which listing resumes after it. An
     * offset handed out must stay valid while the directory changes: resuming from it must neither
     * skip nor repeat any entry that existed throughout (entries created or removed meanwhile may or
     * may not appear). {@code rm -rf}, {@code telldir}/{@code seekdir} and NFS depend on this. A
     * monotonic per-directory insertion counter is the simple way to keep it. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param dir the directory
     * @param handle the directory open's handle
     * @param offset where to resume
     * @param sink where entries go
     * @throws IOException ENOTDIR, EIO, ...
     */
    default void readDir(CallContext ctx, C dir, Object handle, long offset, DirSink sink) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Ends a directory open: its last descriptor was closed (FUSE_RELEASEDIR, 29; puffs
     * {@code node_close} on a directory). Exactly once per successful openDir. The caller does not wait
     * for it and cannot see an error. Not implemented: nothing.
     *
     * @param ctx the kernel
     * @param dir the directory
     * @param handle the handle
     * @throws IOException logged only
     */
    default void releaseDir(CallContext ctx, C dir, Object handle) throws IOException {
    }

    /**
     * Makes a directory's contents durable ({@code fsync} on a directory; FUSE_FSYNCDIR, 30; puffs
     * {@code node_fsync} on a directory). Not implemented: ENOSYS, which the kernel remembers and treats
     * as success for every later fsync.
     *
     * @param ctx the caller
     * @param dir the directory
     * @param handle the handle
     * @param dataOnly true for {@code fdatasync}
     * @throws IOException EIO, ...
     */
    default void fsyncDir(CallContext ctx, C dir, Object handle, boolean dataOnly) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    // ---------------------------------------------------------------------------------------------
    // Extended attributes

    /**
     * Sets an extended attribute ({@code setxattr(2)}; FUSE_SETXATTR, 21; puffs
     * {@code node_setextattr}). Not implemented: ENOSYS, which the kernel remembers, answering
     * EOPNOTSUPP to every later caller.
     *
     * @param ctx the caller
     * @param node the node
     * @param name the attribute's full name ({@code user.foo})
     * @param value the value, from position to limit; do not keep it
     * @param mode create, replace, or either
     * @throws IOException EEXIST (create), ENODATA (replace), ENOSPC, E2BIG, EPERM, EOPNOTSUPP, ...
     */
    default void setXattr(CallContext ctx, C node, String name, ByteBuffer value, XattrMode mode) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Reads an extended attribute ({@code getxattr(2)}; FUSE_GETXATTR, 22; puffs
     * {@code node_getextattr}). jpuffs answers size queries and ERANGE from the returned value. Not
     * implemented: ENOSYS, which the kernel remembers, answering EOPNOTSUPP to every later caller.
     *
     * @param ctx the caller
     * @param node the node
     * @param name the attribute's full name
     * @return the value
     * @throws IOException ENODATA when absent, EOPNOTSUPP for a namespace the server does not keep, ...
     */
    default byte[] getXattr(CallContext ctx, C node, String name) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Lists extended attribute names ({@code listxattr(2)}; FUSE_LISTXATTR, 23; puffs
     * {@code node_listextattr}). jpuffs encodes them and answers size queries and ERANGE. Not
     * implemented: ENOSYS, which the kernel remembers, answering EOPNOTSUPP to every later caller.
     *
     * @param ctx the caller
     * @param node the node
     * @return the full names
     * @throws IOException EIO, ...
     */
    default List<String> listXattr(CallContext ctx, C node) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Removes an extended attribute ({@code removexattr(2)}; FUSE_REMOVEXATTR, 24; puffs
     * {@code node_deleteextattr}). Not implemented: ENOSYS, which the kernel remembers, answering
     * EOPNOTSUPP to every later caller.
     *
     * @param ctx the caller
     * @param node the node
     * @param name the attribute's full name
     * @throws IOException ENODATA when absent, EPERM, ...
     */
    default void removeXattr(CallContext ctx, C node, String name) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }
}
