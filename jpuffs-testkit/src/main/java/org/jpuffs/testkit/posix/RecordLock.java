package org.jpuffs.testkit.posix;

/**
 * A struct flock for fcntl record locks.
 *
 * @param type   F_RDLCK, F_WRLCK or F_UNLCK
 * @param whence SEEK_SET, SEEK_CUR or SEEK_END
 * @param start  start offset
 * @param len    length, 0 for "to the end, however far"
 * @param pid    the holder's pid (F_GETLK; -1 for OFD locks)
 */
public record RecordLock(short type, short whence, long start, long len, int pid) {

    /**
     * A lock request from an absolute offset.
     *
     * @param type  F_RDLCK, F_WRLCK or F_UNLCK
     * @param start start offset
     * @param len   length, 0 to the end
     * @return the request
     */
    public static RecordLock of(short type, long start, long len) {
        return new RecordLock(type, (short) Linux.SEEK_SET, start, len, 0);
    }
}
