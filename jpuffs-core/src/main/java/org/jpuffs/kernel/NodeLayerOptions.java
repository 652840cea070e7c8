package org.jpuffs.kernel;

import java.time.Duration;

/**
 * Settings of the node layer.
 *
 * @param drainBound how long shutdown waits for running requests
 * @param entryTtl when not {@code null}, the entry TTL of every entry, whatever the server said
 *     (the {@code entry_timeout} mount option)
 * @param attrTtl when not {@code null}, the attribute TTL of every entry and attribute reply
 * @param negativeTtl when not {@code null}, the TTL of every absent name
 */
public record NodeLayerOptions(Duration drainBound, Duration entryTtl, Duration attrTtl, Duration negativeTtl) {
    /**
     * Settings with a drain bound and the server's own TTLs.
     *
     * @param drainBound how long shutdown waits for running requests
     */
    public NodeLayerOptions(Duration drainBound) {
        this(drainBound, null, null, null);
    }

    /**
     * The defaults: a five-second drain bound, the server's own TTLs.
     *
     * @return the defaults
     */
    public static NodeLayerOptions defaults() {
        return new NodeLayerOptions(Duration.ofSeconds(5));
    }

    /**
     * A copy whose TTLs override the server's where not {@code null}.
     *
     * @param entry the entry TTL, or null
     * @param attr the attribute TTL, or null
     * @param negative the negative-entry TTL, or null
     * @return the copy
     */
    public NodeLayerOptions withTtls(Duration entry, Duration attr, Duration negative) {
        return new NodeLayerOptions(drainBound, entry, attr, negative);
    }
}
