package org.jpuffs.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.jpuffs.Errno;
import org.jpuffs.testkit.posix.FsStat;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.Syscalls;
import org.junit.jupiter.api.Test;

/** statfs, access and the odd metadata call that fits nowhere else. */
public abstract class StatfsChecks extends ConformanceChecks {

    /** Creates the group. */
    protected StatfsChecks() {
    }

    @Test
    void statfs_reportsConsistentFigures() throws Exception {
        FsStat st = Syscalls.statfs(dir);
        assertThat(st.namelen()).isGreaterThanOrEqualTo(255);
        assertThat(st.bsize()).isPositive();
        assertThat(st.blocks()).isPositive();
        assertThat(st.bfree()).isBetween(0L, st.blocks());
        assertThat(st.bavail()).isBetween(0L, st.bfree());
        assertThat(st.ffree()).isLessThanOrEqualTo(st.files());
        int fd = Syscalls.open(dir, Linux.O_RDONLY | Linux.O_DIRECTORY);
        try {
            assertThat(Syscalls.fstatfs(fd).type()).isEqualTo(st.type());
        } finally {
            Syscalls.close(fd);
        }
        assertErrno(Errno.ENOENT, () -> Syscalls.statfs(path("missing")));
    }

    @Test
    void statfs_freeSpaceShrinksWhenDataIsWritten() throws Exception {
        FsStat before = Syscalls.statfs(dir);
        byte[] mib = new byte[1 << 20];
        java.util.Arrays.fill(mib, (byte) 1);
        RawPath f = file("f", mib, 0644);
        for (int i = 0; i < 7; i++) {
            int fd = Syscalls.open(f, Linux.O_WRONLY | Linux.O_APPEND);
            Syscalls.write(fd, mib);
            Syscalls.close(fd);
        }
        // fsync: a server behind a writeback cache sees the data only when it is flushed
        int sync = Syscalls.open(f, Linux.O_RDONLY);
        Syscalls.fsync(sync);
        Syscalls.close(sync);
        FsStat after = Syscalls.statfs(dir);
        long usedBytes = (before.bfree() - after.bfree()) * before.frsize();
        assertThat(usedBytes).isGreaterThanOrEqualTo(4L << 20);
    }

    @Test
    void access_existenceAndRootOverrides() throws Exception {
        RawPath f = file("f", bytes("x"), 0);
        Syscalls.access(f, Linux.F_OK, 0);
        Syscalls.access(f, Linux.R_OK | Linux.W_OK, 0);
        // root gets X_OK only when some execute bit is set
        assertErrno(Errno.EACCES, () -> Syscalls.access(f, Linux.X_OK, 0));
        Syscalls.chmod(f, 0001);
        Syscalls.access(f, Linux.X_OK, 0);
        assertErrno(Errno.ENOENT, () -> Syscalls.access(path("missing"), Linux.F_OK, 0));
        assertErrno(Errno.EINVAL, () -> Syscalls.access(f, 0x40, 0));
    }

    @Test
    void statOfFile_reportsTypeSizeLinksOwnerAndBlocks() throws Exception {
        byte[] data = new byte[10000];
        RawPath f = file("f", data, 0640);
        var st = Syscalls.stat(f);
        assertThat(st.type()).isEqualTo(Linux.S_IFREG);
        assertThat(st.size()).isEqualTo(10000);
        assertThat(st.nlink()).isEqualTo(1);
        assertThat(st.uid()).isZero();
        assertThat(st.gid()).isZero();
        assertThat(st.blocks() * 512).isGreaterThanOrEqualTo(10000);
        assertThat(st.ino()).isNotEqualTo(Syscalls.stat(dir).ino());
    }
}
