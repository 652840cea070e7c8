package org.jpuffs.kernel;

import org.jpuffs.FileServer;

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

    Reclaimer(FileServer<C> server, NodeTable<C> table, Faults<C> faults) {
        this.server = server;
        this.table = table;
        this.faults = faults;
    }

    /** Reclaims {@code n}; does nothing for null (the table's "nothing to reclaim"). */
    void reclaim(Node<C> n) {
        if (n == null) {
            return;
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
