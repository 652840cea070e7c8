package org.jpuffs;

import java.time.Instant;

/**
 * Everything {@code stat(2)} and {@code statx(2)} report about a node.
 *
 * @param ino the inode number callers see; 0 lets jpuffs use the node id
 * @param mode the file type and permission bits ({@link FileType#mode(int)}); a mode whose type
 *     bits name no {@link FileType} is a server bug and is refused (the caller gets EIO)
 * @param nlink the number of hard links
 * @param uid the owner's user id
 * @param gid the owner's group id
 * @param rdev the device number of a device node ({@code makedev} form), otherwise 0
 * @param size the size in bytes (of a symlink: its target's length)
 * @param blocks the number of 512-byte blocks allocated
 * @param blockSize the preferred I/O size; 0 lets jpuffs pick
 * @param atime the last access time
 * @param mtime the last modification time
 * @param ctime the last status change time
 * @param birthTime the creation time ({@code statx} {@code STATX_BTIME}); {@code null} when unknown
 */
public record Attributes(
        long ino,
        int mode,
        int nlink,
        int uid,
        int gid,
        long rdev,
        long size,
        long blocks,
        int blockSize,
        Instant atime,
        Instant mtime,
        Instant ctime,
        Instant birthTime) {

    /**
     * Attributes with every time set to {@code time}, no blocks and no device number.
     *
     * @param ino the inode number (0: use the node id)
     * @param mode the type and permission bits
     * @param nlink the link count
     * @param uid the owner
     * @param gid the group
     * @param size the size in bytes
     * @param time the access, modification, change and birth time
     * @return the attributes
     */
    public static Attributes of(long ino, int mode, int nlink, int uid, int gid, long size, Instant time) {
        return new Attributes(ino, mode, nlink, uid, gid, 0, size, (size + 511) / 512, 0, time, time, time, time);
    }

    /**
     * The file type named by the mode.
     *
     * @return the type, or {@code null} when the mode's type bits are invalid
     */
    public FileType type() {
        return FileType.ofMode(mode);
    }

    /**
     * The permission bits of the mode, including set-id and sticky bits.
     *
     * @return {@code mode & 07777}
     */
    public int permissions() {
        return mode & 07777;
    }

    /**
     * A copy with another size.
     *
     * @param newSize the size in bytes
     * @return the copy
     */
    public Attributes withSize(long newSize) {
        return new Attributes(ino, mode, nlink, uid, gid, rdev, newSize, blocks, blockSize, atime, mtime, ctime,
                birthTime);
    }

    /**
     * A copy with another inode number.
     *
     * @param newIno the inode number
     * @return the copy
     */
    public Attributes withIno(long newIno) {
        return new Attributes(newIno, mode, nlink, uid, gid, rdev, size, blocks, blockSize, atime, mtime, ctime,
                birthTime);
    }

    /**
     * A copy with other times.
     *
     * @param newAtime the access time
     * @param newMtime the modification time
     * @param newCtime the change time
     * @return the copy
     */
    public Attributes withTimes(Instant newAtime, Instant newMtime, Instant newCtime) {
        return new Attributes(ino, mode, nlink, uid, gid, rdev, size, blocks, blockSize, newAtime, newMtime,
                newCtime, birthTime);
    }
}
