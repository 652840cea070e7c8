package org.jpuffs.testkit.posix;

/**
 * What statx reported about a file. Times are nanoseconds since the epoch.
 *
 * @param mode   type and permission bits
 * @param nlink  link count
 * @param uid    owner
 * @param gid    group
 * @param size   size in bytes
 * @param blocks 512-byte blocks allocated
 * @param ino    inode number
 * @param dev    device of the file system ((major &lt;&lt; 32) | minor)
 * @param rdev   device number of a device node (glibc makedev encoding)
 * @param atime  access time
 * @param mtime  modification time
 * @param ctime  status change time
 */
public record Stat(int mode, int nlink, int uid, int gid, long size, long blocks, long ino, long dev,
                   long rdev, long atime, long mtime, long ctime) {

    /**
     * The type bits.
     *
     * @return mode &amp; S_IFMT
     */
    public int type() {
        return mode & Linux.S_IFMT;
    }

    /**
     * The permission bits including setuid, setgid and sticky.
     *
     * @return mode &amp; 07777
     */
    public int perms() {
        return mode & 07777;
    }

    /**
     * Whether a directory.
     *
     * @return true for S_IFDIR
     */
    public boolean isDirectory() {
        return type() == Linux.S_IFDIR;
    }

    /**
     * Whether a regular file.
     *
     * @return true for S_IFREG
     */
    public boolean isRegular() {
        return type() == Linux.S_IFREG;
    }

    /**
     * Whether a symlink.
     *
     * @return true for S_IFLNK
     */
    public boolean isSymlink() {
        return type() == Linux.S_IFLNK;
    }
}
