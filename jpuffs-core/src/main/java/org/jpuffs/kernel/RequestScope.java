package org.jpuffs.kernel;

import java.io.IOException;
import org.jpuffs.ErrnoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frame around every op (puffs's {@code mp_reference}, {@code referencenode} and their
 * releases): enter the mount's in-flight accounting, pin the nodes the request names, bind the
 * handler thread for interrupts, run the body with no lock held, map what it threw, and on the way
 * out unpin (reclaiming a node whose last pin this was) and leave the mount.
 *
 * @param <C> the server's cookie type
 */
final class RequestScope<C> {
    private static final Logger LOG = LoggerFactory.getLogger(RequestScope.class);

    private final NodeTable<C> table;
    private final HandleTable handles;
    private final InFlight inFlight;
    private final Reclaimer<C> reclaimer;
    private final Faults<C> faults;

    RequestScope(NodeTable<C> table, HandleTable handles, InFlight inFlight, Reclaimer<C> reclaimer,
            Faults<C> faults) {
        this.table = table;
        this.handles = handles;
        this.inFlight = inFlight;
        this.reclaimer = reclaimer;
        this.faults = faults;
    }

    /** What an op does with its pinned node; may throw anything a server throws. */
    @FunctionalInterface
    interface OnNode<C, R> {
        R run(Node<C> node) throws IOException;
    }

    /** What an op does with its two pinned nodes. */
    @FunctionalInterface
    interface OnNodes<C, R> {
        R run(Node<C> first, Node<C> second) throws IOException;
    }

    /** What a release does with the node and the freed handle object. */
    @FunctionalInterface
    interface OnHandle<C> {
        void run(Node<C> node, Object handle) throws IOException;
    }

    <R> R on(Call c, Op op, long id, OnNode<C, R> body) throws IOException {
        Node<C> n = begin(c, id);
        try {
            return body.run(n);
        } catch (Throwable t) {
            throw faults.failure(op, n.cookie, c, t);
        } finally {
            end(c, n);
        }
    }

    <R> R on(Call c, Op op, long first, long second, OnNodes<C, R> body) throws IOException {
        inFlight.enter();
        Node<C> a = null;
        Node<C> b = null;
        try {
            a = table.pin(first);
            b = table.pin(second);
            c.bindHandler(Thread.currentThread());
            return body.run(a, b);
        } catch (Throwable t) {
            throw faults.failure(op, a == null ? null : a.cookie, c, t);
        } finally {
            unbind(c);
            if (b != null) {
                reclaimer.reclaim(table.unpin(b));
            }
            if (a != null) {
                reclaimer.reclaim(table.unpin(a));
            }
            inFlight.exit();
        }
    }

    /** Enters the mount, pins the node and binds the handler thread for interrupts. */
    Node<C> begin(Call c, long id) throws ErrnoException {
        inFlight.enter();
        try {
            Node<C> n = table.pin(id);
            c.bindHandler(Thread.currentThread());
            return n;
        } catch (ErrnoException e) {
            inFlight.exit();
            throw e;
        }
    }

    /** Leaves the request scope; a node whose last pin this was may be reclaimed here. */
    void end(Call c, Node<C> n) {
        unbind(c);
        reclaimer.reclaim(table.unpin(n));
        inFlight.exit();
    }

    /**
     * Unbinds the handler thread. An interrupt meant for this request must not reach the next one
     * the thread runs, so its flag is cleared here.
     */
    private static void unbind(Call c) {
        c.unbindHandler();
        if (c.isInterrupted()) {
            Thread.interrupted();
        }
    }

    /** RELEASE and RELEASEDIR: free the number, tell the server; failures are only logged. */
    void closeHandle(Call c, Op op, long node, long fh, OnHandle<C> body) {
        Object handle;
        try {
            handle = handles.remove(fh);
        } catch (ErrnoException e) {
            LOG.warn("{} of node {} with unknown handle {} ignored", op, node, fh);
            return;
        }
        if (fh == 0) {
            return; // a stateless open: the server never saw it
        }
        Node<C> n;
        try {
            n = begin(c, node);
        } catch (ErrnoException e) {
            LOG.debug("{} of node {} handle {} not delivered: {}", op, node, fh, e.getMessage());
            return;
        }
        try {
            body.run(n, handle);
        } catch (Throwable t) {
            faults.swallowed(op, n.cookie, c, t);
        } finally {
            end(c, n);
        }
    }
}
