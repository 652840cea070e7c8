package org.jpuffs.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.jpuffs.Errno;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.Stat;
import org.jpuffs.testkit.posix.Syscalls;
import org.junit.jupiter.api.Test;

/** Timestamp update rules: which call moves atime, mtime, ctime of the file and its directory. */
public abstract class TimeChecks extends ConformanceChecks {

    /** Creates the group. */
    protected TimeChecks() {
    }

    private static final long SEC = 1_000_000_000L;

    @Test
    void write_updatesMtimeAndCtime() throws Exception {
        RawPath f = file("f", "x");
        Stat before = Syscalls.stat(f);
        tick();
        int fd = Syscalls.open(f, Linux.O_WRONLY);
        Syscalls.pwrite(fd, bytes("y"), 5);
        Syscalls.close(fd);
        Stat after = Syscalls.stat(f);
        assertThat(after.mtime()).isGreaterThan(before.mtime());
        assertThat(after.ctime()).isGreaterThan(before.ctime());
    }

    @Test
    void truncate_updatesMtimeAndCtime() throws Exception {
        RawPath f = file("f", "xyz");
        Stat before = Syscalls.stat(f);
        tick();
        Syscalls.truncate(f, 1);
        Stat after = Syscalls.stat(f);
        assertThat(after.mtime()).isGreaterThan(before.mtime());
        assertThat(after.ctime()).isGreaterThan(before.ctime());
        tick();
        int fd = Syscalls.open(f, Linux.O_RDWR);
        Syscalls.ftruncate(fd, 100);
        Syscalls.close(fd);
        assertThat(Syscalls.stat(f).mtime()).isGreaterThan(after.mtime());
    }

    @Test
    void chmodChownLinkRename_updateCtimeNotMtime() throws Exception {
        RawPath f = file("f", "x");
        Stat s0 = Syscalls.stat(f);
        tick();
        Syscalls.chmod(f, 0600);
        Stat s1 = Syscalls.stat(f);
        assertThat(s1.ctime()).isGreaterThan(s0.ctime());
        assertThat(s1.mtime()).isEqualTo(s0.mtime());
        tick();
        Syscalls.chown(f, 1234, 1234);
        Stat s2 = Syscalls.stat(f);
        assertThat(s2.ctime()).isGreaterThan(s1.ctime());
        if (capabilities().has(Feature.HARD_LINKS)) {
            tick();
            Syscalls.link(f, path("g"));
            Stat s3 = Syscalls.stat(f);
            assertThat(s3.ctime()).isGreaterThan(s2.ctime());
            s2 = s3;
        }
        tick();
        Syscalls.rename(f, path("h"), 0);
        Stat s4 = Syscalls.stat(path("h"));
        assertThat(s4.ctime()).isGreaterThan(s2.ctime());
        assertThat(s4.mtime()).isEqualTo(s0.mtime());
    }

    @Test
    void entryChanges_updateDirectoryMtimeAndCtime() throws Exception {
        RawPath d = directory("d", 0755);
        Stat s0 = Syscalls.stat(d);
        tick();
        file("d/f", "x");
        Stat s1 = Syscalls.stat(d);
        assertThat(s1.mtime()).isGreaterThan(s0.mtime());
        assertThat(s1.ctime()).isGreaterThan(s0.ctime());
        tick();
        Syscalls.rename(path("d/f"), path("d/g"), 0);
        Stat s2 = Syscalls.stat(d);
        assertThat(s2.mtime()).isGreaterThan(s1.mtime());
        tick();
        Syscalls.unlink(path("d/g"));
        Stat s3 = Syscalls.stat(d);
        assertThat(s3.mtime()).isGreaterThan(s2.mtime());
        tick();
        Syscalls.mkdir(path("d/sub"), 0755);
        Stat s4 = Syscalls.stat(d);
        assertThat(s4.mtime()).isGreaterThan(s3.mtime());
        tick();
        Syscalls.rmdir(path("d/sub"));
        assertThat(Syscalls.stat(d).mtime()).isGreaterThan(s4.mtime());
    }

    @Test
    void renameAcrossDirectories_updatesBothDirectories() throws Exception {
        directory("a", 0755);
        directory("b", 0755);
        file("a/f", "x");
        Stat a0 = Syscalls.stat(path("a"));
        Stat b0 = Syscalls.stat(path("b"));
        tick();
        Syscalls.rename(path("a/f"), path("b/f"), 0);
        assertThat(Syscalls.stat(path("a")).mtime()).isGreaterThan(a0.mtime());
        assertThat(Syscalls.stat(path("b")).mtime()).isGreaterThan(b0.mtime());
    }

    @Test
    void utimensat_setsNanosecondsExactly() throws Exception {
        RawPath f = file("f", "x");
        Syscalls.utimensat(f, 1_000_000_000L, 123_456_789L, 1_234_567_890L, 987_654_321L, 0);
        Stat st = Syscalls.stat(f);
        assertThat(st.atime()).isEqualTo(1_000_000_000L * SEC + 123_456_789L);
        assertThat(st.mtime()).isEqualTo(1_234_567_890L * SEC + 987_654_321L);
    }

    @Test
    void utimensat_omitKeepsAndNowSetsCurrentTime() throws Exception {
        RawPath f = file("f", "x");
        Syscalls.utimensat(f, 100, 1, 200, 2, 0);
        Stat s0 = Syscalls.stat(f);
        tick();
        Syscalls.utimensat(f, 0, Linux.UTIME_OMIT, 300, 3, 0);
        Stat s1 = Syscalls.stat(f);
        assertThat(s1.atime()).isEqualTo(100 * SEC + 1);
        assertThat(s1.mtime()).isEqualTo(300 * SEC + 3);
        assertThat(s1.ctime()).isGreaterThan(s0.ctime());
        long before = System.currentTimeMillis() * 1_000_000L - 2 * SEC;
        Syscalls.utimensat(f, 0, Linux.UTIME_NOW, 0, Linux.UTIME_OMIT, 0);
        Stat s2 = Syscalls.stat(f);
        assertThat(s2.atime()).isGreaterThan(before);
        assertThat(s2.mtime()).isEqualTo(300 * SEC + 3);
        Syscalls.touch(f);
        assertThat(Syscalls.stat(f).mtime()).isGreaterThan(before);
        assertErrno(Errno.ENOENT,
                () -> Syscalls.touch(path("missing")));
        assertErrno(Errno.EINVAL,
                () -> Syscalls.utimensat(f, 0, 1_000_000_000L, 0, 0, 0));
    }

    @Test
    void utimensatNoFollow_setsSymlinkOwnTimes() throws Exception {
        assume(Feature.SYMLINKS);
        RawPath f = file("f", "x");
        Syscalls.utimensat(f, 50, 0, 50, 0, 0);
        Syscalls.symlink(RawPath.of("f"), path("l"));
        Syscalls.utimensat(path("l"), 70, 7, 80, 8, Linux.AT_SYMLINK_NOFOLLOW);
        assertThat(Syscalls.lstat(path("l")).mtime()).isEqualTo(80 * SEC + 8);
        assertThat(Syscalls.stat(f).mtime()).isEqualTo(50 * SEC);
    }

    @Test
    void read_doesNotChangeMtimeOrCtime() throws Exception {
        RawPath f = file("f", "abc");
        Stat s0 = Syscalls.stat(f);
        tick();
        readAll(f);
        Stat s1 = Syscalls.stat(f);
        assertThat(s1.mtime()).isEqualTo(s0.mtime());
        assertThat(s1.ctime()).isEqualTo(s0.ctime());
    }

    @Test
    void xattrChange_updatesCtime() throws Exception {
        assume(Feature.XATTRS);
        RawPath f = file("f", "x");
        Stat s0 = Syscalls.stat(f);
        tick();
        Syscalls.setxattr(f, "user.t", bytes("v"), 0, false);
        assertThat(Syscalls.stat(f).ctime()).isGreaterThan(s0.ctime());
        assertThat(Syscalls.stat(f).mtime()).isEqualTo(s0.mtime());
    }
}
