package org.jpuffs.testkit;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileName;
import org.jpuffs.kernel.NotificationChannel;

/**
 * A {@link NotificationChannel} that records what would have gone to the kernel, one line per
 * notification ({@code "inval_inode 5 -1 0"}), for tests without a kernel. Retrieve answers with no
 * bytes.
 */
public final class RecordedNotifications implements NotificationChannel {
    private final List<String> sent = new CopyOnWriteArrayList<>();

    /**
     * What was sent, in order.
     *
     * @return the lines
     */
    public List<String> sent() {
        return List.copyOf(sent);
    }

    @Override
    public void invalidateInode(long nodeId, long offset, long length) {
        sent.add("inval_inode " + nodeId + " " + offset + " " + length);
    }

    @Override
    public void invalidateEntry(long parentId, FileName name, boolean expireOnly) {
        sent.add((expireOnly ? "expire_entry " : "inval_entry ") + parentId + " " + name);
    }

    @Override
    public void delete(long parentId, long childId, FileName name) {
        sent.add("delete " + parentId + " " + childId + " " + name);
    }

    @Override
    public void store(long nodeId, long offset, ByteBuffer data) {
        sent.add("store " + nodeId + " " + offset + " " + data.remaining());
    }

    @Override
    public CompletableFuture<byte[]> retrieve(long nodeId, long offset, int size) throws ErrnoException {
        sent.add("retrieve " + nodeId + " " + offset + " " + size);
        return CompletableFuture.completedFuture(new byte[0]);
    }

    @Override
    public void pollWakeup(long kernelHandle) {
        sent.add("poll " + kernelHandle);
    }

    @Override
    public void resend() {
        sent.add("resend");
    }

    @Override
    public void incrementEpoch() {
        sent.add("inc_epoch");
    }

    @Override
    public void prune(long[] nodeIds) {
        sent.add("prune " + Arrays.toString(nodeIds));
    }
}
