package org.jpuffs.testkit;

import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;

/** The errno an operation fails with, for assertions on what a caller sees. */
public final class Errnos {
    private Errnos() {
    }

    /** An operation that may throw anything. */
    @FunctionalInterface
    public interface Operation {
        /**
         * Runs it.
         *
         * @throws Exception what it throws
         */
        void run() throws Exception;
    }

    /**
     * The errno of the {@link ErrnoException} {@code op} throws.
     *
     * @param op the operation
     * @return its errno
     * @throws AssertionError when it returns normally or throws something else
     */
    public static Errno thrownBy(Operation op) {
        try {
            op.run();
        } catch (ErrnoException e) {
            return e.errno();
        } catch (Exception e) {
            throw new AssertionError("expected an ErrnoException, got " + e, e);
        }
        throw new AssertionError("expected an ErrnoException, but it succeeded");
    }
}
