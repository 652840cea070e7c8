package org.jpuffs;

/** Flags of {@code fallocate(2)}. */
public enum FallocateMode {
    /** Do not change the file size ({@code FALLOC_FL_KEEP_SIZE}). */
    KEEP_SIZE,
    /** Deallocate the range, which then reads as zeros (with KEEP_SIZE; {@code FALLOC_FL_PUNCH_HOLE}). */
    PUNCH_HOLE,
    /** Zero the range ({@code FALLOC_FL_ZERO_RANGE}). */
    ZERO_RANGE,
    /** Remove the range, shifting the rest down ({@code FALLOC_FL_COLLAPSE_RANGE}). */
    COLLAPSE_RANGE,
    /** Insert a hole, shifting the rest up ({@code FALLOC_FL_INSERT_RANGE}). */
    INSERT_RANGE
}
