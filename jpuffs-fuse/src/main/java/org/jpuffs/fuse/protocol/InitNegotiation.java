package org.jpuffs.fuse.protocol;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jpuffs.kernel.Op;

/**
 * Chooses the INIT answer from the kernel's offer, the ops the server implements and the mount's
 * tunables. Pure; the dispatcher logs {@link Negotiated#summary()} and each refusal.
 *
 * <p>Rules: locks (POSIX_LOCKS, FLOCK_LOCKS) only with setLock, else the kernel keeps locks
 * locally; READDIRPLUS(_AUTO) only with lookup and readDir; POSIX_ACL only with getXattr and
 * setXattr; CACHE_SYMLINKS only with readLink; HAS_IOCTL_DIR only with ioctl; EXPORT_SUPPORT only
 * when configured (the server must answer "." and ".."), else NO_EXPORT_SUPPORT so the kernel
 * refuses NFS export cleanly. DAX, submounts, security contexts, supplementary groups, idmap,
 * io_uring, splice and passthrough are not offered.
 */
public final class InitNegotiation {
    private InitNegotiation() {
    }

    /**
     * Negotiates.
     *
     * @param init the kernel's INIT (major 7, minor at least {@link FuseAbi#MIN_MINOR})
     * @param ops the ops the server implements
     * @param config the tunables
     * @return the outcome
     */
    public static Negotiated negotiate(Request.Init init, Set<Op> ops, InitConfig config) {
        Set<InitFlag> offered = InitFlag.decode(init.flags());
        Set<InitFlag> wanted = EnumSet.noneOf(InitFlag.class);
        List<String> refusals = new ArrayList<>();

        want(wanted, config.asyncRead(), InitFlag.ASYNC_READ);
        wantIf(wanted, refusals, ops.contains(Op.SETLK), InitFlag.POSIX_LOCKS,
                "the server does not implement setLock (the kernel keeps POSIX locks locally)");
        wantIf(wanted, refusals, ops.contains(Op.SETLK), InitFlag.FLOCK_LOCKS,
                "the server does not implement setLock (the kernel keeps flock locks locally)");
        if (config.exportSupport()) {
            wantIf(wanted, refusals, ops.contains(Op.LOOKUP), InitFlag.EXPORT_SUPPORT,
                    "the server does not implement lookup");
        } else {
            want(wanted, true, InitFlag.NO_EXPORT_SUPPORT);
        }
        want(wanted, true, InitFlag.BIG_WRITES);
        wantIf(wanted, refusals, ops.contains(Op.IOCTL), InitFlag.HAS_IOCTL_DIR, null);
        if (config.explicitInvalData()) {
            want(wanted, true, InitFlag.EXPLICIT_INVAL_DATA);
        } else {
            want(wanted, true, InitFlag.AUTO_INVAL_DATA);
        }
        if (config.readdirPlus() != InitConfig.ReaddirPlus.OFF) {
            boolean can = ops.contains(Op.LOOKUP) && ops.contains(Op.READDIR);
            String why = "the server does not implement " + (ops.contains(Op.LOOKUP) ? "readDir" : "lookup");
            wantIf(wanted, refusals, can, InitFlag.DO_READDIRPLUS, why);
            if (config.readdirPlus() == InitConfig.ReaddirPlus.AUTO) {
                wantIf(wanted, refusals, can, InitFlag.READDIRPLUS_AUTO, why);
            }
        }
        want(wanted, true, InitFlag.ASYNC_DIO);
        want(wanted, config.writebackCache(), InitFlag.WRITEBACK_CACHE);
        want(wanted, config.noOpenSupport(), InitFlag.NO_OPEN_SUPPORT);
        want(wanted, config.noOpendirSupport(), InitFlag.NO_OPENDIR_SUPPORT);
        want(wanted, config.parallelDirops(), InitFlag.PARALLEL_DIROPS);
        if (config.posixAcl()) {
            boolean xattrs = ops.contains(Op.GETXATTR) && ops.contains(Op.SETXATTR);
            wantIf(wanted, refusals, xattrs, InitFlag.POSIX_ACL, "the server does not implement getXattr and setXattr");
            // with ACLs the kernel must not apply the umask itself: a parent's default ACL replaces it
            // (the dispatcher applies it when the parent has none)
            want(wanted, xattrs, InitFlag.DONT_MASK);
        }
        want(wanted, config.handleKillprivV2(), InitFlag.HANDLE_KILLPRIV_V2);
        want(wanted, config.abortError(), InitFlag.ABORT_ERROR);
        want(wanted, true, InitFlag.MAX_PAGES);
        if (config.cacheSymlinks()) {
            wantIf(wanted, refusals, ops.contains(Op.READLINK), InitFlag.CACHE_SYMLINKS,
                    "the server does not implement readLink");
        }
        want(wanted, true, InitFlag.SETXATTR_EXT);
        want(wanted, true, InitFlag.INIT_EXT);
        // kernel capabilities echoed so both sides agree they are in force
        want(wanted, true, InitFlag.HAS_EXPIRE_ONLY);
        want(wanted, true, InitFlag.HAS_RESEND);
        want(wanted, true, InitFlag.DIRECT_IO_ALLOW_MMAP);
        want(wanted, config.requestTimeoutSeconds() > 0, InitFlag.REQUEST_TIMEOUT);

        EnumSet<InitFlag> agreed = EnumSet.noneOf(InitFlag.class);
        for (InitFlag w : wanted) {
            if (offered.contains(w)) {
                agreed.add(w);
            } else {
                refusals.add(w + " refused: the kernel (7." + init.minor() + ") does not offer it");
            }
        }
        if (!agreed.contains(InitFlag.INIT_EXT)) {
            // without INIT_EXT the kernel never reads flags2
            agreed.removeIf(f -> f.bit() >= 32);
        }

        int minor = Math.min(init.minor(), FuseAbi.MAX_MINOR);
        int pageLimit = Math.max(1, config.maxPagesLimit());
        int maxPages = agreed.contains(InitFlag.MAX_PAGES)
                ? Math.min(pageLimit, Math.max(1, (config.maxWrite() + 4095) / 4096)) : 32;
        int maxWrite = Math.max(4096, Math.min(config.maxWrite(), maxPages * 4096));
        int readahead = config.maxReadahead() > 0 ? Math.min(config.maxReadahead(), init.maxReadahead())
                : init.maxReadahead();
        int background = clampU16(config.maxBackground());
        int congestion = clampU16(Math.min(config.congestionThreshold(), background));
        InitReply reply = new InitReply(FuseAbi.MAJOR, minor, readahead, InitFlag.encode(agreed), background,
                congestion, maxWrite, timeGran(config.timeGranNanos()), maxPages, 0,
                agreed.contains(InitFlag.REQUEST_TIMEOUT) ? clampU16(config.requestTimeoutSeconds()) : 0);
        return new Negotiated(init.minor(), offered, agreed, reply, refusals);
    }

    private static void want(Set<InitFlag> wanted, boolean yes, InitFlag flag) {
        if (yes) {
            wanted.add(flag);
        }
    }

    private static void wantIf(Set<InitFlag> wanted, List<String> refusals, boolean can, InitFlag flag,
            String whyNot) {
        if (can) {
            wanted.add(flag);
        } else if (whyNot != null) {
            refusals.add(flag + " refused: " + whyNot);
        }
    }

    private static int clampU16(int v) {
        return Math.max(1, Math.min(v, 65535));
    }

    /** The kernel takes a power of ten between 1 and 10^9; anything else becomes the next one up. */
    private static int timeGran(int nanos) {
        int g = 1;
        while (g < nanos && g < 1_000_000_000) {
            g *= 10;
        }
        return g;
    }
}
