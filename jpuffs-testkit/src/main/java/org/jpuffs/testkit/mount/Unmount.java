package org.jpuffs.testkit.mount;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs umount(8); the lazy form is the last resort for a mount whose server hangs. */
final class Unmount {
    private Unmount() {
    }

    /**
     * Runs umount, optionally lazily.
     *
     * @return umount's exit status, or -1 if it did not finish in 30 s
     */
    static int run(Path mountpoint, boolean lazy) throws IOException {
        ProcessBuilder pb = lazy
                ? new ProcessBuilder("umount", "-l", mountpoint.toString())
                : new ProcessBuilder("umount", mountpoint.toString());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return -1;
        }
    }
}
