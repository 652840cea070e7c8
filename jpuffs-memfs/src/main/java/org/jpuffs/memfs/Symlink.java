package org.jpuffs.memfs;

import java.time.Instant;
import org.jpuffs.FileType;

/** A symbolic link; the target is fixed at creation. */
final class Symlink extends Node {
    final byte[] target;

    Symlink(long ino, byte[] target, int uid, int gid, Instant now) {
        super(ino, FileType.SYMLINK, 0777, uid, gid, now);
        this.target = target;
        nlink = 1;
    }

    @Override
    long size() {
        return target.length;
    }
}
