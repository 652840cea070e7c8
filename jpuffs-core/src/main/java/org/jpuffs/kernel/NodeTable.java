package org.jpuffs.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node table (puffs's {@code cookie2pnode} hash and {@code getvnode}/{@code putvnode}): one node
 * per live cookie, found in O(1) by cookie and by node id. Node ids come from a 64-bit counter and
 * are never reused within a mount, so the generation can stay constant.
 *
 * <p>One lock guards both maps and every node's counts; it is never held across a server call. A
 * node leaves the table when the kernel's lookup count and the pins of running requests are both
 * zero: the method that decides so returns it, and the caller reclaims it outside the lock, then
 * calls {@link #reclaimed}. Until then the cookie still maps to the dying node, so an entry that
 * hands the same cookie out again waits for the reclaim to return before a new node is published
 * (see {@link org.jpuffs.FileServer#reclaim}).
 *
 * @param <C> the server's cookie type
 */
final class NodeTable<C> {
    private static final Logger LOG = LoggerFactory.getLogger(NodeTable.class);
    private static final byte OPEN = 0;
    private static final byte CLOSING = 1;
    private static final byte CLOSED = 2;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition reclaimEnded = lock.newCondition();
    private final HashMap<C, Node<C>> byCookie = new HashMap<>();
    private final NodeIdMap<C> byId = new NodeIdMap<>();
    private long nextId = NodeLayer.ROOT_ID + 1;
    private Node<C> root;
    private int reclaimsRunning;
    private byte phase = OPEN;

    /**
     * Makes {@code cookie} node 1. Its count starts at one: the kernel holds the root without an
     * entry having introduced it, and forgets it like any other node at unmount.
     */
    Node<C> installRoot(C cookie, long attrTtlNanos) {
        lock.lock();
        try {
            if (root != null) {
                throw new IllegalStateException("the root is already installed");
            }
            root = new Node<>(cookie, NodeLayer.ROOT_ID, attrTtlNanos);
            root.lookups = 1;
            byCookie.put(cookie, root);
            byId.put(root);
            return root;
        } finally {
            lock.unlock();
        }
    }

    /** Pins the node a request names; unknown ids (never handed out, or forgotten) are ESTALE. */
    Node<C> pin(long id) throws ErrnoException {
        lock.lock();
        try {
            Node<C> n = byId.get(id);
            if (n == null) {
                throw new ErrnoException(Errno.ESTALE, "no node " + id);
            }
            n.pins++;
            return n;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends a request's pin.
     *
     * @return the node when it must be reclaimed now, else null
     */
    Node<C> unpin(Node<C> n) {
        lock.lock();
        try {
            n.pins--;
            return takeIfUnused(n);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The node for a cookie a server handed out in an entry, with one more lookup counted.
     *
     * @param mustBeNew true for create, mknod, mkdir, symlink and tmpfile: a live or root cookie is
     *     then EEXIST
     * @throws ErrnoException EEXIST as above; ENXIO for a new node once the mount is shutting down
     */
    Node<C> publish(C cookie, long attrTtlNanos, boolean mustBeNew) throws ErrnoException {
        lock.lock();
        try {
            Node<C> n = nodeFor(cookie, attrTtlNanos, mustBeNew);
            n.lookups++;
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** As {@link #publish}, but pinned and not yet counted: {@link #settle} decides. */
    Node<C> acquire(C cookie, long attrTtlNanos) throws ErrnoException {
        lock.lock();
        try {
            Node<C> n = nodeFor(cookie, attrTtlNanos, false);
            n.pins++;
            return n;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends an {@link #acquire}: counts one lookup when the entry went out, and unpins.
     *
     * @return the node when it must be reclaimed now (it never reached the kernel), else null
     */
    Node<C> settle(Node<C> n, boolean counted) {
        lock.lock();
        try {
            if (counted) {
                n.lookups++;
            }
            n.pins--;
            return takeIfUnused(n);
        } finally {
            lock.unlock();
        }
    }

    /**
     * FORGET: the kernel drops {@code count} lookups. More than counted clamps to zero and is logged.
     *
     * @return the node when it must be reclaimed now, else null
     */
    Node<C> forget(long id, long count) {
        lock.lock();
        try {
            Node<C> n = byId.get(id);
            if (n == null) {
                if (phase == CLOSED) {
                    LOG.debug("FORGET of node {} after teardown", id);
                } else {
                    LOG.warn("FORGET of unknown node {} (count {}) ignored", id, count);
                }
                return null;
            }
            if (count < 0 || count > n.lookups) {
                LOG.warn("FORGET of {} lookups on {} which has {}: clamped to zero", count, n, n.lookups);
                n.lookups = 0;
            } else {
                n.lookups -= count;
            }
            return takeIfUnused(n);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The live node id of a cookie, for notifications.
     *
     * @throws ErrnoException ENOENT when the kernel holds no node for it
     */
    long idOf(C cookie) throws ErrnoException {
        lock.lock();
        try {
            Node<C> n = byCookie.get(cookie);
            if (n == null || n.state != Node.LIVE) {
                throw new ErrnoException(Errno.ENOENT, "no live node for " + cookie);
            }
            return n.id;
        } finally {
            lock.unlock();
        }
    }

    /** Shutdown has begun: no new nodes (ENXIO); existing ones still count. */
    void closeToNewNodes() {
        lock.lock();
        try {
            if (phase == OPEN) {
                phase = CLOSING;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Teardown: no FORGETs come any more. Every remaining node but the root is taken out to be
     * reclaimed now, except those still pinned by a request that outlived the drain: they are
     * reclaimed when that request ends.
     *
     * @return the nodes to reclaim
     */
    List<Node<C>> tearDown() {
        lock.lock();
        try {
            phase = CLOSED;
            List<Node<C>> taken = new ArrayList<>();
            for (Node<C> n : byId.values()) {
                if (n != root && n.pins == 0 && n.state == Node.LIVE) {
                    n.state = Node.RECLAIMING;
                    reclaimsRunning++;
                    taken.add(n);
                    byId.remove(n.id);
                }
            }
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** The server's reclaim of {@code n} has returned: the cookie may start a new lifetime. */
    void reclaimed(Node<C> n) {
        lock.lock();
        try {
            n.state = Node.GONE;
            byCookie.remove(n.cookie, n);
            reclaimsRunning--;
            reclaimEnded.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no reclaim runs, or the deadline ({@link System#nanoTime()}) passes. */
    boolean awaitReclaims(long deadlineNanos) {
        lock.lock();
        try {
            while (reclaimsRunning > 0) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                reclaimEnded.await(left, TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** The number of nodes requests can reach, the root included. */
    int size() {
        lock.lock();
        try {
            return byId.size();
        } finally {
            lock.unlock();
        }
    }

    /** The lookup count of a node, or -1 when there is no such node (for tests and checks). */
    long lookups(long id) {
        lock.lock();
        try {
            Node<C> n = byId.get(id);
            return n == null ? -1 : n.lookups;
        } finally {
            lock.unlock();
        }
    }

    private Node<C> nodeFor(C cookie, long attrTtlNanos, boolean mustBeNew) throws ErrnoException {
        if (phase == CLOSED) {
            throw new ErrnoException(Errno.ENXIO, "the mount is shutting down");
        }
        for (;;) {
            Node<C> n = byCookie.get(cookie);
            if (n == null) {
                break;
            }
            if (n.state == Node.LIVE) {
                if (mustBeNew) {
                    throw new ErrnoException(Errno.EEXIST, n == root ? "the root's cookie" : "a live cookie");
                }
                return n;
            }
            // the cookie's previous lifetime is being reclaimed outside the lock: its new lifetime
            // is published only once the server's reclaim has returned
            reclaimEnded.awaitUninterruptibly();
            if (phase == CLOSED) {
                throw new ErrnoException(Errno.ENXIO, "the mount is shutting down");
            }
        }
        if (phase != OPEN) {
            throw new ErrnoException(Errno.ENXIO, "the mount is shutting down");
        }
        Node<C> n = new Node<>(cookie, nextId++, attrTtlNanos);
        byCookie.put(cookie, n);
        byId.put(n);
        return n;
    }

    private Node<C> takeIfUnused(Node<C> n) {
        if (n.pins != 0 || n == root || n.state != Node.LIVE || (n.lookups != 0 && phase != CLOSED)) {
            return null;
        }
        n.state = Node.RECLAIMING;
        reclaimsRunning++;
        byId.remove(n.id);
        return n;
    }
}
