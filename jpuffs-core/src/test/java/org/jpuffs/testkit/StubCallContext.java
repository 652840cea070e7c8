package org.jpuffs.testkit;

import java.util.OptionalInt;
import org.jpuffs.CallContext;
import org.jpuffs.Notifier;

/**
 * A {@link CallContext} for calling a file server directly in tests, without a front end: a fixed
 * caller, never interrupted unless told, and no notifier.
 *
 * @param uid the caller's uid
 * @param gid the caller's gid
 * @param callerId the caller's thread id (0 for the kernel)
 */
public record StubCallContext(int uid, int gid, int callerId) implements CallContext {

    /**
     * A root caller with thread id 1.
     *
     * @return the context
     */
    public static StubCallContext root() {
        return new StubCallContext(0, 0, 1);
    }

    /**
     * The kernel itself (thread id 0), as for writeback, release and reclaim-time flushes.
     *
     * @return the context
     */
    public static StubCallContext kernel() {
        return new StubCallContext(0, 0, 0);
    }

    @Override
    public OptionalInt processId() {
        return callerId == 0 ? OptionalInt.empty() : OptionalInt.of(callerId);
    }

    @Override
    public int[] groups() {
        return new int[0];
    }

    @Override
    public boolean isKernel() {
        return callerId == 0;
    }

    @Override
    public boolean isInterrupted() {
        return Thread.currentThread().isInterrupted();
    }

    @Override
    public <C> Notifier<C> notifier() {
        throw new UnsupportedOperationException("no front end in this test: no notifier");
    }
}
