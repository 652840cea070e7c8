package org.jpuffs.fuse.dispatch;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jpuffs.Errno;
import org.jpuffs.ExceptionMapping;
import org.jpuffs.Notifier;
import org.jpuffs.fuse.protocol.FuseAbi;
import org.jpuffs.fuse.protocol.InHeader;
import org.jpuffs.fuse.protocol.InitFlag;
import org.jpuffs.fuse.protocol.InitNegotiation;
import org.jpuffs.fuse.protocol.InitReply;
import org.jpuffs.fuse.protocol.MalformedFrameException;
import org.jpuffs.fuse.protocol.Negotiated;
import org.jpuffs.fuse.protocol.Opcode;
import org.jpuffs.fuse.protocol.ReplyEncoder;
import org.jpuffs.fuse.protocol.Request;
import org.jpuffs.fuse.protocol.RequestDecoder;
import org.jpuffs.fuse.transport.FrameHandler;
import org.jpuffs.fuse.transport.ReplyChannel;
import org.jpuffs.fuse.transport.RequestBuffer;
import org.jpuffs.kernel.NodeLayer;
import org.jpuffs.kernel.NotificationChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns request frames into node-layer calls and their answers into reply frames.
 *
 * <p>Life cycle: the first frame is INIT; the dispatcher calls {@link NodeLayer#init}, negotiates
 * ({@link InitNegotiation}), logs the agreed capabilities and each refusal, writes the answer, and
 * then completes {@link #initialized()}: the session's signal that the mount is usable. DESTROY
 * shuts the node layer down (which calls the server's destroy) before it is answered.
 *
 * <p>Rules kept here: FORGET, BATCH_FORGET and NOTIFY_REPLY get no answer; INTERRUPT gets none
 * either, except EAGAIN when its target is not (yet) running, so the kernel asks again; an INTERRUPT
 * is never answered ENOSYS, which would end interrupts for the mount. Unknown opcodes get ENOSYS. A
 * malformed frame gets EIO (or the errno its defect implies) when it has a unique id, and a log line.
 * A server exception becomes {@link ExceptionMapping#errnoOf}; an unexpected one is logged with the
 * op and the caller.
 *
 * <p>Threads: handlers run on the calling reader thread, except SETLKW (it may wait for a lock for
 * as long as it likes) which moves to a platform thread of its own so the reader keeps reading
 * (and can deliver the INTERRUPT that ends the wait). With virtual threads chosen, every handler
 * runs on one. A moved request releases its buffer before it runs, unless its payload lives in it.
 *
 * <p>Allocation: a request served on its reader thread uses that thread's {@link Running} (and its
 * {@link org.jpuffs.kernel.Call}), pooled reply buffers and views made once. GETATTR, LOOKUP, READ
 * and WRITE, when well formed, are served straight from the frame ({@link HotRequests}) without a
 * header or request record, so with a server that allocates nothing they allocate nothing (a
 * LOOKUP of a name not seen lately makes its {@code FileName}). Other requests allocate their
 * decoded header and record.
 */
public final class FuseDispatcher implements FrameHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FuseDispatcher.class);
    private static final Logger TRACE = LoggerFactory.getLogger("org.jpuffs.fuse.trace");
    private static final int EPROTO = 71;

    private final NodeLayer layer;
    private final Notifier<?> notifier;
    private final NotificationChannel notifications;
    private final DispatchOptions options;
    private final RequestDecoder decoder = new RequestDecoder();
    /** Requests moved off their reader thread, by unique. */
    private final ConcurrentHashMap<Long, Running> running = new ConcurrentHashMap<>();
    /**
     * Each reader thread's own {@link Running}, reused for every request served on that thread.
     * Listed so INTERRUPT and the watchdog find them; a reader that ends leaves its (idle) one here,
     * which costs a few objects per reader thread the session ever had.
     */
    private final CopyOnWriteArrayList<Running> readerSlots = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Running> readerSlot;
    private final CompletableFuture<Negotiated> initialized = new CompletableFuture<>();
    private final AtomicLong watchdogReports = new AtomicLong();
    private final ExecutorService blocking;
    private final ExecutorService virtual;
    private final ScheduledExecutorService watchdog;
    private volatile Operations ops;
    private volatile ReplyBufferPool pool = new ReplyBufferPool(FuseAbi.OUT_HEADER + FuseAbi.STATX_OUT + 4096, 4);

    /**
     * A dispatcher for one session.
     *
     * @param layer the node layer serving the file server
     * @param notifier the notifier every {@link org.jpuffs.kernel.Call} carries (the session's)
     * @param notifications where notifications go: the channel given to {@link NodeLayer#init} and
     *     used for poll wakeups; a {@link KernelNotifications} also receives NOTIFY_REPLY. May be
     *     {@code null} (notifications then fail with ENOSYS)
     * @param options threads, trace, watchdog, INIT tunables
     */
    public FuseDispatcher(NodeLayer layer, Notifier<?> notifier, NotificationChannel notifications,
            DispatchOptions options) {
        this.layer = layer;
        this.notifier = notifier;
        this.notifications = notifications;
        this.options = options;
        this.readerSlot = ThreadLocal.withInitial(() -> {
            Running r = new Running(notifier, true);
            readerSlots.add(r);
            return r;
        });
        this.blocking = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("jpuffs-blocking-", 0)
                .factory());
        this.virtual = options.virtualThreads()
                ? Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("jpuffs-handler-", 0).factory())
                : null;
        Duration after = options.watchdog();
        if (after != null && !after.isZero() && !after.isNegative()) {
            this.watchdog = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("jpuffs-watchdog").factory());
            long period = Math.max(10, after.toMillis() / 2);
            watchdog.scheduleAtFixedRate(() -> watch(after.toNanos()), period, period, TimeUnit.MILLISECONDS);
        } else {
            this.watchdog = null;
        }
    }

    /**
     * Completes when INIT has been answered (exceptionally when it was refused).
     *
     * @return the negotiated outcome
     */
    public CompletableFuture<Negotiated> initialized() {
        return initialized;
    }

    /**
     * How many requests the watchdog has reported as unanswered so far.
     *
     * @return the count
     */
    public long watchdogReports() {
        return watchdogReports.get();
    }

    /**
     * How many requests are being served.
     *
     * @return the count
     */
    public int inFlight() {
        int n = running.size();
        for (Running r : readerSlots) {
            if (!r.idle()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void handle(RequestBuffer request, ReplyChannel replies) {
        MemorySegment frame = request.segment();
        int length = request.length();
        Operations o = ops;
        if (o != null && virtual == null && !options.trace()) {
            // the hot path: no header or request record, the reader's own Running, pooled views
            Opcode hot = HotRequests.accept(frame, length);
            Running run = hot == null ? null : readerSlot.get();
            if (run != null && run.idle()) {
                HotRequests.begin(run, frame, hot, startNanos());
                serve(o, run, null, request, replies);
                return;
            }
        }
        handleDecoded(request, replies);
    }

    private void handleDecoded(RequestBuffer request, ReplyChannel replies) {
        MemorySegment frame = request.segment();
        int length = request.length();
        InHeader h;
        Request r;
        try {
            h = InHeader.read(frame, length);
        } catch (MalformedFrameException e) {
            malformed(e, null, replies);
            request.release();
            return;
        }
        try {
            r = decoder.decode(h, frame, length);
        } catch (MalformedFrameException e) {
            malformed(e, h, replies);
            request.release();
            return;
        }
        if (options.trace()) {
            TRACE.info("-> unique {} {} node {} uid {} gid {} pid {} {}", h.unique(), opName(h), h.nodeId(), h.uid(),
                    h.gid(), h.pid(), r);
        }
        switch (r) {
            case Request.Forget f -> {
                layer.forget(h.nodeId(), f.count());
                request.release();
                return;
            }
            case Request.BatchForget f -> {
                for (int i = 0; i < f.nodeIds().length; i++) {
                    layer.forget(f.nodeIds()[i], f.counts()[i]);
                }
                request.release();
                return;
            }
            case Request.NotifyReply n -> {
                if (!(notifications instanceof KernelNotifications k) || !k.retrieveReply(h.unique(), n.data())) {
                    LOG.warn("NOTIFY_REPLY {} matches no retrieve: dropped", h.unique());
                }
                request.release();
                return;
            }
            case Request.Interrupt i -> {
                request.release();
                interrupt(h, i, replies);
                return;
            }
            case Request.Init i -> {
                request.release();
                init(h, i, replies);
                return;
            }
            case Request.Destroy d -> {
                request.release();
                layer.shutdown(options.drainBound());
                reply(replies, h.unique(), h.op(), 0, null);
                return;
            }
            default -> {
            }
        }
        Operations o = ops;
        if (o == null) {
            LOG.warn("{} before INIT: answered EIO", opName(h));
            request.release();
            replyError(replies, h.unique(), h.op(), Errno.EIO.number());
            return;
        }
        boolean blocks = r instanceof Request.LockOp l && l.op() == Opcode.SETLKW;
        if (virtual == null && !blocks) {
            Running run = readerSlot.get();
            if (run.idle()) {
                run.begin(h.unique(), h.opcode(), h.nodeId(), h.uid(), h.gid(), h.pid(), startNanos());
                serve(o, run, r, request, replies);
                return;
            }
        }
        Running run = new Running(notifier, false);
        run.begin(h.unique(), h.opcode(), h.nodeId(), h.uid(), h.gid(), h.pid(), startNanos());
        running.put(h.unique(), run);
        if (virtual == null && !blocks) {
            serve(o, run, r, request, replies);
            return;
        }
        // moved off the reader thread: the buffer goes back now unless the request still points into it
        boolean holdsBuffer = r instanceof Request.Write || r instanceof Request.SetXattr
                || r instanceof Request.Ioctl;
        if (!holdsBuffer) {
            request.release();
        }
        RequestBuffer keep = holdsBuffer ? request : null;
        (virtual != null ? virtual : blocking).execute(() -> {
            run.offReader = Thread.currentThread();
            if (run.call.isInterrupted()) {
                run.offReader.interrupt();
            }
            try {
                serve(o, run, r, keep, replies);
            } finally {
                run.leaveThread();
                Thread.interrupted(); // a late interrupt must not leak into the next task
            }
        });
    }

    private long startNanos() {
        return watchdog != null ? System.nanoTime() : 0;
    }

    /**
     * Serves a request {@code run} has begun, answers it, and ends {@code run}.
     *
     * @param r the decoded request, or {@code null} for a hot one, read from {@code keep}'s frame
     * @param keep the request buffer, released at the end; {@code null} when released already
     */
    private void serve(Operations o, Running run, Request r, RequestBuffer keep, ReplyChannel replies) {
        ReplyBufferPool p = pool;
        ReplyBuffer out = run.readerOwned ? run.replyBuffer(p.bufferSize()) : p.acquire();
        long unique = run.unique;
        try {
            int n;
            int errno = 0;
            try {
                n = r == null ? o.serveHot(run, keep.segment(), keep.length(), out)
                        : o.serve(run.nodeId, r, run.call, out);
            } catch (IOException e) {
                n = 0;
                errno = ExceptionMapping.errnoOf(e).number();
                if (!ExceptionMapping.isExpected(e)) {
                    LOG.warn("{} on node {} for {} failed: {}", run.opName(), run.nodeId, run.call, e.toString());
                }
            } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
                n = 0;
                errno = ExceptionMapping.errnoOf(e).number();
                LOG.warn("{} on node {} for {}: server exception, answered errno {}", run.opName(), run.nodeId,
                        run.call, errno, e);
            }
            // no longer interruptible; run's fields stay as they are until the next begin (this thread's)
            run.end();
            if (!run.readerOwned) {
                running.remove(unique);
            }
            if (errno != 0) {
                replyError(replies, unique, run.op, errno, out);
            } else if (reply(replies, unique, run.op, n, out) == Errno.ENOENT.number()) {
                // the kernel dropped the answer (the caller was killed): it never learnt the
                // lookups or the handle it carried, so it will never forget or release them
                if (r == null) {
                    o.undoHot(run, out);
                } else {
                    o.undo(run.nodeId, r, run.call, out, n);
                }
            }
        } finally {
            if (!run.readerOwned) {
                p.release(out);
            }
            if (keep != null) {
                keep.release();
            }
        }
    }

    private void interrupt(InHeader h, Request.Interrupt i, ReplyChannel replies) {
        long target = i.target();
        Running moved = running.get(target);
        if (moved != null && moved.interrupt(target)) {
            return;
        }
        for (Running r : readerSlots) {
            if (r.interrupt(target)) {
                return;
            }
        }
        // not seen yet (another reader has it) or already answered: EAGAIN makes the kernel retry
        // the interrupt while its target is still pending, and ignore it otherwise
        replyError(replies, h.unique(), h.op(), Errno.EAGAIN.number());
    }

    private void init(InHeader h, Request.Init i, ReplyChannel replies) {
        if (initialized.isDone()) {
            LOG.warn("a second INIT: answered EIO");
            replyError(replies, h.unique(), h.op(), Errno.EIO.number());
            return;
        }
        if (i.major() > FuseAbi.MAJOR) {
            // the kernel retries with our major after this answer
            LOG.info("kernel speaks FUSE {}.{}, answering with 7.{}", i.major(), i.minor(), FuseAbi.MAX_MINOR);
            sendInit(replies, h, new InitReply(FuseAbi.MAJOR, FuseAbi.MAX_MINOR, 0, 0, 0, 0, 0, 0, 0, 0, 0));
            return;
        }
        if (i.major() < FuseAbi.MAJOR || i.minor() < FuseAbi.MIN_MINOR) {
            String why = "kernel offers FUSE " + i.major() + "." + i.minor() + ", jpuffs needs 7." + FuseAbi.MIN_MINOR
                    + " or newer";
            LOG.error(why);
            replyError(replies, h.unique(), h.op(), EPROTO);
            initialized.completeExceptionally(new IOException(why));
            return;
        }
        Set<org.jpuffs.kernel.Op> implemented = layer.implementedOps();
        Negotiated n = InitNegotiation.negotiate(i, implemented, options.init());
        try {
            layer.init(notifications);
        } catch (IOException | RuntimeException e) {
            int errno = ExceptionMapping.errnoOf(e).number();
            LOG.error("the file server refused to start: {}", e.toString());
            replyError(replies, h.unique(), h.op(), errno);
            initialized.completeExceptionally(e);
            return;
        }
        decoder.setxattrExtended(n.has(InitFlag.SETXATTR_EXT));
        pool = new ReplyBufferPool(n.replyBufferSize(), 16);
        ops = new Operations(layer, notifications, n);
        if (notifications instanceof KernelNotifications k) {
            k.negotiated(n);
        }
        LOG.info(n.summary());
        for (String refusal : n.refusals()) {
            LOG.info("FUSE capability {}", refusal);
        }
        sendInit(replies, h, n.reply());
        initialized.complete(n);
    }

    private void sendInit(ReplyChannel replies, InHeader h, InitReply reply) {
        ReplyBufferPool p = pool;
        ReplyBuffer out = p.acquire();
        try {
            reply(replies, h.unique(), h.op(), ReplyEncoder.initOut(out.segment, FuseAbi.OUT_HEADER, reply), out);
        } finally {
            p.release(out);
        }
    }

    private void malformed(MalformedFrameException e, InHeader h, ReplyChannel replies) {
        Opcode op = h == null ? null : h.op();
        boolean answer = e.unique() != 0 && (op == null || !op.takesNoReply());
        LOG.warn("malformed FUSE frame{}: {}{}", h == null ? "" : " (" + opName(h) + ", unique " + h.unique() + ")",
                e.getMessage(), answer ? ", answered " + e.errno() : ", not answered");
        if (answer) {
            ReplyBufferPool p = pool;
            ReplyBuffer out = p.acquire();
            try {
                ReplyEncoder.error(out.segment, e.unique(), e.errno().number());
                write(replies, e.unique(), out.frame(FuseAbi.OUT_HEADER));
            } finally {
                p.release(out);
            }
        }
    }

    private int reply(ReplyChannel replies, long unique, Opcode op, int bodyLength, ReplyBuffer out) {
        ReplyBuffer b = out;
        ReplyBufferPool p = null;
        if (b == null) {
            p = pool;
            b = p.acquire();
        }
        try {
            int len = FuseAbi.OUT_HEADER + bodyLength;
            ReplyEncoder.outHeader(b.segment, len, 0, unique);
            if (options.trace()) {
                TRACE.info("<- unique {} {} ok, {} bytes", unique, op, len);
            }
            return write(replies, unique, b.frame(len));
        } finally {
            if (p != null) {
                p.release(b);
            }
        }
    }

    private void replyError(ReplyChannel replies, long unique, Opcode op, int errno) {
        ReplyBufferPool p = pool;
        ReplyBuffer b = p.acquire();
        try {
            replyError(replies, unique, op, errno, b);
        } finally {
            p.release(b);
        }
    }

    private void replyError(ReplyChannel replies, long unique, Opcode op, int errno, ReplyBuffer b) {
        ReplyEncoder.error(b.segment, unique, errno);
        if (options.trace()) {
            TRACE.info("<- unique {} {} errno {} ({})", unique, op, errno, Errno.of(errno));
        }
        write(replies, unique, b.frame(FuseAbi.OUT_HEADER));
    }

    private static int write(ReplyChannel replies, long unique, MemorySegment frame) {
        int rc = replies.write(frame, null);
        if (rc == Errno.ENOENT.number()) {
            LOG.debug("reply to {} dropped by the kernel: the request was interrupted or aborted", unique);
        } else if (rc == Errno.EBADF.number()) {
            LOG.info("reply to {} came after the session ended (its fds are closed): dropped", unique);
        } else if (rc != 0) {
            LOG.warn("reply to {} refused by the kernel: errno {} ({})", unique, rc, Errno.of(rc));
        }
        return rc;
    }

    private void watch(long afterNanos) {
        long now = System.nanoTime();
        for (Running r : running.values()) {
            watch(r, now, afterNanos);
        }
        for (Running r : readerSlots) {
            watch(r, now, afterNanos);
        }
    }

    /** Reads a reader's Running while it may move on to the next request: at worst a mixed log line. */
    private void watch(Running r, long now, long afterNanos) {
        long unique = r.unique;
        long started = r.startNanos;
        if (unique != 0 && !r.reported && now - started > afterNanos) {
            r.reported = true;
            watchdogReports.incrementAndGet();
            LOG.warn("{} (unique {}) on node {} unanswered for {} ms; caller uid {} gid {} tid {}", r.opName(),
                    unique, r.nodeId, (now - started) / 1_000_000, r.call.uid(), r.call.gid(), r.call.callerId());
        }
    }

    private static String opName(InHeader h) {
        Opcode op = h.op();
        return op == null ? "opcode " + h.opcode() : op.name();
    }

    /** Stops the executors and the watchdog; running blocking handlers are interrupted. */
    @Override
    public void close() {
        for (Running r : running.values()) {
            r.call.interrupt();
        }
        for (Running r : readerSlots) {
            r.interrupt(r.unique);
        }
        blocking.shutdownNow();
        if (virtual != null) {
            virtual.shutdownNow();
        }
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
    }
}
