package org.jpuffs.fuse.mount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jpuffs.ErrnoException;
import org.jpuffs.fuse.transport.DevFuse;
import org.jpuffs.fuse.transport.Libc;

/**
 * Mounting and unmounting through the setuid helper {@code fusermount3}, the way for a user who may
 * not call mount(2). The helper opens {@code /dev/fuse}, mounts, and passes the fd back over a Unix
 * socket named by {@code _FUSE_COMMFD} ({@code SCM_RIGHTS}). ProcessBuilder closes every inherited fd,
 * so the helper is spawned through posix_spawn with the socket installed as its fd 3.
 *
 * <p>With {@code auto_unmount} the helper stays alive after passing the fd and unmounts when our end of
 * the socket closes, which the kernel does for us when the JVM dies, even on kill -9.
 */
public final class Fusermount {
    private static final List<Path> PLACES = List.of(Path.of("/usr/bin"), Path.of("/bin"), Path.of("/usr/local/bin"),
            Path.of("/usr/sbin"), Path.of("/sbin"));
    private static final int COMM_FD = 3;
    /** System property naming the fusermount3 to use. */
    public static final String HELPER_PROPERTY = "jpuffs.fusermount3";

    private Fusermount() {}

    /**
     * A mount made by fusermount3.
     *
     * @param fd the connection's {@code /dev/fuse} fd
     * @param helperPid the helper's pid while it watches the socket ({@code auto_unmount}), else -1
     * @param socket our end of the socket while the helper watches it, else -1; closing it makes the
     *     helper unmount
     */
    public record Mounted(int fd, int helperPid, int socket) {}

    /**
     * Where fusermount3 is installed, if it is: the system property {@value #HELPER_PROPERTY} if set
     * (a helper in an unusual place), else the first one on PATH or in the usual directories.
     *
     * @return its path
     */
    public static Optional<Path> find() {
        String configured = System.getProperty(HELPER_PROPERTY);
        if (configured != null) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(":")) {
                if (!d.isEmpty()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        dirs.addAll(PLACES);
        return dirs.stream().map(d -> d.resolve("fusermount3")).filter(Files::isExecutable).findFirst();
    }

    /**
     * Mounts {@code mountpoint} through fusermount3.
     *
     * @param mountpoint an absolute path to an existing directory
     * @param options the mount options (only kernel options and auto_unmount are passed on)
     * @return the fd, and the helper still watching if {@code auto_unmount}
     * @throws IOException with fusermount3's own error line, and the likely cause
     */
    public static Mounted mount(Path mountpoint, MountOptions options) throws IOException {
        Path helper = find().orElseThrow(() -> new IOException("cannot mount " + mountpoint + " as uid "
                + Libc.getuid() + ": without root privileges a mount needs fusermount3, which is not installed;"
                + " install fuse3 (for example: apt-get install fuse3)"));
        int[] pair = Libc.socketPair();
        int ours = pair[0];
        int theirs = pair[1];
        int stderr = -1;
        boolean keepSocket = false;
        try {
            stderr = Libc.memfd("fusermount3-stderr");
            List<String> argv = List.of(helper.toString(), "-o", options.fusermountOptions(), "--",
                    mountpoint.toString());
            int pid = Libc.spawn(helper.toString(), argv, environment(), new int[] {-1, -1, stderr, theirs}, true);
            // if the helper fails, it must hold the only other end: else recvmsg would wait forever
            Libc.close(theirs);
            theirs = -1;
            int fd = Libc.receiveFd(ours);
            if (fd < 0) {
                int status = Libc.waitPid(pid, false);
                throw new IOException(failureMessage(mountpoint, Libc.exitStatus(status), readAll(stderr)));
            }
            if (!options.autoUnmount()) {
                // without auto_unmount the helper exits right after passing the fd
                Libc.waitPid(pid, false);
                return new Mounted(fd, -1, -1);
            }
            keepSocket = true;
            return new Mounted(fd, pid, ours);
        } finally {
            if (theirs >= 0) {
                Libc.close(theirs);
            }
            if (stderr >= 0) {
                Libc.close(stderr);
            }
            if (!keepSocket) {
                Libc.close(ours);
            }
        }
    }

    private static List<String> environment() {
        List<String> env = new ArrayList<>();
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            if (!e.getKey().equals("_FUSE_COMMFD")) {
                env.add(e.getKey() + "=" + e.getValue());
            }
        }
        env.add("_FUSE_COMMFD=" + COMM_FD);
        return env;
    }

    private static String readAll(int fd) {
        try {
            return new String(Libc.preadAll(fd, 4096), StandardCharsets.UTF_8).strip();
        } catch (ErrnoException e) {
            return "";
        }
    }

    static String failureMessage(Path mountpoint, int exit, String helperOutput) {
        StringBuilder m = new StringBuilder("fusermount3 could not mount ").append(mountpoint);
        String line = helperOutput.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        m.append(line.isEmpty() ? " (exit status " + exit + ", no message)" : ": " + line);
        if (line.contains(DevFuse.PATH) && (line.contains("Permission denied") || line.contains("not permitted"))
                && !devFuseWorldAccessible()) {
            m.append(" -- /dev/fuse is not readable and writable by other users (it is 0600 on systems"
                    + " without udev); a user mount needs it 0666, as udev makes it: chmod 0666 /dev/fuse");
        } else if (line.contains("allow_other")) {
            m.append(" -- allow_other for a user mount needs a line 'user_allow_other' in /etc/fuse.conf");
        }
        return m.toString();
    }

    private static boolean devFuseWorldAccessible() {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(Path.of(DevFuse.PATH));
            return p.contains(PosixFilePermission.OTHERS_READ) && p.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Unmounts through {@code fusermount3 -u}.
     *
     * @param mountpoint the mountpoint
     * @param lazy whether to detach a busy mount ({@code -z})
     * @throws IOException with fusermount3's message if it fails
     */
    public static void unmount(Path mountpoint, boolean lazy) throws IOException {
        Path helper = find().orElseThrow(() -> new IOException("cannot unmount " + mountpoint
                + ": fusermount3 is not installed; install fuse3"));
        List<String> cmd = new ArrayList<>(List.of(helper.toString(), "-u"));
        if (lazy) {
            cmd.add("-z");
        }
        cmd.add("--");
        cmd.add(mountpoint.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("fusermount3 -u " + mountpoint + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IOException("fusermount3 could not unmount " + mountpoint + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unmounting " + mountpoint, e);
        }
    }
}
