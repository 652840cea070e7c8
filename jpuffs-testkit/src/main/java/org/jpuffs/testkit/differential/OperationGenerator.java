package org.jpuffs.testkit.differential;

import java.util.SplittableRandom;
import org.jpuffs.testkit.posix.Linux;

/**
 * Draws a seeded sequence of operations. Names come from a small alphabet at depth one to three,
 * so operations keep colliding with what earlier ones made: most error paths (EEXIST, ENOTDIR,
 * ENOTEMPTY, EISDIR, ELOOP, EINVAL...) are reached without being aimed at. The sequence depends
 * on the seed alone, never on outcomes, so both sides see the same steps.
 */
final class OperationGenerator {
    /** Offsets and sizes range up to 8 TiB, memfs's largest file. */
    static final long MAX_OFFSET = 8L << 40;
    private static final String[] NAMES = {"a", "b", "c", "d", "\u00e9", "f\u00f6"};
    private static final String[] XATTRS = {"user.one", "user.two", "user.three", "trusted.t"};
    private static final int[] UIDS = {0, 1000, 1001, 65534, -1};

    private final SplittableRandom random;

    OperationGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    private String path() {
        int depth = 1 + (random.nextInt(10) < 5 ? 0 : random.nextInt(10) < 7 ? 1 : 2);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(NAMES[random.nextInt(NAMES.length)]);
        }
        return sb.toString();
    }

    /** Mostly small offsets (where files overlap and holes are short), sometimes anywhere below 8 TiB. */
    private long offset() {
        return switch (random.nextInt(10)) {
            case 0, 1 -> random.nextLong(MAX_OFFSET);
            case 2 -> MAX_OFFSET - 1 - random.nextLong(1 << 20);
            case 3, 4, 5 -> random.nextLong(1 << 20);
            default -> random.nextLong(1 << 16);
        };
    }

    /** Keeps a write's end at or below 8 TiB: beyond it memfs must refuse and tmpfs need not. */
    private static long below8TiB(long offset, int length) {
        return Math.min(offset, MAX_OFFSET - length);
    }

    private byte[] data() {
        int len = switch (random.nextInt(10)) {
            case 0 -> 0;
            case 1, 2 -> random.nextInt(1, 16 << 10);
            default -> random.nextInt(1, 600);
        };
        byte[] b = new byte[len];
        if (random.nextInt(8) != 0) {
            for (int i = 0; i < len; i++) {
                b[i] = (byte) random.nextInt(256);
            }
        } // else: all zeros, written data that must still compare equal to a hole
        return b;
    }

    private int mode() {
        return random.nextInt(4) == 0 ? random.nextInt(07777 + 1) : 0600 + random.nextInt(0200);
    }

    Operation next() {
        int r = random.nextInt(100);
        if (r < 9) {
            return new Operation.Create(path(), mode(), random.nextBoolean());
        } else if (r < 19) {
            byte[] d = data();
            return new Operation.Write(path(), below8TiB(offset(), d.length), d);
        } else if (r < 23) {
            return new Operation.Read(path(), offset(), random.nextInt(1, 8192));
        } else if (r < 28) {
            return new Operation.Truncate(path(), random.nextInt(3) == 0 ? offset() : random.nextLong(8192));
        } else if (r < 30) {
            return new Operation.PunchHole(path(), random.nextLong(1 << 20), random.nextLong(1, 1 << 18));
        } else if (r < 37) {
            return new Operation.Mkdir(path(), mode() | 0700);
        } else if (r < 41) {
            return new Operation.Rmdir(path());
        } else if (r < 47) {
            return new Operation.Unlink(path());
        } else if (r < 51) {
            return new Operation.Link(path(), path());
        } else if (r < 54) {
            // relative targets without "..": a link never points out of the run's tree
            return new Operation.Symlink(path(), path());
        } else if (r < 55) {
            return new Operation.ReadLink(path());
        } else if (r < 61) {
            int flags = switch (random.nextInt(6)) {
                case 0 -> Linux.RENAME_NOREPLACE;
                case 1 -> Linux.RENAME_EXCHANGE;
                default -> 0;
            };
            return new Operation.Rename(path(), path(), flags);
        } else if (r < 64) {
            return new Operation.Chmod(path(), random.nextInt(07777 + 1));
        } else if (r < 66) {
            return new Operation.Chown(path(), UIDS[random.nextInt(UIDS.length)], UIDS[random.nextInt(UIDS.length)],
                    random.nextBoolean());
        } else if (r < 67) {
            return new Operation.MakeNode(path(), (random.nextBoolean() ? Linux.S_IFIFO : Linux.S_IFSOCK) | 0644);
        } else if (r < 71) {
            return new Operation.StatPath(path(), random.nextBoolean());
        } else if (r < 73) {
            return new Operation.ListDir(random.nextInt(4) == 0 ? "." : path());
        } else if (r < 77) {
            int flags = switch (random.nextInt(4)) {
                case 0 -> Linux.XATTR_CREATE;
                case 1 -> Linux.XATTR_REPLACE;
                default -> 0;
            };
            byte[] v = new byte[random.nextInt(0, 300)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (byte) random.nextInt(256);
            }
            return new Operation.SetXattr(path(), XATTRS[random.nextInt(XATTRS.length)], v, flags);
        } else if (r < 79) {
            return new Operation.GetXattr(path(), XATTRS[random.nextInt(XATTRS.length)]);
        } else if (r < 80) {
            return new Operation.RemoveXattr(path(), XATTRS[random.nextInt(XATTRS.length)]);
        } else if (r < 81) {
            return new Operation.ListXattr(path());
        } else if (r < 85) {
            int flags = switch (random.nextInt(5)) {
                case 0 -> Linux.O_RDONLY;
                case 1 -> Linux.O_WRONLY | Linux.O_CREAT;
                case 2 -> Linux.O_RDWR | Linux.O_TRUNC;
                default -> Linux.O_RDWR;
            };
            return new Operation.OpenSlot(random.nextInt(Side.SLOTS), path(), flags);
        } else if (r < 87) {
            return new Operation.CloseSlot(random.nextInt(Side.SLOTS));
        } else if (r < 92) {
            byte[] d = data();
            return new Operation.SlotWrite(random.nextInt(Side.SLOTS), below8TiB(offset(), d.length), d);
        } else if (r < 94) {
            return new Operation.SlotRead(random.nextInt(Side.SLOTS), offset(), random.nextInt(1, 8192));
        } else if (r < 96) {
            return new Operation.SlotTruncate(random.nextInt(Side.SLOTS), random.nextLong(1 << 20));
        } else if (r < 98) {
            return new Operation.SlotStat(random.nextInt(Side.SLOTS));
        } else {
            short type = switch (random.nextInt(3)) {
                case 0 -> Linux.F_RDLCK;
                case 1 -> Linux.F_WRLCK;
                default -> Linux.F_UNLCK;
            };
            return new Operation.SlotLock(random.nextInt(Side.SLOTS), type, random.nextLong(100), random.nextLong(100));
        }
    }
}
