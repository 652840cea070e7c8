package org.jpuffs.kernel;

import java.io.IOException;
import org.jpuffs.FileServer;
import org.jpuffs.SetAttributes;

/**
 * Calls the server's reclaim for a node the table gave up, outside every lock, then tells the
 * table the lifetime is over. A failing reclaim is logged; the node is gone either way.
 *
 * @param <C> the server's cookie type
 */
final class Reclaimer<C> {
    private final FileServer<C> server;
    private final NodeTable<C> table;
    private final Faults<C> faults;
    private final MetadataCache cache;
    private final Call kernel;

    /**
     * @param cache the metadata cache, flushed before the reclaim; null when there is none
     * @param kernel the caller of that flush: the node layer itself
     */
    Reclaimer(FileServer<C> server, NodeTable<C> table, Faults<C> faults, MetadataCache cache, Call kernel) {
        this.server = server;
        this.table = table;
        this.faults = faults;
        this.cache = cache;
        this.kernel = kernel;
    }

    /** Reclaims {@code n}; does nothing for null (the table's "nothing to reclaim"). */
    void reclaim(Node<C> n) {
        if (n == null) {
            return;
        }
        try {
            SetAttributes pending = cache == null ? null : cache.take(n.id);
            if (pending != null) {
                server.setAttr(kernel, n.cookie, null, pending);
            }
        } catch (IOException | RuntimeException | Error e) {
            faults.swallowed(Op.SETATTR, n.cookie, kernel, e);
        }
        try {
            server.reclaim(n.cookie);
        } catch (RuntimeException | Error e) {
            faults.swallowed(Op.RECLAIM, n.cookie, null, e);
        } finally {
            table.reclaimed(n);
        }
    }
}
