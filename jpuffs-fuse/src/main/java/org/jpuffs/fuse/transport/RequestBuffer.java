package org.jpuffs.fuse.transport;

import java.lang.foreign.MemorySegment;

/**
 * A pooled off-heap buffer holding one request frame. Returned to its pool by {@link #release()}.
 */
public interface RequestBuffer {
    /**
     * The whole buffer; the frame occupies bytes [0, {@link #length()}).
     *
     * @return the segment
     */
    MemorySegment segment();

    /**
     * The frame's length, as {@code read(2)} returned it.
     *
     * @return the number of bytes read
     */
    int length();

    /** Gives the buffer back to its pool. Call exactly once; the segment must not be used afterwards. */
    void release();
}
