package org.jpuffs.kernel;

import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jpuffs.AttrField;
import org.jpuffs.Attributes;
import org.jpuffs.SetAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node layer's metadata cache (puffs's {@code puffs_updatenode}, {@code puffs_gop_markupdate},
 * {@code puffs_updatevpsize} and the {@code pn_mc_*} fields): when a front end is itself the kernel,
 * it is the authority on a node's access, modification and change times and its size while I/O
 * goes on. Reads and writes mark what they changed here instead of sending a setAttr each; the
 * changes coalesce per node and reach the server as <em>one</em> setAttr when the node is synced,
 * released or reclaimed. Meanwhile every getAttr reply from the server is overlaid with the cached
 * values, so callers see their own writes.
 *
 * <p>It serves the in-JVM {@code java.nio.file} front end. Under FUSE it is never used: there the
 * kernel (with writeback cache) or the server is the authority on times and size.
 *
 * <p>Thread-safe. No lock is held while the server is called: a change marked while a flush is on
 * its way stays dirty for the next flush, unless the flush carried the very same value.
 *
 * <p>A node's entry, once marked, stays (small: the cached values and what the last flush sent)
 * until {@link #reclaim}; the node layer calls it for every node it reclaims, including those it
 * reclaims at shutdown.
 */
public final class MetadataCache {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataCache.class);
    private static final int GETATTR_ATTEMPTS = 4;

    /** A time an operation changed, as puffs's {@code PUFFS_UPDATE*TIME} flags. */
    public enum Update {
        /** Access time: a read. */
        ATIME,
        /** Modification time: a write, a truncate, a directory whose entries changed. */
        MTIME,
        /** Status change time: a write, a link count or attribute change. */
        CTIME
    }

    /**
     * Where cached changes go: one setAttr on the node, made by the node layer on the server with
     * the kernel as the caller. Kept this narrow so the cache does not depend on the node table.
     */
    @FunctionalInterface
    public interface FlushTarget {
        /**
         * Applies {@code changes} to node {@code nodeId} on the server.
         *
         * @param nodeId the node
         * @param changes the times and size to set
         * @return the server's attributes after the change
         * @throws IOException when the server refuses; the changes stay cached
         */
        Attributes setAttr(long nodeId, SetAttributes changes) throws IOException;
    }

    private final FlushTarget target;
    private final InstantSource clock;
    private final ConcurrentHashMap<Long, Dirty> dirty = new ConcurrentHashMap<>();

    /**
     * A cache that flushes to {@code target} and takes times from the system clock.
     *
     * @param target where flushes go
     */
    public MetadataCache(FlushTarget target) {
        this(target, InstantSource.system());
    }

    /**
     * A cache that flushes to {@code target} and takes times from {@code clock}.
     *
     * @param target where flushes go
     * @param clock the source of the times marked
     */
    public MetadataCache(FlushTarget target, InstantSource clock) {
        this.target = Objects.requireNonNull(target, "target");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Marks times of {@code nodeId} as changed now ({@code puffs_updatenode}); a read marks
     * {@link Update#ATIME}, a write {@link Update#MTIME} and {@link Update#CTIME}. Later marks
     * replace earlier ones.
     *
     * @param nodeId the node
     * @param what the times that changed
     */
    public void markUpdate(long nodeId, Set<Update> what) {
        if (what.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        dirty.compute(nodeId, (id, d) -> {
            Dirty n = d == null ? new Dirty() : d;
            synchronized (n) {
                if (what.contains(Update.ATIME)) {
                    n.atime = now;
                }
                if (what.contains(Update.MTIME)) {
                    n.mtime = now;
                }
                if (what.contains(Update.CTIME)) {
                    n.ctime = now;
                }
            }
            return n;
        });
    }

    /**
     * Records the size I/O gave {@code nodeId} ({@code PUFFS_UPDATESIZE}): a write past the end
     * grows it, a truncate through the front end sets it. The front end knows the size, as a kernel
     * knows its vnode's; the cache only keeps it until the flush. The latest size wins.
     *
     * @param nodeId the node
     * @param size the size in bytes
     */
    public void markSize(long nodeId, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        dirty.compute(nodeId, (id, d) -> {
            Dirty n = d == null ? new Dirty() : d;
            synchronized (n) {
                n.size = size;
            }
            return n;
        });
    }

    /**
     * Whether {@code nodeId} has changes the server has not seen.
     *
     * @param nodeId the node
     * @return true when a flush would send a setAttr
     */
    public boolean isDirty(long nodeId) {
        Dirty d = dirty.get(nodeId);
        if (d == null) {
            return false;
        }
        synchronized (d) {
            return !d.isClean();
        }
    }

    /**
     * Where {@link #getAttr} gets the server's attributes from: the node layer's call of the server's
     * getAttr.
     */
    @FunctionalInterface
    public interface AttrSource {
        /**
         * Asks the server for the attributes of {@code nodeId}.
         *
         * @param nodeId the node
         * @return the server's attributes
         * @throws IOException the server's error
         */
        Attributes getAttr(long nodeId) throws IOException;
    }

    /**
     * A getAttr as the caller must see it: the server's reply from {@code source} with the cached
     * times and size laid over it (puffs's {@code update_va}). A reply fetched while a flush of the
     * node completed may predate that flush and show the old values, which the cache no longer
     * holds; such a reply is fetched again (a few times), and if flushes keep racing, the values of
     * the last flush are laid over it as well.
     *
     * @param nodeId the node
     * @param source the server's getAttr
     * @return the attributes the caller sees
     * @throws IOException the server's error
     */
    public Attributes getAttr(long nodeId, AttrSource source) throws IOException {
        Attributes reply = null;
        for (int attempt = 0; attempt < GETATTR_ATTEMPTS; attempt++) {
            Dirty before = dirty.get(nodeId);
            long settlesBefore = before == null ? 0 : before.settles();
            reply = source.getAttr(nodeId);
            Dirty after = dirty.get(nodeId);
            if (after == null || (after == before && after.settles() == settlesBefore)) {
                return overlay(nodeId, reply);
            }
        }
        Dirty d = dirty.get(nodeId);
        Snapshot lastSent = null;
        if (d != null) {
            synchronized (d) {
                lastSent = d.lastSent;
            }
        }
        return overlay(nodeId, lastSent == null ? reply : lastSent.laidOver(reply));
    }

    /**
     * The server's getAttr reply for {@code nodeId} with the cached times and size laid over it
     * (puffs's {@code update_va}). Correct only when no flush of the node can complete between
     * fetching {@code reply} and this call; {@link #getAttr} guards against that race.
     *
     * @param nodeId the node
     * @param reply the server's attributes
     * @return {@code reply} itself when nothing is cached, otherwise a copy with the cached values
     */
    public Attributes overlay(long nodeId, Attributes reply) {
        Dirty d = dirty.get(nodeId);
        if (d == null) {
            return reply;
        }
        Snapshot s;
        synchronized (d) {
            if (d.isClean()) {
                return reply;
            }
            s = d.snapshot();
        }
        return s.laidOver(reply);
    }

    /**
     * Sends the cached changes of {@code nodeId} to the server as one setAttr, for fsync and release
     * (puffs's {@code flushvncache}). Nothing cached: the server is not called. On success the sent
     * values are no longer dirty; on failure they stay cached and the error goes to the caller.
     *
     * @param nodeId the node
     * @return the server's attributes after the flush, overlaid with anything marked meanwhile, or
     *     {@code null} when there was nothing to flush
     * @throws IOException the server's error
     */
    public Attributes flush(long nodeId) throws IOException {
        Dirty d = dirty.get(nodeId);
        if (d == null) {
            return null;
        }
        Snapshot s;
        synchronized (d) {
            if (d.isClean()) {
                return null;
            }
            s = d.snapshot();
        }
        Attributes after = target.setAttr(nodeId, s.toSetAttributes(Set.of()));
        settle(nodeId, d, s);
        return after == null ? null : overlay(nodeId, after);
    }

    /**
     * Applies a caller's setAttr on {@code nodeId} together with the cached changes it does not
     * override, as one setAttr. The caller's fields win: a cached time or size the caller sets
     * explicitly is not sent and is no longer dirty afterwards.
     *
     * @param nodeId the node
     * @param changes the caller's changes
     * @return the server's attributes after the change
     * @throws IOException the server's error; the cached changes stay cached
     */
    public Attributes setAttr(long nodeId, SetAttributes changes) throws IOException {
        Dirty d = dirty.get(nodeId);
        Snapshot s = null;
        if (d != null) {
            synchronized (d) {
                if (!d.isClean()) {
                    s = d.snapshot();
                }
            }
        }
        if (s == null) {
            return target.setAttr(nodeId, changes);
        }
        Attributes after = target.setAttr(nodeId, merge(changes, s.toSetAttributes(changes.fields())));
        settle(nodeId, d, s);
        return after == null ? null : overlay(nodeId, after);
    }

    /**
     * Flushes {@code nodeId} one last time and forgets it: the node is being reclaimed. A failing
     * flush cannot be reported to anyone any more: it is logged and the changes are dropped.
     *
     * @param nodeId the node
     */
    public void reclaim(long nodeId) {
        try {
            flush(nodeId);
        } catch (IOException | RuntimeException e) {
            LOG.warn("reclaim of node {}: flushing cached times and size failed, dropped: {}", nodeId, e.toString());
        }
        dirty.remove(nodeId);
    }

    /**
     * The number of nodes the cache holds state for (changed since their last reclaim).
     *
     * @return the count
     */
    public int cachedNodes() {
        return dirty.size();
    }

    /** Clears what the server now has and counts the settle. */
    private void settle(long nodeId, Dirty d, Snapshot sent) {
        dirty.computeIfPresent(nodeId, (id, current) -> {
            synchronized (current) {
                if (current == d) {
                    current.clearSent(sent);
                }
                // the entry stays until reclaim: getAttr needs its settle count and last flush
                return current;
            }
        });
    }

    private static SetAttributes merge(SetAttributes caller, SetAttributes cached) {
        EnumSet<AttrField> fields = EnumSet.noneOf(AttrField.class);
        fields.addAll(caller.fields());
        fields.addAll(cached.fields());
        return new SetAttributes(fields, caller.mode(), caller.uid(), caller.gid(),
                caller.has(AttrField.SIZE) ? caller.size() : cached.size(),
                caller.has(AttrField.ATIME) ? caller.atime() : cached.atime(),
                caller.has(AttrField.MTIME) ? caller.mtime() : cached.mtime(),
                caller.has(AttrField.CTIME) ? caller.ctime() : cached.ctime());
    }

    private static Instant or(Instant cached, Instant reply) {
        return cached != null ? cached : reply;
    }

    /** What is cached for one node; guarded by its own monitor. A size of -1 means not cached. */
    private static final class Dirty {
        Instant atime;
        Instant mtime;
        Instant ctime;
        long size = -1;
        /** Completed flushes (and merged setAttrs) of this node. */
        long settles;
        /** What the last completed flush sent. */
        Snapshot lastSent;

        synchronized long settles() {
            return settles;
        }

        boolean isClean() {
            return atime == null && mtime == null && ctime == null && size < 0;
        }

        Snapshot snapshot() {
            return new Snapshot(atime, mtime, ctime, size);
        }

        /** Clears each field the server got, unless it was marked again since. */
        void clearSent(Snapshot s) {
            settles++;
            lastSent = s;
            if (atime != null && atime.equals(s.atime)) {
                atime = null;
            }
            if (mtime != null && mtime.equals(s.mtime)) {
                mtime = null;
            }
            if (ctime != null && ctime.equals(s.ctime)) {
                ctime = null;
            }
            if (size >= 0 && size == s.size) {
                size = -1;
            }
        }
    }

    private record Snapshot(Instant atime, Instant mtime, Instant ctime, long size) {
        /** {@code reply} with these values in place of the server's. */
        Attributes laidOver(Attributes reply) {
            long newSize = size >= 0 ? size : reply.size();
            long blocks = size >= 0 ? Math.max(reply.blocks(), (newSize + 511) / 512) : reply.blocks();
            return new Attributes(reply.ino(), reply.mode(), reply.nlink(), reply.uid(), reply.gid(), reply.rdev(),
                    newSize, blocks, reply.blockSize(), or(atime, reply.atime()), or(mtime, reply.mtime()),
                    or(ctime, reply.ctime()), reply.birthTime());
        }

        /** The setAttr for these values, leaving out the fields in {@code overridden} (and their _NOW forms). */
        SetAttributes toSetAttributes(Set<AttrField> overridden) {
            EnumSet<AttrField> fields = EnumSet.noneOf(AttrField.class);
            boolean atimeSet = overridden.contains(AttrField.ATIME) || overridden.contains(AttrField.ATIME_NOW);
            boolean mtimeSet = overridden.contains(AttrField.MTIME) || overridden.contains(AttrField.MTIME_NOW);
            if (atime != null && !atimeSet) {
                fields.add(AttrField.ATIME);
            }
            if (mtime != null && !mtimeSet) {
                fields.add(AttrField.MTIME);
            }
            if (ctime != null && !overridden.contains(AttrField.CTIME)) {
                fields.add(AttrField.CTIME);
            }
            if (size >= 0 && !overridden.contains(AttrField.SIZE)) {
                fields.add(AttrField.SIZE);
            }
            return new SetAttributes(fields, 0, 0, 0, Math.max(size, 0), atime, mtime, ctime);
        }
    }
}
