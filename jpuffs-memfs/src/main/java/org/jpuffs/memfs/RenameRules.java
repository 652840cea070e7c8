package org.jpuffs.memfs;

import static org.jpuffs.memfs.Permissions.WRITE;

import java.time.Instant;
import org.jpuffs.CallContext;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileName;

/**
 * rename(2)'s checks and changes, once {@link MemFs#rename} holds the locks of every involved node
 * (and, across directories, the rename lock that keeps parent pointers still for the ancestry check).
 */
final class RenameRules {
    private RenameRules() {
    }

    /** rename's checks and changes, every involved node locked (and the rename lock across directories). */
    static void renameLocked(CallContext ctx, Directory from, FileName name, Node src, Directory to,
            FileName newName, Node dst, boolean exchange, boolean noReplace) throws ErrnoException {
        // the checks in the order Linux makes them, so a call breaking two rules fails as on Linux
        if (exchange && dst == null) {
            throw new ErrnoException(Errno.ENOENT);
        }
        if (noReplace && dst != null) {
            throw new ErrnoException(Errno.EEXIST);
        }
        if (from.nlink == 0 || to.nlink == 0) {
            throw new ErrnoException(Errno.ENOENT);
        }
        boolean crossDir = from != to;
        if (crossDir && src instanceof Directory s && isSelfOrAncestor(s, to)) {
            throw new ErrnoException(Errno.EINVAL, "directory into its own subtree");
        }
        if (crossDir && dst instanceof Directory t && isSelfOrAncestor(t, from)) {
            // the target contains the source: exchanging is a loop, replacing finds it not empty
            throw new ErrnoException(exchange ? Errno.EINVAL : Errno.ENOTEMPTY);
        }
        if (src == dst) {
            return; // two names of one node: POSIX says do nothing
        }
        Permissions.checkModify(ctx, from);
        Permissions.checkSticky(ctx, from, src);
        Permissions.checkModify(ctx, to);
        if (dst != null) {
            Permissions.checkSticky(ctx, to, dst);
            if (!exchange && src.isDirectory() && !dst.isDirectory()) {
                throw new ErrnoException(Errno.ENOTDIR);
            }
            if (!exchange && !src.isDirectory() && dst.isDirectory()) {
                throw new ErrnoException(Errno.EISDIR);
            }
        }
        // a directory that changes parent rewrites its "..": that needs write permission on it
        if (crossDir && src.isDirectory()) {
            Permissions.check(ctx, src, WRITE);
        }
        if (crossDir && exchange && dst.isDirectory()) {
            Permissions.check(ctx, dst, WRITE);
        }
        if (!exchange && dst instanceof Directory t && !t.isEmpty()) {
            throw new ErrnoException(Errno.ENOTEMPTY);
        }
        Instant now = Instant.now();
        if (exchange) {
            from.replace(name, dst);
            to.replace(newName, src);
            if (crossDir) {
                moveDirectoryLink(src, from, to);
                moveDirectoryLink(dst, to, from);
            }
            dst.touchCtime(now);
        } else {
            from.remove(name);
            if (dst != null) {
                to.replace(newName, src);
                if (dst instanceof Directory) {
                    dst.nlink = 0;
                    to.nlink--;
                } else {
                    dst.nlink--;
                }
                dst.touchCtime(now);
            } else {
                to.put(newName, src);
            }
            if (crossDir) {
                moveDirectoryLink(src, from, to);
            }
        }
        src.touchCtime(now);
        from.touchModified(now);
        to.touchModified(now);
    }

    private static void moveDirectoryLink(Node node, Directory from, Directory to) {
        if (node instanceof Directory d) {
            d.parent = to;
            from.nlink--;
            to.nlink++;
        }
    }

    /** Whether {@code dir} is {@code node} or below it; parents are stable under the rename lock. */
    private static boolean isSelfOrAncestor(Directory node, Directory dir) {
        for (Directory d = dir;; d = d.parent) {
            if (d == node) {
                return true;
            }
            if (d.parent == d) {
                return false;
            }
        }
    }
}
