package org.jpuffs.memfs.mounted;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.jpuffs.FileType;
import org.jpuffs.memfs.MemFsOptions;
import org.jpuffs.testkit.differential.DifferentialReport;
import org.jpuffs.testkit.differential.DifferentialRun;
import org.jpuffs.testkit.mount.Mountpoints;
import org.jpuffs.testkit.mount.TmpfsMount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The differential run: one seeded random sequence of operations on memfs through a real FUSE mount
 * and on a private tmpfs; every step's result and errno, and the final trees, must be equal.
 *
 * <p>What the comparison leaves out, because two correct file systems may differ there
 * ({@link DifferentialRun#NORMALISED} is the authoritative list): inode and device numbers (hard
 * links compared as a partition of names), st_blocks and st_blksize, directory sizes and directory
 * link counts, all times, readdir order and d_ino/d_off/d_type, statfs figures, hole layout (all-zero
 * 4 KiB blocks equal holes; SEEK_DATA/SEEK_HOLE offsets not compared), security.* xattrs.
 *
 * <p>A longer soak runs by hand against {@code jpuffs mount memfs}: {@code bench/memfs-soak.sh}.
 */
@Timeout(600)
class MountedMemfsDifferentialTest {
    private static final long SEED = Long.getLong("memfs.mounted.diff.seed", 20261203L);
    private static final int OPS = Integer.getInteger("memfs.mounted.diff.ops", 5000);

    @Test
    void fixedSeed_fewThousandOps_memfsThroughTheMountAgreesWithTmpfs() throws Exception {
        Mountpoints tmpfsMountpoints = new Mountpoints();
        try (MountedMemfs memfs = MountedMemfs.mount(MemFsOptions.defaults().withSize(2L << 30)
                .withRoot(FileType.DIRECTORY, 0755));
                TmpfsMount tmpfs = TmpfsMount.mount(tmpfsMountpoints.create("tmpfs"), "size=2g,mode=0755")) {
            DifferentialReport r = DifferentialRun.run(memfs.root(), tmpfs.root(), SEED, OPS);
            assertThat(r.passed()).as(r.toString()).isTrue();
            assertThat(r.stepsRun()).isEqualTo(OPS);
            // the run must have reached the error paths, not only the happy ones
            assertThat(r.errnos()).containsKeys("ENOENT", "EEXIST", "ENOTDIR", "EISDIR", "ENOTEMPTY", "EBADF");
            assertThat(r.kinds()).containsKeys("Write", "Rename", "Link", "Symlink", "SetXattr", "Truncate");
            try (var s = Files.list(memfs.root())) {
                assertThat(s).as("a passed run leaves nothing behind").isEmpty();
            }
            // unlinked files are freed at reclaim, which follows the kernel's (asynchronous) FORGET
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (memfs.memfs().usedBytes() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(memfs.memfs().usedBytes()).as("every page freed once the run's tree is gone").isZero();
        } finally {
            tmpfsMountpoints.release();
        }
    }
}
