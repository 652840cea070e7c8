package org.jpuffs;

/**
 * The flags of an {@code open(2)}, as the kernel passes them. Linux x86-64 values.
 *
 * @param raw the flag bits
 */
public record OpenFlags(int raw) {
    /** Open for reading only. */
    public static final int O_RDONLY = 0;
    /** Open for writing only. */
    public static final int O_WRONLY = 1;
    /** Open for reading and writing. */
    public static final int O_RDWR = 2;
    /** The access mode bits. */
    public static final int O_ACCMODE = 3;
    /** Create if absent. */
    public static final int O_CREAT = 0100;
    /** Fail if it exists (with O_CREAT). */
    public static final int O_EXCL = 0200;
    /** Do not become the controlling terminal. */
    public static final int O_NOCTTY = 0400;
    /** Truncate to zero length. */
    public static final int O_TRUNC = 01000;
    /** Every write appends. */
    public static final int O_APPEND = 02000;
    /** Non-blocking. */
    public static final int O_NONBLOCK = 04000;
    /** Synchronous data writes. */
    public static final int O_DSYNC = 010000;
    /** Bypass the page cache. */
    public static final int O_DIRECT = 040000;
    /** Large file. */
    public static final int O_LARGEFILE = 0100000;
    /** Must be a directory. */
    public static final int O_DIRECTORY = 0200000;
    /** Do not follow a final symlink. */
    public static final int O_NOFOLLOW = 0400000;
    /** Do not update atime. */
    public static final int O_NOATIME = 01000000;
    /** Close on exec. */
    public static final int O_CLOEXEC = 02000000;
    /** Synchronous writes. */
    public static final int O_SYNC = 04010000;
    /** Path-only descriptor. */
    public static final int O_PATH = 010000000;
    /** Unnamed temporary file. */
    public static final int O_TMPFILE = 020200000;

    /**
     * Whether the open allows reading.
     *
     * @return true for O_RDONLY and O_RDWR
     */
    public boolean canRead() {
        int acc = raw & O_ACCMODE;
        return acc == O_RDONLY || acc == O_RDWR;
    }

    /**
     * Whether the open allows writing.
     *
     * @return true for O_WRONLY and O_RDWR
     */
    public boolean canWrite() {
        int acc = raw & O_ACCMODE;
        return acc == O_WRONLY || acc == O_RDWR;
    }

    /**
     * Whether all of {@code flags} are set.
     *
     * @param flags one or more of the constants above
     * @return true when every bit is set
     */
    public boolean has(int flags) {
        return (raw & flags) == flags;
    }
}
