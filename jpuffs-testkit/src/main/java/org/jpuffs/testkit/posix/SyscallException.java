package org.jpuffs.testkit.posix;

import java.io.IOException;

/**
 * A libc call returned -1: carries the call's name and errno exactly as the kernel set it.
 * Stackless on purpose: differential runs throw millions of these.
 */
public final class SyscallException extends IOException {
    private final String call;
    private final int errno;

    /**
     * Creates the exception.
     *
     * @param call  the libc function, for example {@code "renameat2"}
     * @param errno the positive errno value
     */
    public SyscallException(String call, int errno) {
        super(call + ": " + Syscalls.errnoName(errno) + " (" + errno + ")");
        this.call = call;
        this.errno = errno;
    }

    /** Stackless: expected failures are frequent and their stack says nothing. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /**
     * The errno value.
     *
     * @return for example 2 for ENOENT
     */
    public int errno() {
        return errno;
    }

    /**
     * The errno's symbolic name.
     *
     * @return for example {@code "ENOENT"}
     */
    public String name() {
        return Syscalls.errnoName(errno);
    }

    /**
     * The call that failed.
     *
     * @return the libc function name
     */
    public String call() {
        return call;
    }
}
