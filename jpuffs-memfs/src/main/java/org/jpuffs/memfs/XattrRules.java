package org.jpuffs.memfs;

import static org.jpuffs.memfs.Permissions.READ;
import static org.jpuffs.memfs.Permissions.WRITE;

import java.io.IOException;
import org.jpuffs.CallContext;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.XattrMode;

/**
 * Who may read and write which extended attributes (Linux's xattr_permission with the capability
 * checks a FUSE server stands in for), and how POSIX ACL attributes act on the mode. Callers hold the
 * node lock.
 */
final class XattrRules {
    private XattrRules() {
    }

    /** Stores an ACL; an access ACL also sets the mode, and one the mode can say alone is not kept. */
    static void setAcl(CallContext ctx, Node node, String name, byte[] bytes, XattrMode mode) throws IOException {
        boolean exists = node.xattrs != null && node.xattrs.get(name) != null;
        if (mode == XattrMode.CREATE && exists) {
            throw new ErrnoException(Errno.EEXIST);
        }
        if (mode == XattrMode.REPLACE && !exists) {
            throw new ErrnoException(Errno.ENODATA);
        }
        if (name.equals(PosixAcl.DEFAULT) && !node.isDirectory()) {
            throw new ErrnoException(Errno.EACCES, "default ACL on a non-directory");
        }
        if (bytes.length == 0) {
            if (node.xattrs != null) {
                node.xattrs.remove(name);
            }
            return;
        }
        PosixAcl acl = PosixAcl.parse(bytes);
        if (name.equals(PosixAcl.ACCESS)) {
            int perms = (node.permissions & ~0777) | acl.mode();
            if (!Permissions.privileged(ctx) && !ctx.inGroup(node.gid)) {
                perms &= ~02000;
            }
            node.permissions = perms;
            if (acl.isMinimal()) {
                if (node.xattrs != null) {
                    node.xattrs.remove(name);
                }
                return;
            }
        }
        xattrs(node).set(name, acl.toBytes(), XattrMode.ANY);
    }

    /** Linux's xattr_permission for writes, with the capability checks of cap_inode_setxattr. */
    static void checkXattrWrite(CallContext ctx, Node node, String name) throws ErrnoException {
        if (name.startsWith("user.")) {
            if (!(node instanceof RegularFile || node instanceof Directory)) {
                throw new ErrnoException(Errno.EPERM, "user xattrs on " + node.type);
            }
            if (node instanceof Directory && (node.permissions & 01000) != 0
                    && !Permissions.ownerOrPrivileged(ctx, node)) {
                throw new ErrnoException(Errno.EPERM, "user xattr on a sticky directory");
            }
            Permissions.check(ctx, node, WRITE);
        } else if (name.startsWith("trusted.") || name.startsWith("security.")) {
            if (!Permissions.privileged(ctx)) {
                throw new ErrnoException(Errno.EPERM);
            }
        } else if (name.equals(PosixAcl.ACCESS) || name.equals(PosixAcl.DEFAULT)) {
            if (node instanceof Symlink) {
                throw new ErrnoException(Errno.EOPNOTSUPP);
            }
            if (!Permissions.ownerOrPrivileged(ctx, node)) {
                throw new ErrnoException(Errno.EPERM);
            }
        } else {
            throw new ErrnoException(Errno.EOPNOTSUPP, "xattr namespace of " + name);
        }
    }

    static void checkXattrRead(CallContext ctx, Node node, String name) throws ErrnoException {
        if (name.startsWith("user.")) {
            if (!(node instanceof RegularFile || node instanceof Directory)) {
                throw new ErrnoException(Errno.ENODATA);
            }
            Permissions.check(ctx, node, READ);
        } else if (name.startsWith("trusted.")) {
            if (!Permissions.privileged(ctx)) {
                throw new ErrnoException(Errno.ENODATA);
            }
        } else if (!name.startsWith("security.") && !name.equals(PosixAcl.ACCESS)
                && !name.equals(PosixAcl.DEFAULT)) {
            throw new ErrnoException(Errno.EOPNOTSUPP, "xattr namespace of " + name);
        }
    }

    static Xattrs xattrs(Node node) {
        if (node.xattrs == null) {
            node.xattrs = new Xattrs();
        }
        return node.xattrs;
    }
}
