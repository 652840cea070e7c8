package org.jpuffs.memfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jpuffs.DirEntry;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileName;
import org.jpuffs.SetAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MemFsConcurrencyTest extends MemFsFixture {

    @Test
    void readDir_underConcurrentCreateAndUnlink_survivorsExactlyOnce() throws Exception {
        Node d = mkdir(root, "d");
        Set<String> survivors = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            file(d, "keep" + i);
            survivors.add("keep" + i);
        }
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> churn = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int id = t;
            churn.add(pool.submit(() -> {
                int i = 0;
                while (!stop.get()) {
                    String name = "tmp" + id + "-" + (i++ % 200);
                    try {
                        file(d, name);
                    } catch (ErrnoException e) {
                        // EEXIST from the ring of names
                    }
                    try {
                        fs.unlink(ROOT, d, n("tmp" + id + "-" + ((i + 100) % 200)));
                    } catch (ErrnoException e) {
                        // ENOENT: not created yet
                    }
                }
                return null;
            }));
        }
        try {
            for (int round = 0; round < 30; round++) {
                List<String> seen = new ArrayList<>();
                long offset = 0;
                while (true) {
                    List<DirEntry> page = new ArrayList<>();
                    fs.readDir(ROOT, d, null, offset, e -> page.size() < 13 && page.add(e));
                    if (page.isEmpty()) {
                        break;
                    }
                    page.forEach(e -> seen.add(e.name().toString()));
                    offset = page.getLast().nextOffset();
                }
                List<String> keeps = seen.stream().filter(s -> s.startsWith("keep")).toList();
                assertThat(keeps).hasSize(500).doesNotHaveDuplicates();
                assertThat(new HashSet<>(keeps)).isEqualTo(survivors);
                // churned names may show twice: removed and created again is a new entry
            }
        } finally {
            stop.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        for (Future<?> f : churn) {
            f.get();
        }
    }

    @Test
    void stress_manyThreads_mixedOps_consistentAtEnd() throws Exception {
        Node a = mkdir(root, "a");
        Node b = mkdir(root, "b");
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        Set<Errno> expected = Set.of(Errno.ENOENT, Errno.EEXIST, Errno.ENOTEMPTY, Errno.EISDIR, Errno.ENOTDIR,
                Errno.EINVAL);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                byte[] buf = new byte[10_000];
                for (int i = 0; i < 4000; i++) {
                    Node dir = r.nextBoolean() ? a : b;
                    Node other = dir == a ? b : a;
                    FileName name = n("n" + r.nextInt(20));
                    FileName name2 = n("n" + r.nextInt(20));
                    try {
                        switch (r.nextInt(9)) {
                            case 0 -> fs.create(ROOT, dir, name, 0644, RDWR);
                            case 1 -> fs.mkdir(ROOT, dir, name, 0755);
                            case 2 -> fs.unlink(ROOT, dir, name);
                            case 3 -> fs.rmdir(ROOT, dir, name);
                            case 4 -> fs.rename(ROOT, dir, name, other, name2, Set.of());
                            case 5 -> fs.rename(ROOT, dir, name, dir, name2, Set.of());
                            case 6 -> {
                                if (fs.lookup(ROOT, dir, name) instanceof org.jpuffs.Entry<Node> e) {
                                    fs.write(ROOT, e.cookie(), null, r.nextInt(50_000), ByteBuffer.wrap(buf));
                                }
                            }
                            case 7 -> {
                                if (fs.lookup(ROOT, dir, name) instanceof org.jpuffs.Entry<Node> e) {
                                    fs.read(ROOT, e.cookie(), null, r.nextInt(50_000), ByteBuffer.allocate(8192));
                                }
                            }
                            default -> fs.readDir(ROOT, dir, null, 0, e -> true);
                        }
                    } catch (ErrnoException e) {
                        if (!expected.contains(e.errno())) {
                            unexpected.add(e);
                        }
                    } catch (Throwable e) {
                        unexpected.add(e);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(50, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(unexpected).isEmpty();
        // link counts agree with the tree
        for (Node dir : List.of(a, b)) {
            long subdirs = list(dir, 0).stream().skip(2).filter(e -> e.type() == org.jpuffs.FileType.DIRECTORY)
                    .count();
            assertThat(dir.attributes().nlink()).isEqualTo(2 + subdirs);
            for (DirEntry e : list(dir, 0).subList(2, list(dir, 0).size())) {
                Node child = lookup(dir, e.name().toString());
                if (child instanceof Directory sub) {
                    assertThat(lookup(sub, "..")).isSameAs(dir);
                } else if (child != null) {
                    assertThat(child.attributes().nlink()).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void sameFile_parallelWritersReadersTruncatesAndPunches_dataOfEachRegionIntact() throws Exception {
        Node shared = file(root, "shared");
        Node churn = file(root, "churn");
        int threads = 4;
        int region = 256 * 1024;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 2);
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            writers.add(pool.submit(() -> {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                byte[] mine = new byte[region];
                for (int i = 0; i < 3000; i++) {
                    int off = r.nextInt(region - 5000);
                    int len = 1 + r.nextInt(5000);
                    byte[] chunk = new byte[len];
                    r.nextBytes(chunk);
                    System.arraycopy(chunk, 0, mine, off, len);
                    fs.write(ROOT, shared, null, (long) id * region + off, ByteBuffer.wrap(chunk));
                    ByteBuffer back = ByteBuffer.allocate(len);
                    fs.read(ROOT, shared, null, (long) id * region + off, back);
                    assertThat(back.array()).isEqualTo(chunk);
                }
                ByteBuffer all = ByteBuffer.allocate(region);
                fs.read(ROOT, shared, null, (long) id * region, all);
                if (all.position() == region) {
                    assertThat(all.array()).isEqualTo(mine);
                }
                return null;
            }));
        }
        // meanwhile another file is grown, cut, punched and read: pages come and go under readers
        Future<?> chaos = pool.submit(() -> {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            while (!stop.get()) {
                switch (r.nextInt(5)) {
                    case 0 -> fs.write(ROOT, churn, null, r.nextInt(1 << 20), ByteBuffer.wrap(new byte[r.nextInt(9000)]));
                    case 1 -> fs.setAttr(ROOT, churn, null, SetAttributes.size(r.nextInt(1 << 20)));
                    case 2 -> fs.fallocate(ROOT, churn, null,
                            java.util.EnumSet.of(org.jpuffs.FallocateMode.PUNCH_HOLE, org.jpuffs.FallocateMode.KEEP_SIZE),
                            r.nextInt(1 << 20), 1 + r.nextInt(100_000));
                    case 3 -> {
                        try {
                            fs.lseek(ROOT, churn, null, r.nextInt(1 << 20), org.jpuffs.Whence.DATA);
                        } catch (ErrnoException e) {
                            assertThat(e.errno()).isEqualTo(Errno.ENXIO);
                        }
                    }
                    default -> fs.copyFileRange(ROOT, shared, null, r.nextInt(region), churn, null,
                            r.nextInt(1 << 20), r.nextInt(20_000), 0);
                }
            }
            return null;
        });
        Future<?> reader = pool.submit(() -> {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            ByteBuffer b = ByteBuffer.allocateDirect(64 * 1024);
            while (!stop.get()) {
                fs.read(ROOT, churn, null, r.nextInt(1 << 20), b.clear());
            }
            return null;
        });
        try {
            for (Future<?> w : writers) {
                w.get(50, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
        }
        chaos.get(10, TimeUnit.SECONDS);
        reader.get(10, TimeUnit.SECONDS);
        pool.shutdown();
        long pagesHeld = fs.usedBytes() / 4096;
        long counted = ((RegularFile) shared).pageCount() + ((RegularFile) churn).pageCount();
        assertThat(pagesHeld).isEqualTo(counted);
    }

    @Test
    void crossRenames_betweenTwoDirectories_noDeadlock() throws Exception {
        Node a = mkdir(root, "a");
        Node b = mkdir(root, "b");
        for (int i = 0; i < 50; i++) {
            mkdir(a, "x" + i);
            mkdir(b, "y" + i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> fs2 = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            fs2.add(pool.submit(() -> {
                for (int i = 0; i < 3000; i++) {
                    Node from = (i + id) % 2 == 0 ? a : b;
                    Node to = from == a ? b : a;
                    String prefix = from == a ? "x" : "y";
                    try {
                        fs.rename(ROOT, from, n(prefix + (i % 50)), to, n(prefix + (i % 50)), Set.of());
                    } catch (ErrnoException e) {
                        if (e.errno() != Errno.ENOENT) {
                            throw e;
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs2) {
            f.get(50, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(list(a, 0).size() + list(b, 0).size()).isEqualTo(4 + 100);
        assertThat(a.attributes().nlink() + b.attributes().nlink()).isEqualTo(4 + 100);
    }
}
