package org.jpuffs.memfs;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jpuffs.FileName;
import org.jpuffs.FileType;

/**
 * A directory: names to nodes, plus a second index by listing offset. Each entry gets the next value
 * of a per-directory counter when it is inserted; a listing resumes after an offset with
 * {@code byOffset.tailMap(offset)}, so entries that stay put are neither skipped nor repeated however
 * many others come and go. Offsets 1 and 2 are "." and "..". Guarded by {@link #lock}.
 */
final class Directory extends Node {
    /** Offset after "."; the offset after ".." is {@code DOT_DOT_OFFSET}. */
    static final long DOT_OFFSET = 1;
    static final long DOT_DOT_OFFSET = 2;

    record Slot(FileName name, Node node, long offset) {
    }

    private final Map<FileName, Slot> byName = new HashMap<>();
    private final NavigableMap<Long, Slot> byOffset = new TreeMap<>();
    private long nextOffset = DOT_DOT_OFFSET + 1;
    /** The parent; the root's parent is itself. Changed only under {@link MemFs}'s rename lock. */
    volatile Directory parent;

    Directory(long ino, int permissions, int uid, int gid, Instant now) {
        super(ino, FileType.DIRECTORY, permissions, uid, gid, now);
        nlink = 2;
        parent = this;
    }

    Node get(FileName name) {
        Slot s = byName.get(name);
        return s == null ? null : s.node;
    }

    void put(FileName name, Node node) {
        Slot old = byName.remove(name);
        if (old != null) {
            byOffset.remove(old.offset);
        }
        Slot slot = new Slot(name, node, nextOffset++);
        byName.put(name, slot);
        byOffset.put(slot.offset, slot);
    }

    Node remove(FileName name) {
        Slot s = byName.remove(name);
        if (s == null) {
            return null;
        }
        byOffset.remove(s.offset);
        return s.node;
    }

    /** Swaps the node behind an existing name in place: the entry keeps its listing offset. */
    void replace(FileName name, Node node) {
        Slot old = byName.get(name);
        Slot slot = new Slot(name, node, old.offset);
        byName.put(name, slot);
        byOffset.put(slot.offset, slot);
    }

    boolean isEmpty() {
        return byName.isEmpty();
    }

    int entryCount() {
        return byName.size();
    }

    /** Entries after {@code offset}, in offset order. */
    Iterable<Slot> after(long offset) {
        return byOffset.tailMap(offset, false).values();
    }

    Iterable<Slot> slots() {
        return byName.values();
    }

    @Override
    long size() {
        // what tmpfs reports: a nominal size per entry, so "empty" is visible in ls -l
        return (long) (byName.size() + 2) * 20;
    }
}
