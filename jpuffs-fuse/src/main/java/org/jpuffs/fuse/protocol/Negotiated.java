package org.jpuffs.fuse.protocol;

import java.util.List;
import java.util.Set;

/**
 * The outcome of INIT: what the kernel offered, what was agreed, and the sizes the session needs.
 *
 * @param kernelMinor the minor version the kernel offered
 * @param offered the kernel's capabilities
 * @param agreed the capabilities in force (wanted and offered)
 * @param reply the INIT answer sent
 * @param refusals one line per wanted capability that is not in force, with the reason
 */
public record Negotiated(int kernelMinor, Set<InitFlag> offered, Set<InitFlag> agreed, InitReply reply,
        List<String> refusals) {
    /**
     * Copies the sets.
     */
    public Negotiated {
        offered = Set.copyOf(offered);
        agreed = Set.copyOf(agreed);
        refusals = List.copyOf(refusals);
    }

    /**
     * Whether a capability is in force.
     *
     * @param flag the capability
     * @return true when agreed
     */
    public boolean has(InitFlag flag) {
        return agreed.contains(flag);
    }

    /**
     * The agreed minor version.
     *
     * @return the minor
     */
    public int minor() {
        return reply.minor();
    }

    /**
     * The most bytes per WRITE the kernel will send.
     *
     * @return max_write
     */
    public int maxWrite() {
        return reply.maxWrite();
    }

    /**
     * The most bytes the kernel asks for in one READ (max_pages pages; a mount's max_read can lower it).
     *
     * @return the bytes
     */
    public int maxRead() {
        return Math.max(reply.maxPages(), 1) * 4096;
    }

    /**
     * The size each request buffer must have: the kernel refuses to read a request into a smaller one.
     * Large enough for a WRITE of max_write and for a SETXATTR with a 64 KiB value.
     *
     * @return bytes, a multiple of 4096
     */
    public int requestBufferSize() {
        int write = FuseAbi.IN_HEADER + FuseAbi.WRITE_IN + maxWrite();
        int xattr = FuseAbi.IN_HEADER + FuseAbi.SETXATTR_IN + 256 + 65536;
        int n = Math.max(FuseAbi.MIN_READ_BUFFER, Math.max(write, xattr));
        return (n + 4095) & ~4095;
    }

    /**
     * The size each reply buffer must have: a READ of {@link #maxRead()}, a 64 KiB xattr value, or
     * the largest fixed reply.
     *
     * @return bytes
     */
    public int replyBufferSize() {
        return FuseAbi.OUT_HEADER + Math.max(Math.max(maxRead(), 65536), FuseAbi.STATX_OUT);
    }

    /**
     * One line saying what was agreed, for the log and the mount's report.
     *
     * @return the line
     */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("FUSE ").append(reply.major()).append('.').append(reply.minor())
                .append(" agreed (kernel offered 7.").append(kernelMinor).append("): max_write=")
                .append(reply.maxWrite()).append(" max_pages=").append(reply.maxPages())
                .append(" max_readahead=").append(reply.maxReadahead())
                .append(" max_background=").append(reply.maxBackground())
                .append(" congestion_threshold=").append(reply.congestionThreshold())
                .append(" time_gran=").append(reply.timeGran()).append(" capabilities=");
        boolean first = true;
        for (InitFlag f : InitFlag.values()) {
            if (agreed.contains(f)) {
                sb.append(first ? "" : ",").append(f.name());
                first = false;
            }
        }
        return sb.toString();
    }
}
