package org.jpuffs.path;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.jpuffs.Attributes;
import org.jpuffs.CallContext;
import org.jpuffs.DirSink;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.FallocateMode;
import org.jpuffs.FileServer;
import org.jpuffs.IoctlResult;
import org.jpuffs.Lock;
import org.jpuffs.OpenFlags;
import org.jpuffs.Opened;
import org.jpuffs.PollWaker;
import org.jpuffs.RenameFlag;
import org.jpuffs.SetAttributes;
import org.jpuffs.StatFs;
import org.jpuffs.Whence;
import org.jpuffs.XattrMode;

/**
 * A file server that names everything by full path (puffs's {@code PUFFS_FLAG_BUILDPATH}, libfuse's
 * high-level API): the simple way to write a file system over something that is itself addressed
 * by path (a backing directory, an archive, a remote store). Serve it with {@link PathAdapter},
 * which turns it into a {@link FileServer}, keeps the nodes and builds the paths.
 *
 * <p>Every op mirrors the {@link FileServer} op of the same name, with the same semantics, FUSE
 * opcode, default and errors, and with each node replaced by its path. There is no lookup: a name
 * exists when {@link #getAttr} answers for its path, and ENOENT from getAttr is the negative
 * answer. What the adapter promises about paths:
 * <ul>
 * <li>paths are byte-exact ({@link FilePath}) and always start at the root of this file system;
 * <li>after a rename of a directory, ops on everything below it carry the new paths;
 * <li>a node with several hard links carries the path it was last looked up, created, linked or
 *     renamed by; if that name is removed, another of its names the adapter knows;
 * <li>a file unlinked while open keeps its last path: ops through an open's handle still arrive,
 *     with that path and the handle, so a server that wants open-unlinked files to keep working
 *     serves them from its handle (return a non-{@code null} handle from {@link #open} and
 *     {@link #create}). Ops without a handle on an unlinked node fail with ENOENT in the adapter.
 * </ul>
 * Like any path-based API, a path can be overtaken by a concurrent rename of one of its directories
 * before the server uses it; the adapter retries an op that failed with ENOENT when a rename
 * happened meanwhile.
 *
 * <p>Ops run concurrently, as for {@link FileServer}.
 */
public interface PathFileServer {

    /**
     * Called once before the first op (FUSE_INIT). Not implemented: nothing.
     *
     * @throws IOException to refuse the mount
     */
    default void init() throws IOException {
    }

    /** Called once after the last op (FUSE_DESTROY). Not implemented: nothing. */
    default void destroy() {
    }

    /**
     * Hears of a reply that jpuffs refused as a protocol violation, naming the node by its path
     * (see {@link org.jpuffs.FileServer#protocolViolation}). Not implemented: nothing (the log line
     * remains).
     *
     * @param violation what was refused, with the node's last known path ({@code null} when none)
     */
    default void protocolViolation(org.jpuffs.ProtocolViolation<FilePath> violation) {
    }

    /**
     * File-system statistics, as {@link FileServer#statFs}. Not implemented: {@link StatFs#empty()}.
     *
     * @param ctx the caller
     * @param path the path the statfs was made on
     * @return the statistics
     * @throws IOException on failure
     */
    default StatFs statFs(CallContext ctx, FilePath path) throws IOException {
        return StatFs.empty();
    }

    /**
     * Writes all dirty state to stable storage, as {@link FileServer#syncFs}. Not implemented: success.
     *
     * @param ctx the caller
     * @throws IOException on failure
     */
    default void syncFs(CallContext ctx) throws IOException {
    }

    /**
     * The attributes of {@code path}, as {@link FileServer#getAttr}; also answers lookups (FUSE_LOOKUP
     * and FUSE_GETATTR), where ENOENT means the name does not exist. Not implemented: ENOSYS, and no
     * path below the root can be found.
     *
     * @param ctx the caller
     * @param path the path
     * @param handle the handle of the open the request came through, or {@code null}
     * @return the attributes
     * @throws IOException ENOENT when there is no such path, ENOTDIR, EACCES, ...
     */
    default Attributes getAttr(CallContext ctx, FilePath path, Object handle) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Changes attributes, as {@link FileServer#setAttr}. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param path the path
     * @param handle the open's handle (ftruncate, fchmod), or {@code null}
     * @param changes what changes
     * @return the attributes after the change
     * @throws IOException EPERM, EACCES, EFBIG, EINVAL, ...
     */
    default Attributes setAttr(CallContext ctx, FilePath path, Object handle, SetAttributes changes)
            throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Checks access permission, as {@link FileServer#access}. Not implemented: ENOSYS, which the
     * kernel takes as lasting success.
     *
     * @param ctx the caller
     * @param path the path
     * @param mask R_OK (4), W_OK (2), X_OK (1), or F_OK (0)
     * @throws IOException EACCES when denied
     */
    default void access(CallContext ctx, FilePath path, int mask) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Creates a device node, FIFO, socket or regular file at {@code path}, as {@link FileServer#mknod}.
     * Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param path the new path
     * @param mode type and permission bits
     * @param rdev the device number for device nodes
     * @return the new node's attributes
     * @throws IOException EEXIST, ENOSPC, EPERM, ...
     */
    default Attributes mknod(CallContext ctx, FilePath path, int mode, long rdev) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Creates a directory, as {@link FileServer#mkdir}. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param path the new path
     * @param mode permission bits
     * @return the new directory's attributes
     * @throws IOException EEXIST, ENOSPC, EMLINK, ...
     */
    default Attributes mkdir(CallContext ctx, FilePath path, int mode) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Creates a symbolic link, as {@link FileServer#symlink}. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param path the link's path
     * @param target the link's contents
     * @return the link's attributes
     * @throws IOException EEXIST, ENOSPC, ENAMETOOLONG, ...
     */
    default Attributes symlink(CallContext ctx, FilePath path, byte[] target) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Reads a symbolic link, as {@link FileServer#readLink}. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param path the link
     * @return the target bytes
     * @throws IOException EINVAL when not a symlink
     */
    default byte[] readLink(CallContext ctx, FilePath path) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Adds the hard link {@code newPath} to the node at {@code existing}, as {@link FileServer#link}.
     * From now on the node carries {@code newPath}. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param existing a path of the existing node
     * @param newPath the new name's path
     * @return the node's attributes (with the new link count)
     * @throws IOException EEXIST, EMLINK, EPERM, EXDEV, ...
     */
    default Attributes link(CallContext ctx, FilePath existing, FilePath newPath) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Removes a non-directory name, as {@link FileServer#unlink}. An open file stays usable through
     * its handle. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param path the name's path
     * @throws IOException ENOENT, EISDIR, EACCES, EPERM, ...
     */
    default void unlink(CallContext ctx, FilePath path) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Removes an empty directory, as {@link FileServer#rmdir}. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param path the directory's path
     * @throws IOException ENOENT, ENOTDIR, ENOTEMPTY, EBUSY, ...
     */
    default void rmdir(CallContext ctx, FilePath path) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Renames {@code from} to {@code to}, as {@link FileServer#rename}; a directory takes its whole
     * subtree along. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param from the source path
     * @param to the target path
     * @param flags renameat2 flags; empty for plain rename
     * @throws IOException ENOENT, EEXIST, ENOTEMPTY, EINVAL, EISDIR, ENOTDIR, ...
     */
    default void rename(CallContext ctx, FilePath from, FilePath to, Set<RenameFlag> flags) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Opens a file, as {@link FileServer#open}. Not implemented: stateless opens ({@code null} handles).
     *
     * @param ctx the caller
     * @param path the file
     * @param flags the open flags
     * @return the handle and its cache options
     * @throws IOException EACCES, EISDIR, ...
     */
    default Opened open(CallContext ctx, FilePath path, OpenFlags flags) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Creates and opens a regular file, as {@link FileServer#create}. Not implemented: ENOSYS, and
     * the kernel falls back to mknod and open.
     *
     * @param ctx the caller
     * @param path the new path
     * @param mode type and permission bits
     * @param flags the open flags
     * @return the new file's attributes and its open
     * @throws IOException EEXIST, ENOSPC, ...
     */
    default PathCreated create(CallContext ctx, FilePath path, int mode, OpenFlags flags) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Reads into {@code dst}, as {@link FileServer#read}. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param path the file (its last path when unlinked)
     * @param handle the open's handle
     * @param offset the file offset
     * @param dst where the bytes go
     * @throws IOException EIO, EISDIR, ...
     */
    default void read(CallContext ctx, FilePath path, Object handle, long offset, ByteBuffer dst) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Writes {@code src}, as {@link FileServer#write}. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param path the file (its last path when unlinked)
     * @param handle the open's handle
     * @param offset the file offset
     * @param src the bytes
     * @return the number of bytes written
     * @throws IOException ENOSPC, EFBIG, EDQUOT, ...
     */
    default int write(CallContext ctx, FilePath path, Object handle, long offset, ByteBuffer src)
            throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Called on every close of a descriptor of an open, as {@link FileServer#flush}. Not
     * implemented: ENOSYS, which the kernel takes as lasting success.
     *
     * @param ctx the caller
     * @param path the file (its last path when unlinked)
     * @param handle the open's handle
     * @param lockOwner the closing descriptor table's lock owner
     * @throws IOException a delayed error
     */
    default void flush(CallContext ctx, FilePath path, Object handle, long lockOwner) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Ends an open, as {@link FileServer#release}; always called, with the last path when the file
     * was unlinked. Not implemented: nothing.
     *
     * @param ctx the kernel
     * @param path the file (its last path when unlinked)
     * @param handle the open's handle
     * @param flags the flags of the open
     * @throws IOException logged only
     */
    default void release(CallContext ctx, FilePath path, Object handle, OpenFlags flags) throws IOException {
    }

    /**
     * Makes a file durable, as {@link FileServer#fsync}. Not implemented: ENOSYS, which the kernel
     * takes as lasting success.
     *
     * @param ctx the caller
     * @param path the file (its last path when unlinked)
     * @param handle the open's handle
     * @param dataOnly true for {@code fdatasync}
     * @throws IOException EIO, ...
     */
    default void fsync(CallContext ctx, FilePath path, Object handle, boolean dataOnly) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Allocates, punches or zeroes a range, as {@link FileServer#fallocate}. Not implemented: ENOSYS
     * (EOPNOTSUPP for the caller).
     *
     * @param ctx the caller
     * @param path the file (its last path when unlinked)
     * @param handle the open's handle
     * @param mode the fallocate flags
     * @param offset the first byte
     * @param length the number of bytes
     * @throws IOException ENOSPC, EFBIG, EOPNOTSUPP, ...
     */
    default void fallocate(CallContext ctx, FilePath path, Object handle, Set<FallocateMode> mode, long offset,
            long length) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Finds data or a hole, as {@link FileServer#lseek}. Not implemented: ENOSYS (the kernel's
     * generic answer).
     *
     * @param ctx the caller
     * @param path the file (its last path when unlinked)
     * @param handle the open's handle
     * @param offset where to start
     * @param whence DATA or HOLE
     * @return the offset found
     * @throws IOException ENXIO, ...
     */
    default long lseek(CallContext ctx, FilePath path, Object handle, long offset, Whence whence) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Copies a range between two open files, as {@link FileServer#copyFileRange}. Not implemented:
     * ENOSYS (the kernel copies with read and write).
     *
     * @param ctx the caller
     * @param in the source file
     * @param inHandle its handle
     * @param inOffset the source offset
     * @param out the target file
     * @param outHandle its handle
     * @param outOffset the target offset
     * @param length the most bytes to copy
     * @param flags copy_file_range flags
     * @return the number of bytes copied
     * @throws IOException EINVAL, EFBIG, ENOSPC, ...
     */
    default long copyFileRange(CallContext ctx, FilePath in, Object inHandle, long inOffset, FilePath out,
            Object outHandle, long outOffset, long length, int flags) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Reports ready events, as {@link FileServer#poll}. Not implemented: ENOSYS (always ready).
     *
     * @param ctx the caller
     * @param path the file (its last path when unlinked)
     * @param handle the open's handle
     * @param events the events asked for
     * @param waker a waker to keep, or {@code null}
     * @return the events ready now
     * @throws IOException on failure
     */
    default int poll(CallContext ctx, FilePath path, Object handle, int events, PollWaker waker) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Serves a restricted ioctl, as {@link FileServer#ioctl}. Not implemented: ENOTTY.
     *
     * @param ctx the caller
     * @param path the file (its last path when unlinked)
     * @param handle the open's handle
     * @param command the ioctl command
     * @param input the input bytes
     * @param outputSize the most output bytes the caller takes
     * @return the result and output
     * @throws IOException ENOTTY, EINVAL, ...
     */
    default IoctlResult ioctl(CallContext ctx, FilePath path, Object handle, int command, ByteBuffer input,
            int outputSize) throws IOException {
        throw new ErrnoException(Errno.ENOTTY);
    }

    /**
     * Reports a conflicting lock, as {@link FileServer#getLock}. Not implemented (with setLock): the
     * kernel keeps locks itself.
     *
     * @param ctx the caller
     * @param path the file (its last path when unlinked)
     * @param handle the open's handle
     * @param lock the lock asked about
     * @return the conflicting lock, or {@link Lock#none()}
     * @throws IOException on failure
     */
    default Lock getLock(CallContext ctx, FilePath path, Object handle, Lock lock) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Acquires or releases a lock, as {@link FileServer#setLock}. Not implemented: the kernel keeps
     * locks itself.
     *
     * @param ctx the caller
     * @param path the file (its last path when unlinked)
     * @param handle the open's handle
     * @param lock the lock
     * @param wait true for a blocking request
     * @throws IOException EAGAIN, EDEADLK, EINTR, ...
     */
    default void setLock(CallContext ctx, FilePath path, Object handle, Lock lock, boolean wait) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Opens a directory, as {@link FileServer#openDir}. Not implemented: stateless directory opens.
     *
     * @param ctx the caller
     * @param path the directory
     * @param flags the open flags
     * @return the handle and its cache options
     * @throws IOException EACCES, ENOTDIR, ...
     */
    default Opened openDir(CallContext ctx, FilePath path, OpenFlags flags) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Lists entries after {@code offset}, as {@link FileServer#readDir}, with the same offset
     * contract. Not implemented: ENOSYS.
     *
     * @param ctx the caller
     * @param path the directory
     * @param handle the directory open's handle
     * @param offset where to resume
     * @param sink where entries go
     * @throws IOException on failure
     */
    default void readDir(CallContext ctx, FilePath path, Object handle, long offset, DirSink sink)
            throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Ends a directory open, as {@link FileServer#releaseDir}. Not implemented: nothing.
     *
     * @param ctx the kernel
     * @param path the directory (its last path when removed)
     * @param handle the handle
     * @throws IOException logged only
     */
    default void releaseDir(CallContext ctx, FilePath path, Object handle) throws IOException {
    }

    /**
     * Makes a directory durable, as {@link FileServer#fsyncDir}. Not implemented: ENOSYS, which the
     * kernel takes as lasting success.
     *
     * @param ctx the caller
     * @param path the directory
     * @param handle the handle
     * @param dataOnly true for {@code fdatasync}
     * @throws IOException EIO, ...
     */
    default void fsyncDir(CallContext ctx, FilePath path, Object handle, boolean dataOnly) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Sets an extended attribute, as {@link FileServer#setXattr}. Not implemented: ENOSYS
     * (EOPNOTSUPP for the caller).
     *
     * @param ctx the caller
     * @param path the node
     * @param name the attribute's full name
     * @param value the value
     * @param mode create, replace, or either
     * @throws IOException EEXIST, ENODATA, ENOSPC, E2BIG, EPERM, ...
     */
    default void setXattr(CallContext ctx, FilePath path, String name, ByteBuffer value, XattrMode mode)
            throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Reads an extended attribute, as {@link FileServer#getXattr}. Not implemented: ENOSYS
     * (EOPNOTSUPP for the caller).
     *
     * @param ctx the caller
     * @param path the node
     * @param name the attribute's full name
     * @return the value
     * @throws IOException ENODATA when absent
     */
    default byte[] getXattr(CallContext ctx, FilePath path, String name) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Lists extended attribute names, as {@link FileServer#listXattr}. Not implemented: ENOSYS
     * (EOPNOTSUPP for the caller).
     *
     * @param ctx the caller
     * @param path the node
     * @return the full names
     * @throws IOException on failure
     */
    default List<String> listXattr(CallContext ctx, FilePath path) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }

    /**
     * Removes an extended attribute, as {@link FileServer#removeXattr}. Not implemented: ENOSYS
     * (EOPNOTSUPP for the caller).
     *
     * @param ctx the caller
     * @param path the node
     * @param name the attribute's full name
     * @throws IOException ENODATA when absent
     */
    default void removeXattr(CallContext ctx, FilePath path, String name) throws IOException {
        throw new ErrnoException(Errno.ENOSYS);
    }
}
