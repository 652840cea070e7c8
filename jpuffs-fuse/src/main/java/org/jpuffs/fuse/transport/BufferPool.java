package org.jpuffs.fuse.transport;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Off-heap request buffers, allocated on demand up to a cap and reused. A request stays in the buffer
 * the kernel read it into until the handler releases it: nothing is copied. Buffers come from an
 * automatic arena, so memory still held by a handler that never returns stays valid, and is freed by
 * the garbage collector once pool and buffers are unreachable.
 */
final class BufferPool {
    private static final Logger LOG = LoggerFactory.getLogger(BufferPool.class);
    private static final long WAIT_STEP_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final Arena arena = Arena.ofAuto();
    private final int bufferSize;
    private final int maxBuffers;
    private final AtomicInteger allocated = new AtomicInteger();
    // free buffers in fixed slots: taking and giving back allocate nothing and take no lock; there are
    // never more buffers than slots, so a release always finds one empty
    private final AtomicReferenceArray<Buffer> free;

    BufferPool(int bufferSize, int maxBuffers) {
        this.bufferSize = bufferSize;
        this.maxBuffers = maxBuffers;
        this.free = new AtomicReferenceArray<>(maxBuffers);
    }

    private Buffer poll() {
        for (int i = 0; i < maxBuffers; i++) {
            Buffer b = free.getPlain(i);
            if (b != null && free.compareAndSet(i, b, null)) {
                return b;
            }
        }
        return null;
    }

    private void give(Buffer b) {
        while (true) {
            for (int i = 0; i < maxBuffers; i++) {
                if (free.getPlain(i) == null && free.compareAndSet(i, null, b)) {
                    return;
                }
            }
        }
    }

    int bufferSize() {
        return bufferSize;
    }

    int allocated() {
        return allocated.get();
    }

    /**
     * A free buffer, a new one while under the cap, or else waits for one to be released. Waiting is
     * the rare case (every buffer lent to a handler), so it polls rather than keeping a lock on the
     * common path.
     *
     * @param waitMillis how long to wait when all buffers are lent
     * @return a buffer, or {@code null} if none became free in time (the caller re-checks whether it
     *     should still read)
     */
    Buffer take(long waitMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (true) {
            Buffer b = poll();
            if (b != null) {
                b.lent.set(true);
                return b;
            }
            int n = allocated.get();
            if (n < maxBuffers) {
                if (allocated.compareAndSet(n, n + 1)) {
                    return new Buffer(arena.allocate(bufferSize, 4096));
                }
                continue;
            }
            if (System.nanoTime() - deadline >= 0) {
                return null;
            }
            LockSupport.parkNanos(WAIT_STEP_NANOS);
        }
    }

    /** One pooled buffer; the reader sets the length of the frame it read. */
    final class Buffer implements RequestBuffer {
        private final MemorySegment segment;
        private final AtomicBoolean lent = new AtomicBoolean(true);
        private int length;

        Buffer(MemorySegment segment) {
            this.segment = segment;
        }

        void length(int length) {
            this.length = length;
        }

        @Override
        public MemorySegment segment() {
            return segment;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public void release() {
            // a second release would hand one buffer to two readers at once
            if (!lent.compareAndSet(true, false)) {
                LOG.error("request buffer released twice; ignoring the second release", new IllegalStateException());
                return;
            }
            give(this);
        }
    }
}
