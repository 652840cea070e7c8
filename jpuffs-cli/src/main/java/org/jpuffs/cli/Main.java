package org.jpuffs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jpuffs} command: mounts jpuffs file servers like any Linux file system. */
@Command(name = "jpuffs", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Mounts jpuffs file servers (Java file systems served over /dev/fuse).",
        subcommands = {MountCommand.class, UmountCommand.class, ListCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  jpuffs mount memfs /tmp/mem                  serve memfs until Ctrl-C",
            "  jpuffs mount --background -o size=1G memfs /tmp/mem",
            "  jpuffs list                                  show jpuffs mounts and their serving pids",
            "  jpuffs umount /tmp/mem"})
public final class Main {
    private Main() {
    }

    /**
     * Runs the command and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command and returns its exit status (0 success, 1 failure, 2 usage). */
    static int run(String... args) {
        return run(ServerCatalog.standard(), FuseBackend::new, args);
    }

    /** Runs the command with the given servers and mount front end (tests pass their own). */
    static int run(ServerCatalog catalog, java.util.function.Supplier<MountBackend> backend, String... args) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == MountCommand.class) {
                    return cls.cast(new MountCommand(catalog, backend.get()));
                }
                return defaults.create(cls);
            }
        };
        CommandLine cl = new CommandLine(new Main(), factory);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof UsageException) {
                cmd.getErr().println("jpuffs: " + e.getMessage());
                return 2;
            }
            cmd.getErr().println("jpuffs: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        cl.setParameterExceptionHandler((e, a) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("jpuffs: " + e.getMessage() + " (see " + cmd.getCommandSpec().qualifiedName()
                    + " --help)");
            return 2;
        });
        return cl.execute(args);
    }

    /** The version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jpuffs " + (v == null ? "development" : v) + " (Java "
                    + Runtime.version() + ")"};
        }
    }
}
