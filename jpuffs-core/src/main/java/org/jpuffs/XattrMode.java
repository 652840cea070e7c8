package org.jpuffs;

/** How {@code setxattr(2)} treats an existing attribute. */
public enum XattrMode {
    /** Create or replace. */
    ANY,
    /** Fail with EEXIST when it exists ({@code XATTR_CREATE}). */
    CREATE,
    /** Fail with ENODATA when it does not exist ({@code XATTR_REPLACE}). */
    REPLACE
}
