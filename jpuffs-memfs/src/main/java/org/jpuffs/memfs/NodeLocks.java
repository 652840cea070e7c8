package org.jpuffs.memfs;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Holds the locks of several nodes, taken in ascending inode order so that two ops locking
 * overlapping sets can never deadlock. Duplicates and nulls are skipped.
 */
final class NodeLocks implements AutoCloseable {
    private final Node[] nodes;

    private NodeLocks(Node[] nodes) {
        this.nodes = nodes;
    }

    static NodeLocks lock(Node... nodes) {
        Node[] sorted = Arrays.stream(nodes).filter(n -> n != null).distinct()
                .sorted(Comparator.comparingLong(n -> n.ino)).toArray(Node[]::new);
        int taken = 0;
        try {
            for (Node n : sorted) {
                n.lock.lock();
                taken++;
            }
        } catch (RuntimeException | Error e) {
            for (int i = taken - 1; i >= 0; i--) {
                sorted[i].lock.unlock();
            }
            throw e;
        }
        return new NodeLocks(sorted);
    }

    @Override
    public void close() {
        for (int i = nodes.length - 1; i >= 0; i--) {
            nodes[i].lock.unlock();
        }
    }
}
