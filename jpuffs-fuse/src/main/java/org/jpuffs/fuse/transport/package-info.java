/**
 * {@code /dev/fuse} through FFM downcalls into libc (no libfuse, no JNI): reader threads, pooled
 * off-heap request buffers, replies with one {@code writev(2)} each.
 *
 * <p>Threads: one platform reader per core (at least two), each blocked in {@code read(2)} on its own
 * fd cloned with {@code FUSE_DEV_IOC_CLONE} where {@code /dev/fuse} can be opened, else on the shared
 * session fd. A reply goes back on the fd its request came from ({@link
 * org.jpuffs.fuse.transport.ReplyChannel} per fd). A handler that blocks on its reader thread stops
 * only that reader; one that may block for long should continue elsewhere and reply from there.
 *
 * <p>Buffers: {@code max_pages} pages (from {@code /proc/sys/fs/fuse/max_pages_limit}) plus a page for
 * headers, at least {@code FUSE_MIN_READ_BUFFER}; handed to the handler in place and returned by
 * {@link org.jpuffs.fuse.transport.RequestBuffer#release()}. A handler that parks a request for long
 * (SETLKW, POLL) should copy what it needs and release the buffer: when every buffer is lent, readers
 * wait, and cannot read the INTERRUPT that would free one.
 *
 * <p>Errors: read(2) failing with ENODEV means the connection ended (unmount or abort) and the reader
 * exits; EINTR, EAGAIN and ENOENT are retried. A write failing with ENOENT means the request was
 * interrupted or aborted; the reply is dropped, which is not an error.
 */
package org.jpuffs.fuse.transport;
