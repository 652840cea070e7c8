package org.jpuffs.testkit.posix;

/**
 * Linux x86-64 (and generic) constants for the calls in {@link Syscalls}, with the values the kernel
 * and glibc use. Kept as plain ints so a test reads like the C it checks.
 */
public final class Linux {
    private Linux() {
    }

    /** Open for reading only. */
    public static final int O_RDONLY = 0;
    /** Open for writing only. */
    public static final int O_WRONLY = 1;
    /** Open for reading and writing. */
    public static final int O_RDWR = 2;
    /** Create if absent. */
    public static final int O_CREAT = 0100;
    /** With O_CREAT: fail with EEXIST if present. */
    public static final int O_EXCL = 0200;
    /** Truncate to zero length. */
    public static final int O_TRUNC = 01000;
    /** Every write goes to the end. */
    public static final int O_APPEND = 02000;
    /** Non-blocking open (FIFOs). */
    public static final int O_NONBLOCK = 04000;
    /** Fail with ENOTDIR unless a directory. */
    public static final int O_DIRECTORY = 0200000;
    /** Fail with ELOOP if the last component is a symlink. */
    public static final int O_NOFOLLOW = 0400000;
    /** Close on exec. */
    public static final int O_CLOEXEC = 02000000;
    /** A path-only descriptor. */
    public static final int O_PATH = 010000000;
    /** An unnamed file in the given directory (includes O_DIRECTORY). */
    public static final int O_TMPFILE = 020200000;

    /** The current directory as a dirfd. */
    public static final int AT_FDCWD = -100;
    /** Do not follow a trailing symlink. */
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** unlinkat: remove a directory. */
    public static final int AT_REMOVEDIR = 0x200;
    /** faccessat: check with the effective ids. */
    public static final int AT_EACCESS = 0x200;
    /** linkat: follow a trailing symlink. */
    public static final int AT_SYMLINK_FOLLOW = 0x400;
    /** Operate on the dirfd itself when the path is empty. */
    public static final int AT_EMPTY_PATH = 0x1000;

    /** File type mask. */
    public static final int S_IFMT = 0170000;
    /** Socket. */
    public static final int S_IFSOCK = 0140000;
    /** Symbolic link. */
    public static final int S_IFLNK = 0120000;
    /** Regular file. */
    public static final int S_IFREG = 0100000;
    /** Block device. */
    public static final int S_IFBLK = 060000;
    /** Directory. */
    public static final int S_IFDIR = 040000;
    /** Character device. */
    public static final int S_IFCHR = 020000;
    /** FIFO. */
    public static final int S_IFIFO = 010000;
    /** Set user id on execution. */
    public static final int S_ISUID = 04000;
    /** Set group id on execution (or group inheritance on a directory). */
    public static final int S_ISGID = 02000;
    /** Sticky bit. */
    public static final int S_ISVTX = 01000;

    /** lseek: absolute. */
    public static final int SEEK_SET = 0;
    /** lseek: relative to the current offset. */
    public static final int SEEK_CUR = 1;
    /** lseek: relative to the end. */
    public static final int SEEK_END = 2;
    /** lseek: next data at or after the offset. */
    public static final int SEEK_DATA = 3;
    /** lseek: next hole at or after the offset. */
    public static final int SEEK_HOLE = 4;

    /** renameat2: fail with EEXIST if the target exists. */
    public static final int RENAME_NOREPLACE = 1;
    /** renameat2: swap the two names atomically. */
    public static final int RENAME_EXCHANGE = 2;

    /** fallocate: do not change the size. */
    public static final int FALLOC_FL_KEEP_SIZE = 1;
    /** fallocate: deallocate (needs KEEP_SIZE). */
    public static final int FALLOC_FL_PUNCH_HOLE = 2;
    /** fallocate: zero the range. */
    public static final int FALLOC_FL_ZERO_RANGE = 0x10;

    /** setxattr: fail with EEXIST if present. */
    public static final int XATTR_CREATE = 1;
    /** setxattr: fail with ENODATA if absent. */
    public static final int XATTR_REPLACE = 2;

    /** fcntl: test a POSIX lock. */
    public static final int F_GETLK = 5;
    /** fcntl: set a POSIX lock without waiting. */
    public static final int F_SETLK = 6;
    /** fcntl: set a POSIX lock, waiting. */
    public static final int F_SETLKW = 7;
    /** fcntl: test an open-file-description lock. */
    public static final int F_OFD_GETLK = 36;
    /** fcntl: set an open-file-description lock without waiting. */
    public static final int F_OFD_SETLK = 37;
    /** fcntl: set an open-file-description lock, waiting. */
    public static final int F_OFD_SETLKW = 38;
    /** Lock type: shared. */
    public static final short F_RDLCK = 0;
    /** Lock type: exclusive. */
    public static final short F_WRLCK = 1;
    /** Lock type: none. */
    public static final short F_UNLCK = 2;

    /** flock: shared. */
    public static final int LOCK_SH = 1;
    /** flock: exclusive. */
    public static final int LOCK_EX = 2;
    /** flock: do not wait. */
    public static final int LOCK_NB = 4;
    /** flock: release. */
    public static final int LOCK_UN = 8;

    /** utimensat: set to the current time. */
    public static final long UTIME_NOW = (1L << 30) - 1;
    /** utimensat: leave unchanged. */
    public static final long UTIME_OMIT = (1L << 30) - 2;

    /** access: existence. */
    public static final int F_OK = 0;
    /** access: execute/search. */
    public static final int X_OK = 1;
    /** access: write. */
    public static final int W_OK = 2;
    /** access: read. */
    public static final int R_OK = 4;

    /** Directory entry type: unknown. */
    public static final int DT_UNKNOWN = 0;
    /** Directory entry type: FIFO. */
    public static final int DT_FIFO = 1;
    /** Directory entry type: character device. */
    public static final int DT_CHR = 2;
    /** Directory entry type: directory. */
    public static final int DT_DIR = 4;
    /** Directory entry type: block device. */
    public static final int DT_BLK = 6;
    /** Directory entry type: regular file. */
    public static final int DT_REG = 8;
    /** Directory entry type: symlink. */
    public static final int DT_LNK = 10;
    /** Directory entry type: socket. */
    public static final int DT_SOCK = 12;

    /**
     * Encodes a device number as glibc's makedev does.
     *
     * @param major the major number
     * @param minor the minor number
     * @return the dev_t value
     */
    public static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
                | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }
}
