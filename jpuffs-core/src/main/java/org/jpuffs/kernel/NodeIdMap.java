package org.jpuffs.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Node id to node, O(1), without boxing: open addressing with linear probing over the nodes
 * themselves (a node carries its id), kept at most half full. About 8 to 16 bytes per node, where a
 * {@code HashMap<Long, Node>} costs some 56. Not thread-safe: the {@link NodeTable} lock guards it.
 *
 * @param <C> the server's cookie type
 */
final class NodeIdMap<C> {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Node<C>[] slots = newSlots(16);
    private int shift = 64 - 4;
    private int size;

    Node<C> get(long id) {
        Node<C>[] s = slots;
        int mask = s.length - 1;
        for (int i = home(id); ; i = (i + 1) & mask) {
            Node<C> n = s[i];
            if (n == null || n.id == id) {
                return n;
            }
        }
    }

    /** Adds a node whose id is not in the map. */
    void put(Node<C> n) {
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        insert(slots, n);
        size++;
    }

    /** Removes the node with {@code id}, closing the gap so probes stay unbroken (backward shift). */
    Node<C> remove(long id) {
        Node<C>[] s = slots;
        int mask = s.length - 1;
        int hole = home(id);
        while (s[hole] != null && s[hole].id != id) {
            hole = (hole + 1) & mask;
        }
        Node<C> removed = s[hole];
        if (removed == null) {
            return null;
        }
        s[hole] = null;
        size--;
        for (int j = (hole + 1) & mask; s[j] != null; j = (j + 1) & mask) {
            int k = home(s[j].id);
            // s[j] may fill the hole unless its home lies cyclically in (hole, j]
            boolean stays = hole <= j ? (k > hole && k <= j) : (k > hole || k <= j);
            if (!stays) {
                s[hole] = s[j];
                s[j] = null;
                hole = j;
            }
        }
        return removed;
    }

    int size() {
        return size;
    }

    /** A snapshot of the nodes. */
    List<Node<C>> values() {
        List<Node<C>> all = new ArrayList<>(size);
        for (Node<C> n : slots) {
            if (n != null) {
                all.add(n);
            }
        }
        return all;
    }

    private int home(long id) {
        return (int) ((id * GOLDEN) >>> shift);
    }

    private void insert(Node<C>[] s, Node<C> n) {
        int mask = s.length - 1;
        int i = home(n.id);
        while (s[i] != null) {
            i = (i + 1) & mask;
        }
        s[i] = n;
    }

    private void grow() {
        Node<C>[] old = slots;
        slots = newSlots(old.length * 2);
        shift--;
        for (Node<C> n : old) {
            if (n != null) {
                insert(slots, n);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <C> Node<C>[] newSlots(int length) {
        return (Node<C>[]) new Node<?>[length];
    }
}
