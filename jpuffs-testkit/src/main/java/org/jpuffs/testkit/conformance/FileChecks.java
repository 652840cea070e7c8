package org.jpuffs.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jpuffs.testkit.posix.Linux.O_APPEND;
import static org.jpuffs.testkit.posix.Linux.O_CREAT;
import static org.jpuffs.testkit.posix.Linux.O_DIRECTORY;
import static org.jpuffs.testkit.posix.Linux.O_EXCL;
import static org.jpuffs.testkit.posix.Linux.O_NOFOLLOW;
import static org.jpuffs.testkit.posix.Linux.O_RDONLY;
import static org.jpuffs.testkit.posix.Linux.O_RDWR;
import static org.jpuffs.testkit.posix.Linux.O_TRUNC;
import static org.jpuffs.testkit.posix.Linux.O_WRONLY;

import java.util.Arrays;
import org.jpuffs.Errno;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.Stat;
import org.jpuffs.testkit.posix.Syscalls;
import org.junit.jupiter.api.Test;

/** open, read, write, truncate, fsync and their errors on regular files. */
public abstract class FileChecks extends ConformanceChecks {

    /** Creates the group. */
    protected FileChecks() {
    }

    @Test
    void createExclusive_newSucceeds_existingFailsEexist() throws Exception {
        RawPath f = path("f");
        Syscalls.close(Syscalls.open(f, O_CREAT | O_EXCL | O_WRONLY, 0644));
        assertThat(Syscalls.stat(f).isRegular()).isTrue();
        assertErrno(Errno.EEXIST, () -> Syscalls.open(f, O_CREAT | O_EXCL | O_WRONLY, 0644));
    }

    @Test
    void createAppliesModeMinusUmask() throws Exception {
        int umask = Syscalls.currentUmask();
        Syscalls.close(Syscalls.open(path("f"), O_CREAT | O_WRONLY, 0666));
        assertThat(Syscalls.stat(path("f")).perms()).isEqualTo(0666 & ~umask);
        assertThat(Syscalls.stat(path("f")).uid()).isZero();
    }

    @Test
    void openMissing_enoent() {
        assertErrno(Errno.ENOENT, () -> Syscalls.open(path("missing"), O_RDONLY));
        assertErrno(Errno.ENOENT, () -> Syscalls.open(path("missing/f"), O_CREAT | O_WRONLY, 0644));
    }

    @Test
    void fileAsPathComponent_enotdir() throws Exception {
        file("f", "x");
        assertErrno(Errno.ENOTDIR, () -> Syscalls.open(path("f/g"), O_RDONLY));
        assertErrno(Errno.ENOTDIR, () -> Syscalls.stat(path("f/g")));
        assertErrno(Errno.ENOTDIR, () -> Syscalls.open(path("f"), O_RDONLY | O_DIRECTORY));
    }

    @Test
    void openDirectoryForWriting_eisdir() throws Exception {
        directory("d", 0755);
        assertErrno(Errno.EISDIR, () -> Syscalls.open(path("d"), O_CREAT | O_WRONLY, 0644));
        int dfd = Syscalls.open(path("d"), O_RDONLY);
        try {
            assertErrno(Errno.EISDIR, () -> Syscalls.read(dfd, 10));
        } finally {
            Syscalls.close(dfd);
        }
        assertErrno(Errno.EISDIR, () -> Syscalls.open(path("d"), O_WRONLY));
        assertErrno(Errno.EISDIR, () -> Syscalls.open(path("d"), O_RDWR));
        Syscalls.close(Syscalls.open(path("d"), O_RDONLY));
    }

    @Test
    void name255BytesWorks_256FailsEnametoolong() throws Exception {
        RawPath ok = dir.resolve("n".repeat(255));
        Syscalls.close(Syscalls.open(ok, O_CREAT | O_WRONLY, 0644));
        assertThat(Syscalls.stat(ok).isRegular()).isTrue();
        assertThat(Syscalls.listDir(dir)).anyMatch(d -> d.name().length == 255);
        Syscalls.unlink(ok);
        RawPath tooLong = dir.resolve("n".repeat(256));
        assertErrno(Errno.ENAMETOOLONG, () -> Syscalls.open(tooLong, O_CREAT | O_WRONLY, 0644));
        assertErrno(Errno.ENAMETOOLONG, () -> Syscalls.mkdir(tooLong, 0755));
        assertErrno(Errno.ENAMETOOLONG, () -> Syscalls.stat(tooLong));
        // a whole path longer than PATH_MAX (4096 with its NUL)
        RawPath longPath = dir.resolve("a/".repeat(2100));
        assertErrno(Errno.ENAMETOOLONG, () -> Syscalls.stat(longPath));
    }

    @Test
    void multibyte255ByteName_works() throws Exception {
        // 85 three-byte characters: 255 bytes
        RawPath name = dir.resolve("\u20ac".repeat(85));
        assertThat(name.length() - dir.length() - 1).isEqualTo(255);
        Syscalls.close(Syscalls.open(name, O_CREAT | O_WRONLY, 0644));
        Syscalls.unlink(name);
    }

    @Test
    void writeThenRead_atOffsets_roundTrips() throws Exception {
        int fd = Syscalls.open(path("f"), O_CREAT | O_RDWR, 0644);
        try {
            assertThat(Syscalls.write(fd, bytes("hello"))).isEqualTo(5);
            assertThat(Syscalls.pwrite(fd, bytes("world"), 100)).isEqualTo(5);
            assertThat(Syscalls.fstat(fd).size()).isEqualTo(105);
            byte[] all = Syscalls.pread(fd, 200, 0);
            assertThat(all).hasSize(105);
            assertThat(Arrays.copyOfRange(all, 0, 5)).isEqualTo(bytes("hello"));
            assertThat(Arrays.copyOfRange(all, 5, 100)).containsOnly(0);
            assertThat(Arrays.copyOfRange(all, 100, 105)).isEqualTo(bytes("world"));
            assertThat(Syscalls.pread(fd, 10, 105)).isEmpty();
            assertThat(Syscalls.pread(fd, 10, 1L << 40)).isEmpty();
        } finally {
            Syscalls.close(fd);
        }
    }

    @Test
    void largeWrite_spanningManyPages_roundTrips() throws Exception {
        byte[] data = new byte[1 << 20];
        new java.util.Random(7).nextBytes(data);
        int fd = Syscalls.open(path("f"), O_CREAT | O_RDWR, 0644);
        try {
            long written = 0;
            while (written < data.length) {
                written += Syscalls.pwrite(fd, Arrays.copyOfRange(data, (int) written, data.length), 4093 + written);
            }
        } finally {
            Syscalls.close(fd);
        }
        byte[] back = readAll(path("f"));
        assertThat(back).hasSize(4093 + data.length);
        assertThat(Arrays.copyOfRange(back, 4093, back.length)).isEqualTo(data);
    }

    @Test
    void appendMode_writesAtEnd() throws Exception {
        file("f", "abc");
        int fd = Syscalls.open(path("f"), O_WRONLY | O_APPEND);
        try {
            Syscalls.pwrite(fd, bytes("de"), 0); // O_APPEND wins over the offset on Linux
            Syscalls.write(fd, bytes("f"));
        } finally {
            Syscalls.close(fd);
        }
        assertThat(readAll(path("f"))).isEqualTo(bytes("abcdef"));
    }

    @Test
    void openTruncate_emptiesFile() throws Exception {
        file("f", "abcdef");
        Syscalls.close(Syscalls.open(path("f"), O_WRONLY | O_TRUNC));
        assertThat(Syscalls.stat(path("f")).size()).isZero();
    }

    @Test
    void truncate_growReadsZeros_shrinkDropsData() throws Exception {
        file("f", "abcdef");
        Syscalls.truncate(path("f"), 3);
        Syscalls.truncate(path("f"), 8);
        assertThat(readAll(path("f"))).isEqualTo(new byte[] {'a', 'b', 'c', 0, 0, 0, 0, 0});
        int fd = Syscalls.open(path("f"), O_RDWR);
        try {
            Syscalls.ftruncate(fd, 1);
            assertThat(Syscalls.fstat(fd).size()).isEqualTo(1);
        } finally {
            Syscalls.close(fd);
        }
    }

    @Test
    void truncateErrors_einvalEisdirEnoent() throws Exception {
        file("f", "x");
        directory("d", 0755);
        assertErrno(Errno.EINVAL, () -> Syscalls.truncate(path("f"), -1));
        assertErrno(Errno.EISDIR, () -> Syscalls.truncate(path("d"), 0));
        assertErrno(Errno.ENOENT, () -> Syscalls.truncate(path("missing"), 0));
        int fd = Syscalls.open(path("f"), O_RDONLY);
        try {
            assertErrno(Errno.EINVAL, () -> Syscalls.ftruncate(fd, 0));
        } finally {
            Syscalls.close(fd);
        }
    }

    @Test
    void closedOrWrongModeDescriptor_ebadf() throws Exception {
        file("f", "abc");
        int ro = Syscalls.open(path("f"), O_RDONLY);
        int wo = Syscalls.open(path("f"), O_WRONLY);
        try {
            assertErrno(Errno.EBADF, () -> Syscalls.write(ro, bytes("x")));
            assertErrno(Errno.EBADF, () -> Syscalls.read(wo, 1));
        } finally {
            Syscalls.close(ro);
            Syscalls.close(wo);
        }
        assertErrno(Errno.EBADF, () -> Syscalls.close(ro));
        assertErrno(Errno.EBADF, () -> Syscalls.read(ro, 1));
        assertErrno(Errno.EBADF, () -> Syscalls.fsync(ro));
        assertErrno(Errno.EBADF, () -> Syscalls.fstat(ro));
        assertErrno(Errno.EBADF, () -> Syscalls.lseek(ro, 0, Linux.SEEK_SET));
        assertErrno(Errno.EBADF, () -> Syscalls.ftruncate(ro, 0));
        assertErrno(Errno.EBADF, () -> Syscalls.getdents(ro, 1024));
    }

    @Test
    void getdentsOnRegularFile_enotdir() throws Exception {
        file("f", "x");
        int fd = Syscalls.open(path("f"), O_RDONLY);
        try {
            assertErrno(Errno.ENOTDIR, () -> Syscalls.getdents(fd, 1024));
        } finally {
            Syscalls.close(fd);
        }
    }

    @Test
    void fsyncAndFdatasync_succeedOnFilesAndDirectories() throws Exception {
        int fd = Syscalls.open(path("f"), O_CREAT | O_RDWR, 0644);
        int dfd = Syscalls.open(dir, O_RDONLY | O_DIRECTORY);
        try {
            Syscalls.write(fd, bytes("x"));
            Syscalls.fsync(fd);
            Syscalls.fdatasync(fd);
            Syscalls.fsync(dfd);
        } finally {
            Syscalls.close(fd);
            Syscalls.close(dfd);
        }
    }

    @Test
    void unlinkedOpenFile_staysReadableAndWritable() throws Exception {
        file("f", "before");
        int fd = Syscalls.open(path("f"), O_RDWR);
        try {
            Syscalls.unlink(path("f"));
            assertErrno(Errno.ENOENT, () -> Syscalls.stat(path("f")));
            assertThat(Syscalls.fstat(fd).nlink()).isZero();
            assertThat(Syscalls.pwrite(fd, bytes("after!"), 6)).isEqualTo(6);
            assertThat(Syscalls.pread(fd, 100, 0)).isEqualTo(bytes("beforeafter!"));
            Syscalls.ftruncate(fd, 3);
            assertThat(Syscalls.fstat(fd).size()).isEqualTo(3);
        } finally {
            Syscalls.close(fd);
        }
        assertThat(Syscalls.listDir(dir).stream().filter(d -> !d.isDot())).isEmpty();
    }

    @Test
    void lseek_endAndCurrentAndInvalid() throws Exception {
        file("f", "0123456789");
        int fd = Syscalls.open(path("f"), O_RDONLY);
        try {
            assertThat(Syscalls.lseek(fd, -3, Linux.SEEK_END)).isEqualTo(7);
            assertThat(Syscalls.read(fd, 10)).isEqualTo(bytes("789"));
            assertThat(Syscalls.lseek(fd, -5, Linux.SEEK_CUR)).isEqualTo(5);
            assertThat(Syscalls.lseek(fd, 100, Linux.SEEK_SET)).isEqualTo(100);
            assertErrno(Errno.EINVAL, () -> Syscalls.lseek(fd, -1, Linux.SEEK_SET));
            assertErrno(Errno.EINVAL, () -> Syscalls.lseek(fd, 0, 99));
        } finally {
            Syscalls.close(fd);
        }
    }

    @Test
    void seekDataAndHole_findRegionsOfSparseFile() throws Exception {
        assume(Feature.SEEK_HOLES);
        long far = 4L << 20;
        int fd = Syscalls.open(path("f"), O_CREAT | O_RDWR, 0644);
        try {
            Syscalls.pwrite(fd, bytes("head"), 0);
            Syscalls.pwrite(fd, bytes("tail"), far);
            long size = far + 4;
            assertThat(Syscalls.lseek(fd, 0, Linux.SEEK_DATA)).isZero();
            long hole = Syscalls.lseek(fd, 0, Linux.SEEK_HOLE);
            assertThat(hole).isGreaterThanOrEqualTo(4).isLessThanOrEqualTo(far);
            long data = Syscalls.lseek(fd, hole, Linux.SEEK_DATA);
            assertThat(data).isGreaterThan(hole).isLessThanOrEqualTo(far);
            assertThat(Syscalls.lseek(fd, far, Linux.SEEK_HOLE)).isEqualTo(size);
            assertErrno(Errno.ENXIO, () -> Syscalls.lseek(fd, size, Linux.SEEK_DATA));
            assertErrno(Errno.ENXIO, () -> Syscalls.lseek(fd, size + 10, Linux.SEEK_HOLE));
            assertThat(Syscalls.pread(fd, 8, hole)).containsOnly(0);
        } finally {
            Syscalls.close(fd);
        }
    }

    @Test
    void seekData_inFileOfOnlyAHole_enxio() throws Exception {
        assume(Feature.SEEK_HOLES);
        int fd = Syscalls.open(path("f"), O_CREAT | O_RDWR, 0644);
        try {
            Syscalls.ftruncate(fd, 1 << 20);
            assertErrno(Errno.ENXIO, () -> Syscalls.lseek(fd, 0, Linux.SEEK_DATA));
            assertThat(Syscalls.lseek(fd, 0, Linux.SEEK_HOLE)).isZero();
        } finally {
            Syscalls.close(fd);
        }
    }

    @Test
    void pastMaxFileSize_efbig_atLimitWorks() throws Exception {
        long max = capabilities().maxFileSize();
        org.junit.jupiter.api.Assumptions.assumeTrue(max < Long.MAX_VALUE, "no file size limit of its own");
        int fd = Syscalls.open(path("f"), O_CREAT | O_RDWR, 0644);
        try {
            assertThat(Syscalls.pwrite(fd, bytes("z"), max - 1)).isEqualTo(1);
            assertThat(Syscalls.fstat(fd).size()).isEqualTo(max);
            assertErrno(Errno.EFBIG, () -> Syscalls.pwrite(fd, bytes("z"), max));
            assertErrno(Errno.EFBIG, () -> Syscalls.ftruncate(fd, max + 1));
            Syscalls.ftruncate(fd, 0);
            Syscalls.ftruncate(fd, max);
            assertThat(Syscalls.fstat(fd).size()).isEqualTo(max);
        } finally {
            Syscalls.close(fd);
        }
    }

    @Test
    void fallocate_extendsKeepsSizeAndPunchesHoles() throws Exception {
        assume(Feature.FALLOCATE);
        byte[] data = new byte[64 << 10];
        Arrays.fill(data, (byte) 7);
        file("f", data, 0644);
        int fd = Syscalls.open(path("f"), O_RDWR);
        try {
            Syscalls.fallocate(fd, 0, 0, 128 << 10);
            assertThat(Syscalls.fstat(fd).size()).isEqualTo(128 << 10);
            Syscalls.fallocate(fd, Linux.FALLOC_FL_KEEP_SIZE, 0, 256 << 10);
            assertThat(Syscalls.fstat(fd).size()).isEqualTo(128 << 10);
            Syscalls.fallocate(fd, Linux.FALLOC_FL_PUNCH_HOLE | Linux.FALLOC_FL_KEEP_SIZE, 4096, 8192);
            assertThat(Syscalls.fstat(fd).size()).isEqualTo(128 << 10);
            byte[] back = Syscalls.pread(fd, 64 << 10, 0);
            assertThat(Arrays.copyOfRange(back, 0, 4096)).containsOnly(7);
            assertThat(Arrays.copyOfRange(back, 4096, 12288)).containsOnly(0);
            assertThat(Arrays.copyOfRange(back, 12288, back.length)).containsOnly(7);
            assertThat(Syscalls.pread(fd, 64 << 10, 64 << 10)).containsOnly(0);
        } finally {
            Syscalls.close(fd);
        }
    }

    @Test
    void fallocateErrors_einvalEbadfEopnotsupp() throws Exception {
        assume(Feature.FALLOCATE);
        file("f", "abc");
        int fd = Syscalls.open(path("f"), O_RDWR);
        int ro = Syscalls.open(path("f"), O_RDONLY);
        try {
            assertErrno(Errno.EINVAL, () -> Syscalls.fallocate(fd, 0, 0, 0));
            assertErrno(Errno.EINVAL, () -> Syscalls.fallocate(fd, 0, -1, 10));
            assertErrno(Errno.EOPNOTSUPP, () -> Syscalls.fallocate(fd, Linux.FALLOC_FL_PUNCH_HOLE, 0, 1));
            assertErrno(Errno.EBADF, () -> Syscalls.fallocate(ro, 0, 0, 10));
        } finally {
            Syscalls.close(fd);
            Syscalls.close(ro);
        }
    }

    @Test
    void fallocateZeroRange_zeroesOrIsUnsupported() throws Exception {
        file("f", "abcdefgh");
        int fd = Syscalls.open(path("f"), O_RDWR);
        try {
            if (capabilities().has(Feature.ZERO_RANGE)) {
                Syscalls.fallocate(fd, Linux.FALLOC_FL_ZERO_RANGE, 2, 3);
                assertThat(Syscalls.pread(fd, 8, 0)).isEqualTo(new byte[] {'a', 'b', 0, 0, 0, 'f', 'g', 'h'});
            } else {
                assertErrno(Errno.EOPNOTSUPP, () -> Syscalls.fallocate(fd, Linux.FALLOC_FL_ZERO_RANGE, 2, 3));
            }
        } finally {
            Syscalls.close(fd);
        }
    }

    @Test
    void copyFileRange_copiesBytesAndRejectsOverlapAndBadFds() throws Exception {
        assume(Feature.COPY_FILE_RANGE);
        file("src", "0123456789");
        file("dst", "");
        int in = Syscalls.open(path("src"), O_RDONLY);
        int out = Syscalls.open(path("dst"), O_RDWR);
        int same = Syscalls.open(path("src"), O_RDWR);
        try {
            assertThat(Syscalls.copyFileRange(in, 2, out, 5, 4)).isEqualTo(4);
            assertThat(Syscalls.pread(out, 20, 0)).isEqualTo(new byte[] {0, 0, 0, 0, 0, '2', '3', '4', '5'});
            assertThat(Syscalls.copyFileRange(in, 10, out, 0, 4)).isZero();
            assertErrno(Errno.EINVAL, () -> Syscalls.copyFileRange(same, 0, same, 2, 5));
            assertErrno(Errno.EBADF, () -> Syscalls.copyFileRange(out, 0, in, 0, 1));
        } finally {
            Syscalls.close(in);
            Syscalls.close(out);
            Syscalls.close(same);
        }
    }

    @Test
    void tmpfile_isUnnamedUntilLinked() throws Exception {
        assume(Feature.TMPFILE);
        int fd = Syscalls.open(dir, Linux.O_TMPFILE | O_RDWR, 0640);
        try {
            Syscalls.write(fd, bytes("anon"));
            Stat st = Syscalls.fstat(fd);
            assertThat(st.nlink()).isZero();
            assertThat(st.isRegular()).isTrue();
            assertThat(Syscalls.listDir(dir).stream().filter(d -> !d.isDot())).isEmpty();
            Syscalls.linkat(fd, RawPath.of(new byte[0]), Linux.AT_FDCWD, path("named"), Linux.AT_EMPTY_PATH);
            assertThat(Syscalls.fstat(fd).nlink()).isEqualTo(1);
            assertThat(Syscalls.stat(path("named")).ino()).isEqualTo(st.ino());
        } finally {
            Syscalls.close(fd);
        }
        assertThat(readAll(path("named"))).isEqualTo(bytes("anon"));
    }

    @Test
    void tmpfileExclusive_cannotBeLinked_enoent() throws Exception {
        assume(Feature.TMPFILE);
        int fd = Syscalls.open(dir, Linux.O_TMPFILE | O_EXCL | O_RDWR, 0600);
        try {
            assertErrno(Errno.ENOENT, () -> Syscalls.linkat(fd, RawPath.of(new byte[0]), Linux.AT_FDCWD,
                    path("named"), Linux.AT_EMPTY_PATH));
        } finally {
            Syscalls.close(fd);
        }
        assertErrno(Errno.ENOENT, () -> Syscalls.open(path("missing"), Linux.O_TMPFILE | O_RDWR, 0600));
    }

    @Test
    void noFollowOnSymlink_eloop() throws Exception {
        assume(Feature.SYMLINKS);
        file("target", "x");
        Syscalls.symlink(RawPath.of("target"), path("link"));
        assertErrno(Errno.ELOOP, () -> Syscalls.open(path("link"), O_RDONLY | O_NOFOLLOW));
        Syscalls.close(Syscalls.open(path("link"), O_RDONLY));
    }
}
