package org.jpuffs.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.jpuffs.Errno;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.Stat;
import org.jpuffs.testkit.posix.Syscalls;
import org.junit.jupiter.api.Test;

/** Hard links, link counts, symlinks, readlink, ELOOP, and mknod of special files. */
public abstract class LinkChecks extends ConformanceChecks {

    /** Creates the group. */
    protected LinkChecks() {
    }

    @Test
    void hardLink_sharesInodeAndCountsLinks() throws Exception {
        assume(Feature.HARD_LINKS);
        RawPath a = file("a", "data");
        Syscalls.link(a, path("b"));
        Stat sa = Syscalls.stat(a);
        Stat sb = Syscalls.stat(path("b"));
        assertThat(sb.ino()).isEqualTo(sa.ino());
        assertThat(sa.nlink()).isEqualTo(2);
        directory("sub", 0755);
        Syscalls.link(path("b"), path("sub/c"));
        assertThat(Syscalls.stat(a).nlink()).isEqualTo(3);
        Syscalls.unlink(a);
        assertThat(Syscalls.stat(path("b")).nlink()).isEqualTo(2);
        assertThat(readAll(path("sub/c"))).isEqualTo(bytes("data"));
        int fd = Syscalls.open(path("b"), Linux.O_WRONLY | Linux.O_APPEND);
        Syscalls.write(fd, bytes("+"));
        Syscalls.close(fd);
        assertThat(readAll(path("sub/c"))).isEqualTo(bytes("data+"));
    }

    @Test
    void linkErrors_eexistEnoentEpermForDirectory() throws Exception {
        assume(Feature.HARD_LINKS);
        file("a", "x");
        file("b", "y");
        directory("d", 0755);
        assertErrno(Errno.EEXIST, () -> Syscalls.link(path("a"), path("b")));
        assertErrno(Errno.ENOENT, () -> Syscalls.link(path("missing"), path("c")));
        assertErrno(Errno.ENOENT, () -> Syscalls.link(path("a"), path("missing/c")));
        assertErrno(Errno.EPERM, () -> Syscalls.link(path("d"), path("d2")));
        assertErrno(Errno.ENOTDIR, () -> Syscalls.link(path("a"), path("b/c")));
    }

    @Test
    void symlink_storesTargetBytesVerbatim() throws Exception {
        assume(Feature.SYMLINKS);
        byte[] target = {'.', '.', '/', (byte) 0xff, 'x', '/', '/', 'y'};
        Syscalls.symlink(RawPath.of(target), path("l"));
        assertThat(Syscalls.readlink(path("l")).bytes()).isEqualTo(target);
        Stat st = Syscalls.lstat(path("l"));
        assertThat(st.isSymlink()).isTrue();
        assertThat(st.size()).isEqualTo(target.length);
        assertErrno(Errno.ENOENT, () -> Syscalls.stat(path("l")));
    }

    @Test
    void longSymlinkTarget_4095BytesWorks() throws Exception {
        assume(Feature.SYMLINKS);
        byte[] target = ("a/".repeat(2047) + "b").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(target).hasSize(4095);
        Syscalls.symlink(RawPath.of(target), path("l"));
        assertThat(Syscalls.readlink(path("l")).bytes()).isEqualTo(target);
        assertErrno(Errno.ENAMETOOLONG, () -> Syscalls.symlink(RawPath.of("a".repeat(4096)), path("l2")));
    }

    @Test
    void symlinkResolution_followsToTargetAndThroughDirectories() throws Exception {
        assume(Feature.SYMLINKS);
        directory("d", 0755);
        file("d/f", "inside");
        Syscalls.symlink(RawPath.of("d"), path("ld"));
        Syscalls.symlink(RawPath.of("ld/f"), path("lf"));
        assertThat(readAll(path("ld/f"))).isEqualTo(bytes("inside"));
        assertThat(readAll(path("lf"))).isEqualTo(bytes("inside"));
        assertThat(Syscalls.stat(path("lf")).ino()).isEqualTo(Syscalls.stat(path("d/f")).ino());
    }

    @Test
    void symlinkErrors_eexistEinvalEloop() throws Exception {
        assume(Feature.SYMLINKS);
        file("f", "x");
        Syscalls.symlink(RawPath.of("f"), path("l"));
        assertErrno(Errno.EEXIST, () -> Syscalls.symlink(RawPath.of("g"), path("l")));
        assertErrno(Errno.EEXIST, () -> Syscalls.symlink(RawPath.of("g"), path("f")));
        assertErrno(Errno.EINVAL, () -> Syscalls.readlink(path("f")));
        assertErrno(Errno.ENOENT, () -> Syscalls.readlink(path("missing")));
        Syscalls.symlink(RawPath.of("loop2"), path("loop1"));
        Syscalls.symlink(RawPath.of("loop1"), path("loop2"));
        assertErrno(Errno.ELOOP, () -> Syscalls.stat(path("loop1")));
        assertErrno(Errno.ELOOP, () -> Syscalls.open(path("loop1/x"), Linux.O_RDONLY));
        assertThat(Syscalls.lstat(path("loop1")).isSymlink()).isTrue();
    }

    @Test
    void createThroughDanglingSymlink_createsTheTarget_exclusiveFailsEexist() throws Exception {
        assume(Feature.SYMLINKS);
        Syscalls.symlink(RawPath.of("target"), path("l"));
        assertErrno(Errno.EEXIST, () -> Syscalls.open(path("l"), Linux.O_CREAT | Linux.O_EXCL | Linux.O_WRONLY, 0644));
        Syscalls.close(Syscalls.open(path("l"), Linux.O_CREAT | Linux.O_WRONLY, 0644));
        assertThat(Syscalls.lstat(path("target")).isRegular()).isTrue();
        assertThat(Syscalls.lstat(path("l")).isSymlink()).isTrue();
    }

    @Test
    void linkToSymlink_linksTheLinkItself() throws Exception {
        assume(Feature.HARD_LINKS);
        assume(Feature.SYMLINKS);
        Syscalls.symlink(RawPath.of("nowhere"), path("l"));
        Syscalls.link(path("l"), path("l2"));
        assertThat(Syscalls.lstat(path("l2")).isSymlink()).isTrue();
        assertThat(Syscalls.lstat(path("l")).nlink()).isEqualTo(2);
    }

    @Test
    void mknodFifoAndSocket_haveTheirTypes() throws Exception {
        assume(Feature.SPECIAL_FILES);
        Syscalls.mknod(path("fifo"), Linux.S_IFIFO | 0640, 0);
        Syscalls.mknod(path("sock"), Linux.S_IFSOCK | 0640, 0);
        assertThat(Syscalls.lstat(path("fifo")).type()).isEqualTo(Linux.S_IFIFO);
        assertThat(Syscalls.lstat(path("fifo")).perms()).isEqualTo(0640 & ~Syscalls.currentUmask());
        assertThat(Syscalls.lstat(path("sock")).type()).isEqualTo(Linux.S_IFSOCK);
        // a FIFO opened non-blocking for reading works without a writer and reads end of file
        int fd = Syscalls.open(path("fifo"), Linux.O_RDONLY | Linux.O_NONBLOCK);
        try {
            assertThat(Syscalls.read(fd, 10)).isEmpty();
            assertErrno(Errno.ESPIPE, () -> Syscalls.lseek(fd, 0, Linux.SEEK_SET));
        } finally {
            Syscalls.close(fd);
        }
        assertErrno(Errno.EEXIST, () -> Syscalls.mknod(path("fifo"), Linux.S_IFIFO | 0640, 0));
        // with no reader, a non-blocking open for writing fails
        assertErrno(Errno.ENXIO, () -> Syscalls.open(path("fifo"), Linux.O_WRONLY | Linux.O_NONBLOCK));
        assertErrno(Errno.ENOENT, () -> Syscalls.mknod(path("missing/fifo"), Linux.S_IFIFO | 0640, 0));
    }

    @Test
    void mknodDevices_keepTheirDeviceNumbers() throws Exception {
        assume(Feature.DEVICE_NODES);
        long dev = Linux.makedev(1, 3);
        Syscalls.mknod(path("null"), Linux.S_IFCHR | 0666, dev);
        Syscalls.mknod(path("blk"), Linux.S_IFBLK | 0600, Linux.makedev(7, 200));
        Stat c = Syscalls.lstat(path("null"));
        assertThat(c.type()).isEqualTo(Linux.S_IFCHR);
        assertThat(c.rdev()).isEqualTo(dev);
        assertThat(Syscalls.lstat(path("blk")).rdev()).isEqualTo(Linux.makedev(7, 200));
    }
}
