package org.jpuffs.fuse.dispatch;

import java.time.Duration;
import org.jpuffs.fuse.protocol.InitConfig;

/**
 * How the dispatcher runs.
 *
 * @param init the INIT tunables
 * @param trace one log line per request and per reply (logger {@code org.jpuffs.fuse.trace}, INFO)
 * @param watchdog log any request unanswered for this long; {@code null} or zero for off
 * @param virtualThreads run every handler on a virtual thread (network-bound servers); otherwise
 *     handlers run on the reader thread, except blocking ones (SETLKW) which always move to a
 *     separate executor
 * @param drainBound how long DESTROY waits for running requests before the server's destroy
 */
public record DispatchOptions(InitConfig init, boolean trace, Duration watchdog, boolean virtualThreads,
        Duration drainBound) {
    /**
     * The defaults: INIT defaults, no trace, no watchdog, handlers on reader threads, 5 s drain.
     *
     * @return the defaults
     */
    public static DispatchOptions defaults() {
        return new DispatchOptions(InitConfig.defaults(), false, null, false, Duration.ofSeconds(5));
    }

    /**
     * A copy with another INIT config.
     *
     * @param config the config
     * @return the copy
     */
    public DispatchOptions withInit(InitConfig config) {
        return new DispatchOptions(config, trace, watchdog, virtualThreads, drainBound);
    }

    /**
     * A copy with trace on or off.
     *
     * @param on the choice
     * @return the copy
     */
    public DispatchOptions withTrace(boolean on) {
        return new DispatchOptions(init, on, watchdog, virtualThreads, drainBound);
    }

    /**
     * A copy with a watchdog.
     *
     * @param after log requests unanswered this long; null for off
     * @return the copy
     */
    public DispatchOptions withWatchdog(Duration after) {
        return new DispatchOptions(init, trace, after, virtualThreads, drainBound);
    }

    /**
     * A copy running handlers on virtual threads or not.
     *
     * @param on the choice
     * @return the copy
     */
    public DispatchOptions withVirtualThreads(boolean on) {
        return new DispatchOptions(init, trace, watchdog, on, drainBound);
    }
}
