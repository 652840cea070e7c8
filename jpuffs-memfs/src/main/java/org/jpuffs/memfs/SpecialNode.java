package org.jpuffs.memfs;

import java.time.Instant;
import org.jpuffs.FileType;

/** A FIFO, socket or device node: only its attributes are memfs's; the kernel serves its I/O. */
final class SpecialNode extends Node {
    private final long rdev;

    SpecialNode(long ino, FileType type, int permissions, long rdev, int uid, int gid, Instant now) {
        super(ino, type, permissions, uid, gid, now);
        this.rdev = rdev;
        nlink = 1;
    }

    @Override
    long size() {
        return 0;
    }

    @Override
    long rdev() {
        return rdev;
    }
}
