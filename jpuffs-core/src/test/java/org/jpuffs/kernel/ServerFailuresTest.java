package org.jpuffs.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jpuffs.kernel.Served.name;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jpuffs.Attributes;
import org.jpuffs.CallContext;
import org.jpuffs.Errno;
import org.jpuffs.FileType;
import org.jpuffs.ProtocolViolation;
import org.jpuffs.testkit.Errnos;
import org.jpuffs.testkit.TreeServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Server exceptions become errnos, never crashes; no lock is held across a server call. */
@Timeout(20)
class ServerFailuresTest {
    /** getAttr fails as the test says. */
    static class Failing extends TreeServer {
        volatile RuntimeException unchecked;
        volatile IOException checked;

        @Override
        public Attributes getAttr(CallContext ctx, Long node, Object handle) throws IOException {
            if (unchecked != null) {
                throw unchecked;
            }
            if (checked != null) {
                throw checked;
            }
            return super.getAttr(ctx, node, handle);
        }

        @Override
        public void protocolViolation(ProtocolViolation<Long> v) {
            throw new IllegalStateException("a hook that throws");
        }
    }

    private final Failing server = new Failing();
    private final Served<Long> s = Served.serve(server);

    @Test
    void runtimeException_eio_mountGoesOn() throws Exception {
        server.unchecked = new NullPointerException("bug");
        assertThat(Errnos.thrownBy(() -> s.layer.getAttr(s.call(), 1, 0))).isEqualTo(Errno.EIO);
        server.unchecked = null;
        assertThat(s.layer.getAttr(s.call(), 1, 0).attributes().type()).isEqualTo(FileType.DIRECTORY);
        assertThat(s.layer.inFlight().running()).isZero();
    }

    @Test
    void nioException_mappedToItsErrno() {
        server.checked = new NoSuchFileException("gone");
        assertThat(Errnos.thrownBy(() -> s.layer.getAttr(s.call(), 1, 0))).isEqualTo(Errno.ENOENT);
        server.checked = new IOException("plain");
        assertThat(Errnos.thrownBy(() -> s.layer.getAttr(s.call(), 1, 0))).isEqualTo(Errno.EIO);
    }

    @Test
    void throwingErrorHook_callerStillGetsEio() {
        Served<Long> bad = Served.serve(new Failing() {
            @Override
            public Attributes getAttr(CallContext ctx, Long node, Object handle) {
                return Attributes.of(0, 0, 1, 0, 0, 0, Instant.EPOCH);
            }
        });
        assertThat(Errnos.thrownBy(() -> bad.layer.getAttr(bad.call(), 1, 0))).isEqualTo(Errno.EIO);
    }

    @Test
    void noLockHeldAcrossServerCalls_otherRequestsAndNotificationsProceed() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        TreeServer blocking = new TreeServer() {
            @Override
            public void unlink(CallContext ctx, Long dir, org.jpuffs.FileName name) throws IOException {
                ctx.<Long>notifier().invalidateEntry(dir, name); // from inside a handler
                inside.countDown();
                try {
                    letGo.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.unlink(ctx, dir, name);
            }
        };
        Served<Long> b = Served.serve(blocking);
        b.layer.create(b.call(), 1, name("f"), 0644, new org.jpuffs.OpenFlags(0));
        CompletableFuture<Void> unlinking = CompletableFuture.runAsync(() -> {
            try {
                b.layer.unlink(b.call(), 1, name("f"));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, Served.THREADS);
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        // while the server sits in unlink, the table, handles and notifier all still work
        NodeEntry d = b.layer.mkdir(b.call(), 1, name("d"), 0755);
        b.layer.lookup(b.call(), 1, name("d"));
        b.layer.forget(d.nodeId(), 2);
        b.layer.notifier().invalidateAttributes(TreeServer.ROOT);
        assertThat(blocking.reclaims(3)).isEqualTo(1);
        letGo.countDown();
        unlinking.get(5, TimeUnit.SECONDS);
        assertThat(b.notifications.sent()).contains("inval_entry 1 f", "inval_inode 1 -1 0");
    }
}
