package org.jpuffs.fuse.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import org.jpuffs.FileName;
import org.jpuffs.fuse.protocol.FuseAbi;
import org.jpuffs.fuse.protocol.Opcode;

/**
 * Recognizes the requests the dispatcher serves straight from their frame, without an
 * {@link org.jpuffs.fuse.protocol.InHeader} or a {@link org.jpuffs.fuse.protocol.Request} record:
 * GETATTR, LOOKUP, READ and WRITE, what stat walks and bulk I/O are made of. Only a well-formed
 * frame qualifies; anything else goes through the decoder, which names the defect.
 */
final class HotRequests {
    static final int BODY = FuseAbi.IN_HEADER;

    private HotRequests() {
    }

    /**
     * The opcode of a well-formed hot request.
     *
     * @return the opcode, or {@code null} for every other frame
     */
    static Opcode accept(MemorySegment frame, int length) {
        if (length < FuseAbi.IN_HEADER || frame.get(JAVA_INT_UNALIGNED, 0) != length) {
            return null;
        }
        int end = end(frame, length);
        int body = end - BODY;
        return switch (Opcode.of(frame.get(JAVA_INT_UNALIGNED, 4))) {
            case GETATTR -> body >= 16 ? Opcode.GETATTR : null;
            case LOOKUP -> validName(frame, end) ? Opcode.LOOKUP : null;
            case READ -> body >= 40 ? Opcode.READ : null;
            case WRITE -> body >= FuseAbi.WRITE_IN
                    && frame.get(JAVA_INT_UNALIGNED, BODY + 16) == body - FuseAbi.WRITE_IN ? Opcode.WRITE : null;
            case null, default -> null;
        };
    }

    /** Makes {@code run} serve this frame, with the caller and node from its {@code fuse_in_header}. */
    static void begin(Running run, MemorySegment frame, Opcode op, long startNanos) {
        // the offsets InHeader.read reads, without making an InHeader
        run.begin(frame.get(JAVA_LONG_UNALIGNED, 8), op.code(), frame.get(JAVA_LONG_UNALIGNED, 16),
                frame.get(JAVA_INT_UNALIGNED, 24), frame.get(JAVA_INT_UNALIGNED, 28), frame.get(JAVA_INT_UNALIGNED, 32),
                startNanos);
    }

    /** Where the body ends: before the extensions. */
    static int end(MemorySegment frame, int length) {
        return length - 8 * Short.toUnsignedInt(frame.get(JAVA_SHORT_UNALIGNED, 36));
    }

    /** The index of the NUL ending a LOOKUP's name, or -1. */
    static int nameEnd(MemorySegment frame, int end) {
        for (int i = BODY; i < end; i++) {
            if (frame.get(JAVA_BYTE, i) == 0) {
                return i;
            }
        }
        return -1;
    }

    /** A NUL-terminated name of 1 to 255 bytes without '/', in one pass. */
    private static boolean validName(MemorySegment frame, int end) {
        int last = Math.min(end, BODY + FileName.MAX_LENGTH + 1);
        for (int i = BODY; i < last; i++) {
            byte b = frame.get(JAVA_BYTE, i);
            if (b == 0) {
                return i > BODY;
            }
            if (b == '/') {
                return false;
            }
        }
        return false;
    }
}
