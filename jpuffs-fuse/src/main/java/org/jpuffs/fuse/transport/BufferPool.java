package org.jpuffs.fuse.transport;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Off-heap request buffers, allocated on demand up to a cap and reused. A request stays in the buffer
 * the kernel read it into until the handler releases it: nothing is copied. Buffers come from an
 * automatic arena, so memory still held by a handler that never returns stays valid and is freed
 * by the garbage collector once pool and buffers are unreachable.
 */
final class BufferPool {
    private static final Logger LOG = LoggerFactory.getLogger(BufferPool.class);

    private final Arena arena = Arena.ofAuto();
    private final int bufferSize;
    private final int maxBuffers;
    private final AtomicInteger allocated = new AtomicInteger();
    // LIFO: the buffer released last is the one most likely still in cache
    private final LinkedBlockingDeque<Buffer> free = new LinkedBlockingDeque<>();

    BufferPool(int bufferSize, int maxBuffers) {
        this.bufferSize = bufferSize;
        this.maxBuffers = maxBuffers;
    }

    int bufferSize() {
        return bufferSize;
    }

    int allocated() {
        return allocated.get();
    }

    /**
     * A free buffer, a new one while under the cap, or else waits for one to be released.
     *
     * @return a buffer, or {@code null} if none became free within the wait (the caller re-checks
     *     whether it should still read)
     */
    Buffer take(long waitMillis) throws InterruptedException {
        Buffer b = free.pollFirst();
        if (b == null) {
            int n = allocated.get();
            while (n < maxBuffers) {
                if (allocated.compareAndSet(n, n + 1)) {
                    return new Buffer(arena.allocate(bufferSize, 4096));
                }
                n = allocated.get();
            }
            b = free.pollFirst(waitMillis, TimeUnit.MILLISECONDS);
            if (b == null) {
                return null;
            }
        }
        b.lent.set(true);
        return b;
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
            free.offerFirst(this);
        }
    }
}
