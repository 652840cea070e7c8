package org.jpuffs.kernel;

import java.time.Duration;

/**
 * Settings of the node layer.
 *
 * @param drainBound how long shutdown waits for running requests
 */
public record NodeLayerOptions(Duration drainBound) {
    /**
     * The defaults: a five-second drain bound.
     *
     * @return the defaults
     */
    public static NodeLayerOptions defaults() {
        return new NodeLayerOptions(Duration.ofSeconds(5));
    }
}
