package org.jpuffs.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.jpuffs.Errno;
import org.jpuffs.testkit.Errnos;
import org.junit.jupiter.api.Test;

class NodeTableTest {
    private final NodeTable<String> table = new NodeTable<>();

    NodeTableTest() {
        table.installRoot("root", 0);
    }

    @Test
    void publishTwice_sameNodeIdCountTwo() throws Exception {
        Node<String> a = table.publish("a", 0, false);
        Node<String> again = table.publish("a", 0, false);
        assertThat(again).isSameAs(a);
        assertThat(table.lookups(a.id)).isEqualTo(2);
    }

    @Test
    void bothWays_cookieToIdAndIdToNode() throws Exception {
        Node<String> a = table.publish("a", 0, false);
        Node<String> b = table.publish("b", 0, false);
        assertThat(table.idOf("a")).isEqualTo(a.id);
        assertThat(table.idOf("b")).isEqualTo(b.id);
        assertThat(table.pin(a.id)).isSameAs(a);
        assertThat(table.pin(NodeLayer.ROOT_ID).cookie).isEqualTo("root");
    }

    @Test
    void nodeIds_neverReusedAfterReclaim() throws Exception {
        Node<String> a = table.publish("a", 0, false);
        Node<String> dying = table.forget(a.id, 1);
        assertThat(dying).isSameAs(a);
        table.reclaimed(dying);
        Node<String> again = table.publish("a", 0, false);
        assertThat(again.id).isGreaterThan(a.id);
        assertThat(Errnos.thrownBy(() -> table.pin(a.id))).isEqualTo(Errno.ESTALE);
    }

    @Test
    void forgetToZero_takesNodeOutOnce() throws Exception {
        Node<String> a = table.publish("a", 0, false);
        table.publish("a", 0, false);
        assertThat(table.forget(a.id, 1)).isNull();
        assertThat(table.forget(a.id, 1)).isSameAs(a);
        assertThat(table.forget(a.id, 1)).isNull(); // already out: unknown id, logged
        assertThat(Errnos.thrownBy(() -> table.idOf("a"))).isEqualTo(Errno.ENOENT);
    }

    @Test
    void overForget_clampsToZero() throws Exception {
        Node<String> a = table.publish("a", 0, false);
        assertThat(table.forget(a.id, 5)).isSameAs(a);
        assertThat(table.lookups(a.id)).isEqualTo(-1);
    }

    @Test
    void pinnedNode_notTakenOutUntilUnpinned() throws Exception {
        Node<String> a = table.publish("a", 0, false);
        table.pin(a.id);
        assertThat(table.forget(a.id, 1)).isNull();
        assertThat(table.unpin(a)).isSameAs(a);
    }

    @Test
    void root_neverTakenOut() throws Exception {
        assertThat(table.forget(NodeLayer.ROOT_ID, 1)).isNull();
        assertThat(table.forget(NodeLayer.ROOT_ID, 10)).isNull();
        assertThat(table.pin(NodeLayer.ROOT_ID).id).isEqualTo(NodeLayer.ROOT_ID);
        assertThat(table.tearDown()).isEmpty();
    }

    @Test
    void newNodeWithLiveOrRootCookie_eexist() throws Exception {
        table.publish("a", 0, false);
        assertThat(Errnos.thrownBy(() -> table.publish("a", 0, true))).isEqualTo(Errno.EEXIST);
        assertThat(Errnos.thrownBy(() -> table.publish("root", 0, true))).isEqualTo(Errno.EEXIST);
    }

    @Test
    void closing_newNodesEnxioExistingStillCount() throws Exception {
        Node<String> a = table.publish("a", 0, false);
        table.closeToNewNodes();
        assertThat(Errnos.thrownBy(() -> table.publish("b", 0, false))).isEqualTo(Errno.ENXIO);
        assertThat(table.publish("a", 0, false)).isSameAs(a);
        table.tearDown();
        assertThat(Errnos.thrownBy(() -> table.publish("a", 0, false))).isEqualTo(Errno.ENXIO);
    }

    @Test
    void acquireNotSettled_takenOutWithoutCount() throws Exception {
        Node<String> a = table.acquire("a", 0);
        assertThat(table.lookups(a.id)).isZero();
        assertThat(table.settle(a, false)).isSameAs(a);
        Node<String> b = table.acquire("b", 0);
        assertThat(table.settle(b, true)).isNull();
        assertThat(table.lookups(b.id)).isEqualTo(1);
    }

    @Test
    void tearDown_takesEveryUnpinnedNodeButRoot_pinnedOnesAtUnpin() throws Exception {
        Node<String> a = table.publish("a", 0, false);
        Node<String> b = table.publish("b", 0, false);
        table.pin(b.id);
        assertThat(table.tearDown()).containsExactly(a);
        assertThat(table.unpin(b)).isSameAs(b);
    }
}
