package org.jpuffs.testkit.conformance;

/** What a file server under test supports; the suite skips or inverts checks by these, never by class. */
public enum Feature {
    /** user.* extended attributes (and size limits, XATTR_CREATE/REPLACE). */
    XATTRS,
    /** POSIX ACLs through system.posix_acl_access / _default. */
    ACLS,
    /** fcntl record locks, classic and open-file-description. */
    RECORD_LOCKS,
    /** flock(2). */
    FLOCK,
    /** fallocate(2) with mode 0, KEEP_SIZE and PUNCH_HOLE. */
    FALLOCATE,
    /** fallocate(2) with ZERO_RANGE (tmpfs has not: EOPNOTSUPP is then asserted). */
    ZERO_RANGE,
    /** lseek SEEK_DATA / SEEK_HOLE that see real holes. */
    SEEK_HOLES,
    /** open(2) with O_TMPFILE. */
    TMPFILE,
    /** mknod of FIFOs and sockets. */
    SPECIAL_FILES,
    /** mknod of character and block devices (needs root and a mount without nodev semantics). */
    DEVICE_NODES,
    /** link(2). */
    HARD_LINKS,
    /** symlink(2). */
    SYMLINKS,
    /** copy_file_range(2) within the file system. */
    COPY_FILE_RANGE,
    /** Directory link counts of 2 + subdirectories. */
    DIRECTORY_LINK_COUNTS,
    /**
     * Permission checks as an unprivileged user in a child process (the suite runs as root; the
     * mount must let other users in, for FUSE that is allow_other).
     */
    UNPRIVILEGED_CALLER
}
