package org.jpuffs.kernel;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;

/**
 * In-flight accounting of one mount (puffs's {@code mp_reference}/{@code mp_release}): requests
 * enter before touching the server and exit after. Before {@link #open()} and from {@link #close}
 * on, entering fails with ENOTCONN, so no request ever starts on a mount being torn down; close
 * waits, bounded, for the running ones.
 */
final class InFlight {
    private static final int NEW = 0;
    private static final int OPEN = 1;
    private static final int CLOSING = 2;

    private final AtomicInteger running = new AtomicInteger();
    private volatile int state = NEW;

    void open() {
        state = OPEN;
    }

    /** Enters a request, or refuses it with ENOTCONN. */
    void enter() throws ErrnoException {
        if (state != OPEN) {
            throw notConnected();
        }
        running.incrementAndGet();
        // close() sets the state before it reads the count; reading the state after counting
        // ourselves in means either close() sees us or we see it
        if (state != OPEN) {
            exit();
            throw notConnected();
        }
    }

    void exit() {
        if (running.decrementAndGet() == 0 && state == CLOSING) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /**
     * Refuses new requests, then waits up to {@code bound} for the running ones.
     *
     * @return true when none runs any more
     */
    boolean close(Duration bound) {
        state = CLOSING;
        long deadline = System.nanoTime() + ReplyCheck.nanos(bound);
        synchronized (this) {
            while (running.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return running.get() == 0;
                }
            }
            return true;
        }
    }

    /** The number of requests running now. */
    int running() {
        return running.get();
    }

    private static ErrnoException notConnected() {
        return new ErrnoException(Errno.ENOTCONN, "the mount is not serving");
    }
}
