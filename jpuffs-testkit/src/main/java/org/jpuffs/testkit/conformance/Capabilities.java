package org.jpuffs.testkit.conformance;

import java.util.EnumSet;
import java.util.Set;

/**
 * What the conformance suite may expect of the file system under test.
 *
 * @param features    supported features
 * @param maxFileSize the largest size a file may reach; beyond it writes and truncates fail with
 *                    EFBIG. {@link Long#MAX_VALUE} means the kernel's own limit, which the suite does
 *                    not probe.
 */
public record Capabilities(Set<Feature> features, long maxFileSize) {

    /** Copies the set so a caller cannot change it afterwards. */
    public Capabilities {
        features = features.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(features));
    }

    /**
     * Everything tmpfs has: all features but ZERO_RANGE, no file size limit of its own.
     *
     * @return tmpfs's capabilities
     */
    public static Capabilities tmpfs() {
        return all().without(Feature.ZERO_RANGE);
    }

    /**
     * Every feature, no size limit.
     *
     * @return the full set
     */
    public static Capabilities all() {
        return new Capabilities(EnumSet.allOf(Feature.class), Long.MAX_VALUE);
    }

    /**
     * Drops features.
     *
     * @param dropped features the server lacks
     * @return a copy without them
     */
    public Capabilities without(Feature... dropped) {
        EnumSet<Feature> s = features.isEmpty() ? EnumSet.noneOf(Feature.class) : EnumSet.copyOf(features);
        for (Feature f : dropped) {
            s.remove(f);
        }
        return new Capabilities(s, maxFileSize);
    }

    /**
     * Sets the file size limit.
     *
     * @param bytes the largest allowed size
     * @return a copy with the limit
     */
    public Capabilities withMaxFileSize(long bytes) {
        return new Capabilities(features, bytes);
    }

    /**
     * Whether a feature is supported.
     *
     * @param f the feature
     * @return true if present
     */
    public boolean has(Feature f) {
        return features.contains(f);
    }
}
