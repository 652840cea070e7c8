package org.jpuffs.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jpuffs.kernel.Served.name;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jpuffs.CallContext;
import org.jpuffs.DirEntry;
import org.jpuffs.FileName;
import org.jpuffs.Lookup;
import org.jpuffs.OpenFlags;
import org.jpuffs.testkit.TreeServer;
import org.junit.jupiter.api.Test;

/** READDIRPLUS built from readDir and lookup. */
class DirPlusLookupsTest {
    /** Counts lookups, and can make one name vanish between listing and lookup. */
    static final class Listing extends TreeServer {
        final List<String> lookedUp = new ArrayList<>();
        volatile String vanishing;

        @Override
        public synchronized Lookup<Long> lookup(CallContext ctx, Long dir, FileName name) throws IOException {
            lookedUp.add(name.toString());
            return name.toString().equals(vanishing) ? Lookup.absent() : super.lookup(ctx, dir, name);
        }
    }

    private final Listing server = new Listing();
    private final Served<Long> s = Served.serve(server);
    private final List<String> got = new ArrayList<>();

    DirPlusLookupsTest() throws IOException {
        for (String n : List.of("a", "b", "c")) {
            NodeEntry e = s.layer.create(s.call(), 1, name(n), 0644, new OpenFlags(0)).entry();
            s.layer.forget(e.nodeId(), 1);
        }
        server.lookedUp.clear();
    }

    private DirPlusSink taking(int max) {
        return (entry, node) -> {
            if (got.size() == max) {
                return false;
            }
            got.add(entry.name() + "=" + node.nodeId() + (node.isNegative() ? "" : "/" + entry.ino()));
            return true;
        };
    }

    @Test
    void readDirPlus_countsOnlyEntriesTheSinkTook() throws Exception {
        s.layer.readDirPlus(s.call(), 1, 0, 0, taking(4));
        assertThat(got).hasSize(4).startsWith("." + "=0", "..=0");
        long aId = Long.parseLong(got.get(2).replaceAll(".*=(\\d+)/.*", "$1"));
        long bId = Long.parseLong(got.get(3).replaceAll(".*=(\\d+)/.*", "$1"));
        assertThat(s.table().lookups(aId)).isEqualTo(1);
        assertThat(s.table().lookups(bId)).isEqualTo(1);
        // "c" was looked up but did not fit: no count, no node left behind, its cookie reclaimed
        assertThat(server.lookedUp).containsExactly("a", "b", "c");
        assertThat(s.table().size()).isEqualTo(3);
        assertThat(server.reclaims(4)).isEqualTo(2); // once after create's forget, once now
        assertThat(got.get(2)).endsWith("/2"); // d_ino is the server's inode number
    }

    @Test
    void readDirPlus_dotAndDotDotNeverLookedUp() throws Exception {
        s.layer.readDirPlus(s.call(), 1, 0, 0, taking(100));
        assertThat(server.lookedUp).doesNotContain(".", "..");
        assertThat(got).contains(".=0", "..=0");
    }

    @Test
    void readDirPlus_vanishedEntry_nodeIdZeroListingGoesOn() throws Exception {
        server.vanishing = "b";
        s.layer.readDirPlus(s.call(), 1, 0, 0, taking(100));
        assertThat(got).hasSize(5).contains("b=0");
        assertThat(got.get(4)).startsWith("c=").doesNotStartWith("c=0");
    }

    @Test
    void readDir_plainEntriesUntouched() throws Exception {
        List<DirEntry> plain = new ArrayList<>();
        s.layer.readDir(s.call(), 1, 0, 0, plain::add);
        assertThat(plain).hasSize(5);
        assertThat(server.lookedUp).isEmpty();
    }
}
