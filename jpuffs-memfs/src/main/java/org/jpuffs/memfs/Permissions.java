package org.jpuffs.memfs;

import org.jpuffs.CallContext;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;

/**
 * Linux's permission rules (generic_permission with POSIX ACLs, the sticky-directory rule, the
 * owner-or-privileged rule), checked by memfs itself in every op so that it is correct without
 * {@code default_permissions}. "Privileged" is uid 0: a FUSE server sees no capabilities.
 */
final class Permissions {
    static final int READ = 4;
    static final int WRITE = 2;
    static final int EXEC = 1;

    private Permissions() {
    }

    static boolean privileged(CallContext ctx) {
        return ctx.uid() == 0;
    }

    /** Whether {@code ctx} may access {@code node} for {@code want}; takes the node lock. */
    static boolean allows(CallContext ctx, Node node, int want) {
        node.lock.lock();
        try {
            int mode = node.permissions;
            if (privileged(ctx)) {
                // root reads and writes anything; executes only what someone may execute (or search)
                return (want & EXEC) == 0 || node.isDirectory() || (mode & 0111) != 0;
            }
            if (ctx.uid() == node.uid) {
                return ((mode >> 6) & want) == want;
            }
            byte[] acl = node.xattrs == null ? null : node.xattrs.get(PosixAcl.ACCESS);
            if (acl != null) {
                try {
                    return PosixAcl.parse(acl).grants(ctx, node.uid, node.gid, want);
                } catch (ErrnoException e) {
                    // stored ACLs were validated on the way in; fall back to the mode bits
                }
            }
            if (ctx.inGroup(node.gid)) {
                return ((mode >> 3) & want) == want;
            }
            return (mode & want) == want;
        } finally {
            node.lock.unlock();
        }
    }

    /** Fails with EACCES unless {@link #allows}. */
    static void check(CallContext ctx, Node node, int want) throws ErrnoException {
        if (!allows(ctx, node, want)) {
            throw new ErrnoException(Errno.EACCES);
        }
    }

    /** Search permission on a directory (every lookup through it). */
    static void checkSearch(CallContext ctx, Directory dir) throws ErrnoException {
        check(ctx, dir, EXEC);
    }

    /** Permission to add or remove entries of a directory. */
    static void checkModify(CallContext ctx, Directory dir) throws ErrnoException {
        check(ctx, dir, WRITE | EXEC);
    }

    /** Whether {@code ctx} owns {@code node} or is privileged (chmod, utimes to given times, ACLs). */
    static boolean ownerOrPrivileged(CallContext ctx, Node node) {
        return privileged(ctx) || ctx.uid() == node.uid;
    }

    /**
     * The sticky-directory rule: in a sticky directory only the owner of the entry, the owner of the
     * directory or a privileged caller may remove or rename the entry. Both node locks held.
     */
    static void checkSticky(CallContext ctx, Directory dir, Node victim) throws ErrnoException {
        if ((dir.permissions & 01000) != 0 && !privileged(ctx) && ctx.uid() != dir.uid && ctx.uid() != victim.uid) {
            throw new ErrnoException(Errno.EPERM, "sticky directory");
        }
    }

    /**
     * Linux's protected_hardlinks rule (on by default in distributions): an unprivileged caller may
     * link only to a file it owns, or to a regular, non-set-id file it may read and write.
     */
    static void checkLinkSource(CallContext ctx, Node node) throws ErrnoException {
        if (ownerOrPrivileged(ctx, node)) {
            return;
        }
        int mode = node.permissions;
        boolean setId = (mode & 04000) != 0 || (mode & 02010) == 02010;
        if (!(node instanceof RegularFile) || setId || !allows(ctx, node, READ | WRITE)) {
            throw new ErrnoException(Errno.EPERM, "protected hard link");
        }
    }
}
