package org.jpuffs.kernel;

import org.jpuffs.Attributes;

/**
 * An entry as a front end sends it: a node id instead of the server's cookie. A negative entry
 * (the name is absent) has node id 0 and only its entry TTL is meaningful.
 *
 * @param nodeId the node id (FUSE nodeid); 0 for a negative entry
 * @param generation the node's generation (constant: node ids are never reused within a mount)
 * @param attributes the attributes, with {@code ino} filled in; {@code null} for a negative entry
 * @param entryTtlNanos how long the name binding may be cached
 * @param attrTtlNanos how long the attributes may be cached
 */
public record NodeEntry(long nodeId, long generation, Attributes attributes, long entryTtlNanos, long attrTtlNanos) {
    /**
     * Whether this is a negative entry.
     *
     * @return true when the name is absent
     */
    public boolean isNegative() {
        return nodeId == 0;
    }
}
