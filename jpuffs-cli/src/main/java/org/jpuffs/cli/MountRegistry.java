package org.jpuffs.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * The runtime registry of jpuffs mounts: one small file per mount, written by the serving process
 * and removed when it ends. Root's registry is /run/jpuffs; another user's is under
 * $XDG_RUNTIME_DIR (or /tmp/jpuffs-UID). Entries whose process died are cleaned when listed.
 */
final class MountRegistry {
    /** One registered mount. */
    record Registration(Path mountpoint, String server, long pid, String options) {
    }

    private final Path dir;

    MountRegistry(Path dir) {
        this.dir = dir;
    }

    static MountRegistry forCurrentUser() {
        String override = System.getenv("JPUFFS_RUNTIME_DIR");
        if (override != null && !override.isEmpty()) {
            return new MountRegistry(Path.of(override));
        }
        if ("root".equals(System.getProperty("user.name"))) {
            return new MountRegistry(Path.of("/run/jpuffs"));
        }
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isEmpty()) {
            return new MountRegistry(Path.of(xdg, "jpuffs"));
        }
        return new MountRegistry(Path.of("/tmp", "jpuffs-" + System.getProperty("user.name")));
    }

    Path add(Registration r) throws IOException {
        Files.createDirectories(dir);
        Properties p = new Properties();
        p.setProperty("mountpoint", r.mountpoint().toString());
        p.setProperty("server", r.server());
        p.setProperty("pid", Long.toString(r.pid()));
        p.setProperty("options", r.options());
        Path file = fileFor(r.mountpoint());
        Path tmp = dir.resolve(file.getFileName() + ".tmp" + r.pid());
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "jpuffs mount");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    void remove(Path mountpoint, long pid) {
        Path file = fileFor(mountpoint);
        Registration r = read(file);
        if (r != null && r.pid() == pid) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a stale entry is cleaned by the next list
            }
        }
    }

    /** The live registrations; entries of dead processes or gone mounts are removed on the way. */
    List<Registration> list() throws IOException {
        List<Registration> live = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return live;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.mount")) {
            for (Path f : s) {
                Registration r = read(f);
                if (r != null && ProcessHandle.of(r.pid()).map(ProcessHandle::isAlive).orElse(false)
                        && MountpointCheck.isMountpoint(r.mountpoint())) {
                    live.add(r);
                } else {
                    Files.deleteIfExists(f);
                }
            }
        }
        live.sort(Comparator.comparing(r -> r.mountpoint().toString()));
        return live;
    }

    Registration find(Path mountpoint) {
        return read(fileFor(mountpoint));
    }

    private Path fileFor(Path mountpoint) {
        byte[] b = mountpoint.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int h = java.util.Arrays.hashCode(b);
        String name = mountpoint.getFileName() == null ? "root" : mountpoint.getFileName().toString()
                .replaceAll("[^A-Za-z0-9._-]", "_");
        return dir.resolve(name + "-" + HexFormat.of().toHexDigits(h) + ".mount");
    }

    private static Registration read(Path f) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f)) {
            p.load(r);
            return new Registration(Path.of(p.getProperty("mountpoint")), p.getProperty("server", "?"),
                    Long.parseLong(p.getProperty("pid", "-1")), p.getProperty("options", ""));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
