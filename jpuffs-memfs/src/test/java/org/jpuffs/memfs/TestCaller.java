package org.jpuffs.memfs;

import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jpuffs.CallContext;
import org.jpuffs.Notifier;

/** A caller for direct calls into a file server: uid, gid, supplementary groups, an interrupt flag. */
record TestCaller(int uid, int gid, int[] supplementary, AtomicBoolean interrupted) implements CallContext {
    static final TestCaller ROOT = of(0, 0);

    static TestCaller of(int uid, int gid, int... groups) {
        return new TestCaller(uid, gid, groups, new AtomicBoolean());
    }

    @Override
    public int callerId() {
        return 4242;
    }

    @Override
    public OptionalInt processId() {
        return OptionalInt.of(4242);
    }

    @Override
    public int[] groups() {
        return supplementary.clone();
    }

    @Override
    public boolean isKernel() {
        return false;
    }

    @Override
    public boolean isInterrupted() {
        return interrupted.get();
    }

    @Override
    public <C> Notifier<C> notifier() {
        throw new UnsupportedOperationException("no notifier in direct calls");
    }
}
