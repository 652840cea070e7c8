package org.jpuffs.kernel;

import java.io.IOException;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.ExceptionMapping;
import org.jpuffs.FileServer;
import org.jpuffs.ProtocolViolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the node layer says about a server's faults: protocol violations go to the log and the
 * server's error hook (puffs's {@code errnotify}); exceptions become errnos, and the unexpected ones
 * (server bugs) a log line with the op, the cookie and the caller. Never fatal.
 *
 * @param <C> the server's cookie type
 */
final class Faults<C> {
    private static final Logger LOG = LoggerFactory.getLogger(Faults.class);

    private final FileServer<C> server;

    Faults(FileServer<C> server) {
        this.server = server;
    }

    /**
     * Reports a refused reply and returns the error for the caller.
     *
     * @param op the op whose reply was refused
     * @param cookie the cookie concerned, or null
     * @param call the caller, or null
     * @param errno what the caller gets
     * @param detail what was wrong
     * @return the exception to throw to the front end
     */
    ErrnoException violation(Op op, C cookie, Call call, Errno errno, String detail) {
        LOG.warn("protocol violation: {} on {} for {}: {}; the caller gets {}", op, cookie, call, detail, errno);
        try {
            server.protocolViolation(new ProtocolViolation<>(ImplementedOps.methodOf(op), cookie, errno, detail));
        } catch (RuntimeException | Error e) {
            LOG.warn("the server's protocolViolation hook threw {}", e.toString());
        }
        return new ErrnoException(errno, detail);
    }

    /**
     * Maps what a server op threw to the error for the caller; logs it when it is a server bug.
     *
     * @param op the op
     * @param cookie the node it ran on, or null
     * @param call the caller, or null
     * @param failure what was thrown
     * @return the exception to throw to the front end
     */
    IOException failure(Op op, Object cookie, Call call, Throwable failure) {
        if (failure instanceof ErrnoException e) {
            return e;
        }
        Errno errno = ExceptionMapping.errnoOf(failure);
        if (!ExceptionMapping.isExpected(failure)) {
            LOG.warn("server failure: {} on {} for {} threw {}; the caller gets {}", op, cookie, call, failure, errno);
            LOG.debug("stack of the server failure", failure);
        }
        return new ErrnoException(errno, failure.toString());
    }

    /** Logs a failure nobody can be told of (release, reclaim, destroy). */
    void swallowed(Op op, Object cookie, Call call, Throwable failure) {
        if (ExceptionMapping.isExpected(failure)) {
            LOG.debug("{} on {} for {} failed: {}", op, cookie, call, failure.toString());
        } else {
            LOG.warn("server failure: {} on {} for {} threw {} (ignored)", op, cookie, call, failure.toString());
            LOG.debug("stack of the server failure", failure);
        }
    }
}
