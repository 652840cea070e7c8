package org.jpuffs.fuse.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileName;

/**
 * The file names recently seen in LOOKUP frames, so a name looked up again (a stat storm, a build
 * tool probing the same paths) is handed over without a new {@link FileName}. Direct-mapped by the
 * name's hash; a collision simply replaces the slot. Shared by every reader thread without locks:
 * a {@code FileName} is immutable with final fields, so a racy slot is safe to read.
 */
final class NameCache {
    private final FileName[] slots;

    /** @param size a power of two */
    NameCache(int size) {
        this.slots = new FileName[size];
    }

    /**
     * The name in bytes [from, nul) of a frame.
     *
     * @throws ErrnoException when the bytes are no valid name (as {@link FileName#ofOwned})
     */
    FileName name(MemorySegment frame, int from, int nul) throws ErrnoException {
        int length = nul - from;
        int hash = 1;
        for (int i = from; i < nul; i++) {
            hash = 31 * hash + frame.get(JAVA_BYTE, i); // Arrays.hashCode, FileName's own hash
        }
        int index = (hash ^ (hash >>> 16)) & (slots.length - 1);
        FileName cached = slots[index];
        if (cached != null && cached.hashCode() == hash && sameBytes(cached, frame, from, length)) {
            return cached;
        }
        byte[] bytes = new byte[length];
        MemorySegment.copy(frame, JAVA_BYTE, from, bytes, 0, length);
        FileName name = FileName.ofOwned(bytes);
        slots[index] = name;
        return name;
    }

    private static boolean sameBytes(FileName name, MemorySegment frame, int from, int length) {
        if (name.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (name.byteAt(i) != frame.get(JAVA_BYTE, from + i)) {
                return false;
            }
        }
        return true;
    }
}
