package org.jpuffs.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** The checks a mountpoint must pass before jpuffs tries to mount on it, each with a one-line reason. */
final class MountpointCheck {
    private MountpointCheck() {
    }

    /**
     * Checks {@code dir} and returns its absolute, normalised form.
     *
     * @param dir the mountpoint as given
     * @param wantDirectory false when the file server's root is not a directory (then the mountpoint
     *     must be a regular file, as the kernel requires the same type on both sides)
     * @param nonempty true when {@code -o nonempty} allows a non-empty directory
     */
    static Path check(Path dir, boolean wantDirectory, boolean nonempty) throws UsageException {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageException("mountpoint " + abs + " does not exist: create it first (mkdir -p " + abs + ")");
        }
        if (wantDirectory && !Files.isDirectory(abs)) {
            throw new UsageException("mountpoint " + abs + " is not a directory");
        }
        if (!wantDirectory && !Files.isRegularFile(abs)) {
            throw new UsageException("mountpoint " + abs
                    + " must be a regular file, because the file server's root is not a directory");
        }
        if (isMountpoint(abs)) {
            throw new UsageException("mountpoint " + abs + " is already a mount: unmount it first (jpuffs umount "
                    + abs + ")");
        }
        if (wantDirectory && !nonempty && !isEmpty(abs)) {
            throw new UsageException("mountpoint " + abs
                    + " is not empty: choose an empty directory, or add -o nonempty to mount over its contents");
        }
        return abs;
    }

    static boolean isMountpoint(Path abs) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.ISO_8859_1)) {
                String[] f = line.split(" ");
                if (f.length > 4 && unescape(f[4]).equals(abs.toString())) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** /proc/self/mountinfo escapes space, tab, newline and backslash as octal. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isEmpty(Path dir) throws UsageException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        } catch (IOException e) {
            throw new UsageException("cannot read mountpoint " + dir + ": " + e.getMessage());
        }
    }
}
