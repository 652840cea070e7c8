package org.jpuffs;

/**
 * A POSIX record lock or a BSD {@code flock}, as asked for or as reported by {@code getLock}.
 *
 * @param type the lock type
 * @param start the first byte covered
 * @param end the last byte covered, inclusive ({@code Long.MAX_VALUE}: to the end of the file)
 * @param pid the id of the process holding or asking for the lock (in the server's pid namespace)
 * @param owner the kernel's lock-owner id (one per open file table, for POSIX locks)
 * @param flock true for a whole-file {@code flock(2)} lock, false for a {@code fcntl} record lock
 */
public record Lock(LockType type, long start, long end, int pid, long owner, boolean flock) {

    /**
     * The answer to {@code getLock} when nothing conflicts.
     *
     * @return an UNLOCK lock over nothing
     */
    public static Lock none() {
        return new Lock(LockType.UNLOCK, 0, 0, 0, 0, false);
    }
}
