package org.jpuffs.testkit.differential;

import org.jpuffs.testkit.posix.Syscalls;

/**
 * What one operation returned on one side: a value and detail on success, or the errno.
 *
 * @param value  the call's result (bytes written, a count); 0 when it failed
 * @param errno  0 on success, else the errno
 * @param detail normalised extra result (a stat summary, a content hash, sorted names)
 */
public record Outcome(long value, int errno, String detail) {

    /**
     * A success.
     *
     * @param value  the result
     * @param detail extra result, "" when none
     * @return the outcome
     */
    public static Outcome ok(long value, String detail) {
        return new Outcome(value, 0, detail);
    }

    /**
     * A failure.
     *
     * @param errno the errno
     * @return the outcome
     */
    public static Outcome failed(int errno) {
        return new Outcome(0, errno, "");
    }

    @Override
    public String toString() {
        return errno == 0 ? "ok " + value + (detail.isEmpty() ? "" : " " + detail) : Syscalls.errnoName(errno);
    }
}
