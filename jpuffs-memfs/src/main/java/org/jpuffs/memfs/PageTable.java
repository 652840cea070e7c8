package org.jpuffs.memfs;

import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A file's page index to page address map, sparse: only allocated pages take room. Pages are grouped
 * in runs of {@link #RUN} consecutive indexes kept in a sorted map, each run an array of addresses
 * (0: a hole) that grows to the highest index used, so a one-page file costs one slot and an 8 TiB
 * sparse file with a few pages costs a few small arrays. Not thread-safe: the file's data lock guards
 * it.
 */
final class PageTable {
    /**
     * Tag in the low bit of a slot (pages are 16-byte aligned): allocated by fallocate and not
     * written since. Such a page reads as zeros and counts as a hole for SEEK_DATA, as on tmpfs.
     */
    private static final long UNWRITTEN = 1;

    private static final int RUN_SHIFT = 9;
    static final int RUN = 1 << RUN_SHIFT;

    private final NavigableMap<Long, long[]> runs = new TreeMap<>();
    private long pageCount;
    /**
     * The last run touched, so sequential I/O finds it without a tree walk. One immutable pair in one
     * field: readers holding the shared data lock update it concurrently, and each sees a whole pair.
     */
    private record Recent(long key, long[] run) {
    }

    private static final Recent NONE = new Recent(-1, null);
    private Recent recent = NONE;

    long pageCount() {
        return pageCount;
    }

    /** The address of page {@code index}, or 0 for a hole. */
    long get(long index) {
        long[] run = run(index >>> RUN_SHIFT);
        int i = (int) (index & (RUN - 1));
        return run == null || i >= run.length ? 0 : run[i] & ~UNWRITTEN;
    }

    /** Marks page {@code index} as written (it must be allocated). */
    void markWritten(long index) {
        long[] run = run(index >>> RUN_SHIFT);
        run[(int) (index & (RUN - 1))] &= ~UNWRITTEN;
    }

    /** Sets page {@code index}, which must be a hole, to {@code address}, written or only allocated. */
    void put(long index, long address, boolean unwritten) {
        put(index, unwritten ? address | UNWRITTEN : address);
    }

    private void put(long index, long address) {
        long key = index >>> RUN_SHIFT;
        int i = (int) (index & (RUN - 1));
        long[] run = run(key);
        if (run == null || i >= run.length) {
            int len = Math.min(RUN, Math.max(1, Integer.highestOneBit(i) << 1));
            run = run == null ? new long[len] : Arrays.copyOf(run, len);
            runs.put(key, run);
            recent = new Recent(key, run);
        }
        run[i] = address;
        pageCount++;
    }

    /** Makes page {@code index} a hole and returns what it held (0 when it was one already). */
    long remove(long index) {
        long key = index >>> RUN_SHIFT;
        long[] run = run(key);
        int i = (int) (index & (RUN - 1));
        if (run == null || i >= run.length || run[i] == 0) {
            return 0;
        }
        long address = run[i] & ~UNWRITTEN;
        run[i] = 0;
        pageCount--;
        return address;
    }

    /** The index of the first written page at or after {@code from}, or -1. */
    long nextData(long from) {
        long key = from >>> RUN_SHIFT;
        int i = (int) (from & (RUN - 1));
        for (Map.Entry<Long, long[]> e = runs.ceilingEntry(key); e != null; e = runs.higherEntry(e.getKey())) {
            long[] run = e.getValue();
            for (int j = e.getKey() == key ? i : 0; j < run.length; j++) {
                if (run[j] != 0 && (run[j] & UNWRITTEN) == 0) {
                    return (e.getKey() << RUN_SHIFT) + j;
                }
            }
        }
        return -1;
    }

    /** The index of the first hole (or unwritten page) at or after {@code from}. */
    long nextHole(long from) {
        long index = from;
        while (true) {
            long key = index >>> RUN_SHIFT;
            long[] run = run(key);
            if (run == null) {
                return index;
            }
            for (int j = (int) (index & (RUN - 1)); j < RUN; j++) {
                if (j >= run.length || run[j] == 0 || (run[j] & UNWRITTEN) != 0) {
                    return (key << RUN_SHIFT) + j;
                }
            }
            index = (key + 1) << RUN_SHIFT;
        }
    }

    /**
     * Removes every page with an index in {@code [from, to)} and hands each address to {@code freed}.
     */
    void removeRange(long from, long to, java.util.function.LongConsumer freed) {
        if (from >= to) {
            return;
        }
        long firstKey = from >>> RUN_SHIFT;
        long lastKey = (to - 1) >>> RUN_SHIFT;
        var view = runs.subMap(firstKey, true, lastKey, true);
        var it = view.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, long[]> e = it.next();
            long base = e.getKey() << RUN_SHIFT;
            long[] run = e.getValue();
            int lo = (int) Math.max(0, from - base);
            int hi = (int) Math.min(run.length, to - base);
            boolean empty = true;
            for (int j = 0; j < run.length; j++) {
                if (run[j] == 0) {
                    continue;
                }
                if (j >= lo && j < hi) {
                    freed.accept(run[j] & ~UNWRITTEN);
                    run[j] = 0;
                    pageCount--;
                } else {
                    empty = false;
                }
            }
            if (empty) {
                it.remove();
                if (e.getKey() == recent.key) {
                    recent = NONE;
                }
            }
        }
    }

    private long[] run(long key) {
        Recent r = recent;
        if (r.key == key) {
            return r.run;
        }
        long[] run = runs.get(key);
        if (run != null) {
            recent = new Recent(key, run);
        }
        return run;
    }
}
