package org.jpuffs.kernel;

/**
 * The node and file-system operations of {@link org.jpuffs.FileServer}, by name. Front ends use
 * {@link NodeLayer#implementedOps()} to offer the kernel only capabilities the server can serve.
 */
public enum Op {
    INIT, DESTROY, STATFS, SYNCFS, LOOKUP, RECLAIM, GETATTR, SETATTR, ACCESS, MKNOD, MKDIR, SYMLINK, READLINK,
    LINK, UNLINK, RMDIR, RENAME, OPEN, CREATE, TMPFILE, READ, WRITE, FLUSH, RELEASE, FSYNC, FALLOCATE, LSEEK,
    COPY_FILE_RANGE, POLL, IOCTL, GETLK, SETLK, OPENDIR, READDIR, RELEASEDIR, FSYNCDIR, SETXATTR, GETXATTR,
    LISTXATTR, REMOVEXATTR
}
