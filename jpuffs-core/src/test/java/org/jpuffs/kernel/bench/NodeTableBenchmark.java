package org.jpuffs.kernel.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.jpuffs.Attributes;
import org.jpuffs.CallContext;
import org.jpuffs.Entry;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileName;
import org.jpuffs.FileServer;
import org.jpuffs.FileType;
import org.jpuffs.Lookup;
import org.jpuffs.kernel.Call;
import org.jpuffs.kernel.NodeEntry;
import org.jpuffs.kernel.NodeLayer;
import org.jpuffs.kernel.NodeLayerOptions;
import org.jpuffs.kernel.NotificationChannel;
import org.jpuffs.testkit.Calls;
import org.jpuffs.testkit.RecordedNotifications;

/**
 * A benchmark (not a test) of the node table, driven through the node layer as a front end drives
 * it: LOOKUP then FORGET per second from two threads, and the heap each live node costs with a
 * million live nodes. The server answers from prebuilt entries, so what is measured is the node
 * layer: in-flight accounting, pins, the table's maps and counts, reclaim.
 *
 * <p>Run with {@code bench/nodetable.sh}. Arguments: {@code [seconds per run] [live nodes]}.
 */
public final class NodeTableBenchmark {
    private static final Attributes FILE = Attributes.of(0, FileType.REGULAR.mode(0644), 1, 0, 0, 0, Instant.EPOCH);

    /** A server whose lookups come from a prebuilt name-to-entry map; cookies are Longs. */
    static final class Prebuilt implements FileServer<Long> {
        final Map<FileName, Entry<Long>> entries = new HashMap<>();
        final FileName[] names;

        Prebuilt(int count) throws ErrnoException {
            names = new FileName[count];
            for (int i = 0; i < count; i++) {
                names[i] = FileName.of("n" + i);
                entries.put(names[i], Entry.of((long) i + 2, FILE));
            }
        }

        @Override
        public Long root() {
            return 1L;
        }

        @Override
        public Lookup<Long> lookup(CallContext ctx, Long dir, FileName name) {
            return entries.get(name);
        }
    }

    private NodeTableBenchmark() {
    }

    /**
     * Runs the benchmark and prints its figures.
     *
     * @param args seconds per throughput run (default 5), live nodes for the heap figure (default 1000000)
     * @throws Exception when the node layer fails
     */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int live = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        System.out.printf(Locale.ROOT, "jpuffs node table benchmark: java %s, %d cpus, max heap %d MiB%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        throughput("lookup+forget, a new node made and reclaimed each time", seconds, 4096, true);
        throughput("lookup+forget on nodes that stay live", seconds, 4096, false);
        heapPerNode(live);
    }

    private static void throughput(String what, int seconds, int namesPerThread, boolean reclaimEach)
            throws Exception {
        Prebuilt server = new Prebuilt(namesPerThread * 2);
        NodeLayer layer = NodeLayer.serve(server, NodeLayerOptions.defaults());
        layer.init(new RecordedNotifications());
        Calls calls = Calls.of(layer);
        if (!reclaimEach) {
            for (FileName n : server.names) {
                layer.lookup(calls.user(0, 0), NodeLayer.ROOT_ID, n); // one lookup each keeps them live
            }
        }
        // warm up, then measure
        run(layer, calls, server, namesPerThread, Duration.ofSeconds(Math.max(1, seconds / 2)));
        long ops = run(layer, calls, server, namesPerThread, Duration.ofSeconds(seconds));
        System.out.printf(Locale.ROOT, "%-58s %,12d pairs/s (2 threads)%n", what, ops / seconds);
        layer.shutdown(Duration.ofSeconds(5));
    }

    private static long run(NodeLayer layer, Calls calls, Prebuilt server, int perThread, Duration length)
            throws Exception {
        AtomicLong total = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        long deadline = System.nanoTime() + length.toNanos();
        Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            int first = t * perThread;
            threads[t] = Thread.ofPlatform().start(() -> {
                long n = 0;
                try {
                    start.await();
                    while (System.nanoTime() < deadline) {
                        for (int i = 0; i < 1024; i++) {
                            Call c = calls.user(0, 0);
                            FileName name = server.names[first + (int) (n % perThread)];
                            NodeEntry e = layer.lookup(c, NodeLayer.ROOT_ID, name);
                            layer.forget(e.nodeId(), 1);
                            n++;
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                total.addAndGet(n);
            });
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return total.get();
    }

    private static void heapPerNode(int live) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Prebuilt server = new Prebuilt(live);
        NodeLayer layer = NodeLayer.serve(server, NodeLayerOptions.defaults());
        NotificationChannel channel = new RecordedNotifications();
        layer.init(channel);
        Calls calls = Calls.of(layer);
        layer.lookup(calls.user(0, 0), NodeLayer.ROOT_ID, server.names[0]); // load every class first
        layer.forget(2, 1);
        long before = usedAfterGc(memory); // the server's names, entries and cookies are in both figures
        Call c = calls.user(0, 0);
        for (FileName n : server.names) {
            layer.lookup(c, NodeLayer.ROOT_ID, n);
        }
        long after = usedAfterGc(memory);
        double perNode = (after - before) / (double) live;
        System.out.printf(Locale.ROOT, "%-58s %,12.1f bytes per node (%,d live nodes, %,d bytes)%n",
                "heap of the node table beyond the cookies", perNode, live, after - before);
        System.out.printf(Locale.ROOT, "%-58s %12s%n", "target", "<= 200 bytes per node");
        layer.shutdown(Duration.ofSeconds(30));
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
