package org.jpuffs.fuse.protocol;

/**
 * Numbers of the FUSE kernel ABI (include/uapi/linux/fuse.h at 7.45) that are not opcodes or INIT
 * flags: the protocol version, the size of each fixed struct, and the small per-request flag words.
 * Offsets inside structs live next to the code that reads or writes them.
 */
public final class FuseAbi {
    /** The protocol's major version. */
    public static final int MAJOR = 7;
    /** The newest minor version jpuffs speaks. */
    public static final int MAX_MINOR = 45;
    /** The oldest minor version jpuffs agrees to. */
    public static final int MIN_MINOR = 31;
    /** The root's node id. */
    public static final long ROOT_ID = 1;
    /** The kernel refuses reads from /dev/fuse into smaller buffers. */
    public static final int MIN_READ_BUFFER = 8192;

    /** {@code struct fuse_in_header}. */
    public static final int IN_HEADER = 40;
    /** {@code struct fuse_out_header}. */
    public static final int OUT_HEADER = 16;
    /** {@code struct fuse_attr}. */
    public static final int ATTR = 88;
    /** {@code struct fuse_entry_out}. */
    public static final int ENTRY_OUT = 40 + ATTR;
    /** {@code struct fuse_attr_out}. */
    public static final int ATTR_OUT = 16 + ATTR;
    /** {@code struct fuse_open_out}. */
    public static final int OPEN_OUT = 16;
    /** {@code struct fuse_write_out}. */
    public static final int WRITE_OUT = 8;
    /** {@code struct fuse_statfs_out}. */
    public static final int STATFS_OUT = 80;
    /** {@code struct fuse_getxattr_out}. */
    public static final int GETXATTR_OUT = 8;
    /** {@code struct fuse_lk_out}. */
    public static final int LK_OUT = 24;
    /** {@code struct fuse_poll_out}. */
    public static final int POLL_OUT = 8;
    /** {@code struct fuse_lseek_out}. */
    public static final int LSEEK_OUT = 8;
    /** {@code struct fuse_bmap_out}. */
    public static final int BMAP_OUT = 8;
    /** {@code struct fuse_ioctl_out}. */
    public static final int IOCTL_OUT = 16;
    /** {@code struct fuse_copy_file_range_out}. */
    public static final int COPY_FILE_RANGE_OUT = 8;
    /** {@code struct fuse_statx_out}. */
    public static final int STATX_OUT = 288;
    /** {@code struct fuse_init_out} since 7.23. */
    public static final int INIT_OUT = 64;
    /** {@code struct fuse_init_in} before FUSE_INIT_EXT (7.36). */
    public static final int INIT_IN_COMPAT = 16;
    /** {@code struct fuse_init_in} with FUSE_INIT_EXT. */
    public static final int INIT_IN = 64;
    /** {@code struct fuse_write_in}; also the size of {@code fuse_notify_retrieve_in}. */
    public static final int WRITE_IN = 40;
    /** {@code struct fuse_setxattr_in} without FUSE_SETXATTR_EXT. */
    public static final int SETXATTR_IN_COMPAT = 8;
    /** {@code struct fuse_setxattr_in} with FUSE_SETXATTR_EXT. */
    public static final int SETXATTR_IN = 16;
    /** The fixed part of {@code struct fuse_dirent} before the name. */
    public static final int DIRENT = 24;
    /** The fixed part of {@code struct fuse_direntplus} before the name. */
    public static final int DIRENTPLUS = ENTRY_OUT + DIRENT;

    /** GETATTR: the fh field is valid. */
    public static final int GETATTR_FH = 1;
    /** FSYNC/FSYNCDIR: data only. */
    public static final int FSYNC_FDATASYNC = 1;
    /** GETLK/SETLK: a BSD flock lock rather than a POSIX one. */
    public static final int LK_FLOCK = 1;
    /** RELEASE: flush first. */
    public static final int RELEASE_FLUSH = 1;
    /** RELEASE: drop the flock lock of lock_owner. */
    public static final int RELEASE_FLOCK_UNLOCK = 2;
    /** WRITE: from the page cache, the file handle is a guess. */
    public static final int WRITE_CACHE = 1;
    /** WRITE: lock_owner is valid. */
    public static final int WRITE_LOCKOWNER = 2;
    /** WRITE: clear suid/sgid. */
    public static final int WRITE_KILL_SUIDGID = 4;
    /** READ: lock_owner is valid. */
    public static final int READ_LOCKOWNER = 2;
    /** OPEN/CREATE open_flags: clear suid/sgid when executable. */
    public static final int OPEN_KILL_SUIDGID = 1;
    /** SETXATTR setxattr_flags: clear sgid when setting system.posix_acl_access. */
    public static final int SETXATTR_ACL_KILL_SGID = 1;
    /** POLL: the server shall notify when events arrive. */
    public static final int POLL_SCHEDULE_NOTIFY = 1;
    /** NOTIFY_INVAL_ENTRY: only expire the entry, keep it. */
    public static final int EXPIRE_ONLY = 1;
    /** IOCTL: on a directory. */
    public static final int IOCTL_DIR = 16;
    /** IOCTL: unrestricted (only CUSE uses it; never granted here). */
    public static final int IOCTL_UNRESTRICTED = 2;
    /** The unique of a resent request has its top bit set. */
    public static final long UNIQUE_RESEND = 1L << 63;
    /** The unique of an INTERRUPT request is its target's with bit 0 set. */
    public static final long INT_REQ_BIT = 1L;

    /** FATTR_MODE. */
    public static final int FATTR_MODE = 1;
    /** FATTR_UID. */
    public static final int FATTR_UID = 1 << 1;
    /** FATTR_GID. */
    public static final int FATTR_GID = 1 << 2;
    /** FATTR_SIZE. */
    public static final int FATTR_SIZE = 1 << 3;
    /** FATTR_ATIME. */
    public static final int FATTR_ATIME = 1 << 4;
    /** FATTR_MTIME. */
    public static final int FATTR_MTIME = 1 << 5;
    /** FATTR_FH. */
    public static final int FATTR_FH = 1 << 6;
    /** FATTR_ATIME_NOW. */
    public static final int FATTR_ATIME_NOW = 1 << 7;
    /** FATTR_MTIME_NOW. */
    public static final int FATTR_MTIME_NOW = 1 << 8;
    /** FATTR_LOCKOWNER. */
    public static final int FATTR_LOCKOWNER = 1 << 9;
    /** FATTR_CTIME. */
    public static final int FATTR_CTIME = 1 << 10;
    /** FATTR_KILL_SUIDGID. */
    public static final int FATTR_KILL_SUIDGID = 1 << 11;

    /** FOPEN_DIRECT_IO. */
    public static final int FOPEN_DIRECT_IO = 1;
    /** FOPEN_KEEP_CACHE. */
    public static final int FOPEN_KEEP_CACHE = 1 << 1;
    /** FOPEN_NONSEEKABLE. */
    public static final int FOPEN_NONSEEKABLE = 1 << 2;
    /** FOPEN_CACHE_DIR. */
    public static final int FOPEN_CACHE_DIR = 1 << 3;
    /** FOPEN_STREAM. */
    public static final int FOPEN_STREAM = 1 << 4;
    /** FOPEN_NOFLUSH. */
    public static final int FOPEN_NOFLUSH = 1 << 5;
    /** FOPEN_PARALLEL_DIRECT_WRITES. */
    public static final int FOPEN_PARALLEL_DIRECT_WRITES = 1 << 6;
    /** FOPEN_PASSTHROUGH. */
    public static final int FOPEN_PASSTHROUGH = 1 << 7;

    /** statx mask: the basic stats (type, mode, nlink, uid, gid, times, ino, size, blocks). */
    public static final int STATX_BASIC_STATS = 0x7ff;
    /** statx mask: birth time. */
    public static final int STATX_BTIME = 0x800;

    /** fcntl lock types as the kernel sends them. */
    public static final int F_RDLCK = 0;
    /** Write lock. */
    public static final int F_WRLCK = 1;
    /** Unlock. */
    public static final int F_UNLCK = 2;

    private FuseAbi() {
    }

    /**
     * Rounds up to the 8-byte alignment of dirents.
     *
     * @param n a size
     * @return n rounded up to a multiple of 8
     */
    public static int align8(int n) {
        return (n + 7) & ~7;
    }
}
