package org.jpuffs.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jpuffs umount DIR}: unmounts; the serving process sees the end and exits cleanly. */
@Command(name = "umount", aliases = "unmount", description = "Unmounts a jpuffs file system.",
        mixinStandardHelpOptions = true)
final class UmountCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MOUNTPOINT", description = "where it is mounted")
    Path mountpoint;

    @Override
    public Integer call() throws Exception {
        Path abs = mountpoint.toAbsolutePath().normalize();
        if (!MountpointCheck.isMountpoint(abs)) {
            throw new UsageException(abs + " is not a mountpoint");
        }
        boolean root = ProcessHandle.current().info().user().map("root"::equals).orElse(false);
        List<String> cmd = root ? List.of("umount", abs.toString()) : List.of("fusermount3", "-u", abs.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        int rc = p.waitFor();
        if (rc != 0) {
            throw new UsageException("could not unmount " + abs + (out.isEmpty() ? "" : ": " + out)
                    + (out.contains("busy") ? " (close what uses it, or umount -l " + abs + ")" : ""));
        }
        return 0;
    }
}
