package org.jpuffs.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jpuffs.kernel.Served.name;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileName;
import org.jpuffs.OpenFlags;
import org.jpuffs.testkit.TreeServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The LOOKUP/FORGET race, with a kernel modelled faithfully: an entry counts for the kernel only
 * once its reply is delivered, and some replies are delivered late, so FORGET(n) is computed while
 * entry replies are still in flight. Many threads run lookup, forget, create, link, unlink, rename
 * and getattr on a few shared names; then every count must balance, no node may be left, and every
 * lifetime must have been reclaimed exactly once and never while the kernel still held it.
 */
@Timeout(120)
class LookupForgetStressTest {
    private static final int THREADS = 8;
    private static final int OPS_PER_THREAD = 10_000;
    private static final FileName[] NAMES = {name("a"), name("b"), name("c"), name("d")};
    private static final OpenFlags RW = new OpenFlags(OpenFlags.O_RDWR);

    /** What the kernel holds of one node id; each change is atomic, so a check never sees half of one. */
    static final class Counts {
        /** Delivered lookups the kernel may forget. */
        long held;
        /** Entries the node layer returned whose replies are not delivered yet. */
        long inFlight;
        /** Lookups borrowed by a running request (the kernel's inode reference during a syscall). */
        long inUse;

        synchronized long total() {
            return held + inFlight + inUse;
        }

        @Override
        public synchronized String toString() {
            return "held " + held + " inFlight " + inFlight + " inUse " + inUse;
        }
    }

    /** What the kernel holds, per node id. */
    static final class ModelKernel {
        final Map<Long, Counts> counts = new ConcurrentHashMap<>();
        final Map<Long, Set<Long>> idsOfCookie = new ConcurrentHashMap<>();

        Counts of(long id) {
            return counts.computeIfAbsent(id, k -> new Counts());
        }

        void returned(NodeEntry e) {
            idsOfCookie.computeIfAbsent(e.attributes().ino(), k -> ConcurrentHashMap.newKeySet()).add(e.nodeId());
            Counts c = of(e.nodeId());
            synchronized (c) {
                c.inFlight++;
            }
        }

        void deliver(long id) {
            Counts c = of(id);
            synchronized (c) {
                c.inFlight--;
                c.held++;
            }
        }

        /** Takes 1..all of a node's held lookups for a FORGET, or 0 when it holds none. */
        long takeForForget(long id, SplittableRandom random) {
            Counts c = of(id);
            synchronized (c) {
                long n = c.held == 0 ? 0 : random.nextInt(3) == 0 ? c.held : 1 + random.nextLong(c.held);
                c.held -= n;
                return n;
            }
        }

        /** A returned entry whose reply arrived with an open file: in use until the release. */
        void opened(long id) {
            Counts c = of(id);
            synchronized (c) {
                c.inFlight--;
                c.inUse++;
            }
        }

        /** Moves one held lookup to in-use. */
        boolean borrow(long id) {
            Counts c = of(id);
            synchronized (c) {
                if (c.held == 0) {
                    return false;
                }
                c.held--;
                c.inUse++;
                return true;
            }
        }

        void giveBack(long id) {
            Counts c = of(id);
            synchronized (c) {
                c.inUse--;
                c.held++;
            }
        }

        /** Takes every held lookup (the kernel letting go of everything at the end). */
        long takeAll(long id) {
            Counts c = of(id);
            synchronized (c) {
                long n = c.held;
                c.held = 0;
                return n;
            }
        }

        String describe(long cookie) {
            StringBuilder why = new StringBuilder();
            for (long id : idsOfCookie.getOrDefault(cookie, Set.of())) {
                why.append(" id ").append(id).append(": ").append(of(id)).append(';');
            }
            return why.toString();
        }

        long holding(long cookie) {
            long sum = 0;
            for (long id : idsOfCookie.getOrDefault(cookie, Set.of())) {
                sum += of(id).total();
            }
            return sum;
        }
    }

    /** Checks every reclaim against the model kernel as it happens. */
    static final class Watched extends TreeServer {
        final ModelKernel kernel;
        final Set<Long> reclaiming = ConcurrentHashMap.newKeySet();
        final ConcurrentLinkedQueue<String> errors;
        volatile int violations;

        Watched(ModelKernel kernel, ConcurrentLinkedQueue<String> errors) {
            this.kernel = kernel;
            this.errors = errors;
        }

        @Override
        public synchronized void protocolViolation(org.jpuffs.ProtocolViolation<Long> v) {
            violations++;
        }

        @Override
        public void reclaim(Long node) {
            if (!reclaiming.add(node)) {
                errors.add("overlapping reclaims of " + node);
            }
            long holding = kernel.holding(node);
            if (holding != 0) {
                errors.add("early reclaim of " + node + " while the kernel holds " + holding + ":"
                        + kernel.describe(node));
            }
            Thread.yield(); // widen the window in which the cookie may be handed out again
            super.reclaim(node);
            reclaiming.remove(node);
        }
    }

    /**
     * The directory's i_rwsem: Linux holds it shared for LOOKUP and exclusively for CREATE, LINK,
     * UNLINK and RENAME, so a lookup never sees a name a create has made but not yet answered.
     * FORGET and GETATTR take no directory lock.
     */
    static final class DirLock {
        private final java.util.concurrent.locks.ReentrantReadWriteLock lock =
                new java.util.concurrent.locks.ReentrantReadWriteLock();

        /** A held lock. */
        interface Unlock extends AutoCloseable {
            @Override
            void close();
        }

        Unlock shared() {
            lock.readLock().lock();
            return lock.readLock()::unlock;
        }

        Unlock exclusive() {
            lock.writeLock().lock();
            return lock.writeLock()::unlock;
        }
    }

    private final DirLock dirLock = new DirLock();
    private final ModelKernel kernel = new ModelKernel();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final Watched server = new Watched(kernel, errors);
    private final Served<Long> s = Served.serve(server);

    @Test
    void concurrentLookupForgetCreateLinkUnlinkRename_countsBalanceNoLeakNoDoubleOrEarlyReclaim()
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = 1000 + t;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    run(new SplittableRandom(seed));
                } catch (Throwable e) {
                    errors.add("thread died: " + e);
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(errors).isEmpty();

        // the kernel lets go of everything it holds
        for (long id : kernel.counts.keySet()) {
            long n = kernel.takeAll(id);
            if (n > 0) {
                s.layer.forget(id, n);
            }
        }
        assertThat(errors).isEmpty();
        assertThat(s.table().size()).as("nodes left").isEqualTo(1);
        assertThat(s.table().lookups(NodeLayer.ROOT_ID)).isEqualTo(1);
        assertThat(kernel.counts.values()).allSatisfy(c -> assertThat(c.total()).isZero());
        assertThat(server.violations).as("protocol violations").isZero();
        Map<Long, Integer> reclaims = server.allReclaims();
        assertThat(reclaims.keySet()).isEqualTo(kernel.idsOfCookie.keySet());
        kernel.idsOfCookie.forEach((cookie, ids) -> assertThat(reclaims.get(cookie))
                .as("reclaims of cookie %d, one per lifetime", cookie).isEqualTo(ids.size()));
        assertThat(kernel.idsOfCookie.values().stream().mapToInt(Set::size).sum()).isGreaterThan(THREADS * 10);
        assertThat(server.openHandles()).isZero();
        assertThat(s.layer.handles().size()).isZero();

        s.layer.shutdown(Duration.ofSeconds(5));
        assertThat(server.allReclaims()).isEqualTo(reclaims);
        assertThat(server.destroys()).isEqualTo(1);
    }

    @SuppressWarnings("try") // the locks are held, not used
    private void run(SplittableRandom random) {
        List<Long> pending = new ArrayList<>();
        for (int i = 0; i < OPS_PER_THREAD; i++) {
            if (!pending.isEmpty() && (random.nextInt(3) == 0 || pending.size() > 8)) {
                kernel.deliver(pending.remove(random.nextInt(pending.size())));
            }
            FileName a = NAMES[random.nextInt(NAMES.length)];
            FileName b = NAMES[random.nextInt(NAMES.length)];
            try {
                switch (random.nextInt(10)) {
                    case 0, 1, 2 -> {
                        try (var locked = dirLock.shared()) {
                            entry(s.layer.lookup(s.call(), 1, a), pending, random);
                        }
                    }
                    case 3, 4 -> forgetSome(random);
                    case 5 -> {
                        CreateReply cr;
                        try (var locked = dirLock.exclusive()) {
                            cr = s.layer.create(s.call(), 1, a, 0644, RW);
                        }
                        // the open file keeps its inode: its lookup cannot be forgotten before RELEASE
                        long id = cr.entry().nodeId();
                        kernel.returned(cr.entry());
                        kernel.opened(id);
                        s.layer.release(s.calls.kernel(), id, cr.open().fh(), RW);
                        kernel.giveBack(id);
                    }
                    case 6 -> withHeldNode(random, id -> {
                        try (var locked = dirLock.exclusive()) {
                            entry(s.layer.link(s.call(), id, 1, a), pending, random);
                        }
                    });
                    case 7 -> {
                        try (var locked = dirLock.exclusive()) {
                            s.layer.unlink(s.call(), 1, a);
                        }
                    }
                    case 8 -> {
                        try (var locked = dirLock.exclusive()) {
                            s.layer.rename(s.call(), 1, a, 1, b, Set.of());
                        }
                    }
                    default -> withHeldNode(random, id -> s.layer.getAttr(s.call(), id, 0));
                }
            } catch (ErrnoException e) {
                if (e.errno() != Errno.ENOENT && e.errno() != Errno.EEXIST) {
                    errors.add("unexpected " + e.errno() + ": " + e.getMessage());
                }
            } catch (IOException e) {
                errors.add("unexpected " + e);
            }
        }
        for (long id : pending) {
            kernel.deliver(id);
        }
    }

    private void entry(NodeEntry e, List<Long> pending, SplittableRandom random) {
        if (e.isNegative()) {
            return;
        }
        kernel.returned(e);
        if (random.nextBoolean()) {
            kernel.deliver(e.nodeId());
        } else {
            pending.add(e.nodeId()); // the reply is still on its way to the kernel
        }
    }

    private void forgetSome(SplittableRandom random) {
        Long id = anyHeld(random);
        if (id != null) {
            long n = kernel.takeForForget(id, random);
            if (n > 0) {
                s.layer.forget(id, n);
            }
        }
    }

    /** A request on a node the kernel holds (as a syscall on an inode it has). */
    @FunctionalInterface
    private interface OnHeld {
        void run(long id) throws IOException;
    }

    private void withHeldNode(SplittableRandom random, OnHeld op) throws IOException {
        Long id = anyHeld(random);
        if (id == null || !kernel.borrow(id)) {
            return;
        }
        try {
            op.run(id);
        } finally {
            kernel.giveBack(id);
        }
    }

    private Long anyHeld(SplittableRandom random) {
        List<Long> ids = new ArrayList<>();
        kernel.counts.forEach((id, c) -> {
            synchronized (c) {
                if (c.held > 0) {
                    ids.add(id);
                }
            }
        });
        return ids.isEmpty() ? null : ids.get(random.nextInt(ids.size()));
    }
}
