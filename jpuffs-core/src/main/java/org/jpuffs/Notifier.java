package org.jpuffs;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Server-initiated messages to the kernel's caches, naming nodes by cookie (puffs's
 * {@code puffs_inval_*}; FUSE's {@code FUSE_NOTIFY_*}). Callable from any thread, including from
 * inside a handler: notifications are queued and written by a thread of their own, so one about a
 * node that the running handler's syscall holds locked cannot deadlock. A method returns once the
 * notification is queued; the kernel applies it shortly after.
 *
 * <p>Every method throws {@link ErrnoException} ENOENT for a cookie the kernel does not hold,
 * ENOTCONN when the mount is gone, and ENOSYS when the front end has no such cache (the in-JVM
 * front end ignores invalidations it does not need and reports success).
 *
 * @param <C> the server's cookie type
 */
public interface Notifier<C> {
    /**
     * Drops the kernel's cached attributes of a node ({@code FUSE_NOTIFY_INVAL_INODE}, offset -1).
     *
     * @param node the node
     * @throws ErrnoException ENOENT, ENOTCONN, ENOSYS
     */
    void invalidateAttributes(C node) throws ErrnoException;

    /**
     * Drops cached attributes and a range of cached data ({@code FUSE_NOTIFY_INVAL_INODE}).
     *
     * @param node the node
     * @param offset the first byte
     * @param length the number of bytes; 0 or less for all data from {@code offset} on
     * @throws ErrnoException ENOENT, ENOTCONN, ENOSYS
     */
    void invalidateData(C node, long offset, long length) throws ErrnoException;

    /**
     * Drops a cached name in a directory ({@code FUSE_NOTIFY_INVAL_ENTRY}).
     *
     * @param dir the directory
     * @param name the name
     * @throws ErrnoException ENOENT, ENOTCONN, ENOSYS
     */
    void invalidateEntry(C dir, FileName name) throws ErrnoException;

    /**
     * Marks a cached name as expired without dropping it ({@code FUSE_EXPIRE_ONLY}): the next use
     * revalidates it, but processes inside the directory keep working.
     *
     * @param dir the directory
     * @param name the name
     * @throws ErrnoException ENOENT, ENOTCONN, ENOSYS
     */
    void expireEntry(C dir, FileName name) throws ErrnoException;

    /**
     * Tells the kernel a name was deleted, so it drops the entry and, when {@code child} matches,
     * marks the node unlinked ({@code FUSE_NOTIFY_DELETE}).
     *
     * @param dir the directory
     * @param child the node the name pointed to
     * @param name the deleted name
     * @throws ErrnoException ENOENT, ENOTCONN, ENOSYS
     */
    void delete(C dir, C child, FileName name) throws ErrnoException;

    /**
     * Pushes data into the kernel's page cache ({@code FUSE_NOTIFY_STORE}).
     *
     * @param node the file
     * @param offset where the data goes
     * @param data the bytes, from position to limit
     * @throws ErrnoException ENOENT, ENOTCONN, ENOSYS
     */
    void store(C node, long offset, ByteBuffer data) throws ErrnoException;

    /**
     * Asks the kernel for data from its page cache ({@code FUSE_NOTIFY_RETRIEVE}, answered with
     * {@code FUSE_NOTIFY_REPLY}).
     *
     * @param node the file
     * @param offset the first byte
     * @param size the most bytes wanted
     * @return the bytes the kernel had cached (possibly fewer, or none)
     * @throws ErrnoException ENOENT, ENOTCONN, ENOSYS
     */
    CompletableFuture<byte[]> retrieve(C node, long offset, int size) throws ErrnoException;

    /**
     * Asks the kernel to send every pending request again ({@code FUSE_NOTIFY_RESEND}).
     *
     * @throws ErrnoException ENOTCONN, ENOSYS
     */
    void resend() throws ErrnoException;

    /**
     * Invalidates every cached entry at once ({@code FUSE_NOTIFY_INC_EPOCH}).
     *
     * @throws ErrnoException ENOTCONN, ENOSYS
     */
    void incrementEpoch() throws ErrnoException;

    /**
     * Asks the kernel to forget unused nodes ({@code FUSE_NOTIFY_PRUNE}); they come back as FORGETs.
     *
     * @param nodes the nodes to drop if unused
     * @throws ErrnoException ENOTCONN, ENOSYS
     */
    void prune(Collection<C> nodes) throws ErrnoException;
}
