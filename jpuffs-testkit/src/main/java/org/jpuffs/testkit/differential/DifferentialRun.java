package org.jpuffs.testkit.differential;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jpuffs.testkit.mount.Mountpoints;
import org.jpuffs.testkit.mount.TmpfsMount;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.SyscallException;
import org.jpuffs.testkit.posix.Syscalls;
import org.jpuffs.testkit.posix.Tree;

/**
 * Differential testing: one seeded random sequence of operations (create, write at random offsets
 * below 8 TiB, truncate, punch hole, link, symlink, rename with flags, unlink, mkdir, rmdir, chmod,
 * chown, mknod, xattrs, descriptors kept open across steps, OFD locks...) runs on the directory under
 * test and on a reference directory (tmpfs) side by side. Every step's result and errno must be
 * equal, and so must the final trees. What legitimately differs is normalised away: see
 * {@link #NORMALISED}.
 *
 * <p>Runs as root (chown, trusted.* xattrs). Each run works in a fresh subdirectory of both
 * directories and removes it when it passes (kept for inspection when it fails).
 */
public final class DifferentialRun {
    private DifferentialRun() {
    }

    /** What is left out of every comparison, and why it may differ between correct file systems. */
    public static final List<String> NORMALISED = List.of(
            "inode and device numbers (hard links are compared as a partition of names instead)",
            "st_blocks and st_blksize (allocation granularity is the file system's business)",
            "directory sizes and directory link counts (tmpfs counts, FUSE servers may report 0 or 1)",
            "atime, mtime, ctime, btime (clocks differ; the conformance suite checks the update rules)",
            "readdir order and d_ino/d_off/d_type (names are compared as sorted sets)",
            "statfs figures (sizes and limits are per mount)",
            "hole layout: contents are compared block-wise with all-zero 4 KiB blocks left out, so a "
                    + "written run of zeros equals a hole, and SEEK_DATA/SEEK_HOLE offsets are not compared",
            "security.* xattrs (set by LSMs, not by the operations)");

    /** Stop after this many mismatches; after the first divergence the sides' states differ anyway. */
    private static final int MAX_MISMATCHES = 20;

    /**
     * Runs {@code ops} operations from {@code seed} on both directories and compares.
     *
     * @param underTest the directory under test (for example a memfs mount)
     * @param reference the reference directory (a tmpfs)
     * @param seed      the seed; the same seed gives the same operations
     * @param ops       how many operations
     * @return the report; {@link DifferentialReport#passed()} tells the verdict
     * @throws IOException if a side's working directory cannot be made or removed
     */
    public static DifferentialReport run(Path underTest, Path reference, long seed, int ops) throws IOException {
        long start = System.nanoTime();
        String runName = "differential-" + Long.toHexString(seed) + "-" + Long.toHexString(System.nanoTime());
        Side test = new Side(RawPath.of(underTest).resolve(runName));
        Side ref = new Side(RawPath.of(reference).resolve(runName));
        Syscalls.mkdir(test.root, 0755);
        Syscalls.mkdir(ref.root, 0755);
        Syscalls.chmod(test.root, 0755);
        Syscalls.chmod(ref.root, 0755);
        List<String> mismatches = new ArrayList<>();
        Map<String, Integer> kinds = new TreeMap<>();
        Map<String, Integer> errnos = new TreeMap<>();
        OperationGenerator gen = new OperationGenerator(seed);
        int step = 0;
        try {
            for (; step < ops && mismatches.isEmpty(); step++) {
                Operation op = gen.next();
                Outcome a = op.apply(test);
                Outcome b = op.apply(ref);
                kinds.merge(op.kind(), 1, Integer::sum);
                if (b.errno() != 0) {
                    errnos.merge(Syscalls.errnoName(b.errno()), 1, Integer::sum);
                }
                if (!a.equals(b)) {
                    mismatches.add("step " + step + " " + op + ": under test " + a + ", reference " + b);
                }
            }
        } finally {
            test.closeAll();
            ref.closeAll();
        }
        if (mismatches.isEmpty()) {
            compareTrees(test.root, ref.root, mismatches);
        }
        if (mismatches.isEmpty()) {
            Tree.remove(test.root);
            Tree.remove(ref.root);
        } else {
            mismatches.add("trees kept for inspection: " + test.root + " and " + ref.root);
        }
        return new DifferentialReport(seed, ops, step, List.copyOf(mismatches), kinds, errnos,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Compares two trees as the end of a run does; adds one line per differing path. */
    static void compareTrees(RawPath test, RawPath ref, List<String> mismatches) throws SyscallException {
        Map<String, String> a = TreeSnapshot.of(test);
        Map<String, String> b = TreeSnapshot.of(ref);
        TreeSet<String> all = new TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        for (String p : all) {
            if (!Objects.equals(a.get(p), b.get(p)) && mismatches.size() < MAX_MISMATCHES) {
                mismatches.add("final tree at " + p + ": under test " + a.get(p) + ", reference " + b.get(p));
            }
        }
    }

    /**
     * A long soak by hand. With two directories: {@code DifferentialRun DIR_UNDER_TEST DIR_REFERENCE
     * [SEED] [OPS] [CHUNK]}; without directories ({@code [SEED] [OPS] [CHUNK]}) it mounts two private tmpfs itself (root only) as a
     * self-check of the kit. Runs OPS operations in chunks of CHUNK (default 100,000; each chunk a
     * fresh tree, seeds SEED, SEED+1, ...) and exits non-zero at the first failing chunk.
     *
     * @param args see above
     * @throws Exception on setup failure
     */
    public static void main(String[] args) throws Exception {
        // directories first when given; a leading number is the seed of a self-check on two tmpfs
        boolean own = args.length == 0 || args[0].matches("-?\\d+");
        int base = own ? 0 : 2;
        long seed = args.length > base ? Long.parseLong(args[base]) : System.nanoTime();
        long ops = args.length > base + 1 ? Long.parseLong(args[base + 1]) : 1_000_000L;
        int chunk = args.length > base + 2 ? Integer.parseInt(args[base + 2]) : 100_000;
        Mountpoints mountpoints = own ? new Mountpoints() : null;
        TmpfsMount first = own ? TmpfsMount.mount(mountpoints.create("under-test"), "size=4g,mode=0755") : null;
        TmpfsMount second = own ? TmpfsMount.mount(mountpoints.create("reference"), "size=4g,mode=0755") : null;
        int status = 0;
        try {
            Path underTest = own ? first.root() : Path.of(args[0]);
            Path reference = own ? second.root() : Path.of(args[1]);
            long done = 0;
            for (long s = seed; done < ops; s++) {
                int n = (int) Math.min(chunk, ops - done);
                DifferentialReport r = run(underTest, reference, s, n);
                done += r.stepsRun();
                System.out.print(r);
                System.out.println("  total " + done + "/" + ops);
                if (!r.passed()) {
                    status = 1;
                    break;
                }
            }
            System.out.println("normalised: " + String.join("; ", NORMALISED));
        } finally {
            if (own) {
                second.close();
                first.close();
                mountpoints.release();
            }
        }
        System.exit(status);
    }
}
