package org.jpuffs.memfs;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jpuffs.OpenFlags;

/**
 * memfs's handle of one open: its flags (for EBADF checks and O_APPEND) and the lock owners that took
 * flocks through it, dropped at release.
 */
final class OpenFile {
    final Node node;
    final OpenFlags flags;
    final Set<Long> flockOwners = ConcurrentHashMap.newKeySet();

    OpenFile(Node node, OpenFlags flags) {
        this.node = node;
        this.flags = flags;
    }

    @Override
    public String toString() {
        return "open of " + node + " flags 0" + Integer.toOctalString(flags.raw());
    }
}
