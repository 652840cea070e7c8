package org.jpuffs.fuse;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jpuffs.CallContext;
import org.jpuffs.Created;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileName;
import org.jpuffs.Lookup;
import org.jpuffs.OpenFlags;
import org.jpuffs.OpenOption;
import org.jpuffs.Opened;
import org.jpuffs.PollWaker;
import org.jpuffs.fuse.mount.MountOptions;
import org.jpuffs.testkit.RecordingServer;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.Stat;
import org.jpuffs.testkit.posix.SyscallException;
import org.jpuffs.testkit.posix.Syscalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every notification takes effect in the kernel, seen from the caller's side. Entries and
 * attributes are cached for an hour and opens keep the page cache, so without the notification the
 * caller would go on seeing the old state; each test first shows the stale state, then notifies,
 * then sees the new one.
 */
@Timeout(60)
class NotificationsTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final int ENOENT = 2;

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

    /** A tree whose opens keep the page cache, and whose poll waits until told the file is ready. */
    static class CachingTree extends MemoryTree {
        final AtomicReference<PollWaker> waker = new AtomicReference<>();
        volatile boolean readable;

        CachingTree() {
            super(HOUR);
        }

        @Override
        public Opened open(CallContext ctx, Long node, OpenFlags flags) {
            return opened(node);
        }

        @Override
        Opened opened(long ino) {
            return new Opened(null, Set.of(OpenOption.KEEP_CACHE));
        }

        @Override
        public int poll(CallContext ctx, Long node, Object handle, int events, PollWaker w) {
            if (readable) {
                return 1; // POLLIN
            }
            if (w != null) {
                waker.set(w);
            }
            return 0;
        }
    }

    private Mount mount(org.jpuffs.FileServer<Long> server) throws IOException {
        mnt = Files.createDirectory(tmp.resolve("mnt"));
        return Fuse.mount(server, mnt, MountOptions.parse("fsname=notify,subtype=jpuffs-test"));
    }

    private RawPath at(String name) {
        return RawPath.of(mnt.resolve(name));
    }

    private static String read(RawPath p) throws SyscallException {
        int fd = Syscalls.open(p, Linux.O_RDONLY);
        try {
            return new String(Syscalls.read(fd, 1 << 16), US_ASCII);
        } finally {
            Syscalls.close(fd);
        }
    }

    /** Notifications are written by a thread of their own: wait for the effect, bounded. */
    private static boolean eventually(ThrowingCondition c) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!c.holds()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    interface ThrowingCondition {
        boolean holds() throws Exception;
    }

    private boolean absent(String name) {
        try {
            Syscalls.stat(at(name));
            return false;
        } catch (SyscallException e) {
            return e.errno() == ENOENT;
        }
    }

    @Test
    void invalidateAttributes_statSeesNewSizeAndMode() throws Exception {
        MemoryTree tree = new MemoryTree(HOUR);
        long ino = tree.addFile("f", "12345".getBytes(US_ASCII));
        try (Mount _ = mount(tree)) {
            Stat before = Syscalls.stat(at("f"));
            assertThat(before.size()).isEqualTo(5);
            tree.replaceData(ino, "123456789".getBytes(US_ASCII));
            tree.changeMode(ino, 0600);
            Stat cached = Syscalls.stat(at("f"));
            assertThat(cached.size()).as("cached for an hour").isEqualTo(5);
            assertThat(cached.mode() & 07777).isEqualTo(0644);

            tree.notifier.invalidateAttributes(ino);

            assertThat(eventually(() -> Syscalls.stat(at("f")).size() == 9)).isTrue();
            assertThat(Syscalls.stat(at("f")).mode() & 07777).isEqualTo(0600);
        }
    }

    @Test
    void invalidateData_readSeesNewContentsDespiteKeepCache() throws Exception {
        CachingTree tree = new CachingTree();
        long ino = tree.addFile("f", "aaaa".getBytes(US_ASCII));
        try (Mount _ = mount(tree)) {
            assertThat(read(at("f"))).isEqualTo("aaaa");
            tree.replaceData(ino, "bbbb".getBytes(US_ASCII)); // same size and times: nothing tells the kernel
            assertThat(read(at("f"))).as("kept in the page cache").isEqualTo("aaaa");

            tree.notifier.invalidateData(ino, 0, 0);

            assertThat(eventually(() -> read(at("f")).equals("bbbb"))).isTrue();
        }
    }

    @Test
    void invalidateEntry_removedNameIsGone() throws Exception {
        entryDropped((tree, ino) -> tree.notifier.invalidateEntry(MemoryTree.ROOT, FileName.of("f")));
    }

    @Test
    void expireEntry_removedNameIsGone() throws Exception {
        entryDropped((tree, ino) -> tree.notifier.expireEntry(MemoryTree.ROOT, FileName.of("f")));
    }

    @Test
    void delete_removedNameIsGone() throws Exception {
        entryDropped((tree, ino) -> tree.notifier.delete(MemoryTree.ROOT, ino, FileName.of("f")));
    }

    @Test
    void incrementEpoch_removedNameIsGone() throws Exception {
        entryDropped((tree, ino) -> tree.notifier.incrementEpoch());
    }

    interface Send {
        void run() throws ErrnoException;
    }

    interface Notification {
        void send(MemoryTree tree, long ino) throws ErrnoException;
    }

    private void entryDropped(Notification n) throws Exception {
        MemoryTree tree = new MemoryTree(HOUR);
        long ino = tree.addFile("f", new byte[3]);
        try (Mount _ = mount(tree)) {
            assertThat(Syscalls.stat(at("f")).size()).isEqualTo(3);
            tree.detach("f");
            assertThat(Syscalls.stat(at("f")).size()).as("the entry is cached for an hour").isEqualTo(3);

            n.send(tree, ino);

            assertThat(eventually(() -> absent("f"))).isTrue();
        }
    }

    @Test
    void renamedBehindTheKernel_invalidateEntryShowsBothNames() throws Exception {
        MemoryTree tree = new MemoryTree(HOUR);
        long ino = tree.addFile("old", "x".getBytes(US_ASCII));
        try (Mount _ = mount(tree)) {
            Syscalls.stat(at("old"));
            assertThat(absent("new")).isTrue(); // no negative caching: asks again next time
            tree.rename(null, MemoryTree.ROOT, FileName.of("old"), MemoryTree.ROOT, FileName.of("new"), Set.of());
            assertThat(absent("old")).as("cached").isFalse();

            tree.notifier.invalidateEntry(MemoryTree.ROOT, FileName.of("old"));

            assertThat(eventually(() -> absent("old"))).isTrue();
            assertThat(Syscalls.stat(at("new")).ino()).isEqualTo(ino);
        }
    }

    @Test
    void storeThenRetrieve_readServedFromPageCacheWithoutRead() throws Exception {
        CachingTree tree = new CachingTree();
        long ino = tree.addFile("f", "a".repeat(4096).getBytes(US_ASCII));
        RecordingServer<Long> server = new RecordingServer<>(tree);
        try (Mount _ = mount(server)) {
            Syscalls.stat(at("f")); // the kernel learns the node; its page cache is empty

            tree.notifier.store(ino, 0, ByteBuffer.wrap("z".repeat(4096).getBytes(US_ASCII)));
            // notifications are written in order: once the retrieve is answered, the store was applied
            byte[] cached = tree.notifier.retrieve(ino, 0, 4096).get(5, TimeUnit.SECONDS);

            assertThat(new String(cached, US_ASCII)).isEqualTo("z".repeat(4096));
            assertThat(read(at("f"))).isEqualTo("z".repeat(4096));
            assertThat(server.count("read")).as("served from the page cache").isZero();
        }
    }

    @Test
    void retrieve_returnsWhatTheKernelCached() throws Exception {
        CachingTree tree = new CachingTree();
        String contents = "0123456789abcdef".repeat(512);
        long ino = tree.addFile("f", contents.getBytes(US_ASCII));
        try (Mount _ = mount(tree)) {
            assertThat(read(at("f"))).isEqualTo(contents);
            tree.replaceData(ino, "-".repeat(contents.length()).getBytes(US_ASCII));

            byte[] cached = tree.notifier.retrieve(ino, 0, 8192).get(5, TimeUnit.SECONDS);

            assertThat(new String(cached, US_ASCII)).isEqualTo(contents);
        }
    }

    @Test
    void pollWakeup_wakesAPollWaiterInAnotherProcess() throws Exception {
        CachingTree tree = new CachingTree();
        tree.addFile("f", new byte[1]);
        try (Mount _ = mount(tree)) {
            Process p = new ProcessBuilder("timeout", "20", "python3", "-c", """
                    import os, select, sys
                    fd = os.open(sys.argv[1], os.O_RDONLY)
                    p = select.poll()
                    p.register(fd, select.POLLIN)
                    print("events", p.poll(15000), flush=True)
                    """, mnt.resolve("f").toString()).redirectErrorStream(true).start();
            try {
                assertThat(eventually(() -> tree.waker.get() != null)).as("the poll reached the server").isTrue();
                Thread.sleep(200);
                assertThat(p.isAlive()).as("the waiter waits").isTrue();

                tree.readable = true;
                long start = System.nanoTime();
                tree.waker.get().wake();

                assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
                String out = new String(p.getInputStream().readAllBytes(), US_ASCII);
                assertThat(out).contains("events [(").contains(", 1)]");
            } finally {
                p.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void prune_unusedNodeComesBackAsForgetAndReclaim() throws Exception {
        MemoryTree tree = new MemoryTree(HOUR);
        long ino = tree.addFile("f", new byte[1]);
        try (Mount _ = mount(tree)) {
            Syscalls.stat(at("f"));
            Thread.sleep(200);
            assertThat(tree.reclaimed.get(ino)).as("the cached node is held").isNull();

            tree.notifier.prune(List.of(ino));

            assertThat(eventually(() -> tree.reclaimed.containsKey(ino))).isTrue();
            assertThat(tree.reclaimed.get(ino).get()).isEqualTo(1);
            assertThat(Syscalls.stat(at("f")).ino()).as("looked up again as a new node").isEqualTo(ino);
        }
        assertThat(tree.reclaimed.get(ino).get()).isEqualTo(2);
    }

    /**
     * Notifications about the very inode or directory whose lock the handler's own syscall holds:
     * written synchronously they would block in the kernel until the handler answered, which it
     * never would.
     */
    @Test
    void notificationsFromInsideHandlers_aboutLockedNodes_doNotDeadlock() throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        MemoryTree tree = new CachingTree() {
            @Override
            public Lookup<Long> lookup(CallContext ctx, Long dir, FileName name) throws IOException {
                Lookup<Long> l = super.lookup(ctx, dir, name);
                notify(() -> ctx.<Long>notifier().invalidateEntry(dir, name));
                notify(() -> ctx.<Long>notifier().invalidateAttributes(dir));
                return l;
            }

            @Override
            public Created<Long> create(CallContext ctx, Long dir, FileName name, int mode, OpenFlags flags)
                    throws IOException {
                Created<Long> c = super.create(ctx, dir, name, mode, flags);
                notify(() -> ctx.<Long>notifier().invalidateEntry(dir, name));
                notify(() -> ctx.<Long>notifier().invalidateAttributes(dir));
                return c;
            }

            @Override
            public int write(CallContext ctx, Long node, Object handle, long offset, ByteBuffer src)
                    throws IOException {
                int n = super.write(ctx, node, handle, offset, src);
                notify(() -> ctx.<Long>notifier().invalidateData(node, 0, 0));
                return n;
            }

            private void notify(Send r) {
                try {
                    r.run();
                } catch (ErrnoException | RuntimeException e) {
                    failures.add(e);
                }
            }
        };
        try (Mount m = mount(tree)) {
            // a deadlock would block these threads in the kernel for good: run them apart, and on
            // timeout abort the connection (which frees them) and fail, instead of hanging the JVM
            CompletableFuture<Void> work = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 20; i++) {
                        Path f = mnt.resolve("f" + i);
                        Files.writeString(f, "data " + i);
                        assertThat(Files.readString(f)).isEqualTo("data " + i);
                        assertThat(absent("missing" + i)).isTrue();
                    }
                    // a retrieve queued behind all of them completes: the writer thread did not stick
                    long ino = tree.inoOf("f0");
                    int fd = Syscalls.open(at("f0"), Linux.O_RDONLY); // holds the node during the retrieve
                    try {
                        assertThat(tree.notifier.retrieve(ino, 0, 16).get(5, TimeUnit.SECONDS)).isNotNull();
                    } finally {
                        Syscalls.close(fd);
                    }
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, runnable -> Thread.ofPlatform().daemon().start(runnable));
            try {
                work.get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                Files.writeString(Path.of("/sys/fs/fuse/connections/" + m.connectionNumber() + "/abort"), "1");
                throw new AssertionError("deadlocked: a notification from inside a handler blocked in the kernel");
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void notifyAfterClose_failsEnotconn() throws Exception {
        MemoryTree tree = new MemoryTree(HOUR);
        long ino = tree.addFile("f", new byte[1]);
        try (Mount _ = mount(tree)) {
            Syscalls.stat(at("f"));
        }
        assertThatThrownBy(() -> tree.notifier.invalidateAttributes(ino)).isInstanceOfSatisfying(ErrnoException.class,
                e -> assertThat(e.errno()).isEqualTo(org.jpuffs.Errno.ENOTCONN));
    }

    /** A tree whose first read of a file never answers until released: a request the kernel holds. */
    static final class StuckFirstRead extends MemoryTree {
        final java.util.concurrent.CountDownLatch firstReadEntered = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch releaseFirst = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

        StuckFirstRead() {
            super(HOUR);
        }

        @Override
        public void read(CallContext ctx, Long node, Object handle, long offset, ByteBuffer dst) throws IOException {
            if (reads.incrementAndGet() == 1) {
                firstReadEntered.countDown();
                try {
                    releaseFirst.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            super.read(ctx, node, handle, offset, dst);
        }
    }

    @Test
    void resend_kernelSendsThePendingReadAgain_callerServedByTheSecondAnswer() throws Exception {
        StuckFirstRead tree = new StuckFirstRead();
        tree.addFile("f", "resent".getBytes(US_ASCII));
        try (Mount _ = mount(tree)) {
            CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    return read(at("f"));
                } catch (SyscallException e) {
                    throw new java.io.UncheckedIOException(new IOException(e));
                }
            }, r -> Thread.ofPlatform().daemon().start(r));
            assertThat(tree.firstReadEntered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> reader.get(300, TimeUnit.MILLISECONDS)).as("held by the stuck read")
                    .isInstanceOf(TimeoutException.class);

            tree.notifier.resend();

            // the kernel put the request back in its queue and sent it again (unique with the resend bit)
            assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("resent");
            assertThat(tree.reads.get()).isGreaterThanOrEqualTo(2);
            tree.releaseFirst.countDown(); // its late answer names a request the kernel no longer has
            assertThat(Syscalls.stat(at("f")).size()).as("the mount goes on serving").isEqualTo(6);
        } finally {
            tree.releaseFirst.countDown();
        }
    }
}
