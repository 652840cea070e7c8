package org.jpuffs.memfs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jpuffs.CallContext;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;

/**
 * A POSIX ACL in the xattr form the kernel sends ({@code system.posix_acl_access} and
 * {@code _default}): a little-endian version word (2), then entries of tag (u16), permission (u16)
 * and id (u32), sorted by tag and id. Immutable; the operations are the ones Linux's posix_acl.c has:
 * evaluate, chmod, inherit on create, and the mode equivalent.
 */
final class PosixAcl {
    static final String ACCESS = "system.posix_acl_access";
    static final String DEFAULT = "system.posix_acl_default";

    static final int USER_OBJ = 0x01;
    static final int USER = 0x02;
    static final int GROUP_OBJ = 0x04;
    static final int GROUP = 0x08;
    static final int MASK = 0x10;
    static final int OTHER = 0x20;
    private static final int VERSION = 2;

    private final int[] tags;
    private final int[] perms;
    private final int[] ids;

    private PosixAcl(int[] tags, int[] perms, int[] ids) {
        this.tags = tags;
        this.perms = perms;
        this.ids = ids;
    }

    /**
     * Parses and validates the xattr form.
     *
     * @throws ErrnoException EINVAL for a malformed or invalid ACL
     */
    static PosixAcl parse(byte[] value) throws ErrnoException {
        if (value.length < 4 || (value.length - 4) % 8 != 0) {
            throw new ErrnoException(Errno.EINVAL, "ACL size");
        }
        ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt() != VERSION) {
            throw new ErrnoException(Errno.EINVAL, "ACL version");
        }
        int n = (value.length - 4) / 8;
        int[] tags = new int[n];
        int[] perms = new int[n];
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            tags[i] = b.getShort() & 0xffff;
            perms[i] = b.getShort() & 0xffff;
            ids[i] = b.getInt();
        }
        PosixAcl acl = new PosixAcl(tags, perms, ids);
        acl.validate();
        return acl;
    }

    private void validate() throws ErrnoException {
        int userObj = 0;
        int groupObj = 0;
        int other = 0;
        int mask = 0;
        boolean named = false;
        int lastTag = 0;
        long lastId = -1;
        for (int i = 0; i < tags.length; i++) {
            if ((perms[i] & ~7) != 0) {
                throw new ErrnoException(Errno.EINVAL, "ACL permission");
            }
            int t = tags[i];
            if (t < lastTag) {
                throw new ErrnoException(Errno.EINVAL, "ACL order");
            }
            if (t != lastTag) {
                lastId = -1;
            }
            switch (t) {
                case USER_OBJ -> userObj++;
                case GROUP_OBJ -> groupObj++;
                case OTHER -> other++;
                case MASK -> mask++;
                case USER, GROUP -> {
                    long id = ids[i] & 0xffffffffL;
                    if (id <= lastId) {
                        throw new ErrnoException(Errno.EINVAL, "ACL duplicate id");
                    }
                    lastId = id;
                    named = true;
                }
                default -> throw new ErrnoException(Errno.EINVAL, "ACL tag");
            }
            lastTag = t;
        }
        if (userObj != 1 || groupObj != 1 || other != 1 || mask > 1 || (named && mask == 0)) {
            throw new ErrnoException(Errno.EINVAL, "ACL entries");
        }
    }

    byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(4 + 8 * tags.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(VERSION);
        for (int i = 0; i < tags.length; i++) {
            b.putShort((short) tags[i]).putShort((short) perms[i]).putInt(ids[i]);
        }
        return b.array();
    }

    /** Whether the ACL says no more than the permission bits (only the three base entries). */
    boolean isMinimal() {
        return tags.length == 3;
    }

    /** The permission bits ({@code 0777}) the ACL implies: the mask stands for the group class. */
    int mode() {
        int mode = 0;
        int group = -1;
        for (int i = 0; i < tags.length; i++) {
            switch (tags[i]) {
                case USER_OBJ -> mode |= perms[i] << 6;
                case GROUP_OBJ -> group = group < 0 ? perms[i] : group;
                case MASK -> group = perms[i];
                case OTHER -> mode |= perms[i];
                default -> {
                }
            }
        }
        return mode | (group << 3);
    }

    private int indexOf(int tag) {
        for (int i = 0; i < tags.length; i++) {
            if (tags[i] == tag) {
                return i;
            }
        }
        return -1;
    }

    /** The ACL after a chmod: owner, group class (mask, else group) and other follow the mode. */
    PosixAcl withMode(int mode) {
        int[] p = perms.clone();
        p[indexOf(USER_OBJ)] = (mode >> 6) & 7;
        int mask = indexOf(MASK);
        p[mask >= 0 ? mask : indexOf(GROUP_OBJ)] = (mode >> 3) & 7;
        p[indexOf(OTHER)] = mode & 7;
        return new PosixAcl(tags, p, ids);
    }

    /** The result of inheriting a default ACL: the new node's access ACL and its permission bits. */
    record Inherited(PosixAcl access, int mode) {
    }

    /** A new node's access ACL from its parent's default ACL and the mode asked for (posix_acl_create). */
    Inherited inherit(int requestedMode) {
        int[] p = perms.clone();
        int mode = requestedMode;
        int groupObj = -1;
        int mask = -1;
        for (int i = 0; i < tags.length; i++) {
            switch (tags[i]) {
                case USER_OBJ -> {
                    p[i] &= (mode >> 6) & 7;
                    mode &= (p[i] << 6) | ~0700;
                }
                case GROUP_OBJ -> groupObj = i;
                case MASK -> mask = i;
                case OTHER -> {
                    p[i] &= mode & 7;
                    mode &= p[i] | ~07;
                }
                default -> {
                }
            }
        }
        int g = mask >= 0 ? mask : groupObj;
        p[g] &= (mode >> 3) & 7;
        mode &= (p[g] << 3) | ~070;
        return new Inherited(new PosixAcl(tags, p, ids), mode);
    }

    /**
     * Evaluates the ACL for a caller who is not the owner (the owner entry is the mode's owner bits).
     *
     * @param want the bits asked for (4 read, 2 write, 1 execute)
     * @return whether they are granted
     */
    boolean grants(CallContext ctx, int fileUid, int fileGid, int want) {
        int mask = 7;
        int m = indexOf(MASK);
        if (m >= 0) {
            mask = perms[m];
        }
        for (int i = 0; i < tags.length; i++) {
            if (tags[i] == USER_OBJ && ctx.uid() == fileUid) {
                return (perms[i] & want) == want;
            }
            if (tags[i] == USER && ids[i] == ctx.uid()) {
                return (perms[i] & mask & want) == want;
            }
        }
        boolean inGroupClass = false;
        for (int i = 0; i < tags.length; i++) {
            boolean match = tags[i] == GROUP_OBJ && ctx.inGroup(fileGid) || tags[i] == GROUP && ctx.inGroup(ids[i]);
            if (match) {
                inGroupClass = true;
                if ((perms[i] & mask & want) == want) {
                    return true;
                }
            }
        }
        if (inGroupClass) {
            return false;
        }
        return (perms[indexOf(OTHER)] & want) == want;
    }
}
