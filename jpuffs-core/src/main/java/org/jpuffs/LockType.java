package org.jpuffs;

/** The type of a byte-range or whole-file lock. */
public enum LockType {
    /** A shared (read) lock: {@code F_RDLCK}, {@code LOCK_SH}. */
    READ,
    /** An exclusive (write) lock: {@code F_WRLCK}, {@code LOCK_EX}. */
    WRITE,
    /** No lock, or release one: {@code F_UNLCK}, {@code LOCK_UN}. */
    UNLOCK
}
