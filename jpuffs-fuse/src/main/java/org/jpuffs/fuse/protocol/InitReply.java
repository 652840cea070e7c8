package org.jpuffs.fuse.protocol;

/**
 * What a server answers to INIT ({@code struct fuse_init_out}).
 *
 * @param major the major version
 * @param minor the agreed minor version
 * @param maxReadahead the most readahead bytes
 * @param flags the 64-bit capability word; bits 32..63 go out in flags2 (with INIT_EXT)
 * @param maxBackground the most background requests
 * @param congestionThreshold when the kernel considers the mount congested
 * @param maxWrite the most bytes in one WRITE
 * @param timeGran timestamp granularity in nanoseconds (a power of 10 up to 10^9)
 * @param maxPages the most pages in one request (with MAX_PAGES)
 * @param maxStackDepth stacking depth for passthrough (with PASSTHROUGH)
 * @param requestTimeout seconds before the kernel aborts a stuck request (with REQUEST_TIMEOUT), 0 for none
 */
public record InitReply(int major, int minor, int maxReadahead, long flags, int maxBackground,
        int congestionThreshold, int maxWrite, int timeGran, int maxPages, int maxStackDepth, int requestTimeout) {
}
