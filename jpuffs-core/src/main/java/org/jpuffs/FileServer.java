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
 * overrides and offers the kernel only the capabilities those ops can serve.
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
     * The root node's cookie (puffs_makeroot). Called once, before the first request. The root is
     * kernel node 1 and is never reclaimed; it may be of any file type.
     *
     * @return the root's cookie, never {@code null}
     */
    C root();

    /**
     * Called once when a front end starts serving, before the first node op (FUSE_INIT; puffs
     * {@code puffs_init}/{@code start}). Not implemented: nothing happens.
     *
     * @param notifier the notifier of this mount, usable from now until {@link #destroy()}
     * @throws IOException to refuse the mount; the mount fails with this error
     */
    default void init(Notifier<C> notifier) throws IOException {
    }

    /**
     * Called once when serving has ended: after the last request, after every remaining node was
     * reclaimed (FUSE_DESTROY, or the end of the session; puffs {@code fs_unmount}). Not implemented:
     * nothing happens.
     */
    default void destroy() {
    }

    /**
     * Reports file-system statistics for {@code statfs(2)} and {@code df} (FUSE_STATFS; puffs
     * {@code fs_statvfs}). Not implemented: {@link StatFs#empty()}.
     *
     * @param ctx the caller
     * @param node the node the statfs was made on
     * @return the statistics
     * @throws IOException on failure
     */
    default StatFs statFs(CallContext ctx, C node) throws IOException {
        return StatFs.empty();
    }

    /**
     * Writes all dirty state of the file system to stable storage ({@code syncfs(2)}; FUSE_SYNCFS;
     * puffs {@code fs_sync}). The kernel only sends it to virtiofs-style mounts; plain fuse mounts
     * do not. Not implemented: success.
     *
     * @param ctx the caller
     * @throws IOException on failure
     */
    default void syncFs(CallContext ctx) throws IOException {
    }

    // ---------------------------------------------------------------------------------------------
    // Names

    /**
     * Finds {@code name} in directory {@code dir} (FUSE_LOOKUP; puffs {@code node_lookup}). An
     * {@link Entry} counts one lookup on its node; an absent name is {@link Lookup#absent(java.time.Duration)},
     * not an exception. With NFS export, {@code name} may be {@code "."} or {@code ".."}. Not
     * implemented: ENOSYS (every path below the root fails).
     *
     * @param ctx the caller
     * @param dir the directory
     * @param name the name
     * @return the entry, or absent
     * @throws IOException ENOTDIR, EACCES, ENAMETOOLONG, ...
     */
    default Lookup<C> lookup(CallContext ctx, C dir, FileName name) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Releases a node the kernel no longer refers to: its lookup count is zero and no request is
     * running on it (FUSE_FORGET reaching zero, or the end of the session; puffs
     * {@code node_reclaim}). Called exactly once per node's lifetime; the cookie may come back later
     * through a new lookup. Free the storage of unlinked nodes here. Not implemented: nothing.
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
     * Reports a node's attributes ({@code stat}, {@code statx}; FUSE_GETATTR and FUSE_STATX; puffs
     * {@code node_getattr}). The kernel caches them for the node's attribute TTL (from the entry
     * that introduced it). Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param node the node
     * @param handle the handle of the open the request came through, or {@code null}
     * @return the attributes
     * @throws IOException on failure
     */
    default Attributes getAttr(CallContext ctx, C node, Object handle) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Changes attributes: chmod, chown, truncate, utimensat (FUSE_SETATTR; puffs
     * {@code node_setattr}). Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param node the node
     * @param handle the open's handle (ftruncate, fchmod), or {@code null}
     * @param changes what changes
     * @return the attributes after the change
     * @throws IOException EPERM, EACCES, EFBIG, EINVAL, ...
     */
    default Attributes setAttr(CallContext ctx, C node, Object handle, SetAttributes changes) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Checks access permission for {@code access(2)} and {@code chdir} (FUSE_ACCESS; puffs
     * {@code node_access}). Not sent with {@code default_permissions}. Not implemented: the kernel
     * treats ENOSYS as permanent success.
     *
     * @param ctx the caller
     * @param node the node
     * @param mask R_OK (4), W_OK (2), X_OK (1), or F_OK (0)
     * @throws IOException EACCES when denied
     */
    default void access(CallContext ctx, C node, int mask) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    // ---------------------------------------------------------------------------------------------
    // Creating and removing names

    /**
     * Creates a device node, FIFO, socket or regular file (FUSE_MKNOD; puffs {@code node_mknod}).
     * The returned cookie must be new (a live cookie gives the caller EEXIST and is reported as a
     * server bug); a {@code null} cookie means the server does not support this (EOPNOTSUPP). Not
     * implemented: ENOSYS.
     *
     * @param ctx the caller (the new node's owner)
     * @param dir the directory
     * @param name the new name
     * @param mode type and permission bits (umask already applied)
     * @param rdev the device number for device nodes
     * @return the new node
     * @throws IOException EEXIST, ENOSPC, EPERM, ...
     */
    default Entry<C> mknod(CallContext ctx, C dir, FileName name, int mode, long rdev) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Creates a directory (FUSE_MKDIR; puffs {@code node_mkdir}). New-cookie rules as
     * {@link #mknod}. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param dir the parent directory
     * @param name the new name
     * @param mode permission bits (umask applied)
     * @return the new directory
     * @throws IOException EEXIST, ENOSPC, EMLINK, ...
     */
    default Entry<C> mkdir(CallContext ctx, C dir, FileName name, int mode) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Creates a symbolic link (FUSE_SYMLINK; puffs {@code node_symlink}). New-cookie rules as
     * {@link #mknod}. Not implemented: ENOSYS.
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
     * Reads a symbolic link's contents (FUSE_READLINK; puffs {@code node_readlink}). Cached by the
     * kernel when the mount enables symlink caching. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param node the link
     * @return the target bytes
     * @throws IOException EINVAL when not a symlink
     */
    default byte[] readLink(CallContext ctx, C node) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Adds a hard link {@code name} in {@code dir} to an existing node (FUSE_LINK; puffs
     * {@code node_link}). The entry returns the existing node's cookie and counts one more lookup
     * on it. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param node the existing node
     * @param dir the directory for the new name
     * @param name the new name
     * @return the node, with updated attributes (link count)
     * @throws IOException EEXIST, EMLINK, EPERM, EXDEV, ...
     */
    default Entry<C> link(CallContext ctx, C node, C dir, FileName name) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Removes a non-directory name (FUSE_UNLINK; puffs {@code node_remove}). The node lives on
     * while the kernel holds lookups (an open file stays readable and writable): free its storage
     * in {@link #reclaim}. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param dir the directory
     * @param name the name
     * @throws IOException ENOENT, EISDIR, EACCES, EPERM (sticky directory), ...
     */
    default void unlink(CallContext ctx, C dir, FileName name) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Removes an empty directory (FUSE_RMDIR; puffs {@code node_rmdir}). Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param dir the parent
     * @param name the directory's name
     * @throws IOException ENOENT, ENOTDIR, ENOTEMPTY, EBUSY, ...
     */
    default void rmdir(CallContext ctx, C dir, FileName name) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Renames {@code name} in {@code dir} to {@code newName} in {@code newDir}, replacing a target
     * as {@code rename(2)} does (FUSE_RENAME, FUSE_RENAME2; puffs {@code node_rename}). With
     * {@link RenameFlag#NOREPLACE} an existing target gives EEXIST; with {@link RenameFlag#EXCHANGE}
     * both names must exist and are swapped. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param dir the source directory
     * @param name the source name
     * @param newDir the target directory
     * @param newName the target name
     * @param flags renameat2 flags; empty for plain rename
     * @throws IOException ENOENT, EEXIST, ENOTEMPTY, EINVAL (into own subtree), EISDIR, ENOTDIR, ...
     */
    default void rename(CallContext ctx, C dir, FileName name, C newDir, FileName newName, Set<RenameFlag> flags)
            throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    // ---------------------------------------------------------------------------------------------
    // Files

    /**
     * Opens a file (FUSE_OPEN; puffs {@code node_open}). The handle comes back on every op through
     * this open and to {@link #release}. Not implemented: opens are stateless (the kernel is told
     * so once, and stops sending OPEN; handles are {@code null}).
     *
     * @param ctx the caller
     * @param node the file
     * @param flags the open flags (O_CREAT, O_EXCL and O_NOCTTY removed by the kernel)
     * @return the handle and its cache options
     * @throws IOException EACCES, EISDIR, ...
     */
    default Opened open(CallContext ctx, C node, OpenFlags flags) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Creates and opens a regular file (FUSE_CREATE; puffs {@code node_create} plus an open).
     * New-cookie rules as {@link #mknod}. Not implemented: ENOSYS, after which the kernel falls back
     * to {@link #mknod} and {@link #open}.
     *
     * @param ctx the caller
     * @param dir the directory
     * @param name the new name
     * @param mode type and permission bits (umask applied)
     * @param flags the open flags
     * @return the new node and its open
     * @throws IOException EEXIST, ENOSPC, ...
     */
    default Created<C> create(CallContext ctx, C dir, FileName name, int mode, OpenFlags flags) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Creates an unnamed regular file in {@code dir} and opens it ({@code O_TMPFILE}; FUSE_TMPFILE).
     * It has no name until {@code linkat} gives it one; with a link count of 0 it is reclaimed after
     * its last release. Not implemented: EOPNOTSUPP for the caller.
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
     * Reads up to {@code dst.remaining()} bytes at {@code offset} into {@code dst} (FUSE_READ; puffs
     * {@code node_read}). Fewer bytes than asked mean end of file (unless the open is direct I/O,
     * where the caller sees exactly what was read). Advance {@code dst}'s position by the bytes
     * read; do not keep {@code dst} after returning. Not implemented: ENOSYS.
     *
     * @param ctx the caller (the kernel, for read-ahead)
     * @param node the file
     * @param handle the open's handle
     * @param offset the file offset
     * @param dst where the bytes go
     * @throws IOException EIO, EISDIR, ...
     */
    default void read(CallContext ctx, C node, Object handle, long offset, ByteBuffer dst) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Writes {@code src}'s remaining bytes at {@code offset} (FUSE_WRITE; puffs {@code node_write}).
     * With writeback cache the kernel writes pages later on its own ({@link CallContext#isKernel()})
     * and applies O_APPEND itself. Do not keep {@code src}. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param node the file
     * @param handle the open's handle
     * @param offset the file offset (ignore it for O_APPEND opens without writeback cache: append)
     * @param src the bytes, from position to limit
     * @return the number of bytes written; fewer than asked is a short write
     * @throws IOException ENOSPC, EFBIG, EDQUOT, ...
     */
    default int write(CallContext ctx, C node, Object handle, long offset, ByteBuffer src) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Called on every {@code close(2)} of a descriptor of this open (FUSE_FLUSH), possibly several
     * times per open (dup). Report delayed write errors here. Not implemented: the kernel treats
     * ENOSYS as permanent success.
     *
     * @param ctx the caller
     * @param node the file
     * @param handle the open's handle
     * @param lockOwner the closing descriptor table's lock owner (release its POSIX locks)
     * @throws IOException a delayed error (the caller's close fails)
     */
    default void flush(CallContext ctx, C node, Object handle, long lockOwner) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Ends an open: the last descriptor of it was closed (FUSE_RELEASE; puffs {@code node_close}
     * and {@code node_inactive}). Exactly once per successful open or create. The caller does not
     * wait for it and cannot see an error. Not implemented: nothing.
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
     * Makes the file's data (and metadata unless {@code dataOnly}) durable (FUSE_FSYNC; puffs
     * {@code node_fsync}). Not implemented: the kernel treats ENOSYS as permanent success.
     *
     * @param ctx the caller
     * @param node the file
     * @param handle the open's handle
     * @param dataOnly true for {@code fdatasync}
     * @throws IOException EIO, ...
     */
    default void fsync(CallContext ctx, C node, Object handle, boolean dataOnly) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Allocates, punches or zeroes a range (FUSE_FALLOCATE). Not implemented: EOPNOTSUPP for the
     * caller (the kernel stops asking).
     *
     * @param ctx the caller
     * @param node the file
     * @param handle the open's handle
     * @param mode the fallocate flags; empty for plain allocation
     * @param offset the first byte
     * @param length the number of bytes
     * @throws IOException ENOSPC, EFBIG, EOPNOTSUPP, ...
     */
    default void fallocate(CallContext ctx, C node, Object handle, Set<FallocateMode> mode, long offset, long length)
            throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Finds data or a hole for {@code lseek(2)} with SEEK_DATA or SEEK_HOLE (FUSE_LSEEK). Not
     * implemented: the kernel falls back to its generic answer (the whole file is data).
     *
     * @param ctx the caller
     * @param node the file
     * @param handle the open's handle
     * @param offset where to start
     * @param whence DATA or HOLE
     * @return the offset found
     * @throws IOException ENXIO at or past the end for DATA, ...
     */
    default long lseek(CallContext ctx, C node, Object handle, long offset, Whence whence) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Copies a range between two open files inside the file system ({@code copy_file_range(2)};
     * FUSE_COPY_FILE_RANGE and _64). Not implemented: the kernel falls back to read and write.
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
     * @return the number of bytes copied
     * @throws IOException EINVAL, EFBIG, ENOSPC, ...
     */
    default long copyFileRange(CallContext ctx, C in, Object inHandle, long inOffset, C out, Object outHandle,
            long outOffset, long length, int flags) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Reports ready events for {@code poll(2)}/{@code select}/{@code epoll} (FUSE_POLL; puffs
     * {@code node_poll}). When no event is ready and {@code waker} is present, keep it and call
     * {@link PollWaker#wake()} when one becomes ready. Not implemented: the kernel treats the file
     * as always ready (DEFAULT_POLLMASK).
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
     * Serves a restricted {@code ioctl(2)}: fixed-size input and output, sizes encoded in the
     * command (FUSE_IOCTL). Not implemented: ENOTTY for the caller.
     *
     * @param ctx the caller
     * @param node the file
     * @param handle the open's handle
     * @param command the ioctl command
     * @param input the input bytes (the command's size)
     * @param outputSize the most output bytes the caller takes
     * @return the result and output
     * @throws IOException ENOTTY, EINVAL, ...
     */
    default IoctlResult ioctl(CallContext ctx, C node, Object handle, int command, ByteBuffer input, int outputSize)
            throws IOException {
        throw new ErrnoException(Errno.ENOTTY);
    }

    // ---------------------------------------------------------------------------------------------
    // Locks

    /**
     * Reports a lock that would conflict with {@code lock} ({@code F_GETLK}; FUSE_GETLK; puffs
     * {@code node_advlock}). Not implemented (together with setLock): the kernel keeps locks itself,
     * local to this machine.
     *
     * @param ctx the caller
     * @param node the file
     * @param handle the open's handle
     * @param lock the lock asked about
     * @return the conflicting lock, or {@link Lock#none()}
     * @throws IOException on failure
     */
    default Lock getLock(CallContext ctx, C node, Object handle, Lock lock) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Acquires or releases a POSIX record lock or a flock (FUSE_SETLK, FUSE_SETLKW). With
     * {@code wait}, block until granted; an interrupt ({@link CallContext#isInterrupted()}, thread
     * interrupt) must end the wait with EINTR. Not implemented: the kernel keeps locks itself.
     *
     * @param ctx the caller
     * @param node the file
     * @param handle the open's handle
     * @param lock the lock (type UNLOCK releases)
     * @param wait true for a blocking request
     * @throws IOException EAGAIN when not waiting and it conflicts, EDEADLK, EINTR, ...
     */
    default void setLock(CallContext ctx, C node, Object handle, Lock lock, boolean wait) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    // ---------------------------------------------------------------------------------------------
    // Directories

    /**
     * Opens a directory for listing (FUSE_OPENDIR; puffs has none). Not implemented: stateless
     * directory opens (handles are {@code null}).
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
     * full or the directory ends (FUSE_READDIR and, with lookups added by jpuffs, FUSE_READDIRPLUS;
     * puffs {@code node_readdir}).
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
     * @throws IOException on failure
     */
    default void readDir(CallContext ctx, C dir, Object handle, long offset, DirSink sink) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Ends a directory open (FUSE_RELEASEDIR). Not implemented: nothing.
     *
     * @param ctx the kernel
     * @param dir the directory
     * @param handle the handle
     * @throws IOException logged only
     */
    default void releaseDir(CallContext ctx, C dir, Object handle) throws IOException {
    }

    /**
     * Makes a directory's contents durable (FUSE_FSYNCDIR). Not implemented: the kernel treats
     * ENOSYS as permanent success.
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
     * Sets an extended attribute (FUSE_SETXATTR; puffs {@code node_setextattr}). Not implemented:
     * EOPNOTSUPP for the caller (the kernel stops asking).
     *
     * @param ctx the caller
     * @param node the node
     * @param name the attribute's full name ({@code user.foo})
     * @param value the value, from position to limit
     * @param mode create, replace, or either
     * @throws IOException EEXIST, ENODATA, ENOSPC, E2BIG, EPERM, ...
     */
    default void setXattr(CallContext ctx, C node, String name, ByteBuffer value, XattrMode mode) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Reads an extended attribute (FUSE_GETXATTR; puffs {@code node_getextattr}). jpuffs answers
     * size queries and ERANGE from the returned value. Not implemented: EOPNOTSUPP for the caller.
     *
     * @param ctx the caller
     * @param node the node
     * @param name the attribute's full name
     * @return the value
     * @throws IOException ENODATA when absent
     */
    default byte[] getXattr(CallContext ctx, C node, String name) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Lists extended attribute names (FUSE_LISTXATTR; puffs {@code node_listextattr}). Not
     * implemented: EOPNOTSUPP for the caller.
     *
     * @param ctx the caller
     * @param node the node
     * @return the full names
     * @throws IOException on failure
     */
    default List<String> listXattr(CallContext ctx, C node) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Removes an extended attribute (FUSE_REMOVEXATTR; puffs {@code node_deleteextattr}). Not
     * implemented: EOPNOTSUPP for the caller.
     *
     * @param ctx the caller
     * @param node the node
     * @param name the attribute's full name
     * @throws IOException ENODATA when absent
     */
    default void removeXattr(CallContext ctx, C node, String name) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }
}
