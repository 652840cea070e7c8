package org.jpuffs.testkit.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Mountpoints for one test: creates empty directories, and afterwards insists nothing is still
 * mounted on or below them. A leftover mount is unmounted lazily (a stale FUSE mount hangs whoever
 * touches it, so never stat it) and reported as a failure.
 */
public final class Mountpoints {
    private final Path base;
    private final List<Path> created = new ArrayList<>();

    /**
     * Creates the bookkeeping with a fresh base directory (mode 0755, so an unprivileged test user
     * can reach mounts below it).
     *
     * @throws IOException if the base directory cannot be made
     */
    public Mountpoints() throws IOException {
        this.base = Files.createTempDirectory("jpuffs-mnt-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * A new empty directory to mount on.
     *
     * @param name a readable name (made unique)
     * @return the directory, mode 0755
     * @throws IOException if it cannot be created
     */
    public Path create(String name) throws IOException {
        Path dir = base.resolve(name + "-" + created.size());
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        created.add(dir);
        return dir;
    }

    /**
     * The base directory all mountpoints are created in.
     *
     * @return the directory
     */
    public Path base() {
        return base;
    }

    /**
     * Checks that nothing is mounted at or below the base; unmounts leftovers lazily, removes the
     * directories, and throws if anything was left.
     *
     * @throws AssertionError naming the leftover mounts
     */
    public void release() {
        List<MountTable.MountEntry> left = MountTable.at(base);
        List<String> problems = new ArrayList<>();
        // deepest first, so nested mounts come off before their parents
        for (int i = left.size() - 1; i >= 0; i--) {
            Path mp = left.get(i).mountpoint();
            problems.add(mp + " (" + left.get(i).type() + ")");
            try {
                Unmount.run(mp, true);
            } catch (IOException e) {
                problems.add("umount -l " + mp + " failed: " + e.getMessage());
            }
        }
        List<MountTable.MountEntry> still = MountTable.at(base);
        if (!still.isEmpty()) {
            problems.add("still mounted after umount -l: " + still);
        }
        if (still.isEmpty()) {
            for (int i = created.size() - 1; i >= 0; i--) {
                try {
                    Files.deleteIfExists(created.get(i));
                } catch (IOException e) {
                    problems.add("cannot remove " + created.get(i) + ": " + e.getMessage());
                }
            }
            try {
                Files.deleteIfExists(base);
            } catch (IOException e) {
                problems.add("cannot remove " + base + ": " + e.getMessage());
            }
        }
        created.clear();
        if (!problems.isEmpty()) {
            throw new AssertionError("mounts left after the test (lazily unmounted): " + String.join(", ", problems));
        }
    }
}
