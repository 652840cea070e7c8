package org.jpuffs.testkit.posix;

import java.util.Arrays;

/**
 * One entry from getdents64, its name byte-exact.
 *
 * @param ino  inode number
 * @param off  the offset to continue after this entry
 * @param type DT_* type, possibly DT_UNKNOWN
 * @param name the name's bytes
 */
public record Dirent(long ino, long off, int type, byte[] name) {

    /**
     * The name as a path component.
     *
     * @return the name
     */
    public RawPath rawName() {
        return RawPath.of(name);
    }

    /**
     * Whether this is "." or "..".
     *
     * @return true for the two dot entries
     */
    public boolean isDot() {
        return Arrays.equals(name, new byte[] {'.'}) || Arrays.equals(name, new byte[] {'.', '.'});
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dirent d && d.ino == ino && d.off == off && d.type == type && Arrays.equals(d.name, name);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(name);
    }

    @Override
    public String toString() {
        return "Dirent[" + rawName() + ", type=" + type + ", ino=" + ino + "]";
    }
}
