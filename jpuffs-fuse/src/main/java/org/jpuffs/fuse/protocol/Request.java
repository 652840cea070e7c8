package org.jpuffs.fuse.protocol;

import java.lang.foreign.MemorySegment;
import org.jpuffs.FileName;
import org.jpuffs.Lock;
import org.jpuffs.SetAttributes;

/**
 * One decoded request body; the node it concerns and the caller are in its {@link InHeader}.
 * Segments inside a request ({@link Write#data()}, {@link SetXattr#value()}, ...) are slices of the
 * request buffer: valid only until that buffer is released.
 */
public sealed interface Request {
    /** FUSE_LOOKUP. @param name the name in the directory */
    record Lookup(FileName name) implements Request { }

    /** FUSE_FORGET (no reply). @param count lookups dropped */
    record Forget(long count) implements Request { }

    /**
     * FUSE_BATCH_FORGET (no reply).
     *
     * @param nodeIds the nodes
     * @param counts lookups dropped, index for index
     */
    record BatchForget(long[] nodeIds, long[] counts) implements Request { }

    /** FUSE_GETATTR. @param fh the handle, 0 when none was given */
    record GetAttr(long fh) implements Request { }

    /**
     * FUSE_SETATTR.
     *
     * @param fh the handle, 0 when none was given
     * @param changes what to change
     * @param lockOwner the lock owner, 0 when none was given
     */
    record SetAttr(long fh, SetAttributes changes, long lockOwner) implements Request { }

    /** FUSE_READLINK. */
    record ReadLink() implements Request { }

    /** FUSE_SYMLINK. @param name the new name @param target the link's contents */
    record Symlink(FileName name, byte[] target) implements Request { }

    /** FUSE_MKNOD. @param name name @param mode mode with type @param rdev device @param umask umask */
    record Mknod(FileName name, int mode, long rdev, int umask) implements Request { }

    /** FUSE_MKDIR. @param name name @param mode mode @param umask umask */
    record Mkdir(FileName name, int mode, int umask) implements Request { }

    /** FUSE_UNLINK. @param name name */
    record Unlink(FileName name) implements Request { }

    /** FUSE_RMDIR. @param name name */
    record Rmdir(FileName name) implements Request { }

    /**
     * FUSE_RENAME and FUSE_RENAME2.
     *
     * @param newParent the target directory
     * @param name the old name
     * @param newName the new name
     * @param flags RENAME_NOREPLACE (1), RENAME_EXCHANGE (2), RENAME_WHITEOUT (4); 0 for RENAME
     */
    record Rename(long newParent, FileName name, FileName newName, int flags) implements Request { }

    /** FUSE_LINK. @param oldNodeId the existing node @param newName the new name in the header's node */
    record Link(long oldNodeId, FileName newName) implements Request { }

    /** FUSE_OPEN. @param flags open(2) flags @param openFlags FUSE_OPEN_* flags */
    record Open(int flags, int openFlags) implements Request { }

    /**
     * FUSE_READ.
     *
     * @param fh handle @param offset offset @param size most bytes @param readFlags FUSE_READ_*
     * @param lockOwner owner @param flags open(2) flags of the file
     */
    record Read(long fh, long offset, int size, int readFlags, long lockOwner, int flags) implements Request { }

    /**
     * FUSE_WRITE.
     *
     * @param fh handle @param offset offset @param writeFlags FUSE_WRITE_* @param lockOwner owner
     * @param flags open(2) flags of the file @param data the bytes, a slice of the request buffer
     */
    record Write(long fh, long offset, int writeFlags, long lockOwner, int flags, MemorySegment data)
            implements Request { }

    /** FUSE_STATFS. */
    record StatFs() implements Request { }

    /**
     * FUSE_RELEASE and FUSE_RELEASEDIR.
     *
     * @param fh handle @param flags open(2) flags @param releaseFlags FUSE_RELEASE_* @param lockOwner owner
     * @param dir true for RELEASEDIR
     */
    record Release(long fh, int flags, int releaseFlags, long lockOwner, boolean dir) implements Request { }

    /** FUSE_FSYNC and FUSE_FSYNCDIR. @param fh handle @param dataOnly fdatasync @param dir FSYNCDIR */
    record Fsync(long fh, boolean dataOnly, boolean dir) implements Request { }

    /**
     * FUSE_SETXATTR (both layouts).
     *
     * @param name attribute name @param value the value, a slice of the request buffer
     * @param flags XATTR_CREATE (1), XATTR_REPLACE (2) @param setxattrFlags FUSE_SETXATTR_* (extended form)
     */
    record SetXattr(String name, MemorySegment value, int flags, int setxattrFlags) implements Request { }

    /** FUSE_GETXATTR. @param name attribute name @param size buffer size, 0 to ask for the size */
    record GetXattr(String name, int size) implements Request { }

    /** FUSE_LISTXATTR. @param size buffer size, 0 to ask for the size */
    record ListXattr(int size) implements Request { }

    /** FUSE_REMOVEXATTR. @param name attribute name */
    record RemoveXattr(String name) implements Request { }

    /** FUSE_FLUSH. @param fh handle @param lockOwner owner */
    record Flush(long fh, long lockOwner) implements Request { }

    /**
     * FUSE_INIT.
     *
     * @param major kernel's major @param minor kernel's minor @param maxReadahead kernel's readahead
     * @param flags the 64-bit capability word (flags2 shifted up when INIT_EXT is set)
     */
    record Init(int major, int minor, int maxReadahead, long flags) implements Request { }

    /** FUSE_OPENDIR. @param flags open(2) flags @param openFlags FUSE_OPEN_* flags */
    record OpenDir(int flags, int openFlags) implements Request { }

    /** FUSE_READDIR and FUSE_READDIRPLUS. @param fh handle @param offset cookie @param size most bytes @param plus READDIRPLUS */
    record ReadDir(long fh, long offset, int size, boolean plus) implements Request { }

    /**
     * FUSE_GETLK, FUSE_SETLK, FUSE_SETLKW.
     *
     * @param fh handle @param lock the lock (owner, flock) @param op which of the three
     */
    record LockOp(long fh, Lock lock, Opcode op) implements Request { }

    /** FUSE_ACCESS. @param mask R_OK/W_OK/X_OK/F_OK */
    record Access(int mask) implements Request { }

    /**
     * FUSE_CREATE and FUSE_TMPFILE.
     *
     * @param name the name, {@code null} for TMPFILE @param flags open(2) flags @param mode mode
     * @param umask umask @param openFlags FUSE_OPEN_*
     */
    record Create(FileName name, int flags, int mode, int umask, int openFlags) implements Request { }

    /** FUSE_INTERRUPT. @param target the unique of the request to interrupt */
    record Interrupt(long target) implements Request { }

    /** FUSE_BMAP. @param block the block @param blockSize its size */
    record Bmap(long block, int blockSize) implements Request { }

    /** FUSE_DESTROY. */
    record Destroy() implements Request { }

    /**
     * FUSE_IOCTL.
     *
     * @param fh handle @param flags FUSE_IOCTL_* @param command cmd @param arg the caller's argument word
     * @param input the input bytes, a slice of the request buffer @param outSize most output bytes
     */
    record Ioctl(long fh, int flags, int command, long arg, MemorySegment input, int outSize) implements Request { }

    /** FUSE_POLL. @param fh handle @param kernelHandle kh @param flags FUSE_POLL_* @param events events */
    record Poll(long fh, long kernelHandle, int flags, int events) implements Request { }

    /**
     * FUSE_NOTIFY_REPLY, the answer to a retrieve notification (its unique is the retrieve's).
     *
     * @param offset where the data starts @param data the bytes, a slice of the request buffer
     */
    record NotifyReply(long offset, MemorySegment data) implements Request { }

    /** FUSE_FALLOCATE. @param fh handle @param offset offset @param length length @param mode FALLOC_FL_* */
    record Fallocate(long fh, long offset, long length, int mode) implements Request { }

    /** FUSE_LSEEK. @param fh handle @param offset offset @param whence SEEK_* */
    record Lseek(long fh, long offset, int whence) implements Request { }

    /**
     * FUSE_COPY_FILE_RANGE and FUSE_COPY_FILE_RANGE_64.
     *
     * @param fhIn source handle @param offIn source offset @param nodeIdOut target node
     * @param fhOut target handle @param offOut target offset @param length bytes @param flags flags
     * @param wide the 64-bit form (reply copy_file_range_out instead of write_out)
     */
    record CopyFileRange(long fhIn, long offIn, long nodeIdOut, long fhOut, long offOut, long length, long flags,
            boolean wide) implements Request { }

    /** FUSE_STATX. @param fh handle, 0 when none @param sxFlags AT_* flags @param sxMask STATX_* wanted */
    record Statx(long fh, int sxFlags, int sxMask) implements Request { }

    /** FUSE_SYNCFS. */
    record SyncFs() implements Request { }

    /** An opcode jpuffs does not serve (DAX mappings, CUSE, or unknown). @param opcode the raw opcode */
    record Unsupported(int opcode) implements Request { }
}
