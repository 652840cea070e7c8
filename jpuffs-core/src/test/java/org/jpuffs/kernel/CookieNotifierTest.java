package org.jpuffs.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jpuffs.kernel.Served.name;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.jpuffs.Errno;
import org.jpuffs.Notifier;
import org.jpuffs.testkit.Errnos;
import org.jpuffs.testkit.TreeServer;
import org.junit.jupiter.api.Test;

/** pnode2vnode: notifications name nodes by cookie. */
class CookieNotifierTest {
    private final Served<Long> s = Served.serve(new TreeServer());
    private final Notifier<Long> notifier = s.layer.notifier();

    @Test
    void byCookie_reachesChannelWithNodeIds() throws Exception {
        NodeEntry d = s.layer.mkdir(s.call(), 1, name("d"), 0755);
        notifier.invalidateAttributes(2L);
        notifier.invalidateData(2L, 10, 20);
        notifier.invalidateEntry(TreeServer.ROOT, name("d"));
        notifier.expireEntry(TreeServer.ROOT, name("d"));
        notifier.delete(TreeServer.ROOT, 2L, name("d"));
        notifier.store(2L, 0, ByteBuffer.wrap(new byte[3]));
        notifier.retrieve(2L, 0, 5);
        notifier.prune(List.of(2L, 99L));
        long id = d.nodeId();
        assertThat(s.notifications.sent()).containsExactly("inval_inode " + id + " -1 0",
                "inval_inode " + id + " 10 20", "inval_entry 1 d", "expire_entry 1 d", "delete 1 " + id + " d",
                "store " + id + " 0 3", "retrieve " + id + " 0 5", "prune [" + id + "]");
    }

    @Test
    void unknownCookie_enoent() throws Exception {
        assertThat(Errnos.thrownBy(() -> notifier.invalidateAttributes(42L))).isEqualTo(Errno.ENOENT);
        NodeEntry d = s.layer.mkdir(s.call(), 1, name("d"), 0755);
        s.layer.forget(d.nodeId(), 1);
        assertThat(Errnos.thrownBy(() -> notifier.invalidateAttributes(2L))).isEqualTo(Errno.ENOENT);
        assertThat(s.notifications.sent()).isEmpty();
    }

    @Test
    void fromCallContext_sameNotifier() {
        assertThat(s.call().<Long>notifier()).isSameAs(notifier);
    }

    @Test
    void beforeInitAndAfterShutdown_enotconn() {
        Served<Long> idle = Served.notStarted(new TreeServer());
        assertThat(Errnos.thrownBy(() -> idle.layer.notifier().resend())).isEqualTo(Errno.ENOTCONN);
        s.layer.shutdown(Duration.ofSeconds(1));
        assertThat(Errnos.thrownBy(() -> notifier.invalidateAttributes(TreeServer.ROOT))).isEqualTo(Errno.ENOTCONN);
    }
}
