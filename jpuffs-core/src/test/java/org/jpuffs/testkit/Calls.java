package org.jpuffs.testkit;

import java.util.concurrent.atomic.AtomicLong;
import org.jpuffs.Notifier;
import org.jpuffs.kernel.Call;
import org.jpuffs.kernel.NodeLayer;

/**
 * Makes {@link Call}s the way a front end does, for tests that drive a {@link NodeLayer} or a
 * server without a kernel. Each call gets a fresh unique id.
 */
public final class Calls {
    private static final AtomicLong UNIQUE = new AtomicLong(1);

    private final Notifier<?> notifier;

    private Calls(Notifier<?> notifier) {
        this.notifier = notifier;
    }

    /**
     * Calls whose notifier is the node layer's.
     *
     * @param layer the node layer
     * @return the factory
     */
    public static Calls of(NodeLayer layer) {
        return new Calls(layer.notifier());
    }

    /**
     * Calls with the given notifier (or none).
     *
     * @param notifier the notifier, may be null
     * @return the factory
     */
    public static Calls with(Notifier<?> notifier) {
        return new Calls(notifier);
    }

    /**
     * A request from root, made by this thread (its Linux thread id is not known to Java: the
     * process id stands in, so {@code /proc} lookups find this JVM).
     *
     * @return the call
     */
    public Call root() {
        return user(0, 0);
    }

    /**
     * A request from a user process (this JVM's pid as the caller id).
     *
     * @param uid the uid
     * @param gid the gid
     * @return the call
     */
    public Call user(int uid, int gid) {
        return new Call(UNIQUE.getAndIncrement(), uid, gid, (int) ProcessHandle.current().pid(), notifier);
    }

    /**
     * A kernel-initiated request (caller id 0: writeback, release, forget).
     *
     * @return the call
     */
    public Call kernel() {
        return new Call(UNIQUE.getAndIncrement(), 0, 0, 0, notifier);
    }
}
