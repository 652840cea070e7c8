package org.jpuffs.kernel;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileName;

/**
 * A front end's way to send notifications to its kernel, by node id. The node layer turns the
 * server's cookie-based {@link org.jpuffs.Notifier} calls into these. Implementations queue and
 * return; they never block on the kernel.
 */
public interface NotificationChannel {
    /**
     * FUSE_NOTIFY_INVAL_INODE.
     *
     * @param nodeId the node
     * @param offset -1 for attributes only, else the first byte of data to drop
     * @param length bytes to drop; 0 or less for all from offset
     * @throws ErrnoException ENOTCONN, ENOSYS
     */
    void invalidateInode(long nodeId, long offset, long length) throws ErrnoException;

    /**
     * FUSE_NOTIFY_INVAL_ENTRY.
     *
     * @param parentId the directory
     * @param name the name
     * @param expireOnly true for FUSE_EXPIRE_ONLY
     * @throws ErrnoException ENOTCONN, ENOSYS
     */
    void invalidateEntry(long parentId, FileName name, boolean expireOnly) throws ErrnoException;

    /**
     * FUSE_NOTIFY_DELETE.
     *
     * @param parentId the directory
     * @param childId the node the name pointed to
     * @param name the name
     * @throws ErrnoException ENOTCONN, ENOSYS
     */
    void delete(long parentId, long childId, FileName name) throws ErrnoException;

    /**
     * FUSE_NOTIFY_STORE.
     *
     * @param nodeId the file
     * @param offset where the data goes
     * @param data the bytes (copied before return)
     * @throws ErrnoException ENOTCONN, ENOSYS
     */
    void store(long nodeId, long offset, ByteBuffer data) throws ErrnoException;

    /**
     * FUSE_NOTIFY_RETRIEVE, completed by the matching FUSE_NOTIFY_REPLY.
     *
     * @param nodeId the file
     * @param offset the first byte
     * @param size the most bytes
     * @return the bytes the kernel had
     * @throws ErrnoException ENOTCONN, ENOSYS
     */
    CompletableFuture<byte[]> retrieve(long nodeId, long offset, int size) throws ErrnoException;

    /**
     * FUSE_NOTIFY_POLL.
     *
     * @param kernelHandle the poll handle the kernel gave in FUSE_POLL
     * @throws ErrnoException ENOTCONN, ENOSYS
     */
    void pollWakeup(long kernelHandle) throws ErrnoException;

    /**
     * FUSE_NOTIFY_RESEND.
     *
     * @throws ErrnoException ENOTCONN, ENOSYS
     */
    void resend() throws ErrnoException;

    /**
     * FUSE_NOTIFY_INC_EPOCH.
     *
     * @throws ErrnoException ENOTCONN, ENOSYS
     */
    void incrementEpoch() throws ErrnoException;

    /**
     * FUSE_NOTIFY_PRUNE.
     *
     * @param nodeIds the nodes
     * @throws ErrnoException ENOTCONN, ENOSYS
     */
    void prune(long[] nodeIds) throws ErrnoException;
}
