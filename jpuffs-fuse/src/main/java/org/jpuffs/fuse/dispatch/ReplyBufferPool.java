package org.jpuffs.fuse.dispatch;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * A bounded pool of equally sized reply buffers. Acquiring never blocks: an empty pool makes a new
 * buffer, and a full pool lets a returned one go to the garbage collector. The queue is array
 * backed, so taking and returning allocate nothing.
 */
final class ReplyBufferPool {
    private final int size;
    private final ArrayBlockingQueue<ReplyBuffer> free;

    ReplyBufferPool(int size, int keep) {
        this.size = size;
        this.free = new ArrayBlockingQueue<>(keep);
    }

    int bufferSize() {
        return size;
    }

    ReplyBuffer acquire() {
        ReplyBuffer b = free.poll();
        return b != null ? b : new ReplyBuffer(size);
    }

    void release(ReplyBuffer b) {
        if (b.capacity() == size) {
            free.offer(b);
        }
    }
}
