package org.jpuffs;

import java.time.Duration;
import java.util.Objects;

/**
 * A node handed to the kernel: by lookup, create, mkdir, mknod, symlink, link and tmpfile. Each
 * entry handed out counts one lookup on the node (see {@link FileServer#reclaim}).
 *
 * @param cookie the server's identity of the node (equal cookies are the same node)
 * @param attributes the node's attributes
 * @param entryTtl how long the kernel may cache the name-to-node binding
 * @param attrTtl how long the kernel may cache the attributes, also for later getAttr answers
 * @param <C> the server's cookie type
 */
public record Entry<C>(C cookie, Attributes attributes, Duration entryTtl, Duration attrTtl) implements Lookup<C> {

    /**
     * Checks that the cookie and attributes are present and the TTLs not negative.
     *
     * @param cookie the node's cookie
     * @param attributes the attributes
     * @param entryTtl the entry TTL
     * @param attrTtl the attribute TTL
     */
    public Entry {
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(entryTtl, "entryTtl");
        Objects.requireNonNull(attrTtl, "attrTtl");
    }

    /**
     * An entry that the kernel caches for one second, name and attributes (the libfuse default).
     *
     * @param cookie the node's cookie
     * @param attributes the attributes
     * @param <C> the server's cookie type
     * @return the entry
     */
    public static <C> Entry<C> of(C cookie, Attributes attributes) {
        return new Entry<>(cookie, attributes, Duration.ofSeconds(1), Duration.ofSeconds(1));
    }
}
