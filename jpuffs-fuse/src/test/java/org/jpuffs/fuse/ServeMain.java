package org.jpuffs.fuse;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;
import org.jpuffs.fuse.mount.MountOptions;

/**
 * A serving JVM for tests that need a separate process (another user, kill -9, SIGTERM): mounts
 * {@link MiniServer} at {@code args[0]} with options {@code args[1]}, prints {@code MOUNTED <n>} (or
 * {@code FAILED <message>}), checks the mount from inside ({@code CHECK ...}), then serves until a line
 * {@code close} arrives on stdin, and prints {@code CLOSED}.
 */
public final class ServeMain {
    private ServeMain() {}

    public static void main(String[] args) throws Exception {
        Path mnt = Path.of(args[0]);
        Mount m;
        try {
            m = FuseSession.mount(mnt, MountOptions.parse(args.length > 1 ? args[1] : ""), MiniServer::new);
        } catch (Exception e) {
            System.out.println("FAILED " + e.getMessage());
            System.out.flush();
            System.exit(3);
            return;
        }
        System.out.println("MOUNTED " + m.connectionNumber());
        m.whenEnded().thenRun(() -> {
            System.out.println("ENDED");
            System.out.flush();
        });
        BasicFileAttributes a = Files.readAttributes(mnt, BasicFileAttributes.class);
        long entries;
        try (Stream<Path> s = Files.list(mnt)) {
            entries = s.count();
        }
        System.out.println("CHECK directory=" + a.isDirectory() + " entries=" + entries);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("close")) {
                break;
            }
        }
        m.close();
        System.out.println("CLOSED");
        System.out.flush();
    }
}
