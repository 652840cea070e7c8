package org.jpuffs.kernel;

import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jpuffs.AttrField;
import org.jpuffs.Attributes;
import org.jpuffs.SetAttributes;

/**
 * The metadata cache of a front end that is itself the kernel (the in-JVM NIO front end; puffs's
 * {@code updatenode}, {@code gop_markupdate} and {@code updatevpsize}): the node layer is the
 * authority on atime, mtime, ctime and size. Changes coalesce per node (a later mark replaces an
 * earlier one) and leave as one setAttr when the node is fsynced, released or reclaimed; until
 * then getAttr answers are overlaid with them. Only nodes with pending changes take memory. Under
 * FUSE it is not used: there the kernel (writeback cache) or the server is the authority.
 */
final class MetadataCache {
    /** The changes waiting for one node; null fields and a negative size are not pending. */
    record Pending(Instant atime, Instant mtime, Instant ctime, long size) {
        Pending laterThan(Pending earlier) {
            return new Pending(atime != null ? atime : earlier.atime, mtime != null ? mtime : earlier.mtime,
                    ctime != null ? ctime : earlier.ctime, size >= 0 ? size : earlier.size);
        }

        Set<AttrField> fields() {
            Set<AttrField> f = EnumSet.noneOf(AttrField.class);
            if (atime != null) {
                f.add(AttrField.ATIME);
            }
            if (mtime != null) {
                f.add(AttrField.MTIME);
            }
            if (ctime != null) {
                f.add(AttrField.CTIME);
            }
            if (size >= 0) {
                f.add(AttrField.SIZE);
            }
            return f;
        }

        SetAttributes asSetAttributes() {
            return new SetAttributes(fields(), 0, 0, 0, Math.max(size, 0), atime, mtime, ctime);
        }
    }

    private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
    private final InstantSource clock;

    MetadataCache(InstantSource clock) {
        this.clock = clock;
    }

    /** Marks the times in {@code times} (ATIME, MTIME, CTIME; others ignored) as changed now. */
    void markUpdate(long nodeId, Set<AttrField> times) {
        Instant now = clock.instant();
        Pending p = new Pending(times.contains(AttrField.ATIME) ? now : null,
                times.contains(AttrField.MTIME) ? now : null, times.contains(AttrField.CTIME) ? now : null, -1);
        if (p.fields().isEmpty()) {
            return;
        }
        pending.merge(nodeId, p, (earlier, later) -> later.laterThan(earlier));
    }

    /** Records a new size (a write past the end, a truncate the front end did itself). */
    void updateSize(long nodeId, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        pending.merge(nodeId, new Pending(null, null, null, size), (earlier, later) -> later.laterThan(earlier));
    }

    /** {@code a} with the pending changes of the node laid over it. */
    Attributes overlay(long nodeId, Attributes a) {
        Pending p = pending.get(nodeId);
        if (p == null) {
            return a;
        }
        Attributes o = a.withTimes(p.atime != null ? p.atime : a.atime(), p.mtime != null ? p.mtime : a.mtime(),
                p.ctime != null ? p.ctime : a.ctime());
        return p.size >= 0 ? o.withSize(p.size) : o;
    }

    /** Takes the node's pending changes as one setAttr, or null when there are none. */
    SetAttributes take(long nodeId) {
        Pending p = pending.remove(nodeId);
        return p == null ? null : p.asSetAttributes();
    }

    /**
     * Merges the node's pending changes into an explicit setAttr, whose own fields win; the pending
     * changes are taken.
     */
    SetAttributes mergeInto(long nodeId, SetAttributes explicit) {
        Pending p = pending.remove(nodeId);
        if (p == null) {
            return explicit;
        }
        Set<AttrField> fields = EnumSet.copyOf(p.fields());
        fields.addAll(explicit.fields());
        boolean atimeSet = explicit.has(AttrField.ATIME) || explicit.has(AttrField.ATIME_NOW);
        boolean mtimeSet = explicit.has(AttrField.MTIME) || explicit.has(AttrField.MTIME_NOW);
        if (atimeSet) {
            fields.remove(AttrField.ATIME);
            if (explicit.has(AttrField.ATIME)) {
                fields.add(AttrField.ATIME);
            }
        }
        if (mtimeSet) {
            fields.remove(AttrField.MTIME);
            if (explicit.has(AttrField.MTIME)) {
                fields.add(AttrField.MTIME);
            }
        }
        return new SetAttributes(fields, explicit.mode(), explicit.uid(), explicit.gid(),
                explicit.has(AttrField.SIZE) ? explicit.size() : Math.max(p.size, 0),
                atimeSet ? explicit.atime() : p.atime, mtimeSet ? explicit.mtime() : p.mtime,
                explicit.has(AttrField.CTIME) ? explicit.ctime() : p.ctime);
    }

    /** Whether the node has pending changes. */
    boolean isDirty(long nodeId) {
        return pending.containsKey(nodeId);
    }
}
