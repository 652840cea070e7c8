package org.jpuffs.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jpuffs mount [-o opt,...] [--background] SERVER MOUNTPOINT}. In the foreground it serves
 * until unmounted, Ctrl-C or SIGTERM (each unmounts cleanly). With --background it starts a serving
 * process of its own (in a new session) and returns once that mount is ready.
 */
@Command(name = "mount", description = "Mounts a file server and serves it (foreground unless --background).",
        mixinStandardHelpOptions = true)
final class MountCommand implements Callable<Integer> {
    static final String READY_LINE = "jpuffs: mount ready";
    private static final String CHILD_ENV = "JPUFFS_BACKGROUND_CHILD";

    @Option(names = "-o", paramLabel = "OPT[,OPT...]", split = ",",
            description = "mount options (kernel, jpuffs and file-server options), comma-separated")
    List<String> options = new ArrayList<>();

    @Option(names = "--background", description = "return once the mount is ready; serve in a new process")
    boolean background;

    @Parameters(index = "0", paramLabel = "SERVER", description = "the file server: ${COMPLETION-CANDIDATES}",
            completionCandidates = ServerCatalog.Names.class)
    String serverName;

    @Parameters(index = "1", paramLabel = "MOUNTPOINT", description = "an empty directory")
    Path mountpoint;

    private final ServerCatalog catalog;
    private final MountBackend backend;

    MountCommand(ServerCatalog catalog, MountBackend backend) {
        this.catalog = catalog;
        this.backend = backend;
    }

    @Override
    public Integer call() throws Exception {
        ServerType type = catalog.find(serverName);
        Map<String, String> serverOptions = new LinkedHashMap<>();
        List<String> mountOptions = new ArrayList<>(type.defaultMountOptions());
        boolean nonempty = false;
        for (String o : options) {
            if (o.isBlank()) {
                continue;
            }
            String key = o.contains("=") ? o.substring(0, o.indexOf('=')) : o;
            if (key.equals("nonempty")) {
                nonempty = true;
                mountOptions.add(o);
            } else if (type.optionKeys().contains(key)) {
                serverOptions.put(key, o.contains("=") ? o.substring(o.indexOf('=') + 1) : "");
            } else if (backend.optionNames().contains(key)) {
                mountOptions.add(o);
            } else {
                TreeSet<String> valid = new TreeSet<>(backend.optionNames());
                valid.addAll(type.optionKeys());
                valid.add("nonempty");
                throw new UsageException("unknown option '" + key + "' for " + type.name() + "; valid options: "
                        + String.join(", ", valid));
            }
        }
        // a server that must know about the kernel's writeback cache (memfs) is told so by -o writeback_cache
        if (mountOptions.contains("writeback_cache") && type.optionKeys().contains("writeback")) {
            serverOptions.putIfAbsent("writeback", "true");
        }
        backend.validate(mountOptions);
        Path abs = MountpointCheck.check(mountpoint, type.rootIsDirectory(serverOptions), nonempty);
        checkDevice();
        if (background) {
            return startInBackground(abs);
        }
        return serve(type, serverOptions, mountOptions, abs);
    }

    private int serve(ServerType type, Map<String, String> serverOptions, List<String> mountOptions, Path abs)
            throws Exception {
        MountBackend.Served served = backend.mount(type.create(serverOptions), type.name(), abs, mountOptions);
        MountRegistry registry = MountRegistry.forCurrentUser();
        long pid = ProcessHandle.current().pid();
        registry.add(new MountRegistry.Registration(abs, type.name(), pid, String.join(",", options)));
        Thread hook = new Thread(() -> {
            served.close();
            registry.remove(abs, pid);
        }, "jpuffs-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println(READY_LINE + ": " + type.name() + " on " + abs + " (pid " + pid + ")");
        System.out.flush();
        if (System.getenv(CHILD_ENV) != null) {
            System.out.close(); // the parent stops reading here; later output goes to the log
        }
        served.awaitEnd();
        served.close();
        registry.remove(abs, pid);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running
        }
        return 0;
    }

    private static void checkDevice() throws UsageException {
        if (!Files.exists(Path.of("/dev/fuse"))) {
            throw new UsageException("/dev/fuse is missing: load the fuse module (modprobe fuse) or run where FUSE "
                    + "is available");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root && !onPath("fusermount3")) {
            throw new UsageException("fusermount3 is missing: install fuse3 (as root: apt-get install -y fuse3)");
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        for (String d : (path == null ? "/usr/bin:/bin" : path).split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/bin", tool)) || Files.isExecutable(Path.of("/bin", tool));
    }

    /** Re-runs this command without --background in a new session and waits for its ready line. */
    private int startInBackground(Path abs) throws IOException, InterruptedException, UsageException {
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid");
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("mount");
        for (String o : options) {
            cmd.add("-o");
            cmd.add(o);
        }
        cmd.add(serverName);
        cmd.add(abs.toString());
        Path log = Files.createTempFile("jpuffs-" + serverName + "-", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().put(CHILD_ENV, "1");
        Process child = pb.start();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith(READY_LINE)) {
                    System.out.println(line + "; log: " + log);
                    return 0;
                }
            }
        }
        child.waitFor();
        List<String> errors = Files.readAllLines(log);
        String last = errors.isEmpty() ? "exit status " + child.exitValue() : errors.get(errors.size() - 1);
        throw new UsageException("background mount failed: " + last.replaceFirst("^jpuffs: ", "") + " (log: "
                + log + ")");
    }
}
