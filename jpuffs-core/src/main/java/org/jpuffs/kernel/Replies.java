package org.jpuffs.kernel;

import java.io.IOException;
import org.jpuffs.Attributes;
import org.jpuffs.Created;
import org.jpuffs.Entry;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileServer;
import org.jpuffs.OpenFlags;
import org.jpuffs.Opened;

/**
 * Turns a server's answers into what a front end sends (puffs's {@code getvnode} and
 * {@code newnode}): entries become counted node ids, attributes get their inode number and TTL,
 * opens get handle numbers. Bad answers are refused through {@link ReplyCheck}.
 *
 * @param <C> the server's cookie type
 */
final class Replies<C> {
    /** Node ids are never reused within a mount, so one generation serves them all. */
    static final long GENERATION = 0;

    private final FileServer<C> server;
    private final NodeTable<C> table;
    private final HandleTable handles;
    private final ReplyCheck<C> check;
    private final Faults<C> faults;
    private final MetadataCache cache;
    private final Ttls ttls;

    Replies(FileServer<C> server, NodeTable<C> table, HandleTable handles, ReplyCheck<C> check, Faults<C> faults,
            MetadataCache cache, Ttls ttls) {
        this.ttls = ttls;
        this.cache = cache;
        this.server = server;
        this.table = table;
        this.handles = handles;
        this.check = check;
        this.faults = faults;
    }

    /**
     * An entry for the front end: the cookie's node (made if new) with one lookup counted.
     *
     * @param mustBeNew the new-node rules of create, mknod, mkdir, symlink and tmpfile: no cookie is
     *     EOPNOTSUPP, a live or root cookie EEXIST (and a protocol violation)
     */
    NodeEntry entry(Op op, Call c, Entry<C> e, boolean mustBeNew) throws ErrnoException {
        if (e == null) {
            throw faults.violation(op, null, c, Errno.EIO, "returned no entry");
        }
        C cookie = e.cookie();
        if (cookie == null) {
            if (mustBeNew) {
                throw new ErrnoException(Errno.EOPNOTSUPP, "the server made no node");
            }
            throw faults.violation(op, null, c, Errno.EIO, "an entry without a cookie");
        }
        Attributes a = check.attributes(op, cookie, c, e.attributes());
        Node<C> n;
        try {
            n = table.publish(cookie, ttls.attr(e), mustBeNew);
        } catch (ErrnoException x) {
            if (x.errno() == Errno.EEXIST) {
                throw faults.violation(op, cookie, c, Errno.EEXIST, "a new node with " + x.getMessage());
            }
            throw x;
        }
        return nodeEntry(n, overlay(n, a), e, ttls);
    }

    static <C> NodeEntry nodeEntry(Node<C> n, Attributes a, Entry<C> e, Ttls ttls) {
        return new NodeEntry(n.id, GENERATION, ReplyCheck.withIno(a, n.id), ttls.entry(e), ttls.attr(e));
    }

    NodeAttributes attributes(Op op, Call c, Node<C> n, Attributes a) throws ErrnoException {
        return new NodeAttributes(overlay(n, ReplyCheck.withIno(check.attributes(op, n.cookie, c, a), n.id)),
                ttls.attr(n.attrTtlNanos));
    }

    /** The metadata cache's pending times and size over a server's attributes, when there is a cache. */
    private Attributes overlay(Node<C> n, Attributes a) {
        return cache == null ? a : cache.overlay(n.id, a);
    }

    OpenReply opened(Op op, Call c, Node<C> n, Opened o) throws ErrnoException {
        check.present(op, n.cookie, c, o);
        return new OpenReply(handles.add(o.handle()), o.options());
    }

    CreateReply created(Op op, Call c, Node<C> dir, Created<C> cr, OpenFlags flags) throws IOException {
        if (cr == null || cr.entry() == null || cr.opened() == null) {
            throw faults.violation(op, dir.cookie, c, Errno.EIO, "returned no node or no open");
        }
        NodeEntry entry;
        try {
            entry = entry(op, c, cr.entry(), true);
        } catch (ErrnoException refused) {
            // the server opened what the caller will never see: end that open
            C cookie = cr.entry().cookie();
            if (cookie != null) {
                try {
                    server.release(c, cookie, cr.opened().handle(), flags);
                } catch (Throwable t) {
                    faults.swallowed(Op.RELEASE, cookie, c, t);
                }
            }
            throw refused;
        }
        return new CreateReply(entry, new OpenReply(handles.add(cr.opened().handle()), cr.opened().options()));
    }
}
