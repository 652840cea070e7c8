package org.jpuffs.kernel;

import org.jpuffs.Attributes;
import org.jpuffs.DirEntry;
import org.jpuffs.DirSink;
import org.jpuffs.Entry;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.Lookup;

/**
 * READDIRPLUS from readDir and lookup: the {@link DirSink} the server fills looks each entry up and
 * hands it on with its node. The node is pinned while the front end's sink decides whether the
 * entry fits, and its lookup is counted only when it did; "." and ".." are never looked up. An
 * entry that vanished (or whose lookup failed) before its lookup goes out with node id 0, so the
 * listing goes on.
 *
 * @param <C> the server's cookie type
 */
final class DirPlusLookups<C> implements DirSink {
    private static final NodeEntry NO_NODE = new NodeEntry(0, Replies.GENERATION, null, 0, 0);

    private final ServedNodes<C> nodes;
    private final Call call;
    private final Node<C> dir;
    private final DirPlusSink sink;

    DirPlusLookups(ServedNodes<C> nodes, Call call, Node<C> dir, DirPlusSink sink) {
        this.nodes = nodes;
        this.call = call;
        this.dir = dir;
        this.sink = sink;
    }

    @Override
    public boolean add(DirEntry entry) throws ErrnoException {
        if (entry.nextOffset() == 0) {
            throw nodes.faults().violation(Op.READDIR, dir.cookie, call, Errno.EIO,
                    "entry " + entry.name() + " has offset 0");
        }
        if (entry.name().isDotOrDotDot()) {
            return sink.add(entry, NO_NODE);
        }
        Lookup<C> found;
        try {
            found = nodes.server().lookup(call, dir.cookie, entry.name());
        } catch (Throwable t) {
            nodes.faults().failure(Op.LOOKUP, dir.cookie, call, t); // logged when unexpected
            return sink.add(entry, NO_NODE);
        }
        if (!(found instanceof Entry<C> e) || e.cookie() == null) {
            return sink.add(entry, NO_NODE);
        }
        Node<C> n;
        Attributes a;
        try {
            a = nodes.check().attributes(Op.LOOKUP, e.cookie(), call, e.attributes());
            n = nodes.table().acquire(e.cookie(), nodes.ttls().attr(e));
        } catch (ErrnoException refused) {
            return sink.add(entry, NO_NODE);
        }
        boolean taken = false;
        try {
            NodeEntry ne = Replies.nodeEntry(n, a, e, nodes.ttls());
            // d_ino agrees with st_ino when the server left both to jpuffs
            DirEntry shown = entry.ino() == 0
                    ? new DirEntry(entry.name(), entry.type(), ne.attributes().ino(), entry.nextOffset())
                    : entry;
            taken = sink.add(shown, ne);
            return taken;
        } finally {
            nodes.reclaimer().reclaim(nodes.table().settle(n, taken));
        }
    }
}
