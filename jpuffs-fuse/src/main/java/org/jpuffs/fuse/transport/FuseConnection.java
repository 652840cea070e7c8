package org.jpuffs.fuse.transport;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FUSE connection seen from userspace: its {@code /dev/fuse} fds (the session fd and any clones),
 * the reader threads that read request frames into pooled buffers and hand them to a
 * {@link FrameHandler}, and the accounting the session's lifecycle needs (INIT answered, requests
 * in flight, connection ended).
 *
 * <p>Readers are platform threads blocked in {@code read(2)}; closing an fd does not wake them. They
 * end when the kernel ends the connection: after an unmount (the superblock goes away and the
 * connection is aborted) or an explicit abort, {@code read} fails with ENODEV.
 */
public final class FuseConnection {
    private static final Logger LOG = LoggerFactory.getLogger(FuseConnection.class);

    /** The kernel refuses a read buffer smaller than this ({@code FUSE_MIN_READ_BUFFER}). */
    public static final int FUSE_MIN_READ_BUFFER = 8192;
    /** Size of {@code fuse_in_header}. */
    public static final int IN_HEADER_SIZE = 40;
    /** Size of {@code fuse_out_header}. */
    public static final int OUT_HEADER_SIZE = 16;

    static final int FORGET = 2;
    static final int SETATTR = 4;
    static final int WRITE = 16;
    static final int RELEASE = 18;
    static final int FSYNC = 20;
    static final int FLUSH = 25;
    static final int INIT = 26;
    static final int RELEASEDIR = 29;
    static final int FSYNCDIR = 30;
    static final int INTERRUPT = 36;
    static final int DESTROY = 38;
    static final int NOTIFY_REPLY = 41;
    static final int BATCH_FORGET = 42;
    static final int SYNCFS = 50;

    private static final int ENODEV = Errno.ENODEV.number();
    private static final int EINTR = Errno.EINTR.number();
    private static final int EAGAIN = Errno.EAGAIN.number();
    private static final int ENOENT = Errno.ENOENT.number();
    private static final ThreadLocal<MemorySegment> ERROR_HEADER =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(OUT_HEADER_SIZE, 8));

    private final String name;
    private final List<DeviceChannel> channels = new ArrayList<>();
    private final int readerCount;
    private final BufferPool pool;
    private final List<Thread> readers = new ArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CompletableFuture<Void> initialized = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile long initUnique = -1;
    private volatile boolean refusing;
    private volatile FrameHandler handler;

    /**
     * Wraps the connection's fds; nothing is read until {@link #start}.
     *
     * @param name a name for threads and logs (the mountpoint)
     * @param fds the session fd first, then its clones (or only the session fd: readers share it)
     * @param readers the number of reader threads
     * @param bufferSize bytes per request buffer (see {@link #bufferSizeFor})
     * @param maxBuffers the most buffers to allocate; readers wait for a free one beyond that
     */
    public FuseConnection(String name, List<Integer> fds, int readers, int bufferSize, int maxBuffers) {
        if (fds.isEmpty() || readers < 1 || bufferSize < FUSE_MIN_READ_BUFFER) {
            throw new IllegalArgumentException("fds " + fds + ", readers " + readers + ", buffer " + bufferSize);
        }
        this.name = name;
        for (int fd : fds) {
            channels.add(new DeviceChannel(fd, this::replied));
        }
        this.readerCount = readers;
        this.pool = new BufferPool(bufferSize, Math.max(maxBuffers, readers + 1));
    }

    /**
     * The buffer size that holds any request the kernel may send with {@code maxPages} pages of data:
     * the data plus one page for the headers, and never less than {@link #FUSE_MIN_READ_BUFFER}.
     *
     * @param maxPages the most pages in one request
     * @return bytes per buffer
     */
    public static int bufferSizeFor(int maxPages) {
        int page = Libc.pageSize();
        return Math.max(FUSE_MIN_READ_BUFFER, maxPages * page + page);
    }

    /**
     * The channel on the session fd: where notifications (which answer no request) are written.
     *
     * @return the session fd's channel
     */
    public ReplyChannel sessionChannel() {
        return channels.getFirst();
    }

    /**
     * Starts the reader threads, each handing frames to {@code handler}.
     *
     * @param frameHandler the dispatcher
     */
    public synchronized void start(FrameHandler frameHandler) {
        if (handler != null) {
            throw new IllegalStateException("already started");
        }
        handler = frameHandler;
        running.set(readerCount);
        for (int i = 0; i < readerCount; i++) {
            DeviceChannel channel = channels.get(channels.size() == readerCount ? i : 0);
            Thread t = Thread.ofPlatform().name("jpuffs-reader-" + i + " " + name).daemon(true)
                    .unstarted(() -> readLoop(channel));
            readers.add(t);
        }
        readers.forEach(Thread::start);
        LOG.debug("{}: {} readers on {} fd(s), {}-byte request buffers", name, readerCount, channels.size(),
                pool.bufferSize());
    }

    /**
     * Completes when the INIT reply has been written and accepted by the kernel; fails if the handler
     * answered INIT with an error, the kernel refused the reply, or the connection ended first.
     *
     * @return the INIT future
     */
    public CompletableFuture<Void> initialized() {
        return initialized;
    }

    /**
     * Completes once the kernel has ended the connection (a reader saw ENODEV), or every reader thread
     * has ended. A reader still inside a handler then ends when the handler returns.
     *
     * @return the end future
     */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    /**
     * From now on, answer new requests with ENOTCONN instead of handing them to the handler, except
     * those an unmount itself needs answered (releases, flushes, writes of cached data, setattr,
     * fsync, syncfs, destroy) and those that take no answer (forgets, interrupts, notify replies).
     */
    public void refuseNewRequests() {
        refusing = true;
    }

    /**
     * The number of requests handed to the handler and not answered yet.
     *
     * @return the count
     */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Waits until no request is in flight or the connection has ended, at most {@code bound}.
     *
     * @param bound the longest wait
     * @return whether none is in flight (or none can be answered any more)
     * @throws InterruptedException if interrupted
     */
    public boolean awaitDrained(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (inFlight.get() > 0 && !ended.isDone()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return inFlight.get() == 0 || ended.isDone();
    }

    /**
     * Waits for the readers to end, at most {@code bound}.
     *
     * @param bound the longest wait
     * @return whether they all ended
     * @throws InterruptedException if interrupted
     */
    public boolean awaitEnded(Duration bound) throws InterruptedException {
        try {
            ended.get(bound.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    /**
     * Closes every fd (after writes in progress finish); late replies then get EBADF. Call after the
     * readers ended: a reader blocked in {@code read(2)} would keep the connection alive.
     */
    public void closeChannels() {
        channels.forEach(DeviceChannel::close);
    }

    /**
     * Whether the calling thread is one of this connection's readers (a handler running inline).
     *
     * @return whether it is
     */
    public synchronized boolean onReaderThread() {
        return readers.contains(Thread.currentThread());
    }

    /**
     * The number of request buffers allocated so far (for tests and statistics).
     *
     * @return the count
     */
    public int buffersAllocated() {
        return pool.allocated();
    }

    private void readLoop(DeviceChannel channel) {
        MemorySegment state = Libc.callState(Arena.ofAuto());
        int size = pool.bufferSize();
        try {
            while (true) {
                BufferPool.Buffer buf = pool.take(100);
                if (buf == null) {
                    continue;
                }
                if (!channel.beginRead()) {
                    buf.release(); // the session closed the fds while this reader ran a handler
                    return;
                }
                long n;
                try {
                    n = Libc.readRaw(state, channel.fd(), buf.segment(), size);
                } finally {
                    channel.endRead();
                }
                if (n < 0) {
                    buf.release();
                    int errno = (int) -n;
                    if (errno == EINTR || errno == EAGAIN || errno == ENOENT) {
                        continue;
                    }
                    if (errno == ENODEV) {
                        // the kernel ended the connection (unmount or abort): every idle reader sees
                        // ENODEV now, but one stuck in a handler may not come back for long, and the
                        // session must not wait for it to clean up
                        connectionGone();
                    } else {
                        LOG.error("{}: read from /dev/fuse failed with errno {} ({}); this reader stops", name, errno,
                                Errno.of(errno));
                    }
                    return;
                }
                if (n == 0) {
                    // /dev/fuse never reports end-of-file; another kind of fd (a test's socket) does
                    buf.release();
                    return;
                }
                buf.length((int) n);
                dispatch(buf, channel);
            }
        } catch (Throwable t) {
            LOG.error("{}: reader failed; it stops", name, t);
        } finally {
            if (running.decrementAndGet() == 0) {
                connectionGone();
            }
        }
    }

    private void connectionGone() {
        initialized.completeExceptionally(
                new ErrnoException(Errno.ENOTCONN, "the connection ended before INIT was answered"));
        ended.complete(null);
    }

    private void dispatch(BufferPool.Buffer buf, DeviceChannel channel) {
        MemorySegment frame = buf.segment();
        if (buf.length() < IN_HEADER_SIZE) {
            LOG.error("{}: {}-byte frame is shorter than a request header; dropped", name, buf.length());
            buf.release();
            return;
        }
        int opcode = frame.get(JAVA_INT, 4);
        long unique = frame.get(JAVA_LONG, 8);
        boolean answered = opcode != FORGET && opcode != BATCH_FORGET && opcode != INTERRUPT
                && opcode != NOTIFY_REPLY;
        if (answered) {
            inFlight.incrementAndGet();
        }
        if (opcode == INIT) {
            initUnique = unique;
        }
        if (refusing && !neededByUnmount(opcode)) {
            buf.release();
            if (answered) {
                replyError(channel, unique, Errno.ENOTCONN.number());
            }
            return;
        }
        try {
            handler.handle(buf, channel);
        } catch (Throwable t) {
            // the handler's contract is never to throw; answer so the caller is not left waiting
            LOG.error("{}: frame handler threw on opcode {} (unique {}); answering EIO", name, opcode, unique, t);
            if (answered) {
                replyError(channel, unique, Errno.EIO.number());
            }
        }
    }

    private static boolean neededByUnmount(int opcode) {
        return switch (opcode) {
            case FORGET, BATCH_FORGET, INTERRUPT, NOTIFY_REPLY, RELEASE, RELEASEDIR, FLUSH, WRITE, SETATTR,
                    FSYNC, FSYNCDIR, SYNCFS, DESTROY -> true;
            default -> false;
        };
    }

    private static void replyError(DeviceChannel channel, long unique, int errno) {
        MemorySegment h = ERROR_HEADER.get();
        h.set(JAVA_INT, 0, OUT_HEADER_SIZE);
        h.set(JAVA_INT, 4, -errno);
        h.set(JAVA_LONG, 8, unique);
        channel.write(h, null);
    }

    private void replied(long unique, int error, int writeErrno) {
        // unique 0: a notification; odd: the answer to an INTERRUPT (FUSE_INT_REQ_BIT), counted nowhere
        if (unique == 0 || (unique & 1) != 0) {
            return;
        }
        inFlight.updateAndGet(v -> v > 0 ? v - 1 : 0);
        if (unique == initUnique) {
            if (error != 0) {
                initialized.completeExceptionally(new ErrnoException(Errno.of(-error),
                        "the frame handler answered INIT with error " + Errno.of(-error)));
            } else if (writeErrno != 0) {
                initialized.completeExceptionally(new ErrnoException(Errno.of(writeErrno),
                        "the kernel refused the INIT reply: " + Errno.of(writeErrno)));
            } else {
                initialized.complete(null);
            }
        }
    }
}
