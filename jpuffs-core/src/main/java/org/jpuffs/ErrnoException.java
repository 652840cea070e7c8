package org.jpuffs;

import java.io.IOException;

/**
 * A deliberate error answer from a file server: the caller's syscall fails with {@link #errno()}.
 * Stackless, so throwing one on a hot path (ENOENT, EEXIST) costs no stack walk.
 */
public final class ErrnoException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The error the caller sees. */
    private final Errno errno;

    /**
     * Creates an exception for {@code errno} with no further detail.
     *
     * @param errno the error the caller's syscall fails with
     */
    public ErrnoException(Errno errno) {
        super(errno.name());
        this.errno = errno;
    }

    /**
     * Creates an exception for {@code errno} with a message for logs.
     *
     * @param errno the error the caller's syscall fails with
     * @param detail a human-readable detail for logs; never sent to the kernel
     */
    public ErrnoException(Errno errno, String detail) {
        super(errno.name() + ": " + detail);
        this.errno = errno;
    }

    /** No stack: an errno answer is an expected outcome, and the stack walk would dominate its cost. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /**
     * The error the caller sees.
     *
     * @return the errno
     */
    public Errno errno() {
        return errno;
    }
}
