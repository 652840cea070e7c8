package org.jpuffs.memfs;

import static org.jpuffs.memfs.PageStore.MEMORY;
import static org.jpuffs.memfs.PageStore.PAGE_SHIFT;
import static org.jpuffs.memfs.PageStore.PAGE_SIZE;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.locks.StampedLock;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileType;

/**
 * A regular file: its data in pages allocated on first write, holes costing nothing. Data and size
 * are guarded by {@link #data} (reads shared, changes exclusive); {@link #size} is changed only while
 * holding both {@link #data} and the node lock, so either lock suffices to read it. The data lock is
 * always taken before the node lock.
 */
final class RegularFile extends Node {
    /** The largest file size: 8 TiB, as asked of memfs; beyond it writes and truncates fail EFBIG. */
    static final long MAX_SIZE = 1L << 43;

    /**
     * Not reentrant, and never taken twice by one op: a StampedLock is a third the size of a
     * ReentrantReadWriteLock, which counts with a million empty files.
     */
    final StampedLock data = new StampedLock();
    /** Allocated on first write: an empty file carries no page table. */
    private PageTable pages;
    long size;
    /** An O_TMPFILE opened without O_EXCL: linkat may give it a name although its link count is 0. */
    boolean linkable;
    /** Record locks and flocks; created on first use under the node lock. */
    private RecordLocks recordLocks;

    RegularFile(long ino, int permissions, int uid, int gid, Instant now) {
        super(ino, FileType.REGULAR, permissions, uid, gid, now);
        nlink = 1;
    }

    @Override
    long size() {
        return size;
    }

    @Override
    long blocks() {
        return pageCount() * (PAGE_SIZE / 512);
    }

    /** Pages held; read without the data lock by stat, so one read of the field and maybe stale. */
    long pageCount() {
        PageTable p = pages;
        return p == null ? 0 : p.pageCount();
    }

    RecordLocks recordLocks(RecordLocks.WaitGraph graph) {
        lock.lock();
        try {
            if (recordLocks == null) {
                recordLocks = new RecordLocks(graph);
            }
            return recordLocks;
        } finally {
            lock.unlock();
        }
    }

    /** Copies bytes at {@code offset} into {@code dst}, up to the end of file; holds the data read lock. */
    int read(long offset, ByteBuffer dst) {
        if (offset >= size || !dst.hasRemaining()) {
            return 0;
        }
        int len = (int) Math.min(dst.remaining(), size - offset);
        MemorySegment d = MemorySegment.ofBuffer(dst);
        int done = 0;
        while (done < len) {
            long pos = offset + done;
            int in = (int) (pos & (PAGE_SIZE - 1));
            int n = Math.min(PAGE_SIZE - in, len - done);
            long address = pages == null ? 0 : pages.get(pos >>> PAGE_SHIFT);
            if (address == 0) {
                d.asSlice(done, n).fill((byte) 0);
            } else {
                MemorySegment.copy(MEMORY, address + in, d, done, n);
            }
            done += n;
        }
        dst.position(dst.position() + len);
        return len;
    }

    /**
     * Copies {@code src} to {@code offset}, allocating pages as it goes; holds the data write lock and
     * leaves the size to the caller. Stops short when the store is full after some bytes went in.
     *
     * @return the bytes written
     * @throws ErrnoException EFBIG at or past the size limit, ENOSPC when not one byte fits
     */
    int write(long offset, ByteBuffer src, PageStore store) throws ErrnoException {
        int want = src.remaining();
        if (want == 0) {
            return 0;
        }
        if (offset >= MAX_SIZE) {
            throw new ErrnoException(Errno.EFBIG);
        }
        int len = (int) Math.min(want, MAX_SIZE - offset);
        MemorySegment s = MemorySegment.ofBuffer(src);
        int done = 0;
        while (done < len) {
            long pos = offset + done;
            int in = (int) (pos & (PAGE_SIZE - 1));
            int n = Math.min(PAGE_SIZE - in, len - done);
            long address = pageForWrite(pos >>> PAGE_SHIFT, store);
            if (address == 0) {
                break;
            }
            MemorySegment.copy(s, done, MEMORY, address + in, n);
            done += n;
        }
        if (done == 0) {
            throw new ErrnoException(Errno.ENOSPC);
        }
        src.position(src.position() + done);
        return done;
    }

    /** The page at {@code index} for writing: allocated when a hole, marked written; 0 when full. */
    long pageForWrite(long index, PageStore store) throws ErrnoException {
        if (pages == null) {
            pages = new PageTable();
        }
        long address = pages.get(index);
        if (address == 0) {
            if (!store.reserve(1)) {
                return 0;
            }
            try {
                address = PageStore.allocateReserved();
            } catch (ErrnoException e) {
                store.unreserve(1);
                throw e;
            }
            pages.put(index, address, false);
        } else {
            pages.markWritten(index);
        }
        return address;
    }

    long pageAt(long index) {
        return pages == null ? 0 : pages.get(index);
    }

    /** Drops data past {@code newSize} (pages freed, the tail of the last page zeroed); not the size. */
    void cutDataAt(long newSize, PageStore store) {
        if (pages == null) {
            return;
        }
        long firstWhole = (newSize + PAGE_SIZE - 1) >>> PAGE_SHIFT;
        pages.removeRange(firstWhole, Long.MAX_VALUE, store::free);
        zeroWithinPage(newSize, PAGE_SIZE - (int) (newSize & (PAGE_SIZE - 1)));
    }

    /** Makes {@code [offset, end)} read as zeros: whole pages freed, partial ones zeroed. */
    void punch(long offset, long end, PageStore store) {
        if (pages == null || offset >= end) {
            return;
        }
        long firstWhole = (offset + PAGE_SIZE - 1) >>> PAGE_SHIFT;
        long endWhole = end >>> PAGE_SHIFT;
        if (firstWhole > endWhole) {
            // the range lies within one page
            zeroWithinPage(offset, (int) (end - offset));
            return;
        }
        zeroWithinPage(offset, (int) ((firstWhole << PAGE_SHIFT) - offset));
        pages.removeRange(firstWhole, endWhole, store::free);
        zeroWithinPage(endWhole << PAGE_SHIFT, (int) (end - (endWhole << PAGE_SHIFT)));
    }

    private void zeroWithinPage(long pos, int length) {
        int in = (int) (pos & (PAGE_SIZE - 1));
        if (length <= 0 || in == 0 && length >= PAGE_SIZE && pages.get(pos >>> PAGE_SHIFT) == 0) {
            return;
        }
        long address = pages.get(pos >>> PAGE_SHIFT);
        if (address != 0) {
            MEMORY.asSlice(address + in, Math.min(length, PAGE_SIZE - in)).fill((byte) 0);
        }
    }

    /**
     * Allocates every page of {@code [offset, end)}, all or none.
     *
     * @throws ErrnoException ENOSPC when they do not all fit
     */
    void allocate(long offset, long end, PageStore store) throws ErrnoException {
        if (pages == null) {
            pages = new PageTable();
        }
        long first = offset >>> PAGE_SHIFT;
        long last = (end - 1) >>> PAGE_SHIFT;
        if (last - first + 1 > store.maxPages()) {
            throw new ErrnoException(Errno.ENOSPC);
        }
        long missing = 0;
        for (long i = first; i <= last; i++) {
            if (pages.get(i) == 0) {
                missing++;
            }
        }
        if (!store.reserve(missing)) {
            throw new ErrnoException(Errno.ENOSPC);
        }
        long placed = 0;
        try {
            for (long i = first; i <= last; i++) {
                if (pages.get(i) == 0) {
                    pages.put(i, PageStore.allocateReserved(), true);
                    placed++;
                } else {
                    // as tmpfs: a page fallocated before is initialised by the second fallocate
                    pages.markWritten(i);
                }
            }
        } finally {
            store.unreserve(missing - placed);
        }
    }

    /** Zeroes {@code [offset, end)} in place; every page of it is allocated (after {@link #allocate}). */
    void zeroAllocated(long offset, long end) {
        for (long pos = offset; pos < end;) {
            int in = (int) (pos & (PAGE_SIZE - 1));
            int n = (int) Math.min(PAGE_SIZE - in, end - pos);
            MEMORY.asSlice(pages.get(pos >>> PAGE_SHIFT) + in, n).fill((byte) 0);
            pos += n;
        }
    }

    /** SEEK_DATA: the first data at or after {@code offset}; the caller checked offset < size. */
    long seekData(long offset) throws ErrnoException {
        long index = pages == null ? -1 : pages.nextData(offset >>> PAGE_SHIFT);
        long found = index < 0 ? size : Math.max(offset, index << PAGE_SHIFT);
        if (found >= size) {
            throw new ErrnoException(Errno.ENXIO);
        }
        return found;
    }

    /** SEEK_HOLE: the first hole at or after {@code offset}, the end of file counting as one. */
    long seekHole(long offset) {
        long index = pages == null ? offset >>> PAGE_SHIFT : pages.nextHole(offset >>> PAGE_SHIFT);
        return Math.min(size, Math.max(offset, index << PAGE_SHIFT));
    }

    /** Frees every page (reclaim of an unlinked file, or destroy). */
    void freeAll(PageStore store) {
        if (pages != null) {
            pages.removeRange(0, Long.MAX_VALUE, store::free);
            pages = null;
        }
    }

    /** Copies page to page, keeping the source's holes holes; stops short when the store is full. */
    static long copyPages(RegularFile src, long inOffset, RegularFile dst, long outOffset, long length,
            PageStore store) throws ErrnoException {
        int ps = PageStore.PAGE_SIZE;
        long done = 0;
        while (done < length) {
            long s = inOffset + done;
            long t = outOffset + done;
            int sIn = (int) (s & (ps - 1));
            int tIn = (int) (t & (ps - 1));
            int n = (int) Math.min(length - done, Math.min(ps - sIn, ps - tIn));
            long from = src.pageAt(s >>> PageStore.PAGE_SHIFT);
            long toPage = dst.pageAt(t >>> PageStore.PAGE_SHIFT);
            if (from == 0) {
                if (toPage != 0) {
                    PageStore.MEMORY.asSlice(toPage + tIn, n).fill((byte) 0);
                }
            } else {
                // also for an existing page: one only fallocated becomes written data
                toPage = dst.pageForWrite(t >>> PageStore.PAGE_SHIFT, store);
                if (toPage == 0) {
                    break;
                }
                java.lang.foreign.MemorySegment.copy(PageStore.MEMORY, from + sIn, PageStore.MEMORY, toPage + tIn, n);
            }
            done += n;
        }
        return done;
    }
}
