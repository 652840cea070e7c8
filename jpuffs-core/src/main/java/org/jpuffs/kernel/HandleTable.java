package org.jpuffs.kernel;

import java.util.Arrays;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;

/**
 * File handle numbers (FUSE fh) for the server's handle objects, one per open. Number 0 means no
 * handle (a stateless open) and maps to {@code null}.
 *
 * <p>A number is a slot in an array plus that slot's generation ({@code generation << 32 | slot}):
 * looking one up is an array read, with no boxing and no hashing, because it happens on every READ
 * and WRITE. Slots are reused after a release, each time with a new generation, so a stale number
 * from a buggy front end is EBADF rather than somebody else's open. Opens and releases take a lock;
 * lookups take none.
 */
final class HandleTable {
    /** One open: its handle object (may be null) and the generation its number carries. */
    private record Open(Object handle, int generation) {
    }

    private volatile Open[] slots = new Open[64];
    private int[] generations = new int[64];
    private int[] free = new int[64];
    private int freeCount;
    private int used = 1; // slot 0 is never handed out
    private int size;

    /** A new number for a stateful open's handle (which may be null); never 0. */
    synchronized long add(Object handle) {
        int slot;
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            if (used == slots.length) {
                grow();
            }
            slot = used++;
        }
        int generation = ++generations[slot];
        if (generation == 0) {
            generation = generations[slot] = 1;
        }
        Open[] s = slots;
        s[slot] = new Open(handle, generation);
        slots = s; // publish the new entry to lock-free readers
        size++;
        return ((long) generation << 32) | slot;
    }

    /** The handle object of {@code fh}; {@code null} for 0; EBADF for a number not handed out. */
    Object get(long fh) throws ErrnoException {
        if (fh == 0) {
            return null;
        }
        return find(slots, fh).handle();
    }

    /** Frees {@code fh} and returns its handle object; as {@link #get} for 0 and unknown numbers. */
    synchronized Object remove(long fh) throws ErrnoException {
        if (fh == 0) {
            return null;
        }
        Open[] s = slots;
        Open o = find(s, fh);
        int slot = (int) fh;
        s[slot] = null;
        slots = s;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = slot;
        size--;
        return o.handle();
    }

    /** The number of opens not yet released. */
    synchronized int size() {
        return size;
    }

    private static Open find(Open[] s, long fh) throws ErrnoException {
        int slot = (int) fh;
        Open o = slot > 0 && slot < s.length ? s[slot] : null;
        if (o == null || o.generation() != (int) (fh >>> 32)) {
            throw new ErrnoException(Errno.EBADF, "no open file handle " + fh);
        }
        return o;
    }

    private void grow() {
        int n = slots.length * 2;
        generations = Arrays.copyOf(generations, n);
        slots = Arrays.copyOf(slots, n);
    }
}
