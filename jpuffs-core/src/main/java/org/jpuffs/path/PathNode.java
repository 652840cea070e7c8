package org.jpuffs.path;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jpuffs.FileName;
import org.jpuffs.FileType;

/**
 * The cookie {@link PathAdapter} hands to jpuffs for each node: opaque to everyone else, compared by
 * identity. It records where the node is in the tree (its parent and its names), which is what lets
 * a rename of a directory move every path below it without touching them.
 *
 * <p>Every field except {@link #cached} and the open handles is written under the adapter's tree
 * lock, and read under it except where noted.
 */
public final class PathNode {
    /** One name of a node: a directory and a name in it. */
    record Link(PathNode dir, FileName name) {
    }

    /** A path computed at a tree version; valid while the version is unchanged. */
    record CachedPath(FilePath path, long version) {
    }

    /** The name it carries (the last one used); {@code null} for the root. */
    Link primary;
    /** Every name of this node the adapter knows (more than one for hard links). */
    final List<Link> links = new ArrayList<>(1);
    /** The names known in this directory; {@code null} until the first one. */
    Map<FileName, PathNode> children;
    /** The file type when bound (a name whose type changed behind the adapter gets a new node). */
    FileType type;
    /**
     * No known name is left: path-only ops fail with ENOENT, handle ops use {@link #lastPath}.
     * Written under the tree lock; volatile so ops can check it without the lock.
     */
    volatile boolean unlinked;
    /** The path it had when its last name went away. */
    FilePath lastPath;
    volatile CachedPath cached;

    /** The handles of opens still running on this node; guarded by this node's monitor. */
    private final List<Object> openHandles = new ArrayList<>(0);

    PathNode(Link primary, FileType type) {
        this.primary = primary;
        this.type = type;
        if (primary != null) {
            links.add(primary);
        }
    }

    Map<FileName, PathNode> children() {
        if (children == null) {
            children = new HashMap<>();
        }
        return children;
    }

    synchronized void opened(Object handle) {
        if (handle != null) {
            openHandles.add(handle);
        }
    }

    synchronized void released(Object handle) {
        if (handle != null) {
            openHandles.remove(handle);
        }
    }

    synchronized Object anyOpenHandle() {
        return openHandles.isEmpty() ? null : openHandles.getLast();
    }

    /** For logs: the path this node had when last used, without taking any lock. */
    @Override
    public String toString() {
        CachedPath c = cached;
        return "PathNode[" + (c != null ? c.path() : primary == null ? "/" : "…/" + primary.name()) + "]";
    }
}
