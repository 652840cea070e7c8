package org.jpuffs.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallTest {
    @Test
    void reset_takesTheNewCallersIds_andForgetsTheInterrupt() {
        Call c = new Call(7, 1000, 1000, 4242, null);
        c.interrupt();
        assertThat(c.isInterrupted()).isTrue();

        c.reset(9, 0, 0, 0);

        assertThat(c.isInterrupted()).isFalse();
        assertThat(c.unique()).isEqualTo(9);
        assertThat(c.uid()).isZero();
        assertThat(c.gid()).isZero();
        assertThat(c.callerId()).isZero();
        assertThat(c.isKernel()).isTrue();
    }

    @Test
    void reset_forgetsWhatWasReadFromProc() {
        Call c = new Call(7, 0, 0, 0, null); // a kernel request: nothing to read, groups empty
        assertThat(c.groups()).isEmpty();

        c.reset(8, 0, 0, (int) ProcessHandle.current().pid());

        // our own main thread's status is readable: the reset context reads it afresh
        assertThat(c.processId()).hasValue((int) ProcessHandle.current().pid());
    }
}
