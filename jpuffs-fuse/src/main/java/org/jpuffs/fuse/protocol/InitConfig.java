package org.jpuffs.fuse.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tunables jpuffs offers in INIT. Which capabilities are wanted also follows from the ops the
 * server implements ({@link InitNegotiation}); these are the choices left to the mount.
 *
 * @param maxWrite the most bytes per WRITE (and READ); rounded to whole pages, capped by max_pages
 * @param maxPagesLimit the kernel's max_pages limit (/proc/sys/fs/fuse/max_pages_limit)
 * @param maxBackground the most background requests (readahead, async direct I/O)
 * @param congestionThreshold background requests at which the kernel throttles
 * @param maxReadahead the most readahead bytes; 0 takes what the kernel offers
 * @param timeGranNanos timestamp granularity in nanoseconds (1, 10, ..., 10^9)
 * @param readdirPlus whether to ask for READDIRPLUS
 * @param parallelDirops allow lookups and readdirs in one directory to run in parallel
 * @param asyncRead several READs of one file at once
 * @param writebackCache the kernel caches writes (it then owns mtime/size, may READ on write-only
 *     handles, handles O_APPEND itself, and write(2) no longer reports ENOSPC synchronously)
 * @param handleKillprivV2 the server clears suid/sgid itself on write, chown, truncate
 * @param posixAcl the kernel enforces POSIX ACLs stored in xattrs (needs getXattr and setXattr)
 * @param cacheSymlinks the kernel caches READLINK answers
 * @param explicitInvalData cached data is dropped only when the server says so (else: when mtime or
 *     size change, FUSE_AUTO_INVAL_DATA)
 * @param noOpenSupport an ENOSYS open makes opens stateless for the mount's life
 * @param noOpendirSupport the same for opendir
 * @param exportSupport the server answers LOOKUP of "." and ".." (NFS export); off by default, the
 *     capability is then refused explicitly with FUSE_NO_EXPORT_SUPPORT
 * @param abortError reads after an abort fail with ECONNABORTED instead of ENODEV
 * @param requestTimeoutSeconds the kernel aborts the connection when a request stays unanswered
 *     this long; 0 for never
 */
public record InitConfig(int maxWrite, int maxPagesLimit, int maxBackground, int congestionThreshold,
        int maxReadahead, int timeGranNanos, ReaddirPlus readdirPlus, boolean parallelDirops, boolean asyncRead,
        boolean writebackCache, boolean handleKillprivV2, boolean posixAcl, boolean cacheSymlinks,
        boolean explicitInvalData, boolean noOpenSupport, boolean noOpendirSupport, boolean exportSupport,
        boolean abortError, int requestTimeoutSeconds) {

    /** Whether and how to ask for READDIRPLUS. */
    public enum ReaddirPlus {
        /** Plain READDIR only. */
        OFF,
        /** READDIRPLUS always. */
        ON,
        /** The kernel chooses per directory (READDIRPLUS_AUTO). */
        AUTO
    }

    /** The kernel's default max_pages limit when /proc does not say. */
    public static final int DEFAULT_MAX_PAGES_LIMIT = 256;

    /**
     * The defaults: 1 MiB writes (capped by the kernel's page limit), readdirplus auto, parallel
     * dirops, async read, no writeback cache, nanosecond timestamps.
     *
     * @return the defaults
     */
    public static InitConfig defaults() {
        return new InitConfig(1 << 20, readMaxPagesLimit(Path.of("/proc/sys/fs/fuse/max_pages_limit")), 64, 48, 0,
                1, ReaddirPlus.AUTO, true, true, false, false, false, false, false, true, true, false, false, 0);
    }

    /**
     * The kernel's max_pages limit.
     *
     * @param file normally /proc/sys/fs/fuse/max_pages_limit
     * @return the limit, or {@link #DEFAULT_MAX_PAGES_LIMIT} when unreadable
     */
    public static int readMaxPagesLimit(Path file) {
        // Files.readString reads a sysctl file in one size-hinted gulp and gets only its first byte
        // ("2" for "256"), so read it line-wise
        try (java.io.BufferedReader r = Files.newBufferedReader(file)) {
            String line = r.readLine();
            int v = line == null ? 0 : Integer.parseInt(line.trim());
            return v > 0 ? Math.min(v, 65535) : DEFAULT_MAX_PAGES_LIMIT;
        } catch (IOException | NumberFormatException e) {
            return DEFAULT_MAX_PAGES_LIMIT;
        }
    }

    /**
     * A copy with another writeback-cache choice.
     *
     * @param on the choice
     * @return the copy
     */
    public InitConfig withWritebackCache(boolean on) {
        return new InitConfig(maxWrite, maxPagesLimit, maxBackground, congestionThreshold, maxReadahead,
                timeGranNanos, readdirPlus, parallelDirops, asyncRead, on, handleKillprivV2, posixAcl, cacheSymlinks,
                explicitInvalData, noOpenSupport, noOpendirSupport, exportSupport, abortError, requestTimeoutSeconds);
    }

    /**
     * A copy with another max_write.
     *
     * @param bytes the most bytes per WRITE
     * @return the copy
     */
    public InitConfig withMaxWrite(int bytes) {
        return new InitConfig(bytes, maxPagesLimit, maxBackground, congestionThreshold, maxReadahead,
                timeGranNanos, readdirPlus, parallelDirops, asyncRead, writebackCache, handleKillprivV2, posixAcl,
                cacheSymlinks, explicitInvalData, noOpenSupport, noOpendirSupport, exportSupport, abortError,
                requestTimeoutSeconds);
    }

    /**
     * A copy with other POSIX ACL and killpriv choices.
     *
     * @param acl POSIX ACLs
     * @param killprivV2 server-side suid/sgid clearing
     * @return the copy
     */
    public InitConfig withPosixAcl(boolean acl, boolean killprivV2) {
        return new InitConfig(maxWrite, maxPagesLimit, maxBackground, congestionThreshold, maxReadahead,
                timeGranNanos, readdirPlus, parallelDirops, asyncRead, writebackCache, killprivV2, acl,
                cacheSymlinks, explicitInvalData, noOpenSupport, noOpendirSupport, exportSupport, abortError,
                requestTimeoutSeconds);
    }

    /**
     * A copy sized for a session: max_write and the max_pages limit, each capped by what the
     * transport's request buffers hold.
     *
     * @param bytes the most bytes per WRITE
     * @param pages the most pages per request
     * @return the copy
     */
    public InitConfig withLimits(int bytes, int pages) {
        return new InitConfig(bytes, pages, maxBackground, congestionThreshold, maxReadahead,
                timeGranNanos, readdirPlus, parallelDirops, asyncRead, writebackCache, handleKillprivV2, posixAcl,
                cacheSymlinks, explicitInvalData, noOpenSupport, noOpendirSupport, exportSupport, abortError,
                requestTimeoutSeconds);
    }

    /**
     * A copy with other background-request limits; 0 keeps the current value.
     *
     * @param background max_background, or 0
     * @param congestion congestion_threshold, or 0
     * @return the copy
     */
    public InitConfig withBackground(int background, int congestion) {
        return new InitConfig(maxWrite, maxPagesLimit, background > 0 ? background : maxBackground,
                congestion > 0 ? congestion : congestionThreshold, maxReadahead, timeGranNanos, readdirPlus,
                parallelDirops, asyncRead, writebackCache, handleKillprivV2, posixAcl, cacheSymlinks,
                explicitInvalData, noOpenSupport, noOpendirSupport, exportSupport, abortError, requestTimeoutSeconds);
    }
}
