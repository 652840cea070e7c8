package org.jpuffs.kernel;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileName;
import org.jpuffs.Notifier;

/**
 * The server's {@link Notifier} (puffs's {@code pnode2vnode} plus {@code puffs_inval_*}): turns
 * cookies into node ids through the node table (a cookie the kernel holds no node for is ENOENT)
 * and hands the notification to the front end's channel. ENOTCONN before init and after shutdown.
 *
 * @param <C> the server's cookie type
 */
final class CookieNotifier<C> implements Notifier<C> {
    private final NodeTable<C> table;
    private volatile NotificationChannel channel;

    CookieNotifier(NodeTable<C> table) {
        this.table = table;
    }

    void connect(NotificationChannel to) {
        channel = to;
    }

    void disconnect() {
        channel = null;
    }

    @Override
    public void invalidateAttributes(C node) throws ErrnoException {
        channel().invalidateInode(table.idOf(node), -1, 0);
    }

    @Override
    public void invalidateData(C node, long offset, long length) throws ErrnoException {
        channel().invalidateInode(table.idOf(node), offset, length);
    }

    @Override
    public void invalidateEntry(C dir, FileName name) throws ErrnoException {
        channel().invalidateEntry(table.idOf(dir), name, false);
    }

    @Override
    public void expireEntry(C dir, FileName name) throws ErrnoException {
        channel().invalidateEntry(table.idOf(dir), name, true);
    }

    @Override
    public void delete(C dir, C child, FileName name) throws ErrnoException {
        NotificationChannel ch = channel();
        ch.delete(table.idOf(dir), table.idOf(child), name);
    }

    @Override
    public void store(C node, long offset, ByteBuffer data) throws ErrnoException {
        channel().store(table.idOf(node), offset, data);
    }

    @Override
    public CompletableFuture<byte[]> retrieve(C node, long offset, int size) throws ErrnoException {
        return channel().retrieve(table.idOf(node), offset, size);
    }

    @Override
    public void resend() throws ErrnoException {
        channel().resend();
    }

    @Override
    public void incrementEpoch() throws ErrnoException {
        channel().incrementEpoch();
    }

    /** Cookies the kernel holds no node for are already pruned: they are left out, not ENOENT. */
    @Override
    public void prune(Collection<C> nodes) throws ErrnoException {
        NotificationChannel ch = channel();
        long[] ids = new long[nodes.size()];
        int n = 0;
        for (C cookie : nodes) {
            try {
                ids[n++] = table.idOf(cookie);
            } catch (ErrnoException absent) {
                n--;
            }
        }
        if (n > 0) {
            ch.prune(Arrays.copyOf(ids, n));
        }
    }

    private NotificationChannel channel() throws ErrnoException {
        NotificationChannel ch = channel;
        if (ch == null) {
            throw new ErrnoException(Errno.ENOTCONN, "the mount is not serving");
        }
        return ch;
    }
}
