package org.jpuffs.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.jpuffs.Errno;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.Stat;
import org.jpuffs.testkit.posix.Syscalls;
import org.junit.jupiter.api.Test;

/** rename and renameat2 with NOREPLACE and EXCHANGE, and the POSIX edge cases. */
public abstract class RenameChecks extends ConformanceChecks {

    /** Creates the group. */
    protected RenameChecks() {
    }

    @Test
    void renameFile_movesAndKeepsInode() throws Exception {
        RawPath a = file("a", "data");
        long ino = Syscalls.stat(a).ino();
        directory("d", 0755);
        Syscalls.rename(a, path("d/b"), 0);
        assertErrno(Errno.ENOENT, () -> Syscalls.stat(path("a")));
        assertThat(Syscalls.stat(path("d/b")).ino()).isEqualTo(ino);
        assertThat(readAll(path("d/b"))).isEqualTo(bytes("data"));
    }

    @Test
    void renameOverFile_replacesItAtomically() throws Exception {
        file("a", "new");
        file("b", "old");
        int fd = Syscalls.open(path("b"), Linux.O_RDONLY);
        try {
            Syscalls.rename(path("a"), path("b"), 0);
            assertThat(readAll(path("b"))).isEqualTo(bytes("new"));
            // the replaced file lives on while open
            assertThat(Syscalls.fstat(fd).nlink()).isZero();
            assertThat(Syscalls.pread(fd, 10, 0)).isEqualTo(bytes("old"));
        } finally {
            Syscalls.close(fd);
        }
        assertThat(Syscalls.listDir(dir).stream().filter(e -> !e.isDot())).hasSize(1);
    }

    @Test
    void renameDirectoryOverEmptyDirectory_replacesIt() throws Exception {
        directory("a", 0755);
        file("a/inner", "x");
        directory("b", 0755);
        Syscalls.rename(path("a"), path("b"), 0);
        assertThat(readAll(path("b/inner"))).isEqualTo(bytes("x"));
        assertErrno(Errno.ENOENT, () -> Syscalls.stat(path("a")));
    }

    @Test
    void renameErrors_enotemptyEisdirEnotdirEnoent() throws Exception {
        directory("a", 0755);
        directory("full", 0755);
        file("full/x", "x");
        file("f", "x");
        assertErrno(Errno.ENOTEMPTY, () -> Syscalls.rename(path("a"), path("full"), 0));
        assertErrno(Errno.EISDIR, () -> Syscalls.rename(path("f"), path("a"), 0));
        assertErrno(Errno.ENOTDIR, () -> Syscalls.rename(path("a"), path("f"), 0));
        assertErrno(Errno.ENOENT, () -> Syscalls.rename(path("missing"), path("g"), 0));
        assertErrno(Errno.ENOENT, () -> Syscalls.rename(path("f"), path("missing/g"), 0));
        assertErrno(Errno.ENOTDIR, () -> Syscalls.rename(path("f"), path("f/g"), 0));
    }

    @Test
    void renameDirectoryIntoOwnSubtree_einval() throws Exception {
        directory("a", 0755);
        directory("a/b", 0755);
        assertErrno(Errno.EINVAL, () -> Syscalls.rename(path("a"), path("a/b/c"), 0));
        assertErrno(Errno.EINVAL, () -> Syscalls.rename(path("a"), path("a/c"), 0));
        assertThat(Syscalls.stat(path("a/b")).isDirectory()).isTrue();
    }

    @Test
    void renameToItselfOrOtherHardLink_isANoOp() throws Exception {
        file("a", "x");
        Syscalls.rename(path("a"), path("a"), 0);
        assertThat(readAll(path("a"))).isEqualTo(bytes("x"));
        if (capabilities().has(Feature.HARD_LINKS)) {
            Syscalls.link(path("a"), path("b"));
            Syscalls.rename(path("a"), path("b"), 0);
            // POSIX: both names stay when they are links to the same file
            assertThat(Syscalls.stat(path("a")).nlink()).isEqualTo(2);
            assertThat(Syscalls.stat(path("b")).nlink()).isEqualTo(2);
        }
    }

    @Test
    void renameDirectory_updatesDotDotAndParentLinkCounts() throws Exception {
        directory("p1", 0755);
        directory("p2", 0755);
        directory("p1/c", 0755);
        Syscalls.rename(path("p1/c"), path("p2/c"), 0);
        assertThat(Syscalls.stat(path("p2/c/..")).ino()).isEqualTo(Syscalls.stat(path("p2")).ino());
        if (capabilities().has(Feature.DIRECTORY_LINK_COUNTS)) {
            assertThat(Syscalls.stat(path("p1")).nlink()).isEqualTo(2);
            assertThat(Syscalls.stat(path("p2")).nlink()).isEqualTo(3);
        }
    }

    @Test
    void noReplace_failsEexistOnExistingTarget_movesOtherwise() throws Exception {
        file("a", "a");
        file("b", "b");
        assertErrno(Errno.EEXIST, () -> Syscalls.rename(path("a"), path("b"), Linux.RENAME_NOREPLACE));
        assertThat(readAll(path("b"))).isEqualTo(bytes("b"));
        Syscalls.rename(path("a"), path("c"), Linux.RENAME_NOREPLACE);
        assertThat(readAll(path("c"))).isEqualTo(bytes("a"));
    }

    @Test
    void exchange_swapsFileAndDirectoryAcrossDirectories() throws Exception {
        directory("p1", 0755);
        directory("p2", 0755);
        file("p1/x", "file");
        directory("p2/y", 0755);
        long fileIno = Syscalls.stat(path("p1/x")).ino();
        long dirIno = Syscalls.stat(path("p2/y")).ino();
        Syscalls.rename(path("p1/x"), path("p2/y"), Linux.RENAME_EXCHANGE);
        assertThat(Syscalls.stat(path("p1/x")).ino()).isEqualTo(dirIno);
        assertThat(Syscalls.stat(path("p2/y")).ino()).isEqualTo(fileIno);
        assertThat(Syscalls.stat(path("p1/x")).isDirectory()).isTrue();
        assertThat(Syscalls.stat(path("p1/x/..")).ino()).isEqualTo(Syscalls.stat(path("p1")).ino());
        if (capabilities().has(Feature.DIRECTORY_LINK_COUNTS)) {
            assertThat(Syscalls.stat(path("p1")).nlink()).isEqualTo(3);
            assertThat(Syscalls.stat(path("p2")).nlink()).isEqualTo(2);
        }
    }

    @Test
    void exchangeErrors_enoentForMissingTarget_einvalWithNoReplace() throws Exception {
        file("a", "a");
        assertErrno(Errno.ENOENT, () -> Syscalls.rename(path("a"), path("b"), Linux.RENAME_EXCHANGE));
        file("b", "b");
        assertErrno(Errno.EINVAL, () -> Syscalls.rename(path("a"), path("b"),
                Linux.RENAME_EXCHANGE | Linux.RENAME_NOREPLACE));
        Stat before = Syscalls.stat(path("a"));
        assertThat(readAll(path("a"))).isEqualTo(bytes("a"));
        assertThat(before.nlink()).isEqualTo(1);
    }

    @Test
    void exchangeDirectoryIntoOwnSubtree_einval() throws Exception {
        directory("a", 0755);
        directory("a/b", 0755);
        assertErrno(Errno.EINVAL, () -> Syscalls.rename(path("a"), path("a/b"), Linux.RENAME_EXCHANGE));
    }
}
