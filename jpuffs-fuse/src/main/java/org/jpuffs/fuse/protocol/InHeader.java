package org.jpuffs.fuse.protocol;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;

/**
 * {@code struct fuse_in_header}: what precedes every request.
 *
 * @param len the frame's length as the kernel states it
 * @param opcode the raw opcode
 * @param unique the request id (0 never occurs for a request that takes a reply)
 * @param nodeId the node the request is about
 * @param uid the caller's fs uid
 * @param gid the caller's fs gid
 * @param pid the caller's thread id; 0 for kernel-initiated requests
 * @param totalExtlen length of the extensions at the frame's end, in 8-byte units
 */
public record InHeader(int len, int opcode, long unique, long nodeId, int uid, int gid, int pid, int totalExtlen) {
    /**
     * Reads a header.
     *
     * @param frame the frame
     * @param length the bytes read
     * @return the header
     * @throws MalformedFrameException when the frame is shorter than a header (unique 0: no reply)
     */
    public static InHeader read(MemorySegment frame, int length) throws MalformedFrameException {
        if (length < FuseAbi.IN_HEADER) {
            long unique = length >= 16 ? frame.get(JAVA_LONG_UNALIGNED, 8) : 0;
            throw new MalformedFrameException(unique, "frame of " + length + " bytes is shorter than its header");
        }
        return new InHeader(
                frame.get(JAVA_INT_UNALIGNED, 0),
                frame.get(JAVA_INT_UNALIGNED, 4),
                frame.get(JAVA_LONG_UNALIGNED, 8),
                frame.get(JAVA_LONG_UNALIGNED, 16),
                frame.get(JAVA_INT_UNALIGNED, 24),
                frame.get(JAVA_INT_UNALIGNED, 28),
                frame.get(JAVA_INT_UNALIGNED, 32),
                Short.toUnsignedInt(frame.get(JAVA_SHORT_UNALIGNED, 36)));
    }

    /**
     * Writes this header.
     *
     * @param frame where to
     */
    public void write(MemorySegment frame) {
        frame.set(JAVA_INT_UNALIGNED, 0, len);
        frame.set(JAVA_INT_UNALIGNED, 4, opcode);
        frame.set(JAVA_LONG_UNALIGNED, 8, unique);
        frame.set(JAVA_LONG_UNALIGNED, 16, nodeId);
        frame.set(JAVA_INT_UNALIGNED, 24, uid);
        frame.set(JAVA_INT_UNALIGNED, 28, gid);
        frame.set(JAVA_INT_UNALIGNED, 32, pid);
        frame.set(JAVA_SHORT_UNALIGNED, 36, (short) totalExtlen);
        frame.set(JAVA_SHORT_UNALIGNED, 38, (short) 0);
    }

    /**
     * The opcode, if known.
     *
     * @return the opcode or {@code null}
     */
    public Opcode op() {
        return Opcode.of(opcode);
    }

    /**
     * Whether the kernel resent this request (FUSE_NOTIFY_RESEND); the id without that bit is
     * {@link #unique()} minus {@link FuseAbi#UNIQUE_RESEND}.
     *
     * @return true for a resent request
     */
    public boolean isResend() {
        return (unique & FuseAbi.UNIQUE_RESEND) != 0;
    }
}
