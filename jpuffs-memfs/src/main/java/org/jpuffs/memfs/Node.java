package org.jpuffs.memfs;

import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import org.jpuffs.Attributes;
import org.jpuffs.FileType;

/**
 * One inode of memfs, and the cookie (opaque outside this package) memfs hands out for it: identity equality, so a node is its own
 * cookie and a lookup needs no table. Every field except {@link #ino} and {@link #type} is guarded by
 * {@link #lock}. Locks are always taken in ascending {@link #ino} order (see {@link NodeLocks}), and a
 * regular file's data lock before any node lock.
 */
public abstract sealed class Node permits Directory, RegularFile, Symlink, SpecialNode {
    /** The preferred I/O size reported in stat. */
    static final int BLOCK_SIZE = PageStore.PAGE_SIZE;

    final long ino;
    final FileType type;
    final ReentrantLock lock = new ReentrantLock();

    int permissions;
    int uid;
    int gid;
    int nlink;
    Instant atime;
    Instant mtime;
    Instant ctime;
    final Instant birthTime;
    /** Extended attributes and ACLs; null while the node has none (most nodes). */
    Xattrs xattrs;
    /** Set once an unlinked node's storage was freed, so a second reclaim frees nothing twice. */
    boolean reclaimed;

    Node(long ino, FileType type, int permissions, int uid, int gid, Instant now) {
        this.ino = ino;
        this.type = type;
        this.permissions = permissions & 07777;
        this.uid = uid;
        this.gid = gid;
        this.atime = now;
        this.mtime = now;
        this.ctime = now;
        this.birthTime = now;
    }

    /** The size stat reports; the caller holds the lock (and a file's data lock). */
    abstract long size();

    /** 512-byte blocks in use; the caller holds the lock. */
    long blocks() {
        return 0;
    }

    long rdev() {
        return 0;
    }

    /** A snapshot of the attributes; the caller holds {@link #lock}. */
    Attributes attributesLocked() {
        return new Attributes(ino, type.mode(permissions), nlink, uid, gid, rdev(), size(), blocks(), BLOCK_SIZE,
                atime, mtime, ctime, birthTime);
    }

    /** A snapshot of the attributes, taking the locks it needs. */
    Attributes attributes() {
        lock.lock();
        try {
            return attributesLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Marks a status change; the caller holds the lock. */
    void touchCtime(Instant now) {
        ctime = now;
    }

    /** Marks a content change; the caller holds the lock. */
    void touchModified(Instant now) {
        mtime = now;
        ctime = now;
    }

    /**
     * Updates atime on access the way relatime does: only when it is older than mtime or ctime, or
     * more than a day old. Keeps reads from dirtying a cache line per call on hot files.
     */
    void touchAccessed(Instant now) {
        if (!atime.isAfter(mtime) || !atime.isAfter(ctime) || atime.plusSeconds(86_400).isBefore(now)) {
            atime = now;
        }
    }

    boolean isDirectory() {
        return type == FileType.DIRECTORY;
    }

    @Override
    public String toString() {
        return type + "#" + ino;
    }
}
