package org.jpuffs.fuse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A {@link ServeMain} in a child JVM, as root or as another user, with its output line by line. */
final class ServingJvm implements AutoCloseable {
    final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder all = new StringBuilder();

    private ServingJvm(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon(true).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    synchronized (all) {
                        all.append(l).append('\n');
                    }
                    lines.add(l);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
    }

    /**
     * Starts a serving JVM.
     *
     * @param classpath the class path it runs from (staged world-readable for another user)
     * @param user null for root, else the user to run as (through setpriv)
     */
    static ServingJvm start(String classpath, String user, Path mnt, String options, String... jvmOptions)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        if (user != null) {
            cmd.addAll(List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups", "--"));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xshare:auto"));
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", classpath,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", ServeMain.class.getName(), mnt.toString(), options));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (user != null) {
            pb.environment().put("HOME", "/tmp");
        }
        return new ServingJvm(pb.start());
    }

    /** The next line starting with one of {@code prefixes}, or an AssertionError with all output. */
    String await(long seconds, String... prefixes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            String l = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (l == null) {
                throw new AssertionError("no line starting with " + String.join("/", prefixes) + " within "
                        + seconds + " s; output so far:\n" + output());
            }
            for (String p : prefixes) {
                if (l.startsWith(p)) {
                    return l;
                }
            }
        }
    }

    String output() {
        synchronized (all) {
            return all.toString();
        }
    }

    void send(String line) throws IOException {
        OutputStream out = process.getOutputStream();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void kill9() throws Exception {
        // setpriv execs java, so the pid is the JVM's own
        Commands.Result r = Commands.run("kill", "-9", Long.toString(process.pid()));
        if (r.exit() != 0) {
            throw new AssertionError("kill -9 failed: " + r.output());
        }
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies this JVM's class path into a world-readable directory another user can run from. */
    static String stageClasspath(Path dir) throws IOException {
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String e : System.getProperty("java.class.path").split(":")) {
            Path src = Path.of(e);
            if (!Files.exists(src)) {
                continue;
            }
            Path dst = dir.resolve("cp" + i++ + (Files.isDirectory(src) ? "" : ".jar"));
            if (Files.isDirectory(src)) {
                try (Stream<Path> walk = Files.walk(src)) {
                    for (Path p : (Iterable<Path>) walk::iterator) {
                        Path t = dst.resolve(src.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(t);
                        } else {
                            Files.copy(p, t);
                        }
                    }
                }
            } else {
                Files.copy(src, dst);
            }
            entries.add(dst.toString());
        }
        worldReadable(dir);
        return String.join(":", entries);
    }

    static void worldReadable(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
