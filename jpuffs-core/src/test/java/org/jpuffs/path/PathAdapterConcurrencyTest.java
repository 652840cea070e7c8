package org.jpuffs.path;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpuffs.CallContext;
import org.jpuffs.Entry;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileName;
import org.jpuffs.FileType;
import org.jpuffs.Lookup;
import org.jpuffs.testkit.StubCallContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Directories move between parents and names from several threads while others stat and look up
 * the files below them and create new ones. Paths must never name the wrong file, identities must
 * hold, nothing may deadlock, and at the end every path must be where the renames put it.
 */
class PathAdapterConcurrencyTest {
    static final CallContext CTX = StubCallContext.root();
    static final int PARENTS = 4;
    static final int MOVERS = 4;
    static final int FILES = 5;
    static final int RENAMES = 300;

    final TreePathServer server = new TreePathServer();
    final PathAdapter adapter = new PathAdapter(server);

    record Tracked(PathNode node, long ino, int mover, FileName name) {
    }

    /** Where a mover's directory is now; written by its mover only, read at the end. */
    static final class Place {
        volatile PathNode parent;
        volatile int parentIndex;
        volatile FileName name;
    }

    static FileName n(String s) throws ErrnoException {
        return FileName.of(s);
    }

    @Test
    @Timeout(60)
    void renamesOfDirectories_underConcurrentStatsLookupsAndCreates_keepEveryPathRight() throws Exception {
        PathNode[] parents = new PathNode[PARENTS];
        for (int j = 0; j < PARENTS; j++) {
            parents[j] = adapter.mkdir(CTX, adapter.root(), n("p" + j), 0755).cookie();
        }
        PathNode[] dirs = new PathNode[MOVERS];
        Place[] places = new Place[MOVERS];
        List<Tracked> files = new ArrayList<>();
        for (int k = 0; k < MOVERS; k++) {
            dirs[k] = adapter.mkdir(CTX, parents[0], n("d" + k), 0755).cookie();
            places[k] = new Place();
            places[k].parent = parents[0];
            places[k].name = n("d" + k);
            for (int m = 0; m < FILES; m++) {
                Entry<PathNode> e = adapter.mknod(CTX, dirs[k], n("f" + m), FileType.REGULAR.mode(0644), 0);
                files.add(new Tracked(e.cookie(), e.attributes().ino(), k, n("f" + m)));
            }
        }

        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger spuriousEnoent = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        AtomicBoolean moving = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Tracked> created = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Thread> movers = new ArrayList<>();

        for (int k = 0; k < MOVERS; k++) {
            int mover = k;
            movers.add(Thread.ofPlatform().unstarted(() -> run(failures, start, () -> {
                Place place = places[mover];
                for (int i = 0; i < RENAMES; i++) {
                    int j = ThreadLocalRandom.current().nextInt(PARENTS);
                    FileName newName = n("d" + mover + "-" + i);
                    adapter.rename(CTX, place.parent, place.name, parents[j], newName, Set.of());
                    place.parent = parents[j];
                    place.parentIndex = j;
                    place.name = newName;
                }
            })));
        }
        for (int r = 0; r < 3; r++) {
            threads.add(Thread.ofPlatform().unstarted(() -> run(failures, start, () -> {
                while (moving.get()) {
                    Tracked t = files.get(ThreadLocalRandom.current().nextInt(files.size()));
                    try {
                        long ino = adapter.getAttr(CTX, t.node(), null).ino();
                        reads.incrementAndGet();
                        if (ino != t.ino()) {
                            failures.add("stat of " + t + " reached inode " + ino);
                        }
                    } catch (ErrnoException e) {
                        if (e.errno() != Errno.ENOENT) {
                            throw e;
                        }
                        spuriousEnoent.incrementAndGet();
                    }
                }
            })));
        }
        threads.add(Thread.ofPlatform().unstarted(() -> run(failures, start, () -> {
            while (moving.get()) {
                Tracked t = files.get(ThreadLocalRandom.current().nextInt(files.size()));
                Lookup<PathNode> l = adapter.lookup(CTX, dirs[t.mover()], t.name());
                reads.incrementAndGet();
                if (l instanceof Entry<PathNode> e && e.cookie() != t.node()) {
                    failures.add("lookup of " + t + " gave another node " + e.cookie());
                } else if (!(l instanceof Entry)) {
                    spuriousEnoent.incrementAndGet();
                }
            }
        })));
        threads.add(Thread.ofPlatform().unstarted(() -> run(failures, start, () -> {
            for (int i = 0; moving.get(); i++) {
                int k = i % MOVERS;
                FileName name = n("new" + i);
                Entry<PathNode> e = adapter.mknod(CTX, dirs[k], name, FileType.REGULAR.mode(0644), 0);
                created.add(new Tracked(e.cookie(), e.attributes().ino(), k, name));
            }
        })));

        threads.forEach(Thread::start);
        movers.forEach(Thread::start);
        start.countDown();
        for (Thread m : movers) {
            m.join();
        }
        moving.set(false);
        for (Thread t : threads) {
            t.join();
        }

        assertThat(failures).isEmpty();
        assertThat(reads.get()).isPositive();
        // an op overtaken by a rename is retried, so a stat or lookup never fails for that reason
        assertThat(spuriousEnoent.get()).as("spurious ENOENT of %d reads", reads.get()).isZero();

        List<Tracked> all = new ArrayList<>(files);
        all.addAll(created);
        for (Tracked t : all) {
            Place place = places[t.mover()];
            FilePath expected = FilePath.ROOT.resolve(n("p" + place.parentIndex)).resolve(place.name).resolve(t.name());
            assertThat(adapter.pathOf(t.node())).as(t.toString()).isEqualTo(expected);
            assertThat(adapter.getAttr(CTX, t.node(), null).ino()).isEqualTo(t.ino());
        }
    }

    @Test
    @Timeout(60)
    void concurrentLookupsOfOneName_allGetTheSameNode() throws Exception {
        PathNode dir = adapter.mkdir(CTX, adapter.root(), n("d"), 0755).cookie();
        server.mknod(CTX, FilePath.of("/d/x"), FileType.REGULAR.mode(0644), 0); // unknown to the adapter
        int threads = 8;
        ConcurrentLinkedQueue<PathNode> seen = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            all.add(Thread.ofPlatform().start(() -> run(failures, start, () -> {
                for (int i = 0; i < 200; i++) {
                    seen.add(((Entry<PathNode>) adapter.lookup(CTX, dir, n("x"))).cookie());
                }
            })));
        }
        start.countDown();
        for (Thread t : all) {
            t.join();
        }

        assertThat(failures).isEmpty();
        assertThat(seen).hasSize(threads * 200);
        assertThat(Set.copyOf(seen)).hasSize(1);
    }

    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private static void run(ConcurrentLinkedQueue<String> failures, CountDownLatch start, Body body) {
        try {
            start.await();
            body.run();
        } catch (Throwable t) {
            failures.add(Thread.currentThread().getName() + ": " + t);
        }
    }
}
