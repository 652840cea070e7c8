package org.jpuffs.fuse.mount;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jpuffs.ErrnoException;
import org.jpuffs.fuse.transport.Libc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * auto_unmount for a mount made with mount(2): a small shell process, in a session of its own, that
 * reads a pipe whose only writer is this JVM. A clean end writes a line first and the watchdog exits;
 * if the JVM dies (even kill -9), the kernel closes the pipe, the read sees end-of-file, and the
 * watchdog lazily unmounts the mountpoint, but only if the mount there is still ours (same device).
 */
public final class Watchdog {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

    // $1 mountpoint, $2 the mount's major:minor
    private static final String SCRIPT = """
            if read -r line; then exit 0; fi
            dev=$(findmnt -n -o MAJ:MIN --mountpoint "$1" 2>/dev/null | tail -n 1 | tr -d ' ')
            if [ "$dev" = "$2" ]; then exec umount -l -- "$1"; fi
            exit 0
            """;

    private final int pipe;
    private final int pid;

    private Watchdog(int pipe, int pid) {
        this.pipe = pipe;
        this.pid = pid;
    }

    /**
     * Starts a watchdog for the mount at {@code mountpoint}.
     *
     * @param mountpoint the mountpoint
     * @param device the mount's {@code major:minor}
     * @return the watchdog
     * @throws ErrnoException if it cannot be started
     */
    public static Watchdog start(Path mountpoint, String device) throws ErrnoException {
        int[] p = Libc.pipe();
        try {
            int pid = Libc.spawn("/bin/sh", List.of("jpuffs-watchdog", "-c", SCRIPT, "jpuffs-watchdog",
                    mountpoint.toString(), device), List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin"),
                    new int[] {p[0], -1, -1}, true);
            return new Watchdog(p[1], pid);
        } catch (ErrnoException e) {
            Libc.close(p[1]);
            throw e;
        } finally {
            Libc.close(p[0]);
        }
    }

    /** Tells the watchdog the mount ended cleanly, so it exits without unmounting, and reaps it. */
    public void disarm() {
        try {
            Libc.write(pipe, "done\n".getBytes(StandardCharsets.US_ASCII));
        } catch (ErrnoException e) {
            LOG.warn("could not tell the unmount watchdog (pid {}) to stand down: {}", pid, e.getMessage());
        }
        Libc.close(pipe);
        try {
            Libc.waitPid(pid, false);
        } catch (ErrnoException e) {
            LOG.debug("watchdog {} not reaped: {}", pid, e.getMessage());
        }
    }
}
