package org.jpuffs;

import java.util.Set;

/**
 * The answer to an open: the server's handle object for this open, and how the kernel treats it.
 * The handle is passed back on every operation through this open and to the release.
 *
 * @param handle the server's per-open state; may be {@code null}
 * @param options cache and seek behaviour of this open
 */
public record Opened(Object handle, Set<OpenOption> options) {
    private static final Opened STATELESS = new Opened(null, Set.of());

    /**
     * Copies the option set.
     *
     * @param handle the per-open state
     * @param options the options
     */
    public Opened {
        options = Set.copyOf(options);
    }

    /**
     * An open without a handle and with default caching.
     *
     * @return the shared stateless answer
     */
    public static Opened stateless() {
        return STATELESS;
    }

    /**
     * An open with a handle and default caching.
     *
     * @param handle the per-open state
     * @return the answer
     */
    public static Opened of(Object handle) {
        return new Opened(handle, Set.of());
    }
}
