package org.jpuffs.memfs;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Not a test: the measurement behind memfs's off-heap choice. Writes and reads {@code GiB} of file data
 * through memfs (off-heap pages) and through the same 4 KiB paging on the heap, and prints throughput,
 * resident memory growth per byte of data, and collector time. Run by hand:
 * {@code java --enable-native-access=ALL-UNNAMED -Xmx8g -cp ... org.jpuffs.memfs.DataMemoryMeasurement 2 offheap}.
 */
final class DataMemoryMeasurement {
    private DataMemoryMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 1 && args[1].equals("files")) {
            emptyFiles(Integer.parseInt(args[0]));
            return;
        }
        long gib = Long.parseLong(args.length > 0 ? args[0] : "2");
        boolean offHeap = args.length < 2 || args[1].equals("offheap");
        long total = gib << 30;
        ByteBuffer chunk = ByteBuffer.allocateDirect(128 * 1024);
        for (int i = 0; i < chunk.capacity(); i++) {
            chunk.put(i, (byte) i);
        }
        long rss0 = rss();
        long gc0 = gcMillis();
        long t0 = System.nanoTime();
        Object state;
        if (offHeap) {
            MemFs fs = new MemFs(MemFsOptions.defaults().withSize(total + (1 << 20)).withOwner(0, 0));
            Node f = fs.create(TestCaller.ROOT, fs.root(), org.jpuffs.FileName.of("f"), 0644,
                    new org.jpuffs.OpenFlags(2)).entry().cookie();
            for (long off = 0; off < total; off += chunk.capacity()) {
                fs.write(TestCaller.ROOT, f, null, off, chunk.clear());
            }
            long t1 = System.nanoTime();
            for (long off = 0; off < total; off += chunk.capacity()) {
                fs.read(TestCaller.ROOT, f, null, off, chunk.clear());
            }
            long t2 = System.nanoTime();
            for (long off = 0; off < total; off += chunk.capacity()) {
                fs.write(TestCaller.ROOT, f, null, off, chunk.clear());
            }
            System.out.printf("off-heap overwrite (pages in place): %.0f MiB/s%n",
                    total / 1048576.0 / ((System.nanoTime() - t2) / 1e9));
            report("off-heap", total, t0, t1, t2, rss0, gc0);
            state = fs;
        } else {
            byte[][] pages = new byte[(int) (total >>> 12)][];
            byte[] tmp = new byte[chunk.capacity()];
            for (long off = 0; off < total; off += chunk.capacity()) {
                chunk.clear().get(tmp);
                for (int i = 0; i < tmp.length; i += 4096) {
                    int p = (int) ((off + i) >>> 12);
                    if (pages[p] == null) {
                        pages[p] = new byte[4096];
                    }
                    System.arraycopy(tmp, i, pages[p], 0, 4096);
                }
            }
            long t1 = System.nanoTime();
            for (long off = 0; off < total; off += chunk.capacity()) {
                chunk.clear();
                for (int i = 0; i < chunk.capacity(); i += 4096) {
                    chunk.put(pages[(int) ((off + i) >>> 12)]);
                }
            }
            long t2 = System.nanoTime();
            report("on-heap", total, t0, t1, t2, rss0, gc0);
            state = pages;
        }
        System.out.println("(kept " + state.getClass().getSimpleName() + ")");
    }

    /** Heap and resident memory per empty file, {@code count} files in directories of 1000. */
    private static void emptyFiles(int count) throws Exception {
        System.gc();
        long rss0 = rss();
        long heap0 = heapUsed();
        MemFs fs = new MemFs(MemFsOptions.defaults().withInodes(count * 2L).withOwner(0, 0));
        Node dir = null;
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (i % 1000 == 0) {
                dir = fs.mkdir(TestCaller.ROOT, fs.root(), org.jpuffs.FileName.of("d" + i / 1000), 0755).cookie();
            }
            fs.create(TestCaller.ROOT, dir, org.jpuffs.FileName.of("file-" + i), 0644, new org.jpuffs.OpenFlags(2));
        }
        long t1 = System.nanoTime();
        System.gc();
        System.out.printf("%d empty files: %.0f creates/s, heap %.0f bytes/file, RSS growth %.0f MiB (%d nodes)%n",
                count, count / ((t1 - t0) / 1e9), (heapUsed() - heap0) / (double) count,
                (rss() - rss0) / 1048576.0, fs.usedInodes());
    }

    private static long heapUsed() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static void report(String kind, long total, long t0, long t1, long t2, long rss0, long gc0)
            throws Exception {
        System.gc();
        long rss = rss() - rss0;
        System.out.printf("%s: write %.0f MiB/s, read %.0f MiB/s, RSS growth %.1f MiB for %d MiB data"
                + " (overhead %.2f%%), GC %d ms%n", kind,
                total / 1048576.0 / ((t1 - t0) / 1e9), total / 1048576.0 / ((t2 - t1) / 1e9),
                rss / 1048576.0, total >> 20, 100.0 * (rss - total) / total, gcMillis() - gc0);
    }

    private static long rss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime()))
                .sum();
    }
}
