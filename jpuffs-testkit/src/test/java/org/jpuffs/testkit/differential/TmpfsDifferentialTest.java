package org.jpuffs.testkit.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.jpuffs.testkit.posix.SyscallException;
import org.jpuffs.testkit.mount.Mountpoints;
import org.jpuffs.testkit.mount.TmpfsMount;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.Syscalls;
import org.jpuffs.testkit.posix.Tree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The differential run, tmpfs against tmpfs: must agree on every step. What the comparison leaves
 * out (each may legitimately differ between two correct file systems):
 * <ul>
 *   <li>inode and device numbers (hard links compared as a partition of names)</li>
 *   <li>st_blocks, st_blksize</li>
 *   <li>directory sizes and directory link counts</li>
 *   <li>atime, mtime, ctime, btime</li>
 *   <li>readdir order, d_ino, d_off, d_type</li>
 *   <li>statfs</li>
 *   <li>hole layout (zero 4 KiB blocks equal holes; SEEK_DATA/SEEK_HOLE offsets)</li>
 *   <li>security.* xattrs</li>
 * </ul>
 * The authoritative list is {@link DifferentialRun#NORMALISED}; this test checks they match.
 */
@Timeout(120)
class TmpfsDifferentialTest {
    private Mountpoints mountpoints;
    private TmpfsMount a;
    private TmpfsMount b;

    @BeforeEach
    void mountTwoTmpfs() throws Exception {
        mountpoints = new Mountpoints();
        a = TmpfsMount.mount(mountpoints.create("a"), "size=512m,mode=0755");
        b = TmpfsMount.mount(mountpoints.create("b"), "size=512m,mode=0755");
    }

    @AfterEach
    void unmount() throws Exception {
        try {
            b.close();
            a.close();
        } finally {
            mountpoints.release();
        }
    }

    @Test
    void fixedSeed_fewThousandOps_tmpfsAgreesWithTmpfs() throws Exception {
        DifferentialReport r = DifferentialRun.run(a.root(), b.root(), 20261203L, 5000);
        assertThat(r.passed()).as(r.toString()).isTrue();
        assertThat(r.stepsRun()).isEqualTo(5000);
        // the run must reach the error paths, not only the happy ones
        assertThat(r.errnos()).containsKeys("ENOENT", "EEXIST", "ENOTDIR", "EISDIR", "ENOTEMPTY", "EBADF");
        assertThat(r.kinds()).containsKeys("Write", "Rename", "Link", "Symlink", "SetXattr", "Truncate");
        try (var s = Files.list(a.root())) {
            assertThat(s).as("a passed run leaves nothing behind").isEmpty();
        }
    }

    @Test
    void sideThatRunsOutOfSpace_isReportedAtTheDivergingStep() throws Exception {
        try (TmpfsMount tiny = TmpfsMount.mount(mountpoints.create("tiny"), "size=64k,mode=0755")) {
            DifferentialReport r = DifferentialRun.run(tiny.root(), b.root(), 20261203L, 5000);
            assertThat(r.passed()).isFalse();
            assertThat(r.stepsRun()).isLessThan(5000);
            // a short write or ENOSPC, whichever comes first
            assertThat(r.mismatches().getFirst()).startsWith("step ").contains("under test");
            Tree.remove(RawPath.of(tiny.root()));
        } catch (SyscallException e) {
            // removeTree of the root itself fails (it is a mountpoint); its contents are gone
            assertThat(e.errno()).isEqualTo(16);
        }
        try (var s = Files.list(b.root())) {
            s.forEach(p -> {
                try {
                    Tree.remove(RawPath.of(p));
                } catch (SyscallException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Test
    void finalTrees_equalForZerosVersusHole_differentForOneByte() throws Exception {
        RawPath x = RawPath.of(a.root()).resolve("x");
        RawPath y = RawPath.of(b.root()).resolve("y");
        Syscalls.mkdir(x, 0755);
        Syscalls.mkdir(y, 0755);
        int fx = Syscalls.open(x.resolve("f"), Linux.O_CREAT | Linux.O_RDWR, 0644);
        int fy = Syscalls.open(y.resolve("f"), Linux.O_CREAT | Linux.O_RDWR, 0644);
        try {
            Syscalls.pwrite(fx, new byte[20000], 0);           // written zeros
            Syscalls.ftruncate(fy, 20000);                      // a hole
            Syscalls.pwrite(fx, "end".getBytes(), 1L << 40);    // far data on both
            Syscalls.pwrite(fy, "end".getBytes(), 1L << 40);
            List<String> same = new ArrayList<>();
            DifferentialRun.compareTrees(x, y, same);
            assertThat(same).isEmpty();
            Syscalls.pwrite(fy, new byte[] {1}, 12345);
            List<String> differ = new ArrayList<>();
            DifferentialRun.compareTrees(x, y, differ);
            assertThat(differ).singleElement().asString().contains("final tree at f");
        } finally {
            Syscalls.close(fx);
            Syscalls.close(fy);
        }
    }

    @Test
    void normalisedList_isDocumented() {
        assertThat(DifferentialRun.NORMALISED).hasSize(8);
    }
}
