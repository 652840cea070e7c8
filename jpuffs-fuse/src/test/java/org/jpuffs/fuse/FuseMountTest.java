package org.jpuffs.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jpuffs.examples.HelloServer;
import org.jpuffs.fuse.mount.MountOptions;
import org.jpuffs.testkit.RecordingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real file server through the whole stack: node layer, dispatcher, session, kernel. */
@Timeout(60)
class FuseMountTest {
    @TempDir
    Path tmp;

    private Path mnt;

    @AfterEach
    void nothingLeftMounted() throws Exception {
        try {
            assertThat(Commands.mountsAt(mnt)).isEmpty();
        } finally {
            Commands.forceUnmount(mnt);
        }
    }

    @Test
    void helloServer_catLsStat_thenCloseReclaimsAndDestroys() throws Exception {
        mnt = Files.createDirectory(tmp.resolve("hello"));
        RecordingServer<String> server = new RecordingServer<>(new HelloServer());
        try (Mount m = Fuse.mount(server, mnt, MountOptions.parse("fsname=hello,subtype=jpuffs-hello"))) {
            assertThat(m.mountpoint()).isEqualTo(mnt.toRealPath());
            assertThat(Commands.mountsAt(mnt)).singleElement().asString()
                    .startsWith("hello " + mnt + " fuse.jpuffs-hello ");
            assertThat(Commands.run("cat", mnt.resolve("hello").toString()).output()).isEqualTo("Hello, world!\n");
            assertThat(Commands.run("ls", mnt.toString()).output()).isEqualTo("hello\n");
            assertThat(Commands.run("stat", "-c", "%s %A", mnt.resolve("hello").toString()).output())
                    .isEqualTo("14 -r--r--r--\n");
            Commands.Result missing = Commands.run("stat", mnt.resolve("absent").toString());
            assertThat(missing.exit()).isNotZero();
            assertThat(missing.output()).contains("No such file or directory");
        }
        assertThat(Commands.mountsAt(mnt)).isEmpty();
        assertThat(server.count("reclaim")).isEqualTo(1); // "hello", looked up by the kernel; never the root
        assertThat(server.count("destroy")).isEqualTo(1);
    }

    @Test
    void virtualThreadsAndWatchdogOptions_serveThroughTheKernel() throws Exception {
        mnt = Files.createDirectory(tmp.resolve("vt"));
        MountOptions options = MountOptions.parse("fsname=hello,virtual_threads,watchdog=30");
        assertThat(options.virtualThreads()).isTrue();
        assertThat(options.watchdog()).hasSeconds(30);
        try (Mount m = Fuse.mount(new HelloServer(), mnt, options)) {
            assertThat(m.mountpoint()).isEqualTo(mnt.toRealPath());
            assertThat(Commands.run("cat", mnt.resolve("hello").toString()).output()).isEqualTo("Hello, world!\n");
        }
    }

    @Test
    void mountTtlOverride_reachesTheKernel_negativeEntryCachedUntilItExpires() throws Exception {
        mnt = Files.createDirectory(tmp.resolve("ttl"));
        RecordingServer<String> server = new RecordingServer<>(new HelloServer());
        try (Mount m = Fuse.mount(server, mnt, MountOptions.parse("fsname=hello,negative_timeout=3600"))) {
            assertThat(m.mountpoint()).isEqualTo(mnt.toRealPath());
            Commands.run("stat", mnt.resolve("absent").toString());
            Commands.run("stat", mnt.resolve("absent").toString());
            // HelloServer answers absent names with no TTL; the mount's hour-long one keeps the second stat local
            assertThat(server.count("lookup")).isEqualTo(1);
        }
    }
}
