package org.jpuffs.testkit.mount;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads /proc/self/mounts: which mountpoints exist now. Mountpoint fields there escape space, tab,
 * newline and backslash as octal (\040 and so on); this undoes that.
 */
public final class MountTable {
    private MountTable() {
    }

    /**
     * One line of the table.
     *
     * @param source     device or source name
     * @param mountpoint where it is mounted
     * @param type       file system type, for example "tmpfs" or "fuse.memfs"
     * @param options    the options field
     */
    public record MountEntry(String source, Path mountpoint, String type, String options) {
    }

    /**
     * All current mounts of this process's mount namespace.
     *
     * @return the entries in table order
     */
    public static List<MountEntry> entries() {
        try {
            List<MountEntry> out = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] f = line.split(" ");
                if (f.length >= 4) {
                    out.add(new MountEntry(unescape(f[0]), Path.of(unescape(f[1])), f[2], f[3]));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The mounts at {@code dir} or below it.
     *
     * @param dir an absolute directory
     * @return matching entries, deepest last
     */
    public static List<MountEntry> at(Path dir) {
        Path norm = dir.toAbsolutePath().normalize();
        return entries().stream().filter(e -> e.mountpoint().startsWith(norm)).toList();
    }

    /**
     * Whether something is mounted exactly at {@code dir}.
     *
     * @param dir an absolute directory
     * @return true if a table entry names it
     */
    public static boolean isMountpoint(Path dir) {
        Path norm = dir.toAbsolutePath().normalize();
        return entries().stream().anyMatch(e -> e.mountpoint().equals(norm));
    }

    static String unescape(String field) {
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
