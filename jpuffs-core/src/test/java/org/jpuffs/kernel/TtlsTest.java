package org.jpuffs.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jpuffs.kernel.Served.name;

import java.io.IOException;
import java.time.Duration;
import org.jpuffs.CallContext;
import org.jpuffs.FileName;
import org.jpuffs.Lookup;
import org.jpuffs.testkit.Calls;
import org.jpuffs.testkit.RecordedNotifications;
import org.jpuffs.testkit.TreeServer;
import org.junit.jupiter.api.Test;

/** Entry, attribute and negative TTLs: the server's by default, the mount's where it overrides them. */
class TtlsTest {
    /** A tree whose absent names carry a 9 s negative TTL; TreeServer's entries carry their own. */
    static final class NegativeNine extends TreeServer {
        @Override
        public synchronized Lookup<Long> lookup(CallContext ctx, Long dir, FileName name) throws IOException {
            Lookup<Long> l = super.lookup(ctx, dir, name);
            return l instanceof Lookup.Absent<Long> ? Lookup.absent(Duration.ofSeconds(9)) : l;
        }
    }

    private static NodeLayer served(NodeLayerOptions options) throws IOException {
        NodeLayer layer = NodeLayer.serve(new NegativeNine(), options);
        layer.init(new RecordedNotifications());
        return layer;
    }

    @Test
    void noOverride_serverTtlsGoOut() throws Exception {
        NodeLayer layer = served(NodeLayerOptions.defaults());
        Call c = Calls.of(layer).user(1000, 1000);
        NodeEntry made = layer.mkdir(c, 1, name("d"), 0755);
        assertThat(layer.lookup(c, 1, name("absent")).entryTtlNanos()).isEqualTo(9_000_000_000L);
        NodeEntry found = layer.lookup(c, 1, name("d"));
        assertThat(found.entryTtlNanos()).isEqualTo(made.entryTtlNanos());
        assertThat(found.attrTtlNanos()).isEqualTo(made.attrTtlNanos());
    }

    @Test
    void mountOverride_replacesEntryAttrAndNegativeTtls() throws Exception {
        NodeLayer layer = served(NodeLayerOptions.defaults()
                .withTtls(Duration.ofMillis(250), Duration.ofSeconds(7), Duration.ZERO));
        Call c = Calls.of(layer).user(1000, 1000);
        NodeEntry made = layer.mkdir(c, 1, name("d"), 0755);
        assertThat(made.entryTtlNanos()).isEqualTo(250_000_000L);
        assertThat(made.attrTtlNanos()).isEqualTo(7_000_000_000L);
        assertThat(layer.getAttr(c, made.nodeId(), 0).attrTtlNanos()).isEqualTo(7_000_000_000L);
        assertThat(layer.lookup(c, 1, name("absent")).entryTtlNanos()).isZero();
        assertThat(layer.getAttr(c, NodeLayer.ROOT_ID, 0).attrTtlNanos()).as("the root too").isEqualTo(7_000_000_000L);
    }
}
