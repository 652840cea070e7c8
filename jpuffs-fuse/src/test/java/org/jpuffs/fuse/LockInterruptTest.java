package org.jpuffs.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpuffs.CallContext;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.Lock;
import org.jpuffs.LockType;
import org.jpuffs.OpenFlags;
import org.jpuffs.Opened;
import org.jpuffs.fuse.mount.MountOptions;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.RecordLock;
import org.jpuffs.testkit.posix.Syscalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A blocking SETLKW through a real mount, ended by a signal to the waiting process. */
@Timeout(60)
class LockInterruptTest {
    /**
     * fcntl(F_SETLKW) through ctypes, with a SIGINT handler installed without SA_RESTART, so the
     * interrupted call returns EINTR to the script instead of killing it or being restarted.
     * Prints "rc <rc> errno <errno>"; argv: path, command (F_SETLK or F_SETLKW).
     */
    private static final String LOCKER = """
            import ctypes, fcntl, os, signal, struct, sys
            signal.signal(signal.SIGINT, lambda s, f: None)
            libc = ctypes.CDLL(None, use_errno=True)
            fd = os.open(sys.argv[1], os.O_RDWR)
            flock = ctypes.create_string_buffer(struct.pack("hhqqi4x", fcntl.F_WRLCK, 0, 0, 0, 0))
            print("waiting", flush=True)
            rc = libc.fcntl(fd, getattr(fcntl, sys.argv[2]), flock)
            print("rc", rc, "errno", ctypes.get_errno(), flush=True)
            """;

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

    /** One whole-file write lock per file system, held by one lock owner; waits honour interrupts. */
    static final class LockingTree extends MemoryTree {
        private final Object monitor = new Object();
        private long holder;
        final CountDownLatch waiting = new CountDownLatch(1);
        final AtomicInteger interrupted = new AtomicInteger();
        final AtomicInteger granted = new AtomicInteger();

        LockingTree() {
            super(Duration.ofSeconds(1));
        }

        @Override
        public Opened open(CallContext ctx, Long node, OpenFlags flags) {
            return Opened.of(new Object());
        }

        @Override
        public Lock getLock(CallContext ctx, Long node, Object handle, Lock lock) {
            synchronized (monitor) {
                return holder == 0 || holder == lock.owner() ? Lock.none()
                        : new Lock(LockType.WRITE, 0, Long.MAX_VALUE, 0, holder, false);
            }
        }

        @Override
        public void setLock(CallContext ctx, Long node, Object handle, Lock lock, boolean wait) throws IOException {
            synchronized (monitor) {
                if (lock.type() == LockType.UNLOCK) {
                    if (holder == lock.owner()) {
                        holder = 0;
                        monitor.notifyAll();
                    }
                    return;
                }
                while (holder != 0 && holder != lock.owner()) {
                    if (!wait) {
                        throw new ErrnoException(Errno.EAGAIN);
                    }
                    waiting.countDown();
                    if (ctx.isInterrupted()) {
                        interrupted.incrementAndGet();
                        throw new ErrnoException(Errno.EINTR);
                    }
                    try {
                        monitor.wait(20);
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                        throw new ErrnoException(Errno.EINTR);
                    }
                }
                holder = lock.owner();
                granted.incrementAndGet();
            }
        }
    }

    private static Commands.Result python(Path file, String command, String timeoutSeconds) throws Exception {
        return Commands.run("timeout", "-s", "INT", timeoutSeconds, "python3", "-c", LOCKER, file.toString(), command);
    }

    @Test
    void setlkwInterruptedBySignal_waiterGetsEintr_serverSawInterrupt_mountKeepsServing() throws Exception {
        mnt = Files.createDirectory(tmp.resolve("mnt"));
        LockingTree tree = new LockingTree();
        tree.addFile("f", "locked".getBytes(StandardCharsets.US_ASCII));
        Path f;
        try (Mount m = Fuse.mount(tree, mnt, MountOptions.parse("fsname=locks"))) {
            f = m.mountpoint().resolve("f");
            int fd = Syscalls.open(RawPath.of(f), Linux.O_RDWR);
            try {
                Syscalls.fcntlLock(fd, Linux.F_SETLK, RecordLock.of(Linux.F_WRLCK, 0, 0));
                assertThat(tree.granted.get()).as("the lock went to the server").isEqualTo(1);

                long start = System.nanoTime();
                Commands.Result waiter = python(f, "F_SETLKW", "2");
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

                assertThat(tree.waiting.getCount()).as("the SETLKW waited in the server").isZero();
                assertThat(waiter.output()).contains("rc -1 errno 4"); // EINTR
                assertThat(tookMillis).isBetween(1500L, 10_000L);
                assertThat(tree.interrupted.get()).as("the server saw the interrupt").isEqualTo(1);

                Commands.Result blocked = python(f, "F_SETLK", "10");
                assertThat(blocked.output()).as("still held by us").contains("rc -1 errno 11"); // EAGAIN

                Syscalls.fcntlLock(fd, Linux.F_SETLK, RecordLock.of(Linux.F_UNLCK, 0, 0));
            } finally {
                Syscalls.close(fd);
            }
            Commands.Result after = python(f, "F_SETLKW", "10");
            assertThat(after.output()).as("the mount keeps serving locks").contains("rc 0 errno 0");
            assertThat(Files.readString(f)).isEqualTo("locked");
        }
    }
}
