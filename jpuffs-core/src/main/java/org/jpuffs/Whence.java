package org.jpuffs;

/** The {@code lseek(2)} modes a file server answers; the kernel handles SET, CUR and END itself. */
public enum Whence {
    /** The next offset at or after the given one that holds data ({@code SEEK_DATA}). */
    DATA,
    /** The next offset at or after the given one that starts a hole ({@code SEEK_HOLE}). */
    HOLE
}
