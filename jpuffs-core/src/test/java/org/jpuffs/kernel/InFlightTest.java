package org.jpuffs.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jpuffs.kernel.Served.name;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpuffs.Attributes;
import org.jpuffs.CallContext;
import org.jpuffs.Errno;
import org.jpuffs.testkit.Errnos;
import org.jpuffs.testkit.TreeServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** mp_reference/mp_release: in-flight accounting and shutdown. */
@Timeout(20)
class InFlightTest {
    /** getAttr waits until the test lets it go; counts calls and notes whether destroy came first. */
    static final class Gated extends TreeServer {
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch letGo = new CountDownLatch(1);
        final AtomicInteger getAttrs = new AtomicInteger();
        final AtomicBoolean ranAfterDestroy = new AtomicBoolean();
        volatile boolean destroyed;

        @Override
        public Attributes getAttr(CallContext ctx, Long node, Object handle) throws IOException {
            getAttrs.incrementAndGet();
            if (destroyed) {
                ranAfterDestroy.set(true);
            }
            inside.countDown();
            try {
                letGo.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.getAttr(ctx, node, handle);
        }

        @Override
        public void destroy() {
            destroyed = true;
            super.destroy();
        }
    }

    private final Gated server = new Gated();
    private final Served<Long> s = Served.serve(server);

    private CompletableFuture<NodeAttributes> getAttrAsync() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return s.layer.getAttr(s.call(), 1, 0);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, Served.THREADS);
    }

    @org.junit.jupiter.api.AfterEach
    void letGo() {
        server.letGo.countDown();
    }

    private boolean refused() {
        try {
            s.layer.lookup(s.call(), 1, name("x"));
            return false;
        } catch (IOException e) {
            return e instanceof org.jpuffs.ErrnoException x && x.errno() == Errno.ENOTCONN;
        }
    }

    @Test
    void beforeInit_enotconn() {
        Served<Long> idle = Served.notStarted(new TreeServer());
        assertThat(Errnos.thrownBy(() -> idle.layer.getAttr(idle.call(), 1, 0))).isEqualTo(Errno.ENOTCONN);
    }

    @Test
    void shutdown_refusesNewRequestsEnotconn_waitsForRunningOne() throws Exception {
        CompletableFuture<NodeAttributes> running = getAttrAsync();
        assertThat(server.inside.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stopping =
                CompletableFuture.runAsync(() -> s.layer.shutdown(Duration.ofSeconds(10)), Served.THREADS);
        while (!refused()) {
            Thread.sleep(1);
        }
        assertThat(Errnos.thrownBy(() -> s.layer.getAttr(s.call(), 1, 0))).isEqualTo(Errno.ENOTCONN);
        Thread.sleep(100);
        assertThat(stopping).isNotDone(); // still waiting for the running request
        assertThat(server.destroys()).isZero();
        server.letGo.countDown();
        running.get(5, TimeUnit.SECONDS);
        stopping.get(5, TimeUnit.SECONDS);
        assertThat(server.destroys()).isEqualTo(1);
        assertThat(server.ranAfterDestroy).isFalse();
        assertThat(server.getAttrs).hasValue(1);
    }

    @Test
    void shutdown_boundedWhenRequestHangs_neverRunsOneAfterTeardown() throws Exception {
        CompletableFuture<NodeAttributes> running = getAttrAsync();
        assertThat(server.inside.await(5, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        s.layer.shutdown(Duration.ofMillis(200));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(server.destroys()).isEqualTo(1);
        assertThat(Errnos.thrownBy(() -> s.layer.getAttr(s.call(), 1, 0))).isEqualTo(Errno.ENOTCONN);
        server.letGo.countDown();
        running.get(5, TimeUnit.SECONDS);
        assertThat(server.getAttrs).hasValue(1);
    }

    @Test
    void shutdown_nodeOfRequestThatOutlivedDrain_reclaimedWhenItEnds() throws Exception {
        NodeEntry d = s.layer.mkdir(s.call(), 1, name("d"), 0755);
        CompletableFuture<NodeAttributes> running = CompletableFuture.supplyAsync(() -> {
            try {
                return s.layer.getAttr(s.call(), d.nodeId(), 0);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, Served.THREADS);
        assertThat(server.inside.await(5, TimeUnit.SECONDS)).isTrue();
        s.layer.shutdown(Duration.ofMillis(100));
        assertThat(server.reclaims(2)).isZero();
        server.letGo.countDown();
        running.get(5, TimeUnit.SECONDS);
        assertThat(server.reclaims(2)).isEqualTo(1);
    }
}
