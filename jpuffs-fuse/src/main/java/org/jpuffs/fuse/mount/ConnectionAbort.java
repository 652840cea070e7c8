package org.jpuffs.fuse.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jpuffs.ErrnoException;
import org.jpuffs.fuse.transport.Libc;

/**
 * Aborting a FUSE connection through the fusectl file system: writing to
 * {@code /sys/fs/fuse/connections/N/abort} fails every request in flight (their callers get ECONNABORTED)
 * and ends the connection, so readers see ENODEV. The last resort for a mount whose requests stay stuck
 * after a lazy unmount. Where fusectl is not mounted (no systemd), root mounts it.
 */
public final class ConnectionAbort {
    private static final Path CONNECTIONS = Path.of("/sys/fs/fuse/connections");

    private ConnectionAbort() {}

    /**
     * Aborts connection {@code connection}.
     *
     * @param connection the connection number (the mount's minor device number)
     * @throws IOException if fusectl is unavailable or the write fails
     */
    public static void abort(int connection) throws IOException {
        Path dir = CONNECTIONS.resolve(Integer.toString(connection));
        if (!Files.isDirectory(dir) && KernelMount.privileged() && Files.isDirectory(CONNECTIONS)
                && MountTable.at(CONNECTIONS).isEmpty()) {
            try {
                Libc.mount("fusectl", CONNECTIONS.toString(), "fusectl", 0, "");
            } catch (ErrnoException e) {
                throw new IOException("cannot mount fusectl on " + CONNECTIONS + " to abort connection "
                        + connection + ": " + e.getMessage(), e);
            }
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("cannot abort FUSE connection " + connection + ": " + dir
                    + " does not exist (fusectl not mounted, or the connection is gone)");
        }
        Files.writeString(dir.resolve("abort"), "1");
    }
}
