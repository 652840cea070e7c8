package org.jpuffs.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jpuffs.CallContext;
import org.jpuffs.OpenFlags;
import org.jpuffs.Opened;
import org.jpuffs.fuse.mount.MountOptions;
import org.jpuffs.testkit.RecordingServer;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.SyscallException;
import org.jpuffs.testkit.posix.Syscalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 32 threads on one mount, through the whole stack, on a few shared names, so creates, unlinks and
 * renames of one name race each other and the kernel's forgets race new lookups (short TTLs).
 */
@Timeout(120)
class HammerTest {
    private static final int THREADS = 32;
    private static final int OPS_PER_THREAD = 250;
    private static final int NAMES = 12;
    /** What racing on shared names may legitimately answer: ENOENT, EEXIST. */
    private static final Set<Integer> RACE_ERRNOS = Set.of(2, 17);

    @TempDir
    Path tmp;

    private Path mnt;

    @AfterEach
    void nothingLeftMounted() throws Exception {
        try {
            assertThat(Commands.mountsAt(mnt)).isEmpty();
        } finally {
            Commands.forceUnmount(mnt);
        }
    }

    /** The tree with stateful opens, counting handles that are still open. */
    static final class HandleCountingTree extends MemoryTree {
        final AtomicInteger openHandles = new AtomicInteger();
        final AtomicInteger opens = new AtomicInteger();

        HandleCountingTree() {
            super(Duration.ofMillis(20));
        }

        @Override
        public Opened open(CallContext ctx, Long node, OpenFlags flags) {
            return opened(node);
        }

        @Override
        Opened opened(long ino) {
            openHandles.incrementAndGet();
            opens.incrementAndGet();
            return Opened.of(new Object());
        }

        @Override
        public void release(CallContext ctx, Long node, Object handle, OpenFlags flags) {
            openHandles.decrementAndGet();
        }
    }

    @Test
    void thirtyTwoThreads_everyOpAnswered_lookupsBalance_handlesReleased_nothingInFlight() throws Exception {
        mnt = Files.createDirectory(tmp.resolve("mnt"));
        HandleCountingTree tree = new HandleCountingTree();
        RecordingServer<Long> server = new RecordingServer<>(tree);
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        List<String> unexpected = new CopyOnWriteArrayList<>();
        LongAdder done = new LongAdder();
        LogCapture log = new LogCapture();
        Mount m = Fuse.mount(server, mnt, MountOptions.parse("fsname=hammer"));
        try {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = t;
                futures.add(pool.submit(() -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    for (int i = 0; i < OPS_PER_THREAD; i++) {
                        int kind = rnd.nextInt(OPS.size());
                        String op = OPS.get(kind);
                        try {
                            step(kind, rnd);
                            outcomes.computeIfAbsent(op + " ok", k -> new LongAdder()).increment();
                        } catch (SyscallException e) {
                            if (RACE_ERRNOS.contains(e.errno())) {
                                outcomes.computeIfAbsent(op + " " + e.name(), k -> new LongAdder()).increment();
                            } else {
                                unexpected.add(e.getMessage());
                            }
                        } catch (Exception e) {
                            unexpected.add(e.toString());
                        }
                        done.increment();
                    }
                    return null;
                }));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(90, TimeUnit.SECONDS)).as("every op answered").isTrue();
            for (Future<?> f : futures) {
                f.get();
            }
            assertThat(done.sum()).isEqualTo((long) THREADS * OPS_PER_THREAD);
            assertThat(unexpected).isEmpty();
            assertThat(Commands.waitUntil(() -> m.requestsInFlight() == 0, 5000)).as("nothing in flight").isTrue();
        } finally {
            m.close();
            log.close();
        }
        // the node layer's own view of the lookup counts: a FORGET it cannot match is logged
        assertThat(log.lines()).noneSatisfy(l -> assertThat(l).containsAnyOf("FORGET of", "protocol violation",
                "server failure", "refused by the kernel"));
        System.out.println("hammer outcomes: " + new java.util.TreeMap<>(outcomes));
        assertThat(outcomes.keySet()).contains("create ok", "write ok", "read ok", "stat ok", "unlink ok",
                "rename ok");
        assertThat(tree.openHandles.get()).as("every open released").isZero();
        assertThat(tree.ledgerProblems()).as("every node handed out reclaimed, none twice per lookup").isEmpty();
        assertThat(server.count("reclaim")).isEqualTo(tree.totalReclaims());
        assertThat(server.nodesOf("reclaim")).doesNotContain(MemoryTree.ROOT);
        assertThat(tree.destroys.get()).isEqualTo(1);
        assertThat(server.ops().getLast()).isEqualTo("destroy");
    }

    private static final List<String> OPS = List.of("create", "write", "read", "stat", "unlink", "rename");

    /** One operation of kind {@code kind} on a random shared name; throws the syscall's error. */
    private void step(int kind, SplittableRandom rnd) throws SyscallException {
        RawPath a = RawPath.of(mnt.resolve("n" + rnd.nextInt(NAMES)));
        switch (kind) {
            case 0 -> {
                int fd = Syscalls.open(a, Linux.O_CREAT | Linux.O_EXCL | Linux.O_WRONLY, 0644);
                try {
                    Syscalls.write(fd, "created".getBytes(StandardCharsets.US_ASCII));
                } finally {
                    Syscalls.close(fd);
                }
            }
            case 1 -> {
                int fd = Syscalls.open(a, Linux.O_WRONLY);
                try {
                    Syscalls.pwrite(fd, new byte[512], rnd.nextInt(4) * 512L);
                } finally {
                    Syscalls.close(fd);
                }
            }
            case 2 -> {
                int fd = Syscalls.open(a, Linux.O_RDONLY);
                try {
                    Syscalls.read(fd, 4096);
                } finally {
                    Syscalls.close(fd);
                }
            }
            case 3 -> {
                Syscalls.stat(a);
            }
            case 4 -> {
                Syscalls.unlink(a);
            }
            default -> {
                Syscalls.rename(a, RawPath.of(mnt.resolve("n" + rnd.nextInt(NAMES))), 0);
            }
        }
    }
}
