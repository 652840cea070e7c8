package org.jpuffs.memfs;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;

/**
 * The pages of file data, off the Java heap: each page is a {@link #PAGE_SIZE} block of a slab from the
 * C heap ({@link PageSlabs}), given back the moment it is punched, truncated away or its file
 * reclaimed. Off-heap so that file data neither counts against {@code -Xmx} (a memfs sized to
 * half the RAM would not fit a default heap) nor is scanned or moved by the collector; the pages are
 * addressed through one segment spanning the address space, so an access allocates nothing.
 *
 * <p>Pages are counted against the size limit before they are allocated: an allocation past the
 * limit fails with ENOSPC and changes nothing.
 */
final class PageStore {
    /** Bytes per page: the kernel's page size, so a 4 KiB random write costs one page. */
    static final int PAGE_SIZE = 4096;
    static final int PAGE_SHIFT = 12;

    /** Every byte of the address space; pages are read and written at their absolute address. */
    static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private final long maxPages;
    private final AtomicLong usedPages = new AtomicLong();

    PageStore(long maxBytes) {
        this.maxPages = Math.max(0, maxBytes >>> PAGE_SHIFT);
        warmUp();
    }

    /**
     * Takes and gives back one page, so the allocator's native calls are linked (bytecode spun, C
     * heap touched) when the server is made rather than inside the first write, which a fresh JVM
     * otherwise pays in the first request that writes.
     */
    private static void warmUp() {
        try {
            PageSlabs.SHARED.free(PageSlabs.SHARED.allocate());
        } catch (ErrnoException e) {
            // out of memory already: the first write reports it
        }
    }

    long maxPages() {
        return maxPages;
    }

    long usedPages() {
        return usedPages.get();
    }

    /** Counts {@code n} pages as used, or fails without counting any. */
    boolean reserve(long n) {
        long used;
        do {
            used = usedPages.get();
            if (used + n > maxPages) {
                return false;
            }
        } while (!usedPages.compareAndSet(used, used + n));
        return true;
    }

    void unreserve(long n) {
        usedPages.addAndGet(-n);
    }

    /**
     * A zeroed page, already reserved by the caller.
     *
     * @return the page's address
     * @throws ErrnoException ENOMEM when the C heap is exhausted
     */
    static long allocateReserved() throws ErrnoException {
        return PageSlabs.SHARED.allocate();
    }

    /** A zeroed page counted against the limit. */
    long allocate() throws ErrnoException {
        if (!reserve(1)) {
            throw new ErrnoException(Errno.ENOSPC);
        }
        try {
            return allocateReserved();
        } catch (ErrnoException e) {
            unreserve(1);
            throw e;
        }
    }

    /** Frees a page and gives its room back. */
    void free(long address) {
        PageSlabs.SHARED.free(address);
        usedPages.decrementAndGet();
    }
}
