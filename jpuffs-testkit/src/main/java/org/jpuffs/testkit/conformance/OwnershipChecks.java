package org.jpuffs.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.jpuffs.Errno;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.Stat;
import org.jpuffs.testkit.posix.Syscalls;
import org.junit.jupiter.api.Test;

/** chmod, chown, lchown as root, setgid directories, and the privilege bits chown clears. */
public abstract class OwnershipChecks extends ConformanceChecks {

    /** Creates the group. */
    protected OwnershipChecks() {
    }

    @Test
    void chmod_setsAllTwelveBits() throws Exception {
        RawPath f = file("f", "x");
        for (int mode : new int[] {0, 07777, 04755, 01700, 0640}) {
            Syscalls.chmod(f, mode);
            assertThat(Syscalls.stat(f).perms()).as("mode %o", mode).isEqualTo(mode);
        }
        int fd = Syscalls.open(f, Linux.O_RDONLY);
        try {
            Syscalls.fchmod(fd, 0604);
            assertThat(Syscalls.fstat(fd).perms()).isEqualTo(0604);
        } finally {
            Syscalls.close(fd);
        }
        assertErrno(Errno.ENOENT, () -> Syscalls.chmod(path("missing"), 0644));
    }

    @Test
    void chown_setsOwnerAndGroup_minusOneLeavesField() throws Exception {
        RawPath f = file("f", "x");
        Syscalls.chown(f, 4321, 8765);
        Stat st = Syscalls.stat(f);
        assertThat(st.uid()).isEqualTo(4321);
        assertThat(st.gid()).isEqualTo(8765);
        Syscalls.chown(f, -1, 99);
        assertThat(Syscalls.stat(f).uid()).isEqualTo(4321);
        assertThat(Syscalls.stat(f).gid()).isEqualTo(99);
        int fd = Syscalls.open(f, Linux.O_RDONLY);
        try {
            Syscalls.fchown(fd, 55, -1);
            assertThat(Syscalls.fstat(fd).uid()).isEqualTo(55);
        } finally {
            Syscalls.close(fd);
        }
        assertErrno(Errno.ENOENT, () -> Syscalls.chown(path("missing"), 1, 1));
    }

    @Test
    void lchown_changesTheLinkNotTheTarget() throws Exception {
        assume(Feature.SYMLINKS);
        RawPath f = file("f", "x");
        Syscalls.symlink(RawPath.of("f"), path("l"));
        Syscalls.lchown(path("l"), 777, 778);
        assertThat(Syscalls.lstat(path("l")).uid()).isEqualTo(777);
        assertThat(Syscalls.stat(f).uid()).isZero();
    }

    @Test
    void chownOfExecutable_clearsSetuidAndSetgid() throws Exception {
        RawPath f = file("f", bytes("x"), 06755);
        Syscalls.chown(f, 1000, 1000);
        assertThat(Syscalls.stat(f).perms()).isEqualTo(0755);
        RawPath g = file("g", bytes("x"), 06745);
        Syscalls.chown(g, 1000, -1);
        // without group execute S_ISGID is not a privilege bit and stays
        assertThat(Syscalls.stat(g).perms()).isEqualTo(02745);
    }

    @Test
    void chownOfDirectory_keepsSetgid() throws Exception {
        RawPath d = directory("d", 02775);
        Syscalls.chown(d, 1000, 1000);
        assertThat(Syscalls.stat(d).perms()).isEqualTo(02775);
    }

    @Test
    void setgidDirectory_passesGroupOnAndBitToSubdirectories() throws Exception {
        RawPath d = directory("d", 02777);
        Syscalls.chown(d, 0, 4321);
        Syscalls.chmod(d, 02777);
        file("d/f", "x");
        Syscalls.mkdir(path("d/sub"), 0755);
        assertThat(Syscalls.stat(path("d/f")).gid()).isEqualTo(4321);
        Stat sub = Syscalls.stat(path("d/sub"));
        assertThat(sub.gid()).isEqualTo(4321);
        assertThat(sub.perms() & Linux.S_ISGID).isEqualTo(Linux.S_ISGID);
        RawPath plain = directory("plain", 0777);
        Syscalls.chown(plain, 0, 4321);
        file("plain/f", "x");
        assertThat(Syscalls.stat(path("plain/f")).gid()).isZero();
    }
}
