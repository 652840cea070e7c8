package org.jpuffs.kernel;

/**
 * One live cookie as the kernel knows it (puffs's {@code puffs_node}): its node id, the kernel's
 * lookup count, the pins of running requests, and the attribute TTL of the entry that introduced it.
 * The mutable fields are guarded by the {@link NodeTable}'s lock.
 *
 * @param <C> the server's cookie type
 */
final class Node<C> {
    /** In the table; requests and entries may reach it. */
    static final byte LIVE = 0;
    /** Left the table by id; its reclaim is running outside the lock. */
    static final byte RECLAIMING = 1;
    /** Reclaimed: the lifetime is over. */
    static final byte GONE = 2;

    final C cookie;
    final long id;
    final long attrTtlNanos;
    long lookups;
    int pins;
    byte state = LIVE;

    Node(C cookie, long id, long attrTtlNanos) {
        this.cookie = cookie;
        this.id = id;
        this.attrTtlNanos = attrTtlNanos;
    }

    @Override
    public String toString() {
        return "node " + id + " (" + cookie + ")";
    }
}
