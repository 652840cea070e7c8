package org.jpuffs.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jpuffs.testkit.posix.Linux.F_OFD_GETLK;
import static org.jpuffs.testkit.posix.Linux.F_OFD_SETLK;
import static org.jpuffs.testkit.posix.Linux.F_OFD_SETLKW;
import static org.jpuffs.testkit.posix.Linux.F_RDLCK;
import static org.jpuffs.testkit.posix.Linux.F_UNLCK;
import static org.jpuffs.testkit.posix.Linux.F_WRLCK;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jpuffs.Errno;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.RecordLock;
import org.jpuffs.testkit.posix.Syscalls;
import org.junit.jupiter.api.Test;

/**
 * fcntl record locks and flock. Open-file-description locks conflict between two opens in one
 * process, so most checks need no second process; classic POSIX locks are checked against the
 * unprivileged caller's process.
 */
public abstract class LockChecks extends ConformanceChecks {

    /** Creates the group. */
    protected LockChecks() {
    }

    @Test
    void ofdWriteLocks_conflictAcrossOpens_readLocksShare() throws Exception {
        assume(Feature.RECORD_LOCKS);
        RawPath f = file("f", bytes("0123456789"), 0644);
        int a = Syscalls.open(f, Linux.O_RDWR);
        int b = Syscalls.open(f, Linux.O_RDWR);
        try {
            Syscalls.fcntlLock(a, F_OFD_SETLK, RecordLock.of(F_WRLCK, 0, 5));
            assertErrno(Errno.EAGAIN, () -> Syscalls.fcntlLock(b, F_OFD_SETLK, RecordLock.of(F_WRLCK, 4, 2)));
            assertErrno(Errno.EAGAIN, () -> Syscalls.fcntlLock(b, F_OFD_SETLK, RecordLock.of(F_RDLCK, 0, 1)));
            Syscalls.fcntlLock(b, F_OFD_SETLK, RecordLock.of(F_WRLCK, 5, 5));
            RecordLock conflict = Syscalls.fcntlLock(b, F_OFD_GETLK, RecordLock.of(F_WRLCK, 2, 1));
            assertThat(conflict.type()).isEqualTo(F_WRLCK);
            assertThat(conflict.start()).isZero();
            assertThat(conflict.len()).isEqualTo(5);
            Syscalls.fcntlLock(a, F_OFD_SETLK, RecordLock.of(F_UNLCK, 0, 5));
            assertThat(Syscalls.fcntlLock(b, F_OFD_GETLK, RecordLock.of(F_WRLCK, 0, 5)).type()).isEqualTo(F_UNLCK);
            Syscalls.fcntlLock(a, F_OFD_SETLK, RecordLock.of(F_RDLCK, 0, 5));
            Syscalls.fcntlLock(b, F_OFD_SETLK, RecordLock.of(F_RDLCK, 0, 5));
        } finally {
            Syscalls.close(a);
            Syscalls.close(b);
        }
    }

    @Test
    void ofdBlockingLock_waitsUntilRelease() throws Exception {
        assume(Feature.RECORD_LOCKS);
        RawPath f = file("f", "x");
        int a = Syscalls.open(f, Linux.O_RDWR);
        int b = Syscalls.open(f, Linux.O_RDWR);
        try {
            Syscalls.fcntlLock(a, F_OFD_SETLK, RecordLock.of(F_WRLCK, 0, 0));
            CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
                try {
                    Syscalls.fcntlLock(b, F_OFD_SETLKW, RecordLock.of(F_WRLCK, 0, 0));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, r -> Thread.ofPlatform().start(r));
            try {
                waiter.get(300, TimeUnit.MILLISECONDS);
                throw new AssertionError("blocking lock was granted while the conflicting lock was held");
            } catch (TimeoutException expected) {
                // still waiting, as it must
            }
            Syscalls.fcntlLock(a, F_OFD_SETLK, RecordLock.of(F_UNLCK, 0, 0));
            waiter.get(10, TimeUnit.SECONDS);
        } finally {
            Syscalls.close(a);
            Syscalls.close(b);
        }
    }

    @Test
    void writeLockOnReadOnlyDescriptor_ebadf() throws Exception {
        assume(Feature.RECORD_LOCKS);
        RawPath f = file("f", "x");
        int ro = Syscalls.open(f, Linux.O_RDONLY);
        try {
            assertErrno(Errno.EBADF, () -> Syscalls.fcntlLock(ro, Linux.F_SETLK, RecordLock.of(F_WRLCK, 0, 1)));
            Syscalls.fcntlLock(ro, Linux.F_SETLK, RecordLock.of(F_RDLCK, 0, 1));
        } finally {
            Syscalls.close(ro);
        }
    }

    @Test
    void classicLockOfAnotherProcess_conflictsAndIsReported() throws Exception {
        assume(Feature.RECORD_LOCKS);
        UnprivilegedCaller c = caller();
        RawPath f = file("f", bytes("0123456789"), 0666);
        int pid = (int) assertOk(c.call("pid"));
        assertOk(c.call("lock", f, F_WRLCK, 0, 4));
        int fd = Syscalls.open(f, Linux.O_RDWR);
        try {
            assertErrno(Errno.EAGAIN, () -> Syscalls.fcntlLock(fd, Linux.F_SETLK, RecordLock.of(F_WRLCK, 2, 1)));
            RecordLock held = Syscalls.fcntlLock(fd, Linux.F_GETLK, RecordLock.of(F_WRLCK, 0, 0));
            assertThat(held.type()).isEqualTo(F_WRLCK);
            assertThat(held.pid()).isEqualTo(pid);
            assertThat(held.len()).isEqualTo(4);
            Syscalls.fcntlLock(fd, Linux.F_SETLK, RecordLock.of(F_WRLCK, 4, 6));
        } finally {
            assertOk(c.call("release"));
        }
        try {
            Syscalls.fcntlLock(fd, Linux.F_SETLK, RecordLock.of(F_WRLCK, 0, 0));
        } finally {
            Syscalls.close(fd);
        }
    }

    @Test
    void classicBlockingLock_waitsForAnotherProcessToRelease() throws Exception {
        assume(Feature.RECORD_LOCKS);
        UnprivilegedCaller c = caller();
        RawPath f = file("f", bytes("0123456789"), 0666);
        assertOk(c.call("lock", f, F_RDLCK, 0, 0));
        int fd = Syscalls.open(f, Linux.O_RDWR);
        try {
            // a shared lock coexists; an exclusive one must wait
            Syscalls.fcntlLock(fd, Linux.F_SETLK, RecordLock.of(F_RDLCK, 0, 0));
            CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
                try {
                    Syscalls.fcntlLock(fd, Linux.F_SETLKW, RecordLock.of(F_WRLCK, 0, 0));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, r -> Thread.ofPlatform().start(r));
            try {
                waiter.get(300, TimeUnit.MILLISECONDS);
                throw new AssertionError("exclusive lock granted while another process held a shared one");
            } catch (TimeoutException expected) {
                // waiting, as it must
            }
            assertOk(c.call("release"));
            waiter.get(10, TimeUnit.SECONDS);
        } finally {
            c.call("release");
            Syscalls.close(fd);
        }
    }

    @Test
    void flock_exclusiveConflictsAcrossOpens_sharedShares() throws Exception {
        assume(Feature.FLOCK);
        RawPath f = file("f", "x");
        int a = Syscalls.open(f, Linux.O_RDONLY);
        int b = Syscalls.open(f, Linux.O_RDONLY);
        try {
            Syscalls.flock(a, Linux.LOCK_EX);
            assertErrno(Errno.EAGAIN, () -> Syscalls.flock(b, Linux.LOCK_EX | Linux.LOCK_NB));
            assertErrno(Errno.EAGAIN, () -> Syscalls.flock(b, Linux.LOCK_SH | Linux.LOCK_NB));
            Syscalls.flock(a, Linux.LOCK_UN);
            Syscalls.flock(a, Linux.LOCK_SH);
            Syscalls.flock(b, Linux.LOCK_SH | Linux.LOCK_NB);
            assertErrno(Errno.EINVAL, () -> Syscalls.flock(b, 0));
        } finally {
            Syscalls.close(a);
            Syscalls.close(b);
        }
        assertErrno(Errno.EBADF, () -> Syscalls.flock(a, Linux.LOCK_SH));
    }

    @Test
    void flock_releasedOnLastClose() throws Exception {
        assume(Feature.FLOCK);
        RawPath f = file("f", "x");
        int a = Syscalls.open(f, Linux.O_RDONLY);
        int b = Syscalls.open(f, Linux.O_RDONLY);
        try {
            Syscalls.flock(a, Linux.LOCK_EX);
            int dup = Syscalls.dup(a);
            Syscalls.close(a);
            // the duplicate still holds the open file description, hence the lock
            assertErrno(Errno.EAGAIN, () -> Syscalls.flock(b, Linux.LOCK_EX | Linux.LOCK_NB));
            Syscalls.close(dup);
            flockEventually(b);
        } finally {
            Syscalls.close(b);
        }
    }

    /**
     * Takes an exclusive flock without blocking, retrying for a bounded time. A kernel file system
     * drops a description's flock inside the last close(2); FUSE drops it with the RELEASE request,
     * which the kernel sends asynchronously after close(2) has returned (FUSE_RELEASE_FLOCK_UNLOCK),
     * so for a moment the old lock may still conflict. It must be gone within the bound.
     */
    private static void flockEventually(int fd) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                Syscalls.flock(fd, Linux.LOCK_EX | Linux.LOCK_NB);
                return;
            } catch (org.jpuffs.testkit.posix.SyscallException e) {
                if (e.errno() != Errno.EAGAIN.number() || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(5);
            }
        }
    }

    @Test
    void waiterKilledWhileBlocked_leavesNoLockBehind() throws Exception {
        assume(Feature.FLOCK);
        RawPath f = file("f", "x");
        int held = Syscalls.open(f, Linux.O_RDONLY);
        try {
            Syscalls.flock(held, Linux.LOCK_EX);
            // flock(1) blocks in flock(2); SIGKILL ends the wait (for FUSE: an interrupted request)
            Process waiter = new ProcessBuilder("flock", "-x", f.toString(), "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(waiter.waitFor(500, TimeUnit.MILLISECONDS)).as("waiter must block").isFalse();
            waiter.destroyForcibly();
            assertThat(waiter.waitFor(10, TimeUnit.SECONDS)).as("killed waiter must exit").isTrue();
            Process probe = new ProcessBuilder("flock", "-n", "-x", f.toString(), "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(probe.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(probe.exitValue()).as("lock still ours").isEqualTo(1);
            Syscalls.flock(held, Linux.LOCK_UN);
            Process after = new ProcessBuilder("flock", "-n", "-x", f.toString(), "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(after.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(after.exitValue()).as("no ghost lock from the killed waiter").isZero();
        } finally {
            Syscalls.close(held);
        }
    }
}
