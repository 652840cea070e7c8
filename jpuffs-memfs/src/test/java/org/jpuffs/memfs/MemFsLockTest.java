package org.jpuffs.memfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.Lock;
import org.jpuffs.LockType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MemFsLockTest extends MemFsFixture {

    static Lock posix(LockType type, long start, long end, long owner) {
        return new Lock(type, start, end, (int) owner, owner, false);
    }

    static Lock flock(LockType type, long owner) {
        return new Lock(type, 0, Long.MAX_VALUE, (int) owner, owner, true);
    }

    @Test
    void writeLock_conflictsWithOtherOwner_eagain_getLockReportsHolder() throws Exception {
        Node f = file(root, "f");
        fs.setLock(ROOT, f, null, posix(LockType.WRITE, 0, 99, 1), false);
        assertErrno(Errno.EAGAIN, () -> fs.setLock(ROOT, f, null, posix(LockType.READ, 50, 60, 2), false));
        Lock holder = fs.getLock(ROOT, f, null, posix(LockType.READ, 50, 60, 2));
        assertThat(holder.type()).isEqualTo(LockType.WRITE);
        assertThat(holder.owner()).isEqualTo(1);
        assertThat(holder.pid()).isEqualTo(1);
        // outside the range, and the owner itself: no conflict
        fs.setLock(ROOT, f, null, posix(LockType.WRITE, 100, 200, 2), false);
        assertThat(fs.getLock(ROOT, f, null, posix(LockType.WRITE, 0, 10, 1)).type()).isEqualTo(LockType.UNLOCK);
    }

    @Test
    void readLocks_share() throws Exception {
        Node f = file(root, "f");
        fs.setLock(ROOT, f, null, posix(LockType.READ, 0, Long.MAX_VALUE, 1), false);
        fs.setLock(ROOT, f, null, posix(LockType.READ, 0, Long.MAX_VALUE, 2), false);
        assertErrno(Errno.EAGAIN, () -> fs.setLock(ROOT, f, null, posix(LockType.WRITE, 5, 5, 3), false));
    }

    @Test
    void partialUnlock_splitsTheLock() throws Exception {
        Node f = file(root, "f");
        fs.setLock(ROOT, f, null, posix(LockType.WRITE, 0, 99, 1), false);
        fs.setLock(ROOT, f, null, posix(LockType.UNLOCK, 40, 59, 1), false);
        fs.setLock(ROOT, f, null, posix(LockType.WRITE, 40, 59, 2), false);
        assertErrno(Errno.EAGAIN, () -> fs.setLock(ROOT, f, null, posix(LockType.WRITE, 0, 10, 2), false));
        assertErrno(Errno.EAGAIN, () -> fs.setLock(ROOT, f, null, posix(LockType.WRITE, 60, 60, 2), false));
    }

    @Test
    void flush_releasesTheOwnersPosixLocks() throws Exception {
        Node f = file(root, "f");
        fs.setLock(ROOT, f, null, posix(LockType.WRITE, 0, 10, 1), false);
        fs.flush(ROOT, f, null, 1);
        fs.setLock(ROOT, f, null, posix(LockType.WRITE, 0, 10, 2), false);
    }

    @Test
    void flock_independentOfPosix_releasedWithItsOpen() throws Exception {
        Node f = file(root, "f");
        Object h1 = fs.open(ROOT, f, RDWR).handle();
        Object h2 = fs.open(ROOT, f, RDWR).handle();
        fs.setLock(ROOT, f, h1, flock(LockType.WRITE, 11), false);
        fs.setLock(ROOT, f, null, posix(LockType.WRITE, 0, 10, 12), false);
        assertErrno(Errno.EAGAIN, () -> fs.setLock(ROOT, f, h2, flock(LockType.READ, 22), false));
        fs.release(ROOT, f, h1, RDWR);
        fs.setLock(ROOT, f, h2, flock(LockType.READ, 22), false);
    }

    @Test
    void blockingLock_grantedWhenHolderUnlocks() throws Exception {
        Node f = file(root, "f");
        fs.setLock(ROOT, f, null, posix(LockType.WRITE, 0, 0, 1), false);
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
            try {
                fs.setLock(ROOT, f, null, posix(LockType.WRITE, 0, 0, 2), true);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(100);
        assertThat(waiter).isNotDone();
        // the waiter holds no node lock: other ops on the file go on
        write(f, 0, "x");
        fs.setLock(ROOT, f, null, posix(LockType.UNLOCK, 0, 0, 1), false);
        waiter.get(5, TimeUnit.SECONDS);
        assertErrno(Errno.EAGAIN, () -> fs.setLock(ROOT, f, null, posix(LockType.WRITE, 0, 0, 1), false));
    }

    @Test
    void blockingLock_requestInterrupted_eintr() throws Exception {
        Node f = file(root, "f");
        fs.setLock(ROOT, f, null, posix(LockType.WRITE, 0, 0, 1), false);
        TestCaller caller = TestCaller.of(0, 0);
        CompletableFuture<Errno> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                fs.setLock(caller, f, null, posix(LockType.WRITE, 0, 0, 2), true);
                return null;
            } catch (ErrnoException e) {
                return e.errno();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Thread.sleep(100);
        assertThat(waiter).isNotDone();
        caller.interrupted().set(true);
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo(Errno.EINTR);
    }

    @Test
    void blockingFlock_threadInterrupted_eintr() throws Exception {
        Node f = file(root, "f");
        fs.setLock(ROOT, f, null, flock(LockType.WRITE, 1), false);
        Errno[] result = new Errno[1];
        Thread t = new Thread(() -> {
            try {
                fs.setLock(ROOT, f, null, flock(LockType.WRITE, 2), true);
            } catch (ErrnoException e) {
                result[0] = e.errno();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        t.start();
        Thread.sleep(100);
        assertThat(t.isAlive()).isTrue();
        t.interrupt();
        t.join(5000);
        assertThat(t.isAlive()).isFalse();
        assertThat(result[0]).isEqualTo(Errno.EINTR);
    }

    @Test
    void posixLockTypeNotAllowedByOpenMode_ebadf() throws Exception {
        Node f = file(root, "f");
        Object ro = fs.open(ROOT, f, RDONLY).handle();
        Object wo = fs.open(ROOT, f, WRONLY).handle();
        assertErrno(Errno.EBADF, () -> fs.setLock(ROOT, f, ro, posix(LockType.WRITE, 0, 1, 1), false));
        assertErrno(Errno.EBADF, () -> fs.setLock(ROOT, f, wo, posix(LockType.READ, 0, 1, 1), false));
        fs.setLock(ROOT, f, ro, posix(LockType.READ, 0, 1, 1), false);
        fs.setLock(ROOT, f, wo, posix(LockType.WRITE, 2, 3, 1), false);
    }

    @Test
    void waitClosingACycle_edeadlk() throws Exception {
        Node f = file(root, "f");
        Node g = file(root, "g");
        fs.setLock(ROOT, f, null, posix(LockType.WRITE, 0, 0, 1), false);
        fs.setLock(ROOT, g, null, posix(LockType.WRITE, 0, 0, 2), false);
        TestCaller first = TestCaller.of(0, 0);
        CompletableFuture<Errno> owner1Waits = CompletableFuture.supplyAsync(() -> {
            try {
                fs.setLock(first, g, null, posix(LockType.WRITE, 0, 0, 1), true);
                return null;
            } catch (ErrnoException e) {
                return e.errno();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Thread.sleep(100);
        assertErrno(Errno.EDEADLK, () -> fs.setLock(ROOT, f, null, posix(LockType.WRITE, 0, 0, 2), true));
        first.interrupted().set(true);
        assertThat(owner1Waits.get(5, TimeUnit.SECONDS)).isEqualTo(Errno.EINTR);
        // with the cycle gone, the same wait is an ordinary one
        fs.setLock(ROOT, f, null, posix(LockType.UNLOCK, 0, 0, 1), false);
        fs.setLock(ROOT, f, null, posix(LockType.WRITE, 0, 0, 2), true);
    }

    @Test
    void locksOnDirectory_einval() {
        assertErrno(Errno.EINVAL, () -> fs.setLock(ROOT, root, null, posix(LockType.READ, 0, 1, 1), false));
    }
}
