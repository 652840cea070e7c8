package org.jpuffs.fuse.dispatch;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.jpuffs.Notifier;
import org.jpuffs.fuse.protocol.Opcode;
import org.jpuffs.kernel.Call;

/**
 * A request being served: what the watchdog and INTERRUPT need, and the {@link Call} its handler
 * gets.
 *
 * <p>A request served on its reader thread uses that thread's one instance, reused request after
 * request (a context is valid only while its op runs), so serving it allocates nothing. A request
 * moved to another thread gets an instance of its own, used once. {@link #unique} is 0 while a
 * reader's instance is idle; an INTERRUPT compares it under this object's lock, so it can never
 * reach the next request that reuses the instance.
 */
final class Running {
    final Call call;
    /** A reader thread's own instance, reused; otherwise one request's, listed by unique. */
    final boolean readerOwned;
    /** 0 while idle; set last by {@link #begin}, cleared first by {@link #end}. */
    volatile long unique;
    Opcode op;
    int opcode;
    long nodeId;
    volatile long startNanos;
    volatile boolean reported;
    /**
     * The executor thread serving a moved request, interrupted also before the node layer binds it
     * to the {@link Call}. Never a reader thread: a reader is reached only through the Call, which
     * the node layer binds for the handler's run alone.
     */
    volatile Thread offReader;
    /** A reader's own reply buffer, so a request takes nothing from the shared pool (and its lock). */
    private ReplyBuffer replyBuffer;
    /** The request buffer's ByteBuffer view, kept while the transport hands in the same segment. */
    private MemorySegment viewed;
    private ByteBuffer view;

    Running(Notifier<?> notifier, boolean readerOwned) {
        this.call = new Call(0, 0, 0, 0, notifier);
        this.readerOwned = readerOwned;
    }

    /**
     * Takes on a request.
     *
     * @param startNanos when it started, for the watchdog (0 when no watchdog runs)
     */
    synchronized void begin(long unique, int opcode, long nodeId, int uid, int gid, int pid, long startNanos) {
        call.reset(unique, uid, gid, pid);
        this.op = Opcode.of(opcode);
        this.opcode = opcode;
        this.nodeId = nodeId;
        this.startNanos = startNanos;
        this.reported = false;
        this.unique = unique;
    }

    /** The request is answered (or about to be): interrupts no longer find it. */
    void end() {
        unique = 0;
    }

    boolean idle() {
        return unique == 0;
    }

    /**
     * Interrupts the request if this is still the one with id {@code target}.
     *
     * @return false when this serves another request or none
     */
    synchronized boolean interrupt(long target) {
        if (target == 0 || unique != target) {
            return false;
        }
        call.interrupt();
        Thread t = offReader;
        if (t != null) {
            t.interrupt();
        }
        return true;
    }

    /**
     * The executor thread is done with this request. Under the lock {@link #interrupt} holds, so an
     * interrupt that found the thread has been delivered before this returns (and the caller clears
     * it), and none can arrive after.
     */
    synchronized void leaveThread() {
        offReader = null;
    }

    /**
     * The reader's own reply buffer, made anew when INIT agreed another size.
     */
    ReplyBuffer replyBuffer(int size) {
        ReplyBuffer b = replyBuffer;
        if (b == null || b.capacity() != size) {
            b = new ReplyBuffer(size);
            replyBuffer = b;
        }
        return b;
    }

    /**
     * A ByteBuffer over bytes [from, from + size) of a request buffer: position at {@code from},
     * limit at {@code from + size}. The view is made once per request buffer a transport reuses.
     */
    ByteBuffer window(MemorySegment segment, int from, int size) {
        if (segment != viewed) {
            view = segment.asByteBuffer();
            viewed = segment;
        }
        view.clear();
        view.position(from);
        view.limit(from + size);
        return view;
    }

    String opName() {
        return op == null ? "opcode " + opcode : op.name();
    }
}
