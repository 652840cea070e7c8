package org.jpuffs.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jpuffs.fuse.transport.Libc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A root-owned serving JVM that dies: by kill -9 (auto_unmount) or by SIGTERM (the shutdown hook). */
@Timeout(90)
class ServingJvmTest {
    @TempDir
    Path tmp;

    Path mnt;

    @BeforeEach
    void requireRoot() throws Exception {
        if (Libc.geteuid() != 0) {
            throw new AssertionError("these tests mount with mount(2) and must run as root");
        }
        mnt = Files.createDirectory(tmp.resolve("mnt")).toRealPath();
    }

    @AfterEach
    void nothingLeftMounted() throws Exception {
        boolean leftover = !Commands.mountsAt(mnt).isEmpty();
        Commands.forceUnmount(mnt);
        assertThat(leftover).as("a mount left at " + mnt).isFalse();
    }

    @Test
    void kill9_withAutoUnmount_leavesNoMount() throws Exception {
        try (ServingJvm jvm = ServingJvm.start(System.getProperty("java.class.path"), null, mnt,
                "fsname=dying,subtype=jpuffs-test,auto_unmount")) {
            jvm.await(30, "MOUNTED", "FAILED");
            assertThat(jvm.await(10, "CHECK")).isEqualTo("CHECK directory=true entries=0");
            assertThat(Commands.mountsAt(mnt)).hasSize(1);
            jvm.kill9();
            assertThat(Commands.waitUntil(() -> Commands.unmounted(mnt), 10_000))
                    .as("the watchdog unmounted " + mnt).isTrue();
        }
    }

    @Test
    void kill9_withoutAutoUnmount_leavesADeadMount_theControlCase() throws Exception {
        try (ServingJvm jvm = ServingJvm.start(System.getProperty("java.class.path"), null, mnt, "fsname=dead")) {
            jvm.await(30, "MOUNTED", "FAILED");
            jvm.await(10, "CHECK");
            jvm.kill9();
            Thread.sleep(500);
            assertThat(Commands.mountsAt(mnt)).as("without auto_unmount the dead mount stays").hasSize(1);
            Commands.Result stat = Commands.run("stat", mnt.toString());
            assertThat(stat.output()).contains("Transport endpoint is not connected");
        } finally {
            Commands.forceUnmount(mnt);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void sigtermOrSigint_unmountsThroughTheShutdownHook(String signal) throws Exception {
        try (ServingJvm jvm = ServingJvm.start(System.getProperty("java.class.path"), null, mnt, "fsname=term")) {
            jvm.await(30, "MOUNTED", "FAILED");
            jvm.await(10, "CHECK");
            assertThat(Commands.run("kill", "-" + signal, Long.toString(jvm.process.pid())).exit()).isZero();
            assertThat(jvm.process.waitFor(20, TimeUnit.SECONDS)).as("the JVM exited").isTrue();
            assertThat(Commands.unmounted(mnt)).as("the shutdown hook unmounted " + mnt).isTrue();
        }
    }
}
