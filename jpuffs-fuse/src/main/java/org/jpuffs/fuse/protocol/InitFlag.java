package org.jpuffs.fuse.protocol;

import java.util.EnumSet;
import java.util.Set;

/**
 * The INIT capability flags, 64 bits wide: bits 0..31 travel in {@code flags}, bits 32..63 in
 * {@code flags2} (only when {@link #INIT_EXT} is set on both sides).
 */
public enum InitFlag {
    ASYNC_READ(0), POSIX_LOCKS(1), FILE_OPS(2), ATOMIC_O_TRUNC(3), EXPORT_SUPPORT(4), BIG_WRITES(5),
    DONT_MASK(6), SPLICE_WRITE(7), SPLICE_MOVE(8), SPLICE_READ(9), FLOCK_LOCKS(10), HAS_IOCTL_DIR(11),
    AUTO_INVAL_DATA(12), DO_READDIRPLUS(13), READDIRPLUS_AUTO(14), ASYNC_DIO(15), WRITEBACK_CACHE(16),
    NO_OPEN_SUPPORT(17), PARALLEL_DIROPS(18), HANDLE_KILLPRIV(19), POSIX_ACL(20), ABORT_ERROR(21),
    MAX_PAGES(22), CACHE_SYMLINKS(23), NO_OPENDIR_SUPPORT(24), EXPLICIT_INVAL_DATA(25), MAP_ALIGNMENT(26),
    SUBMOUNTS(27), HANDLE_KILLPRIV_V2(28), SETXATTR_EXT(29), INIT_EXT(30), INIT_RESERVED(31),
    SECURITY_CTX(32), HAS_INODE_DAX(33), CREATE_SUPP_GROUP(34), HAS_EXPIRE_ONLY(35), DIRECT_IO_ALLOW_MMAP(36),
    PASSTHROUGH(37), NO_EXPORT_SUPPORT(38), HAS_RESEND(39), ALLOW_IDMAP(40), OVER_IO_URING(41),
    REQUEST_TIMEOUT(42);

    private static final InitFlag[] VALUES = values();

    private final int bit;

    InitFlag(int bit) {
        this.bit = bit;
    }

    /**
     * The bit's position in the 64-bit flag word.
     *
     * @return 0..63
     */
    public int bit() {
        return bit;
    }

    /**
     * The flag as a mask of the 64-bit word.
     *
     * @return {@code 1L << bit}
     */
    public long mask() {
        return 1L << bit;
    }

    /**
     * The known flags set in a 64-bit word.
     *
     * @param word the flags
     * @return the set flags
     */
    public static EnumSet<InitFlag> decode(long word) {
        EnumSet<InitFlag> set = EnumSet.noneOf(InitFlag.class);
        for (InitFlag f : VALUES) {
            if ((word & f.mask()) != 0) {
                set.add(f);
            }
        }
        return set;
    }

    /**
     * The 64-bit word of a set of flags.
     *
     * @param flags the flags
     * @return the word
     */
    public static long encode(Set<InitFlag> flags) {
        long word = 0;
        for (InitFlag f : flags) {
            word |= f.mask();
        }
        return word;
    }
}
