package org.jpuffs.fuse.dispatch;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileName;
import org.jpuffs.fuse.protocol.FuseAbi;
import org.jpuffs.fuse.protocol.InitFlag;
import org.jpuffs.fuse.protocol.Negotiated;
import org.jpuffs.fuse.protocol.NotificationEncoder;
import org.jpuffs.fuse.transport.ReplyChannel;
import org.jpuffs.kernel.NotificationChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifications to the kernel, by node id. Each call encodes its frame and queues it; a thread of
 * its own writes the queue to /dev/fuse. Queuing is what makes a notification from inside a
 * handler safe: the kernel may hold the very inode lock that the notification needs, which it
 * releases only when the handler has answered.
 *
 * <p>A notification the agreed protocol lacks fails with ENOSYS; one before INIT or after
 * {@link #close()} fails with ENOTCONN. The kernel's answer to a RETRIEVE arrives as a NOTIFY_REPLY
 * request, which the dispatcher hands to {@link #retrieveReply}.
 */
public final class KernelNotifications implements NotificationChannel, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KernelNotifications.class);
    private static final MemorySegment STOP = MemorySegment.NULL;

    private final ReplyChannel channel;
    private final LinkedBlockingQueue<MemorySegment> queue = new LinkedBlockingQueue<>();
    private final Map<Long, Retrieval> retrievals = new ConcurrentHashMap<>();
    private final AtomicLong nextUnique = new AtomicLong(1);
    private final Thread writer;
    private volatile Negotiated agreed;
    private volatile boolean closed;

    private record Retrieval(CompletableFuture<byte[]> future) {
    }

    /**
     * Starts the writer thread.
     *
     * @param channel where notification frames go (any of the session's fds)
     */
    public KernelNotifications(ReplyChannel channel) {
        this.channel = channel;
        this.writer = Thread.ofPlatform().daemon().name("jpuffs-notify").start(this::drain);
    }

    /**
     * Called by the dispatcher once INIT is agreed: notifications flow from now on.
     *
     * @param negotiated the outcome of INIT
     */
    public void negotiated(Negotiated negotiated) {
        this.agreed = negotiated;
    }

    private Negotiated ready(int sinceMinor) throws ErrnoException {
        Negotiated n = agreed;
        if (n == null || closed) {
            throw new ErrnoException(Errno.ENOTCONN, "the FUSE session is not running");
        }
        if (n.minor() < sinceMinor) {
            throw new ErrnoException(Errno.ENOSYS, "needs protocol 7." + sinceMinor + ", agreed 7." + n.minor());
        }
        return n;
    }

    private static MemorySegment frame(int size) {
        return Arena.ofAuto().allocate(size, 8);
    }

    private void enqueue(MemorySegment frame, int length) {
        queue.add(frame.asSlice(0, length));
    }

    @Override
    public void invalidateInode(long nodeId, long offset, long length) throws ErrnoException {
        ready(12);
        MemorySegment f = frame(40);
        enqueue(f, NotificationEncoder.invalInode(f, nodeId, offset, length));
    }

    @Override
    public void invalidateEntry(long parentId, FileName name, boolean expireOnly) throws ErrnoException {
        Negotiated n = ready(12);
        if (expireOnly && !n.has(InitFlag.HAS_EXPIRE_ONLY)) {
            throw new ErrnoException(Errno.ENOSYS, "the kernel cannot expire an entry without dropping it");
        }
        MemorySegment f = frame(32 + name.length() + 1);
        enqueue(f, NotificationEncoder.invalEntry(f, parentId, name, expireOnly));
    }

    @Override
    public void delete(long parentId, long childId, FileName name) throws ErrnoException {
        ready(18);
        MemorySegment f = frame(40 + name.length() + 1);
        enqueue(f, NotificationEncoder.delete(f, parentId, childId, name));
    }

    @Override
    public void store(long nodeId, long offset, ByteBuffer data) throws ErrnoException {
        ready(15);
        int size = data.remaining();
        MemorySegment f = frame(40 + size);
        NotificationEncoder.storeHeader(f, nodeId, offset, size);
        MemorySegment.copy(MemorySegment.ofBuffer(data), 0, f, 40, size);
        enqueue(f, 40 + size);
    }

    @Override
    public CompletableFuture<byte[]> retrieve(long nodeId, long offset, int size) throws ErrnoException {
        ready(15);
        long unique = nextUnique.getAndIncrement();
        MemorySegment f = frame(48);
        int len = NotificationEncoder.retrieve(f, unique, nodeId, offset, size);
        CompletableFuture<byte[]> future = new CompletableFuture<>();
        MemorySegment slice = f.asSlice(0, len);
        retrievals.put(unique, new Retrieval(future));
        queue.add(slice);
        return future;
    }

    /**
     * Completes a retrieve with the kernel's NOTIFY_REPLY.
     *
     * @param notifyUnique the unique of the NOTIFY_REPLY (the retrieve's)
     * @param data the bytes the kernel had cached (copied here)
     * @return false when no retrieve waited for it
     */
    public boolean retrieveReply(long notifyUnique, MemorySegment data) {
        Retrieval r = retrievals.remove(notifyUnique);
        if (r == null) {
            return false;
        }
        r.future().complete(data.toArray(ValueLayout.JAVA_BYTE));
        return true;
    }

    @Override
    public void pollWakeup(long kernelHandle) throws ErrnoException {
        ready(11);
        MemorySegment f = frame(24);
        enqueue(f, NotificationEncoder.pollWakeup(f, kernelHandle));
    }

    @Override
    public void resend() throws ErrnoException {
        Negotiated n = ready(40);
        if (!n.has(InitFlag.HAS_RESEND)) {
            throw new ErrnoException(Errno.ENOSYS, "the kernel cannot resend requests");
        }
        MemorySegment f = frame(16);
        enqueue(f, NotificationEncoder.resend(f));
    }

    @Override
    public void incrementEpoch() throws ErrnoException {
        ready(44);
        MemorySegment f = frame(16);
        enqueue(f, NotificationEncoder.incEpoch(f));
    }

    @Override
    public void prune(long[] nodeIds) throws ErrnoException {
        ready(45);
        MemorySegment f = frame(32 + 8 * nodeIds.length);
        enqueue(f, NotificationEncoder.prune(f, nodeIds));
    }

    private void drain() {
        try {
            while (true) {
                MemorySegment f = queue.take();
                if (f == STOP) {
                    return;
                }
                int errno = channel.write(f, null);
                if (errno != 0) {
                    long unique = f.byteSize() >= 24 && f.get(ValueLayout.JAVA_INT_UNALIGNED, 4) == 5
                            ? f.get(ValueLayout.JAVA_LONG_UNALIGNED, FuseAbi.OUT_HEADER) : -1;
                    Retrieval r = unique < 0 ? null : retrievals.remove(unique);
                    if (r != null) {
                        r.future().completeExceptionally(new ErrnoException(Errno.of(errno), "retrieve refused"));
                    }
                    // ENOENT: the kernel no longer knows the node or name, so there was nothing to drop
                    LOG.debug("notification code {} refused by the kernel: errno {}",
                            f.get(ValueLayout.JAVA_INT_UNALIGNED, 4), errno);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the writer after the queued notifications; fails pending retrieves with ENOTCONN. */
    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        try {
            writer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Long u : retrievals.keySet()) {
            Retrieval r = retrievals.remove(u);
            if (r != null) {
                r.future().completeExceptionally(new ErrnoException(Errno.ENOTCONN, "session closed"));
            }
        }
    }
}
