package org.jpuffs.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jpuffs.kernel.Served.name;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jpuffs.Attributes;
import org.jpuffs.CallContext;
import org.jpuffs.Errno;
import org.jpuffs.FileServer;
import org.jpuffs.FileType;
import org.jpuffs.OpenFlags;
import org.jpuffs.testkit.Errnos;
import org.jpuffs.testkit.TreeServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** referencenode/releasenode, putvnode and makeroot: when reclaim reaches the server. */
@Timeout(20)
class ReclaimTest {
    private final TreeServer server = new TreeServer();
    private final Served<Long> s = Served.serve(server);

    @Test
    void forgetToZero_reclaimsCookieOnce() throws Exception {
        NodeEntry d = s.layer.mkdir(s.call(), 1, name("d"), 0755);
        s.layer.lookup(s.call(), 1, name("d"));
        s.layer.forget(d.nodeId(), 1);
        assertThat(server.reclaims(2)).isZero();
        s.layer.forget(d.nodeId(), 1);
        assertThat(server.reclaims(2)).isEqualTo(1);
        s.layer.forget(d.nodeId(), 1);
        assertThat(server.reclaims(2)).isEqualTo(1);
        assertThat(Errnos.thrownBy(() -> s.layer.getAttr(s.call(), d.nodeId(), 0))).isEqualTo(Errno.ESTALE);
    }

    @Test
    void batchForget_eachItemLowersItsCount() throws Exception {
        NodeEntry a = s.layer.mkdir(s.call(), 1, name("a"), 0755);
        NodeEntry b = s.layer.mkdir(s.call(), 1, name("b"), 0755);
        s.layer.lookup(s.call(), 1, name("b"));
        // a BATCH_FORGET reaches the node layer as one forget per item
        s.layer.forget(a.nodeId(), 1);
        s.layer.forget(b.nodeId(), 1);
        assertThat(server.reclaims(2)).isEqualTo(1);
        assertThat(server.reclaims(3)).isZero();
        assertThat(s.table().lookups(b.nodeId())).isEqualTo(1);
    }

    @Test
    void overForget_clampsToZero_reclaimsOnce() throws Exception {
        NodeEntry d = s.layer.mkdir(s.call(), 1, name("d"), 0755);
        s.layer.forget(d.nodeId(), 7);
        s.layer.forget(d.nodeId(), 7);
        assertThat(server.reclaims(2)).isEqualTo(1);
    }

    @Test
    void forget_neverReachesServer() throws Exception {
        int[] calls = new int[1];
        FileServer<Long> counting = new TreeServer() {
            @Override
            public void reclaim(Long node) {
                calls[0]++;
            }
        };
        Served<Long> c = Served.serve(counting);
        NodeEntry d = c.layer.mkdir(c.call(), 1, name("d"), 0755);
        c.layer.lookup(c.call(), 1, name("d"));
        c.layer.forget(d.nodeId(), 1);
        c.layer.forget(999, 1);
        assertThat(calls[0]).isZero(); // nothing but reclaim could have reached it, and no reclaim is due
    }

    @Test
    void pinnedNode_reclaimedOnlyWhenRequestEnds() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TreeServer slow = new TreeServer() {
            @Override
            public Attributes getAttr(CallContext ctx, Long node, Object handle) throws IOException {
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return super.getAttr(ctx, node, handle);
            }
        };
        Served<Long> p = Served.serve(slow);
        NodeEntry d = p.layer.mkdir(p.call(), 1, name("d"), 0755);
        CompletableFuture<NodeAttributes> running = CompletableFuture.supplyAsync(() -> {
            try {
                return p.layer.getAttr(p.call(), d.nodeId(), 0);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, Served.THREADS);
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        p.layer.forget(d.nodeId(), 1);
        assertThat(slow.reclaims(2)).isZero();
        release.countDown();
        assertThat(running.get(5, TimeUnit.SECONDS).attributes().type()).isEqualTo(FileType.DIRECTORY);
        assertThat(slow.reclaims(2)).isEqualTo(1);
    }

    @Test
    void shutdown_reclaimsEveryRemainingNodeOnceButRoot_thenDestroy() throws Exception {
        s.layer.mkdir(s.call(), 1, name("a"), 0755);
        s.layer.mkdir(s.call(), 1, name("b"), 0755);
        s.layer.lookup(s.call(), 1, name("b"));
        s.layer.shutdown(Duration.ofSeconds(1));
        s.layer.shutdown(Duration.ofSeconds(1));
        assertThat(server.allReclaims()).containsOnlyKeys(2L, 3L).containsValues(1, 1);
        assertThat(server.destroys()).isEqualTo(1);
        s.layer.forget(2, 1);
        assertThat(server.reclaims(2)).isEqualTo(1);
    }

    @Test
    void root_neverReclaimed_anyFileType() throws Exception {
        Instant t = Instant.EPOCH;
        FileServer<String> fileRoot = new FileServer<>() {
            @Override
            public String root() {
                return "only-file";
            }

            @Override
            public Attributes getAttr(CallContext ctx, String node, Object handle) {
                return Attributes.of(0, FileType.REGULAR.mode(0644), 1, 0, 0, 12, t);
            }

            @Override
            public void reclaim(String node) {
                throw new AssertionError("the root was reclaimed");
            }
        };
        Served<String> r = Served.serve(fileRoot);
        NodeAttributes a = r.layer.getAttr(r.call(), NodeLayer.ROOT_ID, 0);
        assertThat(a.attributes().type()).isEqualTo(FileType.REGULAR);
        assertThat(a.attributes().ino()).isEqualTo(NodeLayer.ROOT_ID);
        r.layer.forget(NodeLayer.ROOT_ID, 1);
        r.layer.forget(NodeLayer.ROOT_ID, 100);
        r.layer.shutdown(Duration.ofSeconds(1));
        assertThat(r.table().lookups(NodeLayer.ROOT_ID)).isZero();
    }

    /**
     * The LOOKUP/FORGET race: the server hands out a cookie again while its reclaim runs; the new
     * node must not be published before that reclaim has returned.
     */
    @Test
    void reclaimRace_newLifetimePublishedOnlyAfterReclaimReturns() throws Exception {
        CountDownLatch inReclaim = new CountDownLatch(1);
        CountDownLatch finishReclaim = new CountDownLatch(1);
        TreeServer racing = new TreeServer() {
            @Override
            public void reclaim(Long node) {
                inReclaim.countDown();
                try {
                    finishReclaim.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.reclaim(node);
            }
        };
        Served<Long> r = Served.serve(racing);
        NodeEntry f = r.layer.create(r.call(), 1, name("f"), 0644, new OpenFlags(0)).entry();
        CompletableFuture<Void> forgetting =
                CompletableFuture.runAsync(() -> r.layer.forget(f.nodeId(), 1), Served.THREADS);
        assertThat(inReclaim.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<NodeEntry> lookingUp = CompletableFuture.supplyAsync(() -> {
            try {
                return r.layer.lookup(r.call(), 1, name("f"));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, Served.THREADS);
        Thread.sleep(200);
        assertThat(lookingUp).isNotDone();
        finishReclaim.countDown();
        NodeEntry again = lookingUp.get(5, TimeUnit.SECONDS);
        forgetting.get(5, TimeUnit.SECONDS);
        assertThat(racing.reclaims(2)).isEqualTo(1);
        assertThat(again.nodeId()).isNotEqualTo(f.nodeId());
        assertThat(r.table().lookups(again.nodeId())).isEqualTo(1);
        r.layer.forget(again.nodeId(), 1);
        assertThat(racing.reclaims(2)).isEqualTo(2);
    }
}
