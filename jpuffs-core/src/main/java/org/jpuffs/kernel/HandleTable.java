package org.jpuffs.kernel;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;

/**
 * File handle numbers (FUSE fh) for the server's handle objects, one per open. Number 0 means no
 * handle (a stateless open) and maps to {@code null}. Numbers come from a counter and are not
 * reused, so a stale number from a buggy front end is EBADF rather than somebody else's open.
 */
final class HandleTable {
    /** Stands for a {@code null} handle of a stateful open (the map takes no null values). */
    private static final Object NO_OBJECT = new Object();

    private final ConcurrentHashMap<Long, Object> handles = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong(1);

    /** A new number for a stateful open's handle (which may be null); never 0. */
    long add(Object handle) {
        long fh = next.getAndIncrement();
        handles.put(fh, handle == null ? NO_OBJECT : handle);
        return fh;
    }

    /** The handle object of {@code fh}; {@code null} for 0; EBADF for a number not handed out. */
    Object get(long fh) throws ErrnoException {
        if (fh == 0) {
            return null;
        }
        Object h = handles.get(fh);
        if (h == null) {
            throw new ErrnoException(Errno.EBADF, "no open file handle " + fh);
        }
        return h == NO_OBJECT ? null : h;
    }

    /** Frees {@code fh} and returns its handle object; as {@link #get} for 0 and unknown numbers. */
    Object remove(long fh) throws ErrnoException {
        if (fh == 0) {
            return null;
        }
        Object h = handles.remove(fh);
        if (h == null) {
            throw new ErrnoException(Errno.EBADF, "no open file handle " + fh);
        }
        return h == NO_OBJECT ? null : h;
    }

    /** The number of opens not yet released. */
    int size() {
        return handles.size();
    }
}
