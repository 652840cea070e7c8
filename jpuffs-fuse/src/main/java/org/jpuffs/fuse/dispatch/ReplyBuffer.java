package org.jpuffs.fuse.dispatch;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * One off-heap reply buffer, reused across requests through a {@link ReplyBufferPool}. The
 * ByteBuffer view is made once so a READ hands the server a window of this buffer without
 * allocating.
 */
final class ReplyBuffer {
    final MemorySegment segment;
    final ByteBuffer view;

    ReplyBuffer(int size) {
        this.segment = Arena.ofAuto().allocate(size, 8);
        this.view = segment.asByteBuffer();
    }

    int capacity() {
        return (int) segment.byteSize();
    }

    /**
     * A window for the server to fill: position at {@code from}, limit at {@code from + size}.
     */
    ByteBuffer window(int from, int size) {
        view.clear();
        view.position(from);
        view.limit(from + size);
        return view;
    }
}
