package org.jpuffs.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code jpuffs list}: the jpuffs mounts of this user with their server type and serving pid. */
@Command(name = "list", description = "Lists jpuffs mounts: mountpoint, file server, serving pid.",
        mixinStandardHelpOptions = true)
final class ListCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        List<MountRegistry.Registration> live = MountRegistry.forCurrentUser().list();
        if (live.isEmpty()) {
            System.out.println("no jpuffs mounts");
            return 0;
        }
        System.out.printf("%-40s %-10s %8s  %s%n", "MOUNTPOINT", "SERVER", "PID", "OPTIONS");
        for (MountRegistry.Registration r : live) {
            System.out.printf("%-40s %-10s %8d  %s%n", r.mountpoint(), r.server(), r.pid(), r.options());
        }
        return 0;
    }
}
