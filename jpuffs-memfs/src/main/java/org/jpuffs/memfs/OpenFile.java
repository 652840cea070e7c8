package org.jpuffs.memfs;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jpuffs.OpenFlags;

/**
 * memfs's handle of one open: its flags (for EBADF checks and O_APPEND) and the lock owners that took
 * flocks or record locks through it, whose locks are dropped at release.
 */
final class OpenFile {
    final Node node;
    final OpenFlags flags;
    final Set<Long> flockOwners = ConcurrentHashMap.newKeySet();
    /**
     * Owners of record locks taken through this open. An open-file-description lock's owner is the
     * description itself, and through FUSE nothing unlocks it at the last close (the kernel keeps no
     * record of server-side locks, and RELEASE carries no owner for them), so release drops these.
     * A classic POSIX owner has lost its locks by then: every close(2) FLUSHes them first.
     */
    final Set<Long> recordLockOwners = ConcurrentHashMap.newKeySet();

    OpenFile(Node node, OpenFlags flags) {
        this.node = node;
        this.flags = flags;
    }

    @Override
    public String toString() {
        return "open of " + node + " flags 0" + Integer.toOctalString(flags.raw());
    }
}
