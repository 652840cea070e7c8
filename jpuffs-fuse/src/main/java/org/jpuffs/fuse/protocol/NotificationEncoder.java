package org.jpuffs.fuse.protocol;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;
import org.jpuffs.FileName;

/**
 * Writes notification frames: an out header with unique 0 and the code in its error field, then
 * the notification's struct. Each method returns the frame's length. For STORE the data follows
 * the returned header part; the caller writes it as the payload (the header's length covers it).
 */
public final class NotificationEncoder {
    private NotificationEncoder() {
    }

    private static int header(MemorySegment seg, int len, NotifyCode code) {
        return ReplyEncoder.outHeader(seg, len, code.code(), 0);
    }

    /**
     * FUSE_NOTIFY_POLL. @param seg the frame @param kernelHandle the poll handle @return 24
     */
    public static int pollWakeup(MemorySegment seg, long kernelHandle) {
        header(seg, 24, NotifyCode.POLL);
        seg.set(JAVA_LONG_UNALIGNED, 16, kernelHandle);
        return 24;
    }

    /**
     * FUSE_NOTIFY_INVAL_INODE.
     *
     * @param seg the frame @param nodeId the node @param offset -1 for attributes only, else the
     * first byte @param length bytes, 0 or less for all @return 40
     */
    public static int invalInode(MemorySegment seg, long nodeId, long offset, long length) {
        header(seg, 40, NotifyCode.INVAL_INODE);
        seg.set(JAVA_LONG_UNALIGNED, 16, nodeId);
        seg.set(JAVA_LONG_UNALIGNED, 24, offset);
        seg.set(JAVA_LONG_UNALIGNED, 32, length);
        return 40;
    }

    /**
     * FUSE_NOTIFY_INVAL_ENTRY.
     *
     * @param seg the frame @param parent the directory @param name the name
     * @param expireOnly FUSE_EXPIRE_ONLY (needs HAS_EXPIRE_ONLY agreed) @return the length
     */
    public static int invalEntry(MemorySegment seg, long parent, FileName name, boolean expireOnly) {
        int len = 32 + name.length() + 1;
        header(seg, len, NotifyCode.INVAL_ENTRY);
        seg.set(JAVA_LONG_UNALIGNED, 16, parent);
        seg.set(JAVA_INT_UNALIGNED, 24, name.length());
        seg.set(JAVA_INT_UNALIGNED, 28, expireOnly ? FuseAbi.EXPIRE_ONLY : 0);
        name(seg, 32, name);
        return len;
    }

    /**
     * FUSE_NOTIFY_DELETE.
     *
     * @param seg the frame @param parent the directory @param child the node @param name the name
     * @return the length
     */
    public static int delete(MemorySegment seg, long parent, long child, FileName name) {
        int len = 40 + name.length() + 1;
        header(seg, len, NotifyCode.DELETE);
        seg.set(JAVA_LONG_UNALIGNED, 16, parent);
        seg.set(JAVA_LONG_UNALIGNED, 24, child);
        seg.set(JAVA_INT_UNALIGNED, 32, name.length());
        seg.set(JAVA_INT_UNALIGNED, 36, 0);
        name(seg, 40, name);
        return len;
    }

    private static void name(MemorySegment seg, long off, FileName name) {
        for (int i = 0; i < name.length(); i++) {
            seg.set(JAVA_BYTE, off + i, name.byteAt(i));
        }
        seg.set(JAVA_BYTE, off + name.length(), (byte) 0);
    }

    /**
     * FUSE_NOTIFY_STORE, header part; {@code size} bytes of data follow.
     *
     * @param seg the frame @param nodeId the file @param offset where @param size data bytes
     * @return 40, the header part's length
     */
    public static int storeHeader(MemorySegment seg, long nodeId, long offset, int size) {
        header(seg, 40 + size, NotifyCode.STORE);
        seg.set(JAVA_LONG_UNALIGNED, 16, nodeId);
        seg.set(JAVA_LONG_UNALIGNED, 24, offset);
        seg.set(JAVA_INT_UNALIGNED, 32, size);
        seg.set(JAVA_INT_UNALIGNED, 36, 0);
        return 40;
    }

    /**
     * FUSE_NOTIFY_RETRIEVE; the kernel answers with a NOTIFY_REPLY request whose unique is
     * {@code notifyUnique}.
     *
     * @param seg the frame @param notifyUnique the id to match the answer @param nodeId the file
     * @param offset the first byte @param size the most bytes @return 48
     */
    public static int retrieve(MemorySegment seg, long notifyUnique, long nodeId, long offset, int size) {
        header(seg, 48, NotifyCode.RETRIEVE);
        seg.set(JAVA_LONG_UNALIGNED, 16, notifyUnique);
        seg.set(JAVA_LONG_UNALIGNED, 24, nodeId);
        seg.set(JAVA_LONG_UNALIGNED, 32, offset);
        seg.set(JAVA_INT_UNALIGNED, 40, size);
        seg.set(JAVA_INT_UNALIGNED, 44, 0);
        return 48;
    }

    /** FUSE_NOTIFY_RESEND: no body. @param seg the frame @return 16 */
    public static int resend(MemorySegment seg) {
        return header(seg, 16, NotifyCode.RESEND);
    }

    /** FUSE_NOTIFY_INC_EPOCH: no body. @param seg the frame @return 16 */
    public static int incEpoch(MemorySegment seg) {
        return header(seg, 16, NotifyCode.INC_EPOCH);
    }

    /**
     * FUSE_NOTIFY_PRUNE: asks the kernel to drop these nodes from its caches if unused.
     *
     * @param seg the frame @param nodeIds the nodes @return the length
     */
    public static int prune(MemorySegment seg, long[] nodeIds) {
        int len = 32 + 8 * nodeIds.length;
        header(seg, len, NotifyCode.PRUNE);
        seg.set(JAVA_INT_UNALIGNED, 16, nodeIds.length);
        seg.set(JAVA_INT_UNALIGNED, 20, 0);
        seg.set(JAVA_LONG_UNALIGNED, 24, 0);
        for (int i = 0; i < nodeIds.length; i++) {
            seg.set(JAVA_LONG_UNALIGNED, 32 + 8L * i, nodeIds[i]);
        }
        return len;
    }
}
