package org.jpuffs.fuse.testing;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpuffs.fuse.transport.FrameHandler;
import org.jpuffs.fuse.transport.ReplyChannel;
import org.jpuffs.fuse.transport.RequestBuffer;

/**
 * A transport without a kernel: frames go into off-heap request buffers handed to a handler; every
 * reply written comes back as bytes. Checks the buffer contract (released exactly once).
 */
public final class MemoryTransport implements ReplyChannel {
    private final FrameHandler handler;
    private final LinkedBlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicInteger doubleReleases = new AtomicInteger();
    private volatile MemorySegment lastRequest;
    private volatile long dropUnique = -1;
    private final AtomicInteger dropped = new AtomicInteger();

    public MemoryTransport(FrameHandler handler) {
        this.handler = handler;
    }

    public void feed(byte[] frame) {
        MemorySegment seg = Arena.ofAuto().allocate(Math.max(frame.length, 8192), 8);
        MemorySegment.copy(frame, 0, seg, ValueLayout.JAVA_BYTE, 0, frame.length);
        lastRequest = seg;
        outstanding.incrementAndGet();
        handler.handle(new RequestBuffer() {
            private final AtomicInteger released = new AtomicInteger();

            @Override
            public MemorySegment segment() {
                return seg;
            }

            @Override
            public int length() {
                return frame.length;
            }

            @Override
            public void release() {
                if (released.getAndIncrement() == 0) {
                    outstanding.decrementAndGet();
                } else {
                    doubleReleases.incrementAndGet();
                }
            }
        }, this);
    }

    public MemorySegment lastRequest() {
        return lastRequest;
    }

    /** Answers ENOENT to the reply for this unique, as the kernel does when its caller was killed. */
    public void dropReplyTo(long unique) {
        dropUnique = unique;
    }

    public int droppedReplies() {
        return dropped.get();
    }

    @Override
    public int write(MemorySegment header, MemorySegment payload) {
        if (header.get(ValueLayout.JAVA_LONG_UNALIGNED, 8) == dropUnique) {
            dropped.incrementAndGet();
            return 2;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.toArray(ValueLayout.JAVA_BYTE));
        if (payload != null) {
            out.writeBytes(payload.toArray(ValueLayout.JAVA_BYTE));
        }
        replies.add(out.toByteArray());
        return 0;
    }

    /** The next reply, waiting up to 5 s. */
    public byte[] next() throws InterruptedException {
        byte[] r = replies.poll(5, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no reply within 5 s");
        }
        return r;
    }

    /** The next reply if one comes within {@code millis}, else null. */
    public byte[] poll(long millis) throws InterruptedException {
        return replies.poll(millis, TimeUnit.MILLISECONDS);
    }

    public int pendingReplies() {
        return replies.size();
    }

    public int unreleasedBuffers() {
        return outstanding.get();
    }

    public int doubleReleases() {
        return doubleReleases.get();
    }

    /** The out header's fields of a reply. */
    public record Out(int len, int error, long unique, ByteBuffer body) {
    }

    public static Out parse(byte[] reply) {
        ByteBuffer b = ByteBuffer.wrap(reply).order(ByteOrder.LITTLE_ENDIAN);
        int len = b.getInt(0);
        if (len != reply.length) {
            throw new AssertionError("reply header says " + len + " bytes, frame has " + reply.length);
        }
        return new Out(len, b.getInt(4), b.getLong(8), b.slice(16, reply.length - 16).order(ByteOrder.LITTLE_ENDIAN));
    }
}
