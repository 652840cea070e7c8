package org.jpuffs.fuse.mount;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads {@code /proc/self/mountinfo}: what is mounted where, as this process sees it. */
public final class MountTable {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MountTable() {}

    /**
     * One mount.
     *
     * @param device the superblock's {@code major:minor}; for FUSE the minor is the connection's
     *     number under {@code /sys/fs/fuse/connections}
     * @param mountpoint where it is mounted
     * @param type the file-system type, e.g. {@code fuse.jpuffs-memfs}
     * @param source the source, e.g. {@code memfs}
     */
    public record Entry(String device, Path mountpoint, String type, String source) {
        /**
         * The FUSE connection number (the device's minor number).
         *
         * @return the number
         */
        public int connection() {
            return Integer.parseInt(device.substring(device.indexOf(':') + 1));
        }

        /**
         * Whether this is a FUSE mount.
         *
         * @return whether the type is {@code fuse} or {@code fuse.*}
         */
        public boolean isFuse() {
            return type.equals("fuse") || type.startsWith("fuse.");
        }
    }

    /**
     * The topmost mount at {@code mountpoint}, if any.
     *
     * @param mountpoint an absolute, normalized path
     * @return the entry
     */
    public static Optional<Entry> at(Path mountpoint) {
        Entry found = null;
        for (Entry e : all()) {
            if (e.mountpoint().equals(mountpoint)) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Every mount, in mount order.
     *
     * @return the entries
     */
    public static List<Entry> all() {
        try {
            return Files.readAllLines(MOUNTINFO).stream().map(MountTable::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // id parent major:minor root mountpoint options [optional fields...] - type source superoptions
    private static Entry parse(String line) {
        String[] f = line.split(" ");
        int dash = 6;
        while (!f[dash].equals("-")) {
            dash++;
        }
        return new Entry(f[2], Path.of(unescape(f[4])), unescape(f[dash + 1]), unescape(f[dash + 2]));
    }

    // the kernel writes space, tab, newline and backslash as \ooo
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
