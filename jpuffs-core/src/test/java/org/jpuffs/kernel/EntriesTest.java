package org.jpuffs.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jpuffs.kernel.Served.name;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jpuffs.Attributes;
import org.jpuffs.CallContext;
import org.jpuffs.Created;
import org.jpuffs.Entry;
import org.jpuffs.Errno;
import org.jpuffs.FileName;
import org.jpuffs.FileType;
import org.jpuffs.Lookup;
import org.jpuffs.OpenFlags;
import org.jpuffs.Opened;
import org.jpuffs.ProtocolViolation;
import org.jpuffs.testkit.Errnos;
import org.jpuffs.testkit.TreeServer;
import org.junit.jupiter.api.Test;

/** getvnode and newnode: how entries become nodes, and which are refused. */
class EntriesTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    /** A server whose new nodes and lookups return what the test sets. */
    static class Scripted extends TreeServer {
        final List<ProtocolViolation<Long>> violations = new CopyOnWriteArrayList<>();
        volatile Entry<Long> next;

        @Override
        public void protocolViolation(ProtocolViolation<Long> v) {
            violations.add(v);
        }

        @Override
        public Lookup<Long> lookup(CallContext ctx, Long dir, FileName name) throws IOException {
            return next != null ? next : super.lookup(ctx, dir, name);
        }

        @Override
        public Entry<Long> mkdir(CallContext ctx, Long dir, FileName name, int mode) throws IOException {
            return next != null ? next : super.mkdir(ctx, dir, name, mode);
        }

        @Override
        public Entry<Long> mknod(CallContext ctx, Long dir, FileName name, int mode, long rdev) throws IOException {
            return next != null ? next : super.mknod(ctx, dir, name, mode, rdev);
        }

        @Override
        public Created<Long> create(CallContext ctx, Long dir, FileName name, int mode, OpenFlags flags)
                throws IOException {
            if (next != null) {
                return new Created<>(next, Opened.of("handle"));
            }
            return super.create(ctx, dir, name, mode, flags);
        }
    }

    private final Scripted server = new Scripted();
    private final Served<Long> s = Served.serve(server);

    private static Entry<Long> entry(Long cookie, int mode) {
        return new Entry<>(cookie, Attributes.of(0, mode, 1, 0, 0, 0, T), Duration.ofSeconds(3),
                Duration.ofSeconds(4));
    }

    @Test
    void lookupTwice_sameNodeIdCountTwo() throws Exception {
        s.layer.mkdir(s.call(), 1, name("d"), 0755);
        s.layer.forget(2, 1);
        NodeEntry first = s.layer.lookup(s.call(), 1, name("d"));
        NodeEntry second = s.layer.lookup(s.call(), 1, name("d"));
        assertThat(second.nodeId()).isEqualTo(first.nodeId());
        assertThat(s.table().lookups(first.nodeId())).isEqualTo(2);
    }

    @Test
    void absentName_negativeEntryWithItsTtl() throws Exception {
        server.next = null;
        NodeEntry e = s.layer.lookup(s.call(), 1, name("nothing"));
        assertThat(e.isNegative()).isTrue();
        assertThat(e.entryTtlNanos()).isZero();
    }

    @Test
    void getvnode_badModeType_callerEioReportedNoNode() {
        server.next = entry(77L, 0755); // no S_IFMT bits
        assertThat(Errnos.thrownBy(() -> s.layer.lookup(s.call(), 1, name("x")))).isEqualTo(Errno.EIO);
        assertThat(server.violations).singleElement().satisfies(v -> {
            assertThat(v.op()).isEqualTo("lookup");
            assertThat(v.cookie()).isEqualTo(77L);
            assertThat(v.errno()).isEqualTo(Errno.EIO);
        });
        assertThat(Errnos.thrownBy(() -> s.table().idOf(77L))).isEqualTo(Errno.ENOENT);
        assertThat(s.table().size()).isEqualTo(1);
    }

    @Test
    void getvnode_shuttingDown_newNodeEnxio() throws Exception {
        s.table().closeToNewNodes();
        assertThat(Errnos.thrownBy(() -> s.layer.mkdir(s.call(), 1, name("d"), 0755))).isEqualTo(Errno.ENXIO);
    }

    @Test
    void getvnode_inoFilledFromNodeIdWhenZero_keptWhenSet() throws Exception {
        server.next = entry(77L, FileType.REGULAR.mode(0644));
        NodeEntry filled = s.layer.lookup(s.call(), 1, name("x"));
        assertThat(filled.attributes().ino()).isEqualTo(filled.nodeId());
        assertThat(filled.entryTtlNanos()).isEqualTo(3_000_000_000L);
        assertThat(filled.attrTtlNanos()).isEqualTo(4_000_000_000L);
        server.next = null;
        NodeEntry kept = s.layer.mkdir(s.call(), 1, name("d"), 0755);
        assertThat(kept.nodeId()).isEqualTo(3L);
        assertThat(kept.attributes().ino()).isEqualTo(2L); // TreeServer's own inode number
    }

    @Test
    void getvnode_deviceNodeCarriesRdev() throws Exception {
        Attributes dev = new Attributes(0, FileType.CHARACTER_DEVICE.mode(0600), 1, 0, 0, 0x0103, 0, 0, 0, T, T, T,
                null);
        server.next = new Entry<>(9L, dev, Duration.ZERO, Duration.ZERO);
        NodeEntry e = s.layer.mknod(s.call(), 1, name("null"), dev.mode(), 0x0103);
        assertThat(e.attributes().rdev()).isEqualTo(0x0103);
        assertThat(e.attributes().type()).isEqualTo(FileType.CHARACTER_DEVICE);
    }

    @Test
    void getvnode_regularFileWithoutSize_refused() {
        server.next = entry(5L, FileType.REGULAR.mode(0644));
        server.next = new Entry<>(5L, server.next.attributes().withSize(-1), Duration.ZERO, Duration.ZERO);
        assertThat(Errnos.thrownBy(() -> s.layer.lookup(s.call(), 1, name("x")))).isEqualTo(Errno.EIO);
        assertThat(server.violations).hasSize(1);
    }

    @Test
    void getAttr_badModeType_eioReported_andAttrTtlFromIntroducingEntry() throws Exception {
        NodeEntry d = s.layer.mkdir(s.call(), 1, name("d"), 0755);
        NodeAttributes a = s.layer.getAttr(s.call(), d.nodeId(), 0);
        assertThat(a.attrTtlNanos()).isEqualTo(2_000_000_000L);
        Served<Long> bad = Served.serve(new Scripted() {
            @Override
            public Attributes getAttr(CallContext ctx, Long node, Object handle) {
                return Attributes.of(0, 0, 1, 0, 0, 0, T);
            }
        });
        assertThat(Errnos.thrownBy(() -> bad.layer.getAttr(bad.call(), 1, 0))).isEqualTo(Errno.EIO);
        assertThat(((Scripted) bad.server).violations).singleElement()
                .satisfies(v -> assertThat(v.op()).isEqualTo("getAttr"));
    }

    @Test
    void newnode_nullCookie_eopnotsupp() {
        server.next = entry(null, FileType.DIRECTORY.mode(0755));
        assertThat(Errnos.thrownBy(() -> s.layer.mkdir(s.call(), 1, name("d"), 0755))).isEqualTo(Errno.EOPNOTSUPP);
        assertThat(server.violations).isEmpty();
    }

    @Test
    void newnode_liveCookie_eexistAndReported() throws Exception {
        NodeEntry d = s.layer.mkdir(s.call(), 1, name("d"), 0755);
        server.next = entry(2L, FileType.DIRECTORY.mode(0755)); // the live "d"
        assertThat(Errnos.thrownBy(() -> s.layer.mkdir(s.call(), 1, name("e"), 0755))).isEqualTo(Errno.EEXIST);
        assertThat(server.violations).singleElement().satisfies(v -> {
            assertThat(v.op()).isEqualTo("mkdir");
            assertThat(v.errno()).isEqualTo(Errno.EEXIST);
            assertThat(v.cookie()).isEqualTo(2L);
        });
        assertThat(s.table().lookups(d.nodeId())).isEqualTo(1);
    }

    @Test
    void newnode_rootCookie_eexistAndReported() {
        server.next = entry(TreeServer.ROOT, FileType.DIRECTORY.mode(0755));
        assertThat(Errnos.thrownBy(() -> s.layer.mknod(s.call(), 1, name("e"), 0644, 0))).isEqualTo(Errno.EEXIST);
        assertThat(server.violations).hasSize(1);
    }

    @Test
    void newnode_createWithLiveCookie_eexistAndServerOpenReleased() throws Exception {
        s.layer.mkdir(s.call(), 1, name("d"), 0755);
        int opens = server.openHandles();
        server.next = entry(2L, FileType.REGULAR.mode(0644));
        assertThat(Errnos.thrownBy(() -> s.layer.create(s.call(), 1, name("f"), 0644, new OpenFlags(0))))
                .isEqualTo(Errno.EEXIST);
        assertThat(server.openHandles()).isEqualTo(opens - 1); // Scripted's open was not counted; its release was
        assertThat(s.layer.handles().size()).isZero();
    }

    @Test
    void link_liveCookieCountsOneMoreLookup() throws Exception {
        CreateReply f = s.layer.create(s.call(), 1, name("f"), 0644, new OpenFlags(0));
        NodeEntry linked = s.layer.link(s.call(), f.entry().nodeId(), 1, name("g"));
        assertThat(linked.nodeId()).isEqualTo(f.entry().nodeId());
        assertThat(linked.attributes().nlink()).isEqualTo(2);
        assertThat(s.table().lookups(linked.nodeId())).isEqualTo(2);
        assertThat(server.violations).isEmpty();
    }

    @Test
    void unknownNodeId_estale() {
        assertThat(Errnos.thrownBy(() -> s.layer.getAttr(s.call(), 42, 0))).isEqualTo(Errno.ESTALE);
    }
}
