package org.jpuffs.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jpuffs.fuse.mount.Fusermount;
import org.jpuffs.fuse.mount.MountTable;
import org.jpuffs.fuse.transport.Libc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mounts by an unprivileged user through fusermount3, from a JVM running as that user. The setup
 * (as root) creates the user if needed, makes /dev/fuse 0666 as udev would (and restores it), stages a
 * world-readable copy of the class path and a mountpoint the user owns.
 */
@Timeout(120)
class UserMountTest {
    static final String USER = "jpuffstest";
    static final Path DEV_FUSE = Path.of("/dev/fuse");
    static final Path FUSE_CONF = Path.of("/etc/fuse.conf");

    static Set<PosixFilePermission> devFuseMode;
    static Path base;
    static String classpath;
    static int uid;

    Path mnt;
    String fuseConf;

    @BeforeAll
    static void stage() throws Exception {
        if (Libc.geteuid() != 0) {
            throw new AssertionError("the user-mount tests need root to set up the user and /dev/fuse");
        }
        if (Fusermount.find().isEmpty()) {
            throw new AssertionError("fusermount3 is not installed: install fuse3");
        }
        if (Commands.run("id", "-u", USER).exit() != 0) {
            Commands.Result add = Commands.run("useradd", "--system", "--no-create-home", "--user-group",
                    "--shell", "/usr/sbin/nologin", USER);
            if (add.exit() != 0) {
                throw new AssertionError("cannot create test user " + USER + ": " + add.output());
            }
        }
        uid = Integer.parseInt(Commands.run("id", "-u", USER).output().strip());
        devFuseMode = Files.getPosixFilePermissions(DEV_FUSE);
        Files.setPosixFilePermissions(DEV_FUSE, PosixFilePermissions.fromString("rw-rw-rw-"));
        base = Files.createTempDirectory("jpuffs-user");
        Files.createDirectory(base.resolve("cp"));
        classpath = ServingJvm.stageClasspath(base.resolve("cp"));
        ServingJvm.worldReadable(base);
    }

    @AfterAll
    static void restore() throws Exception {
        if (devFuseMode != null) {
            Files.setPosixFilePermissions(DEV_FUSE, devFuseMode);
        }
        if (base != null) {
            try (Stream<Path> walk = Files.walk(base)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @BeforeEach
    void mountpoint() throws Exception {
        mnt = Files.createTempDirectory(base, "mnt").toRealPath();
        Files.setPosixFilePermissions(mnt, PosixFilePermissions.fromString("rwxr-xr-x"));
        Commands.Result chown = Commands.run("chown", USER + ":" + USER, mnt.toString());
        assertThat(chown.exit()).as(chown.output()).isZero();
        fuseConf = Files.readString(FUSE_CONF);
    }

    @AfterEach
    void cleanUp() throws Exception {
        Files.writeString(FUSE_CONF, fuseConf);
        Files.setPosixFilePermissions(DEV_FUSE, PosixFilePermissions.fromString("rw-rw-rw-"));
        boolean leftover = !Commands.mountsAt(mnt).isEmpty();
        Commands.forceUnmount(mnt);
        assertThat(leftover).as("a mount left at " + mnt).isFalse();
    }

    private void allowOtherForUsers() throws Exception {
        Files.writeString(FUSE_CONF, fuseConf + "\nuser_allow_other\n");
    }

    @Test
    void userMount_throughFusermount3_servesItsOwnerAndClosesCleanly() throws Exception {
        try (ServingJvm jvm = ServingJvm.start(classpath, USER, mnt, "fsname=usermem,subtype=jpuffs-user")) {
            assertThat(jvm.await(60, "MOUNTED", "FAILED")).startsWith("MOUNTED");
            assertThat(jvm.await(10, "CHECK")).isEqualTo("CHECK directory=true entries=0");
            MountTable.Entry e = MountTable.at(mnt).orElseThrow();
            assertThat(e.source()).isEqualTo("usermem");
            assertThat(e.type()).isEqualTo("fuse.jpuffs-user");
            assertThat(Commands.mountsAt(mnt)).singleElement().asString().contains("user_id=" + uid);
            Commands.Result stat = Commands.run("setpriv", "--reuid=" + USER, "--regid=" + USER, "--init-groups",
                    "--", "stat", "-c", "%F", mnt.toString());
            assertThat(stat.output().strip()).isEqualTo("directory");
            jvm.send("close");
            assertThat(jvm.await(30, "CLOSED")).isEqualTo("CLOSED");
            assertThat(jvm.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(jvm.process.exitValue()).as(jvm.output()).isZero();
            assertThat(Commands.unmounted(mnt)).isTrue();
        }
    }

    @Test
    void userMount_unmountedByFusermount3FromOutside_endsTheSession() throws Exception {
        try (ServingJvm jvm = ServingJvm.start(classpath, USER, mnt, "fsname=userext")) {
            assertThat(jvm.await(60, "MOUNTED", "FAILED")).startsWith("MOUNTED");
            jvm.await(10, "CHECK");
            Commands.Result u = Commands.run("setpriv", "--reuid=" + USER, "--regid=" + USER, "--init-groups", "--",
                    "fusermount3", "-u", mnt.toString());
            assertThat(u.exit()).as(u.output()).isZero();
            assertThat(jvm.await(10, "ENDED")).isEqualTo("ENDED");
            jvm.send("close");
            assertThat(jvm.await(30, "CLOSED")).isEqualTo("CLOSED");
            assertThat(jvm.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(jvm.process.exitValue()).as(jvm.output()).isZero();
        }
    }

    @Test
    void userMount_withDevFuse0600_failsSayingWhy() throws Exception {
        Files.setPosixFilePermissions(DEV_FUSE, PosixFilePermissions.fromString("rw-------"));
        try (ServingJvm jvm = ServingJvm.start(classpath, USER, mnt, "fsname=denied")) {
            String line = jvm.await(60, "MOUNTED", "FAILED");
            assertThat(line).startsWith("FAILED fusermount3 could not mount")
                    .contains("/dev/fuse").contains("0666");
        }
    }

    @Test
    void userMount_withoutFusermount3_saysToInstallFuse3() throws Exception {
        try (ServingJvm jvm = ServingJvm.start(classpath, USER, mnt, "fsname=nohelper",
                "-D" + Fusermount.HELPER_PROPERTY + "=/nonexistent/fusermount3")) {
            assertThat(jvm.await(60, "MOUNTED", "FAILED")).startsWith("FAILED cannot mount " + mnt + " as uid " + uid)
                    .contains("fusermount3, which is not installed").contains("install fuse3");
        }
    }

    @Test
    void userAutoUnmountWithoutAllowOther_isRefusedClearly() throws Exception {
        try (ServingJvm jvm = ServingJvm.start(classpath, USER, mnt, "fsname=refused,auto_unmount")) {
            assertThat(jvm.await(60, "MOUNTED", "FAILED")).startsWith("FAILED auto_unmount without root needs"
                    + " allow_other");
        }
    }

    @Test
    void userAllowOther_withoutUserAllowOther_relaysFusermount3AndNamesFuseConf() throws Exception {
        try (ServingJvm jvm = ServingJvm.start(classpath, USER, mnt, "fsname=other,allow_other")) {
            assertThat(jvm.await(60, "MOUNTED", "FAILED")).startsWith("FAILED fusermount3 could not mount")
                    .contains("user_allow_other").contains("/etc/fuse.conf");
        }
    }

    @Test
    void userAutoUnmount_cleanClose_unmountsAndLetsTheHelperGo() throws Exception {
        allowOtherForUsers();
        try (ServingJvm jvm = ServingJvm.start(classpath, USER, mnt, "fsname=userclean,allow_other,auto_unmount")) {
            assertThat(jvm.await(60, "MOUNTED", "FAILED")).startsWith("MOUNTED");
            jvm.await(10, "CHECK");
            jvm.send("close");
            assertThat(jvm.await(30, "CLOSED")).isEqualTo("CLOSED");
            assertThat(jvm.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(jvm.process.exitValue()).as(jvm.output()).isZero();
            assertThat(jvm.output()).doesNotContain("has not exited").doesNotContain("ERROR");
            assertThat(Commands.unmounted(mnt)).isTrue();
        }
    }

    @Test
    void userKill9_withAutoUnmountAndAllowOther_leavesNoMount() throws Exception {
        allowOtherForUsers();
        try (ServingJvm jvm = ServingJvm.start(classpath, USER, mnt, "fsname=userdying,allow_other,auto_unmount")) {
            assertThat(jvm.await(60, "MOUNTED", "FAILED")).startsWith("MOUNTED");
            jvm.await(10, "CHECK");
            assertThat(Commands.mountsAt(mnt)).singleElement().asString().contains("allow_other")
                    .contains("default_permissions");
            jvm.kill9();
            assertThat(Commands.waitUntil(() -> Commands.unmounted(mnt), 10_000))
                    .as("fusermount3 auto_unmount removed " + mnt).isTrue();
        }
    }
}
