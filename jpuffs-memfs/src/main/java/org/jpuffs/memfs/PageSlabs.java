package org.jpuffs.memfs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.jpuffs.memfs.PageStore.MEMORY;
import static org.jpuffs.memfs.PageStore.PAGE_SHIFT;
import static org.jpuffs.memfs.PageStore.PAGE_SIZE;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.HashMap;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;

/**
 * Where pages come from: slabs of {@link #PAGES} pages taken from the C heap in one allocation each,
 * handed out and taken back page by page. One {@code calloc} per page made glibc grow the calling
 * thread's arena one page at a time, an {@code mprotect} system call per page (a profile of a 1 MiB
 * sequential write put the allocator at about a sixth of the server's time); a slab costs one
 * allocation per 64 pages. A slab whose pages are all free again goes back to the C heap, unless it is
 * the only one with room, so that a file truncated and rewritten does not free and allocate a slab
 * per page.
 *
 * <p>Pages handed out are zeroed: a new slab is zeroed whole, a freed page is zeroed before it is
 * taken back. One lock guards the bookkeeping (a few bit operations per page); a page's address
 * finds its slab because slabs are aligned to their size.
 */
final class PageSlabs {
    /** Pages per slab: one bit each in a {@code long}. */
    static final int PAGES = 64;
    static final long SLAB_BYTES = (long) PAGES * PAGE_SIZE;

    /** The one allocator of the process: the C heap is the process's, too. */
    static final PageSlabs SHARED = new PageSlabs();

    private static final MethodHandle ALIGNED_ALLOC;
    private static final MethodHandle FREE;

    static {
        Linker linker = Linker.nativeLinker();
        ALIGNED_ALLOC = linker.downcallHandle(linker.defaultLookup().find("aligned_alloc").orElseThrow(),
                FunctionDescriptor.of(ADDRESS, JAVA_LONG, JAVA_LONG));
        FREE = linker.downcallHandle(linker.defaultLookup().find("free").orElseThrow(),
                FunctionDescriptor.ofVoid(ADDRESS));
    }

    /** A slab: its base address, which pages are free (bit set), its place in the list of slabs with room. */
    private static final class Slab {
        final long base;
        long free = -1L;
        Slab prev;
        Slab next;
        boolean listed;

        Slab(long base) {
            this.base = base;
        }
    }

    private final HashMap<Long, Slab> slabs = new HashMap<>();
    /** Slabs with at least one free page, as a list through {@link Slab#next}; allocation takes the head. */
    private Slab withRoom;
    private int withRoomCount;

    /**
     * A zeroed page.
     *
     * @return its address
     * @throws ErrnoException ENOMEM when the C heap is exhausted
     */
    long allocate() throws ErrnoException {
        synchronized (this) {
            Slab s = withRoom;
            if (s != null) {
                return take(s);
            }
        }
        // a new slab is allocated and zeroed outside the lock: zeroing touches (faults in) 64 pages
        long base = allocateSlab();
        synchronized (this) {
            Slab s = new Slab(base);
            slabs.put(base / SLAB_BYTES, s);
            link(s);
            return take(s);
        }
    }

    /** Takes a page back; {@code address} came from {@link #allocate}. */
    void free(long address) {
        MEMORY.asSlice(address, PAGE_SIZE).fill((byte) 0);
        long release = 0;
        synchronized (this) {
            Slab s = slabs.get(address / SLAB_BYTES);
            if (s == null) {
                throw new IllegalStateException("page " + Long.toHexString(address) + " is not from a slab");
            }
            int i = (int) ((address - s.base) >>> PAGE_SHIFT);
            s.free |= 1L << i;
            if (!s.listed) {
                link(s);
            } else if (s.free == -1L && withRoomCount > 1) {
                unlink(s);
                slabs.remove(s.base / SLAB_BYTES);
                release = s.base;
            }
        }
        if (release != 0) {
            call(FREE, release);
        }
    }

    /** The number of slabs held (for tests). */
    synchronized int slabCount() {
        return slabs.size();
    }

    private long take(Slab s) {
        int i = Long.numberOfTrailingZeros(s.free);
        s.free &= ~(1L << i);
        if (s.free == 0) {
            unlink(s);
        }
        return s.base + ((long) i << PAGE_SHIFT);
    }

    private void link(Slab s) {
        s.prev = null;
        s.next = withRoom;
        if (withRoom != null) {
            withRoom.prev = s;
        }
        withRoom = s;
        s.listed = true;
        withRoomCount++;
    }

    private void unlink(Slab s) {
        if (s.prev != null) {
            s.prev.next = s.next;
        } else {
            withRoom = s.next;
        }
        if (s.next != null) {
            s.next.prev = s.prev;
        }
        s.prev = null;
        s.next = null;
        s.listed = false;
        withRoomCount--;
    }

    private static long allocateSlab() throws ErrnoException {
        MemorySegment p;
        try {
            p = (MemorySegment) ALIGNED_ALLOC.invokeExact(SLAB_BYTES, SLAB_BYTES);
        } catch (Throwable t) {
            throw new IllegalStateException("aligned_alloc failed", t);
        }
        if (p.address() == 0) {
            throw new ErrnoException(Errno.ENOMEM, "aligned_alloc");
        }
        MEMORY.asSlice(p.address(), SLAB_BYTES).fill((byte) 0);
        return p.address();
    }

    private static void call(MethodHandle free, long address) {
        try {
            free.invokeExact(MemorySegment.ofAddress(address));
        } catch (Throwable t) {
            throw new IllegalStateException("free failed", t);
        }
    }
}
