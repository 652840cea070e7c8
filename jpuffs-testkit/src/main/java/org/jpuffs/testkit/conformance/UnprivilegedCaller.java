package org.jpuffs.testkit.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.jpuffs.testkit.posix.RawPath;

/**
 * Performs syscalls as an unprivileged user in a child process: a dedicated account
 * ({@value #USER}, created with useradd when absent) whose process, started with
 * {@code setpriv --reuid --regid --clear-groups}, has no capabilities. Permission checks go through
 * it so they meet the kernel's and the file server's checks for real, not root's overrides.
 *
 * <p>The child is a small JVM running {@link CallerProcess} from a world-readable copy of the
 * testkit's classes. One child serves the whole test JVM ({@link #shared()}); it exits when its
 * stdin closes.
 */
public final class UnprivilegedCaller implements AutoCloseable {
    /** The account the calls run as. */
    public static final String USER = "jpuffs-test";

    private static UnprivilegedCaller shared;

    private final Process process;
    private final Writer toChild;
    private final BufferedReader fromChild;
    private final int uid;
    private final int gid;
    private final Path staged;

    /**
     * The answer of one call.
     *
     * @param value the call's result when it succeeded
     * @param errno 0 on success, else the errno
     */
    public record Reply(long value, int errno) {
        /**
         * Whether the call succeeded.
         *
         * @return errno == 0
         */
        public boolean ok() {
            return errno == 0;
        }
    }

    private UnprivilegedCaller(Process process, int uid, int gid, Path staged) {
        this.process = process;
        this.toChild = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        this.fromChild = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        this.uid = uid;
        this.gid = gid;
        this.staged = staged;
    }

    /**
     * The caller shared by this JVM, started on first use (and stopped at JVM exit).
     *
     * @return the caller
     * @throws IOException if the user cannot be created or the child cannot start
     */
    public static synchronized UnprivilegedCaller shared() throws IOException {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
            UnprivilegedCaller c = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(c::close, "jpuffs-unprivileged-caller-stop"));
        }
        return shared;
    }

    /**
     * Starts a new caller (prefer {@link #shared()}).
     *
     * @return the caller
     * @throws IOException if the user cannot be created or the child cannot start
     */
    public static UnprivilegedCaller start() throws IOException {
        ensureUser();
        int uid = Integer.parseInt(run("id", "-u", USER).strip());
        int gid = Integer.parseInt(run("id", "-g", USER).strip());
        Path staged = stageClasses();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--",
                java, "--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-Xmx32m", "-cp", staged.toString(), CallerProcess.class.getName())
                .directory(Path.of("/").toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        UnprivilegedCaller c = new UnprivilegedCaller(p, uid, gid, staged);
        Reply r = c.call("pid");
        if (!r.ok()) {
            c.close();
            throw new IOException("unprivileged caller did not start");
        }
        return c;
    }

    /**
     * The caller's uid.
     *
     * @return uid of {@value #USER}
     */
    public int uid() {
        return uid;
    }

    /**
     * The caller's gid (its only group).
     *
     * @return primary gid of {@value #USER}
     */
    public int gid() {
        return gid;
    }

    /**
     * Performs one call in the child. Arguments: {@link RawPath} and byte[] travel as hex, numbers
     * and strings as text (strings must not contain spaces).
     *
     * @param op   the call, see {@link CallerProcess}
     * @param args its arguments
     * @return the reply
     */
    public synchronized Reply call(String op, Object... args) {
        StringJoiner line = new StringJoiner(" ");
        line.add(op);
        for (Object a : args) {
            line.add(switch (a) {
                case RawPath p -> p.hex();
                case byte[] b -> HexFormat.of().formatHex(b);
                default -> a.toString();
            });
        }
        try {
            toChild.write(line + "\n");
            toChild.flush();
            String answer = fromChild.readLine();
            if (answer == null) {
                throw new IOException("unprivileged caller exited");
            }
            String[] f = answer.split(" ", 2);
            return switch (f[0]) {
                case "ok" -> new Reply(Long.parseLong(f[1]), 0);
                case "err" -> new Reply(0, Integer.parseInt(f[1]));
                default -> throw new IOException("unprivileged caller: " + answer);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the child's stdin, waits briefly, then kills it if needed. */
    @Override
    public void close() {
        try {
            toChild.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
        deleteTree(staged);
    }

    private static void ensureUser() throws IOException {
        if (runStatus("id", "-u", USER) == 0) {
            return;
        }
        if (runStatus("useradd", "--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", USER) != 0
                && runStatus("id", "-u", USER) != 0) {
            throw new IOException("cannot create user " + USER + " (useradd failed; not root?)");
        }
    }

    /** Copies the testkit's classes (directory or jar) to a directory everyone can read. */
    private static Path stageClasses() throws IOException {
        Path source;
        try {
            source = Path.of(CallerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Path dir = Files.createTempDirectory("jpuffs-caller-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (Files.isDirectory(source)) {
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    Path target = dir.resolve(source.relativize(d).toString());
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    Path target = dir.resolve(source.relativize(f).toString());
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                    return FileVisitResult.CONTINUE;
                }
            });
            return dir;
        }
        Path jar = dir.resolve("testkit.jar");
        Files.copy(source, jar);
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        return jar;
    }

    private static void deleteTree(Path p) {
        Path root = p.getFileName().toString().endsWith(".jar") ? p.getParent() : p;
        try (var s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temp directory
        }
    }

    private static String run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", cmd) + ": " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }

    private static int runStatus(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
