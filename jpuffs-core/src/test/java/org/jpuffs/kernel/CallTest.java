package org.jpuffs.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jpuffs.Attributes;
import org.jpuffs.CallContext;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.testkit.Errnos;
import org.jpuffs.testkit.TreeServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** makecn/credcvt/cidcvt: what a server learns of its caller. */
class CallTest {
    @Test
    void userCall_credentialsAndProcessFromProc() {
        Served<Long> s = Served.serve(new TreeServer());
        Call c = s.calls.user(1000, 100);
        assertThat(c.uid()).isEqualTo(1000);
        assertThat(c.gid()).isEqualTo(100);
        assertThat(c.isKernel()).isFalse();
        assertThat(c.processId()).hasValue((int) ProcessHandle.current().pid());
        assertThat(c.inGroup(100)).isTrue();
    }

    @Test
    void kernelCall_noProcessNoGroups() {
        Call c = Served.serve(new TreeServer()).calls.kernel();
        assertThat(c.isKernel()).isTrue();
        assertThat(c.callerId()).isZero();
        assertThat(c.processId()).isEmpty();
        assertThat(c.groups()).isEmpty();
    }

    @Test
    @Timeout(10)
    void interrupt_reachesRunningHandler() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        TreeServer blocking = new TreeServer() {
            @Override
            public Attributes getAttr(CallContext ctx, Long node, Object handle) throws IOException {
                inside.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    assertThat(ctx.isInterrupted()).isTrue();
                    throw new ErrnoException(Errno.EINTR);
                }
                return super.getAttr(ctx, node, handle);
            }
        };
        Served<Long> s = Served.serve(blocking);
        Call c = s.call();
        CompletableFuture<Errno> result = CompletableFuture.supplyAsync(
                () -> Errnos.thrownBy(() -> s.layer.getAttr(c, 1, 0)), Served.THREADS);
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        c.interrupt();
        assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo(Errno.EINTR);
    }

    @Test
    void interruptedRequest_leavesNoInterruptForTheThreadsNextRequest() throws Exception {
        TreeServer server = new TreeServer();
        Served<Long> s = Served.serve(server);
        Call c = s.call();
        c.interrupt(); // before the handler runs: bound at once
        s.layer.getAttr(c, 1, 0);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

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

    /**
     * FUSE_INTERRUPT comes from another reader thread and may race the handler's return: once the
     * request has left the node layer, its interrupt must not land on the thread (a reader, which
     * serves the next request, where a stray interrupt closes the server's interruptible channels).
     */
    @Test
    @Timeout(60)
    void interruptRacingTheHandlersReturn_neverLeavesTheThreadInterrupted() throws Exception {
        Served<Long> s = Served.serve(new TreeServer());
        java.util.concurrent.atomic.AtomicReference<Call> current = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread interrupter = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                Call c = current.get();
                if (c != null) {
                    c.interrupt();
                }
            }
        });
        int stray = 0;
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (int i = 0; i < 2_000_000 && System.nanoTime() - until < 0; i++) {
                if (Thread.interrupted()) {
                    stray++;
                }
                Call c = s.call();
                current.set(c);
                try {
                    s.layer.getAttr(c, 1, 0);
                } catch (ErrnoException e) {
                    // interrupted before the server ran: fine
                }
            }
        } finally {
            stop.set(true);
            interrupter.join();
        }
        if (Thread.interrupted()) {
            stray++;
        }
        assertThat(stray).as("interrupts that reached the thread after their request had returned").isZero();
    }
}
