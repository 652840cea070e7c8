package org.jpuffs.fuse.dispatch;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
import org.jpuffs.kernel.Call;
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
    private final ConcurrentHashMap<Long, Running> running = new ConcurrentHashMap<>();
    private final CompletableFuture<Negotiated> initialized = new CompletableFuture<>();
    private final AtomicLong watchdogReports = new AtomicLong();
    private final ExecutorService blocking;
    private final ExecutorService virtual;
    private final ScheduledExecutorService watchdog;
    private volatile Operations ops;
    private volatile ReplyBufferPool pool = new ReplyBufferPool(FuseAbi.OUT_HEADER + FuseAbi.STATX_OUT + 4096, 4);

    /** A request being served: what the watchdog and INTERRUPT need. */
    private static final class Running {
        final Call call;
        final InHeader header;
        final long startNanos;
        volatile boolean reported;
        /** The executor thread serving it; never a reader thread, whose interrupt flag must stay clear. */
        volatile Thread offReader;

        Running(Call call, InHeader header, long startNanos) {
            this.call = call;
            this.header = header;
            this.startNanos = startNanos;
        }
    }

    /**
     * A dispatcher for one session.
     *
     * @param layer the node layer serving the file server
     * @param notifier the notifier every {@link Call} carries (the session's)
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
        return running.size();
    }

    @Override
    public void handle(RequestBuffer request, ReplyChannel replies) {
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
                reply(replies, h, 0, null);
                return;
            }
            default -> {
            }
        }
        Operations o = ops;
        if (o == null) {
            LOG.warn("{} before INIT: answered EIO", opName(h));
            request.release();
            replyError(replies, h, Errno.EIO.number());
            return;
        }
        Running run = new Running(new Call(h.unique(), h.uid(), h.gid(), h.pid(), notifier), h, System.nanoTime());
        running.put(h.unique(), run);
        boolean blocks = r instanceof Request.LockOp l && l.op() == Opcode.SETLKW;
        if (virtual == null && !blocks) {
            serve(o, h, r, run, replies, request);
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
                serve(o, h, r, run, replies, keep);
            } finally {
                run.offReader = null;
                Thread.interrupted(); // a late interrupt must not leak into the next task
            }
        });
    }

    private void serve(Operations o, InHeader h, Request r, Running run, ReplyChannel replies, RequestBuffer keep) {
        ReplyBufferPool p = pool;
        ReplyBuffer out = p.acquire();
        try {
            int n;
            int errno = 0;
            try {
                n = o.serve(h, r, run.call, out);
            } catch (IOException e) {
                n = 0;
                errno = ExceptionMapping.errnoOf(e).number();
                if (!ExceptionMapping.isExpected(e)) {
                    LOG.warn("{} on node {} for {} failed: {}", opName(h), h.nodeId(), run.call, e.toString());
                }
            } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
                n = 0;
                errno = ExceptionMapping.errnoOf(e).number();
                LOG.warn("{} on node {} for {}: server exception, answered errno {}", opName(h), h.nodeId(),
                        run.call, errno, e);
            }
            running.remove(h.unique());
            if (errno != 0) {
                replyError(replies, h, errno);
            } else if (reply(replies, h, n, out) == Errno.ENOENT.number()) {
                // the kernel dropped the answer (the caller was killed): it never learnt the
                // lookups or the handle it carried, so it will never forget or release them
                o.undo(h, r, run.call, out, n);
            }
        } finally {
            p.release(out);
            if (keep != null) {
                keep.release();
            }
        }
    }

    private void interrupt(InHeader h, Request.Interrupt i, ReplyChannel replies) {
        Running target = running.get(i.target());
        if (target != null) {
            target.call.interrupt();
            Thread t = target.offReader;
            if (t != null) {
                t.interrupt();
            }
            return;
        }
        // not seen yet (another reader has it) or already answered: EAGAIN makes the kernel retry
        // the interrupt while its target is still pending, and ignore it otherwise
        replyError(replies, h, Errno.EAGAIN.number());
    }

    private void init(InHeader h, Request.Init i, ReplyChannel replies) {
        if (initialized.isDone()) {
            LOG.warn("a second INIT: answered EIO");
            replyError(replies, h, Errno.EIO.number());
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
            replyError(replies, h, EPROTO);
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
            replyError(replies, h, errno);
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
            reply(replies, h, ReplyEncoder.initOut(out.segment, FuseAbi.OUT_HEADER, reply), out);
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
                write(replies, e.unique(), out.segment.asSlice(0, FuseAbi.OUT_HEADER));
            } finally {
                p.release(out);
            }
        }
    }

    private int reply(ReplyChannel replies, InHeader h, int bodyLength, ReplyBuffer out) {
        ReplyBuffer b = out;
        ReplyBufferPool p = null;
        if (b == null) {
            p = pool;
            b = p.acquire();
        }
        try {
            int len = FuseAbi.OUT_HEADER + bodyLength;
            ReplyEncoder.outHeader(b.segment, len, 0, h.unique());
            if (options.trace()) {
                TRACE.info("<- unique {} {} ok, {} bytes", h.unique(), opName(h), len);
            }
            return write(replies, h.unique(), b.segment.asSlice(0, len));
        } finally {
            if (p != null) {
                p.release(b);
            }
        }
    }

    private void replyError(ReplyChannel replies, InHeader h, int errno) {
        ReplyBufferPool p = pool;
        ReplyBuffer b = p.acquire();
        try {
            ReplyEncoder.error(b.segment, h.unique(), errno);
            if (options.trace()) {
                TRACE.info("<- unique {} {} errno {} ({})", h.unique(), opName(h), errno, Errno.of(errno));
            }
            write(replies, h.unique(), b.segment.asSlice(0, FuseAbi.OUT_HEADER));
        } finally {
            p.release(b);
        }
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
            if (!r.reported && now - r.startNanos > afterNanos) {
                r.reported = true;
                watchdogReports.incrementAndGet();
                LOG.warn("{} (unique {}) on node {} unanswered for {} ms; caller uid {} gid {} tid {}", opName(r.header),
                        r.header.unique(), r.header.nodeId(), (now - r.startNanos) / 1_000_000, r.header.uid(),
                        r.header.gid(), r.header.pid());
            }
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
        blocking.shutdownNow();
        if (virtual != null) {
            virtual.shutdownNow();
        }
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
    }
}
