package org.jpuffs.fuse.dispatch;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * One off-heap reply buffer, reused across requests through a {@link ReplyBufferPool}. Its views
 * are made once so a request allocates none: the ByteBuffer a READ's server fills, and the
 * segments of the first {@code length} bytes that go to the reply channel.
 */
final class ReplyBuffer {
    /** Every fixed-size reply (header and struct) is at most this long; READLINK and xattrs may be. */
    private static final int SMALL = 512;

    final MemorySegment segment;
    final ByteBuffer view;
    private final MemorySegment[] small = new MemorySegment[SMALL + 1];
    /** The last longer frame: reads of one size in a row (sequential I/O) reuse it. */
    private MemorySegment large;

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

    /**
     * The first {@code length} bytes, the reply to write.
     */
    MemorySegment frame(int length) {
        if (length <= SMALL) {
            MemorySegment s = small[length];
            if (s == null) {
                s = segment.asSlice(0, length);
                small[length] = s;
            }
            return s;
        }
        MemorySegment s = large;
        if (s == null || s.byteSize() != length) {
            s = segment.asSlice(0, length);
            large = s;
        }
        return s;
    }
}
