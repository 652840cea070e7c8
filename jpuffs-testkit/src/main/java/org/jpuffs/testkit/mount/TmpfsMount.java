package org.jpuffs.testkit.mount;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A private tmpfs mounted with mount(8) (needs root): the reference every conformance test must pass
 * on and the other side of a differential run. {@link #close()} unmounts (lazily if it must).
 */
public final class TmpfsMount implements AutoCloseable {
    private final Path mountpoint;
    private boolean mounted;

    private TmpfsMount(Path mountpoint) {
        this.mountpoint = mountpoint;
        this.mounted = true;
    }

    /**
     * Mounts a tmpfs on an existing empty directory.
     *
     * @param mountpoint the directory
     * @param options    tmpfs options, for example "size=256m,mode=0755"
     * @return the mount
     * @throws IOException if mount(8) fails
     */
    public static TmpfsMount mount(Path mountpoint, String options) throws IOException {
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "jpuffs-testkit", mountpoint.toString())
                .redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("mount tmpfs timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (p.exitValue() != 0 || !MountTable.isMountpoint(mountpoint)) {
            throw new IOException("mount -t tmpfs on " + mountpoint + " failed: " + out.strip());
        }
        return new TmpfsMount(mountpoint);
    }

    /**
     * The mountpoint (the tmpfs root once mounted).
     *
     * @return the directory
     */
    public Path root() {
        return mountpoint;
    }

    /** Unmounts; falls back to a lazy unmount, and throws if even that leaves it in the table. */
    @Override
    public void close() throws IOException {
        if (!mounted) {
            return;
        }
        mounted = false;
        if (Unmount.run(mountpoint, false) != 0) {
            Unmount.run(mountpoint, true);
        }
        if (MountTable.isMountpoint(mountpoint)) {
            throw new IOException("tmpfs still mounted at " + mountpoint);
        }
    }
}
