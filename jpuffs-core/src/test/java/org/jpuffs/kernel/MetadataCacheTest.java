package org.jpuffs.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jpuffs.kernel.Served.name;

import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.jpuffs.AttrField;
import org.jpuffs.Attributes;
import org.jpuffs.CallContext;
import org.jpuffs.OpenFlags;
import org.jpuffs.SetAttributes;
import org.jpuffs.testkit.TreeServer;
import org.junit.jupiter.api.Test;

/** updatenode, gop_markupdate, updatevpsize: the node layer as authority on times and size. */
class MetadataCacheTest {
    private static final Instant T1 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-03-01T11:00:00Z");
    private static final Instant OLD = Instant.parse("2026-01-01T00:00:00Z");
    private static final OpenFlags RW = new OpenFlags(OpenFlags.O_RDWR);

    private final AtomicReference<Instant> now = new AtomicReference<>(T1);
    private final MetadataCache cache = new MetadataCache(now::get);

    /** Records every setAttr and reclaim, in order. */
    static final class Recording extends TreeServer {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<SetAttributes> setAttrs = new CopyOnWriteArrayList<>();

        @Override
        public synchronized Attributes setAttr(CallContext ctx, Long node, Object handle, SetAttributes changes)
                throws IOException {
            Set<AttrField> inOrder = EnumSet.noneOf(AttrField.class); // Set.copyOf has no stable order
            inOrder.addAll(changes.fields());
            events.add("setAttr " + node + " " + inOrder);
            setAttrs.add(changes);
            return super.setAttr(ctx, node, handle, changes);
        }

        @Override
        public void reclaim(Long node) {
            events.add("reclaim " + node);
            super.reclaim(node);
        }
    }

    @Test
    void marks_coalesceLaterWins_takenOnce() {
        cache.markUpdate(5, Set.of(AttrField.MTIME, AttrField.CTIME));
        cache.updateSize(5, 100);
        now.set(T2);
        cache.markUpdate(5, Set.of(AttrField.MTIME));
        cache.updateSize(5, 200);
        SetAttributes one = cache.take(5);
        assertThat(one.fields()).containsExactlyInAnyOrder(AttrField.MTIME, AttrField.CTIME, AttrField.SIZE);
        assertThat(one.mtime()).isEqualTo(T2);
        assertThat(one.ctime()).isEqualTo(T1);
        assertThat(one.size()).isEqualTo(200);
        assertThat(cache.take(5)).isNull();
        assertThat(cache.isDirty(5)).isFalse();
    }

    @Test
    void overlay_replacesOnlyPendingFields() {
        Attributes a = Attributes.of(5, 0100644, 1, 0, 0, 10, OLD);
        assertThat(cache.overlay(5, a)).isSameAs(a);
        cache.markUpdate(5, Set.of(AttrField.ATIME));
        cache.updateSize(5, 42);
        Attributes o = cache.overlay(5, a);
        assertThat(o.atime()).isEqualTo(T1);
        assertThat(o.mtime()).isEqualTo(OLD);
        assertThat(o.size()).isEqualTo(42);
    }

    @Test
    void explicitSetAttr_winsAndCarriesThePendingRest() {
        cache.markUpdate(5, Set.of(AttrField.MTIME, AttrField.ATIME));
        cache.updateSize(5, 300);
        SetAttributes merged = cache.mergeInto(5, SetAttributes.size(7));
        assertThat(merged.fields()).containsExactlyInAnyOrder(AttrField.SIZE, AttrField.MTIME, AttrField.ATIME);
        assertThat(merged.size()).isEqualTo(7);
        assertThat(merged.mtime()).isEqualTo(T1);
        assertThat(cache.isDirty(5)).isFalse();
    }

    @Test
    void asKernel_getAttrOverlaid_fsyncFlushesOneSetAttr() throws Exception {
        Recording server = new Recording();
        Served<Long> s = Served.asKernel(server);
        CreateReply f = s.layer.create(s.call(), 1, name("f"), 0644, RW);
        long id = f.entry().nodeId();
        s.layer.updateSize(id, 3);
        s.layer.markUpdate(id, Set.of(AttrField.MTIME));
        s.layer.updateSize(id, 5);
        assertThat(s.layer.getAttr(s.call(), id, 0).attributes().size()).isEqualTo(5);
        assertThat(server.events).isEmpty();
        s.layer.fsync(s.call(), id, f.open().fh(), false);
        assertThat(server.events).containsExactly("setAttr 2 [SIZE, MTIME]");
        assertThat(server.setAttrs.get(0).size()).isEqualTo(5);
        s.layer.fsync(s.call(), id, f.open().fh(), false);
        assertThat(server.events).hasSize(1);
    }

    @Test
    void asKernel_releaseAndReclaimFlush_beforeTheReclaim() throws Exception {
        Recording server = new Recording();
        Served<Long> s = Served.asKernel(server);
        CreateReply f = s.layer.create(s.call(), 1, name("f"), 0644, RW);
        long id = f.entry().nodeId();
        s.layer.updateSize(id, 9);
        s.layer.release(s.calls.kernel(), id, f.open().fh(), RW);
        assertThat(server.events).containsExactly("setAttr 2 [SIZE]");
        s.layer.markUpdate(id, Set.of(AttrField.ATIME));
        s.layer.forget(id, 1);
        assertThat(server.events).containsExactly("setAttr 2 [SIZE]", "setAttr 2 [ATIME]", "reclaim 2");
    }

    @Test
    void underFuse_neverKeptNeverOverlaid() throws Exception {
        Recording server = new Recording();
        Served<Long> s = Served.serve(server);
        CreateReply f = s.layer.create(s.call(), 1, name("f"), 0644, RW);
        long id = f.entry().nodeId();
        s.layer.updateSize(id, 99);
        s.layer.markUpdate(id, Set.of(AttrField.MTIME));
        assertThat(s.layer.getAttr(s.call(), id, 0).attributes().size()).isZero();
        s.layer.fsync(s.call(), id, f.open().fh(), false);
        assertThat(server.events).isEmpty();
        assertThat(s.layer.cache()).isNull();
    }
}
