package org.jpuffs.memfs;

import static org.jpuffs.memfs.Permissions.WRITE;

import java.io.IOException;
import java.time.Instant;
import org.jpuffs.AttrField;
import org.jpuffs.Attributes;
import org.jpuffs.CallContext;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.SetAttributes;
import org.jpuffs.XattrMode;

/**
 * setattr as Linux applies it: chmod, chown, truncate and utimes with their permission rules, and the
 * set-id bits a write, truncate or chown drops. Callers hold the node lock (and a file's data lock for
 * a size change).
 */
final class AttributeChange {
    private AttributeChange() {
    }

    /** Checks every change first, then applies them all: a refused setattr changes nothing. */
    static Attributes apply(CallContext ctx, Node node, SetAttributes c, PageStore store) throws IOException {
        boolean privileged = Permissions.privileged(ctx);
        boolean owner = Permissions.ownerOrPrivileged(ctx, node);
        if (c.has(AttrField.UID) && !(privileged || ctx.uid() == node.uid && c.uid() == node.uid)) {
            throw new ErrnoException(Errno.EPERM, "chown to another user");
        }
        if (c.has(AttrField.GID)
                && !(privileged || ctx.uid() == node.uid && (c.gid() == node.gid || ctx.inGroup(c.gid())))) {
            throw new ErrnoException(Errno.EPERM, "chgrp to a foreign group");
        }
        if (c.has(AttrField.MODE) && !owner && !(onlyDropsSetId(node.permissions, c.mode() & 07777)
                && Permissions.allows(ctx, node, WRITE))) {
            throw new ErrnoException(Errno.EPERM, "chmod of another user's file");
        }
        // CTIME alone comes from the kernel's own bookkeeping (writeback cache), not from utimensat
        if ((c.has(AttrField.ATIME) || c.has(AttrField.MTIME)) && !owner) {
            throw new ErrnoException(Errno.EPERM, "setting times of another user's file");
        }
        if ((c.has(AttrField.ATIME_NOW) || c.has(AttrField.MTIME_NOW)) && !owner
                && !Permissions.allows(ctx, node, WRITE)) {
            throw new ErrnoException(Errno.EACCES);
        }
        Instant now = Instant.now();
        // a chown of a non-directory drops set-id bits, judged on the group before the change
        int chownDrops = (c.has(AttrField.UID) || c.has(AttrField.GID)) && !node.isDirectory()
                ? setIdToDrop(ctx, node) : 0;
        if (c.has(AttrField.UID) || c.has(AttrField.GID)) {
            killCapability(node);
        }
        if (c.has(AttrField.UID)) {
            node.uid = c.uid();
        }
        if (c.has(AttrField.GID)) {
            node.gid = c.gid();
        }
        if (c.has(AttrField.MODE)) {
            int mode = c.mode() & 07777;
            if (!privileged && !ctx.inGroup(node.gid)) {
                mode &= ~02000;
            }
            node.permissions = mode;
            syncAccessAcl(node);
        }
        node.permissions &= ~chownDrops;
        if (c.has(AttrField.SIZE)) {
            RegularFile f = (RegularFile) node;
            if (c.size() < f.size) {
                f.cutDataAt(c.size(), store);
            }
            f.size = c.size();
            node.mtime = now;
            killCapability(node);
            if (!privileged) {
                killSetId(ctx, node);
            }
        }
        if (c.has(AttrField.KILL_SUIDGID)) {
            killSetId(ctx, node);
        }
        if (c.has(AttrField.ATIME_NOW)) {
            node.atime = now;
        } else if (c.has(AttrField.ATIME)) {
            node.atime = c.atime();
        }
        if (c.has(AttrField.MTIME_NOW)) {
            node.mtime = now;
        } else if (c.has(AttrField.MTIME)) {
            node.mtime = c.mtime();
        }
        node.ctime = c.has(AttrField.CTIME) ? c.ctime() : now;
        return node.attributesLocked();
    }

    /**
     * Whether a mode change only clears set-id bits. Without handle_killpriv(_v2) the kernel clears
     * them before a write or truncate by a chmod with the writer's credentials, who need not own the
     * file; Linux forces that change through (ATTR_FORCE, which FUSE does not carry), so memfs accepts
     * it from a caller who may write the file. The one difference from Linux that remains: such a
     * caller's own chmod(2) that only drops set-id bits succeeds on memfs (a write would drop them
     * anyway). With handle_killpriv_v2 the kernel sends no such chmod and memfs drops the bits itself.
     */
    private static boolean onlyDropsSetId(int current, int requested) {
        return requested != current && (requested | 06000) == (current | 06000) && (requested & ~current) == 0;
    }

    /** The file-capability attribute, dropped on write, truncate and chown. */
    static final String CAPABILITY = "security.capability";

    /**
     * The set-id bits a write, truncate or chown drops, as Linux 6.x decides (setattr_should_drop_sgid):
     * S_ISUID always; S_ISGID when group-execute is set, or when the caller is neither in the file's
     * group nor privileged (without group-execute it is otherwise a mandatory-locking mark and stays).
     */
    static int setIdToDrop(CallContext ctx, Node node) {
        int mode = node.permissions;
        boolean dropGid = (mode & 02000) != 0
                && ((mode & 010) != 0 || !Permissions.privileged(ctx) && !ctx.inGroup(node.gid));
        return dropGid ? 06000 : 04000;
    }

    /** Drops the set-id bits a write or truncate by {@code ctx} drops; the caller holds the node lock. */
    static void killSetId(CallContext ctx, Node node) {
        node.permissions &= ~setIdToDrop(ctx, node);
    }

    /**
     * Drops security.capability, as Linux does on every write, truncate and chown whoever the caller
     * (cap_inode_killpriv). With handle_killpriv_v2 the kernel leaves this to memfs; without it the
     * kernel removes the attribute itself first and this finds nothing. The caller holds the node lock.
     */
    static void killCapability(Node node) {
        if (node.xattrs != null) {
            node.xattrs.remove(CAPABILITY);
        }
    }

    /** Keeps an access ACL's owner, group-class and other entries equal to the mode bits after chmod. */
    static void syncAccessAcl(Node node) throws ErrnoException {
        byte[] acl = node.xattrs == null ? null : node.xattrs.get(PosixAcl.ACCESS);
        if (acl != null) {
            node.xattrs.set(PosixAcl.ACCESS, PosixAcl.parse(acl).withMode(node.permissions).toBytes(), XattrMode.ANY);
        }
    }
}
