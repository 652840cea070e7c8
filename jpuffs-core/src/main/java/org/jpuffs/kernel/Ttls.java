package org.jpuffs.kernel;

import java.time.Duration;
import org.jpuffs.Entry;
import org.jpuffs.Lookup;

/**
 * The TTLs that go out with entries and attributes: the server's own, or the mount's where the
 * mount overrides them ({@code entry_timeout}, {@code attr_timeout}, {@code negative_timeout}).
 */
final class Ttls {
    private static final long SERVER_DECIDES = -1;

    private final long entry;
    private final long attr;
    private final long negative;

    Ttls(NodeLayerOptions options) {
        entry = nanosOrServer(options.entryTtl());
        attr = nanosOrServer(options.attrTtl());
        negative = nanosOrServer(options.negativeTtl());
    }

    long entry(Entry<?> e) {
        return entry == SERVER_DECIDES ? ReplyCheck.nanos(e.entryTtl()) : entry;
    }

    long attr(Entry<?> e) {
        return attr == SERVER_DECIDES ? ReplyCheck.nanos(e.attrTtl()) : attr;
    }

    /** The attribute TTL of a node whose TTL came with the entry that introduced it (or the root's). */
    long attr(long nodeNanos) {
        return attr == SERVER_DECIDES ? nodeNanos : attr;
    }

    long negative(Lookup.Absent<?> a) {
        return negative == SERVER_DECIDES ? ReplyCheck.nanos(a.ttl()) : negative;
    }

    private static long nanosOrServer(Duration d) {
        return d == null ? SERVER_DECIDES : ReplyCheck.nanos(d);
    }
}
