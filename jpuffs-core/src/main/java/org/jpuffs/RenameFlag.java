package org.jpuffs;

/** Flags of {@code renameat2(2)}. */
public enum RenameFlag {
    /** Fail with EEXIST when the target exists ({@code RENAME_NOREPLACE}). */
    NOREPLACE,
    /** Atomically swap source and target; both must exist ({@code RENAME_EXCHANGE}). */
    EXCHANGE,
    /** Leave a whiteout at the source ({@code RENAME_WHITEOUT}, for overlay file systems). */
    WHITEOUT
}
