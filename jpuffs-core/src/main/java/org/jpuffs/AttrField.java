package org.jpuffs;

/** One attribute a {@link SetAttributes} changes (FUSE's {@code FATTR_*} bits). */
public enum AttrField {
    /** Permission bits ({@code chmod}). */
    MODE,
    /** Owner ({@code chown}). */
    UID,
    /** Group ({@code chown}). */
    GID,
    /** Size ({@code truncate}). */
    SIZE,
    /** Access time, to {@link SetAttributes#atime()}. */
    ATIME,
    /** Access time, to the server's current time ({@code UTIME_NOW}). */
    ATIME_NOW,
    /** Modification time, to {@link SetAttributes#mtime()}. */
    MTIME,
    /** Modification time, to the server's current time ({@code UTIME_NOW}). */
    MTIME_NOW,
    /** Change time, to {@link SetAttributes#ctime()}. */
    CTIME,
    /**
     * Clear set-user-id, and set-group-id when group-execute is set, as a write or truncate by an
     * unprivileged caller does ({@code FATTR_KILL_SUIDGID}, with {@code handle_killpriv_v2}).
     */
    KILL_SUIDGID
}
