package org.jpuffs.fuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Running coreutils and friends against a mount, with a timeout, and inspecting the mount table. */
final class Commands {
    private Commands() {}

    record Result(int exit, String output) {}

    static Result run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in 20 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** The /proc/self/mounts lines whose mountpoint is {@code mnt}. */
    static List<String> mountsAt(Path mnt) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                .filter(l -> l.split(" ")[1].equals(mnt.toString())).toList();
    }

    /** Last resort after a failed test: a stale FUSE mount hangs whoever touches it. */
    static void forceUnmount(Path mnt) throws IOException, InterruptedException {
        if (mnt != null && !mountsAt(mnt).isEmpty()) {
            run("umount", "-l", mnt.toString());
        }
    }

    static boolean waitUntil(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    static boolean unmounted(Path mnt) {
        try {
            return mountsAt(mnt).isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
