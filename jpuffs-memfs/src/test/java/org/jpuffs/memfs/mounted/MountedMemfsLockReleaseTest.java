package org.jpuffs.memfs.mounted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jpuffs.testkit.posix.Linux.F_OFD_GETLK;
import static org.jpuffs.testkit.posix.Linux.F_OFD_SETLK;
import static org.jpuffs.testkit.posix.Linux.F_RDLCK;
import static org.jpuffs.testkit.posix.Linux.F_UNLCK;
import static org.jpuffs.testkit.posix.Linux.F_WRLCK;

import org.jpuffs.FileType;
import org.jpuffs.memfs.MemFsOptions;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.RecordLock;
import org.jpuffs.testkit.posix.SyscallException;
import org.jpuffs.testkit.posix.Syscalls;
import org.jpuffs.testkit.posix.Tree;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Locks that must go when their open file description goes. Through FUSE the kernel keeps no record
 * of server-side locks, so nothing unlocks an open-file-description lock at the last close: the
 * RELEASE of the handle is all the server hears (found by the differential soak: a stale OFD lock
 * made a later lock fail with EAGAIN where tmpfs granted it).
 */
@Timeout(60)
class MountedMemfsLockReleaseTest {
    private static final int EAGAIN = 11;
    private static MountedMemfs mounted;

    @BeforeAll
    static void mountMemfs() throws Exception {
        mounted = MountedMemfs.mount(MemFsOptions.defaults().withSize(64L << 20).withRoot(FileType.DIRECTORY, 0755));
    }

    @AfterAll
    static void unmountMemfs() {
        if (mounted != null) {
            mounted.close();
        }
    }

    @Test
    void ofdLock_goesWithTheLastCloseOfItsDescription() throws Exception {
        RawPath dir = RawPath.of(mounted.root()).resolve("ofd");
        Syscalls.mkdir(dir, 0755);
        RawPath f = dir.resolve("f");
        int a = Syscalls.open(f, Linux.O_CREAT | Linux.O_RDWR, 0644);
        int b = Syscalls.open(f, Linux.O_RDWR);
        try {
            Syscalls.fcntlLock(a, F_OFD_SETLK, RecordLock.of(F_WRLCK, 0, 100));
            // the positive control: while a is open, its lock stands
            assertThatThrownBy(() -> Syscalls.fcntlLock(b, F_OFD_SETLK, RecordLock.of(F_RDLCK, 33, 65)))
                    .isInstanceOfSatisfying(SyscallException.class, e -> assertThat(e.errno()).isEqualTo(EAGAIN));
            int dupOfA = Syscalls.dup(a);
            Syscalls.close(a);
            a = -1;
            // a dup keeps the description, and with it the lock
            assertThat(Syscalls.fcntlLock(b, F_OFD_GETLK, RecordLock.of(F_RDLCK, 33, 65)).type()).isEqualTo(F_WRLCK);
            Syscalls.close(dupOfA);
            // the RELEASE is asynchronous to close(2): give it a moment
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (Syscalls.fcntlLock(b, F_OFD_GETLK, RecordLock.of(F_RDLCK, 33, 65)).type() != F_UNLCK
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Syscalls.fcntlLock(b, F_OFD_SETLK, RecordLock.of(F_RDLCK, 33, 65));
            Syscalls.fcntlLock(b, F_OFD_SETLK, RecordLock.of(F_WRLCK, 0, 100));
        } finally {
            if (a >= 0) {
                Syscalls.close(a);
            }
            Syscalls.close(b);
            Tree.remove(dir);
        }
    }
}
