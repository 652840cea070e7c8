package org.jpuffs.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jpuffs.CallContext;
import org.jpuffs.fuse.mount.MountOptions;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.SyscallException;
import org.jpuffs.testkit.posix.Syscalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Closing a mount while a request is stuck in the server: bounded, and everything is accounted for. */
@Timeout(60)
class UnmountInFlightTest {
    private static final int EIO = 5;
    private static final int ECONNABORTED = 103;
    private static final int ENOTCONN = 107;

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

    /** A tree whose reads of "slow" block, deaf to interrupts, until released: the worst server. */
    static final class StuckReads extends MemoryTree {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile long slowIno;

        StuckReads() {
            super(Duration.ofSeconds(1));
        }

        @Override
        public void read(CallContext ctx, Long node, Object handle, long offset, ByteBuffer dst) throws IOException {
            if (node == slowIno) {
                entered.countDown();
                boolean released = false;
                while (!released) {
                    try {
                        released = release.await(30, TimeUnit.SECONDS);
                        if (!released) {
                            break;
                        }
                    } catch (InterruptedException ignored) {
                        // deliberately deaf
                    }
                }
            }
            super.read(ctx, node, handle, offset, dst);
        }
    }

    @Test
    void closeWithReadStuckInServer_callerFailsMountGoneDestroyOnceEveryNodeReclaimedOnce() throws Exception {
        mnt = Files.createDirectory(tmp.resolve("mnt"));
        StuckReads tree = new StuckReads();
        tree.addFile("other", new byte[10]);
        tree.slowIno = tree.addFile("slow", new byte[10]);
        Duration drain = Duration.ofSeconds(1);
        Mount m = Fuse.mount(tree, mnt, MountOptions.parse("fsname=inflight,drain_timeout=1"));
        CompletableFuture<Integer> caller = new CompletableFuture<>();
        try {
            Syscalls.stat(RawPath.of(mnt.resolve("other")));
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    int fd = Syscalls.open(RawPath.of(mnt.resolve("slow")), Linux.O_RDONLY);
                    try {
                        Syscalls.pread(fd, 10, 0);
                        caller.complete(0);
                    } finally {
                        Syscalls.close(fd);
                    }
                } catch (SyscallException e) {
                    caller.complete(e.errno());
                } catch (Throwable t) {
                    caller.completeExceptionally(t);
                }
            });
            assertThat(tree.entered.await(10, TimeUnit.SECONDS)).as("the read reached the server").isTrue();
            assertThat(m.requestsInFlight()).isGreaterThanOrEqualTo(1);

            long start = System.nanoTime();
            CompletableFuture<Long> gone = CompletableFuture.supplyAsync(() -> {
                try {
                    Commands.waitUntil(() -> Commands.unmounted(mnt), 20_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            });
            m.close();
            long closedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            // the mount leaves the tree once the drain bound is over (a lazy detach: the file is open)
            assertThat(gone.get(5, TimeUnit.SECONDS)).isBetween(drain.toMillis() - 100, drain.toMillis() + 1500);

            // drain (1 s), unmount, wait for the connection to end (1 s), abort: well under 2 bounds + slack
            assertThat(closedMillis).isLessThan(2 * drain.toMillis() + 4000);
            assertThat(Commands.mountsAt(mnt)).isEmpty();
            int errno = caller.get(10, TimeUnit.SECONDS);
            assertThat(errno).as("the blocked caller gets an error").isIn(EIO, ECONNABORTED, ENOTCONN);
        } finally {
            tree.release.countDown();
            m.close();
        }
        // the stuck request's node is reclaimed once its request has ended
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (tree.ledgerProblems().size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(tree.ledgerProblems()).isEmpty();
        assertThat(tree.reclaimed.get(tree.slowIno).get()).isEqualTo(1);
        assertThat(tree.destroys.get()).isEqualTo(1);
        assertThat(m.whenEnded()).isDone();
    }
}
