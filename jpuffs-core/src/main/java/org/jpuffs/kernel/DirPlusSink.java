package org.jpuffs.kernel;

import org.jpuffs.DirEntry;

/**
 * Where readdirplus entries go: each directory entry with the entry of its node.
 */
@FunctionalInterface
public interface DirPlusSink {
    /**
     * Adds one entry with its node.
     *
     * @param dirEntry the directory entry
     * @param entry its node; node id 0 when it vanished before its lookup, or for "." and ".."
     * @return true when it fit (the node's lookup then counts); false when the reply is full
     */
    boolean add(DirEntry dirEntry, NodeEntry entry);
}
