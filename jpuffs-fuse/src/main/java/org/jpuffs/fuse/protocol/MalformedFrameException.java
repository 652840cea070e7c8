package org.jpuffs.fuse.protocol;

import org.jpuffs.Errno;

/**
 * A request frame that cannot be decoded. Stackless: bad frames are expected input.
 */
public final class MalformedFrameException extends Exception {
    private static final long serialVersionUID = 1L;

    private final long unique;
    private final Errno errno;

    /**
     * A malformed frame answered with EIO.
     *
     * @param unique the frame's unique id, or 0 when none could be read (then nothing is answered)
     * @param message what is wrong
     */
    public MalformedFrameException(long unique, String message) {
        this(unique, Errno.EIO, message);
    }

    /**
     * A malformed frame answered with a chosen errno.
     *
     * @param unique the frame's unique id, or 0
     * @param errno the answer
     * @param message what is wrong
     */
    public MalformedFrameException(long unique, Errno errno, String message) {
        super(message);
        this.unique = unique;
        this.errno = errno;
    }

    /**
     * The unique id to answer, 0 for none.
     *
     * @return the id
     */
    public long unique() {
        return unique;
    }

    /**
     * The errno to answer with.
     *
     * @return the errno
     */
    public Errno errno() {
        return errno;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
