package org.jpuffs;

import java.time.Instant;
import java.util.Set;

/**
 * The attributes a {@code setAttr} changes. Only the fields named in {@link #fields()} are
 * meaningful; the others hold zero or {@code null}.
 *
 * @param fields which attributes change
 * @param mode new permission bits (07777), with {@link AttrField#MODE}
 * @param uid new owner, with {@link AttrField#UID}
 * @param gid new group, with {@link AttrField#GID}
 * @param size new size, with {@link AttrField#SIZE}
 * @param atime new access time, with {@link AttrField#ATIME}
 * @param mtime new modification time, with {@link AttrField#MTIME}
 * @param ctime new change time, with {@link AttrField#CTIME}
 */
public record SetAttributes(Set<AttrField> fields, int mode, int uid, int gid, long size, Instant atime,
        Instant mtime, Instant ctime) {

    /**
     * Copies the field set so later changes to the caller's set do not leak in.
     *
     * @param fields which attributes change
     * @param mode new permission bits
     * @param uid new owner
     * @param gid new group
     * @param size new size
     * @param atime new access time
     * @param mtime new modification time
     * @param ctime new change time
     */
    public SetAttributes {
        fields = Set.copyOf(fields);
    }

    /**
     * Whether {@code field} changes.
     *
     * @param field an attribute
     * @return true when the request sets it
     */
    public boolean has(AttrField field) {
        return fields.contains(field);
    }

    /**
     * A request that only changes the size (truncate).
     *
     * @param size the new size
     * @return the request
     */
    public static SetAttributes size(long size) {
        return new SetAttributes(Set.of(AttrField.SIZE), 0, 0, 0, size, null, null, null);
    }

    /**
     * A request that only changes the permission bits (chmod).
     *
     * @param mode the new permission bits
     * @return the request
     */
    public static SetAttributes mode(int mode) {
        return new SetAttributes(Set.of(AttrField.MODE), mode & 07777, 0, 0, 0, null, null, null);
    }
}
