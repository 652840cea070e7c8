package org.jpuffs.fuse.transport;

import java.lang.foreign.MemorySegment;

/**
 * Writes replies (and notifications) to one {@code /dev/fuse} fd. Thread-safe; each call is one
 * {@code writev(2)}, which the kernel takes atomically.
 */
public interface ReplyChannel {
    /**
     * Writes one message made of a header and an optional payload, without copying either.
     *
     * @param header the {@code fuse_out_header} and fixed reply struct
     * @param payload the variable part (read data, dirents, ...), or {@code null}
     * @return 0 on success, or the positive errno of the write (ENOENT: the request was interrupted
     *     or aborted and the reply is dropped, which is not an error)
     */
    int write(MemorySegment header, MemorySegment payload);
}
