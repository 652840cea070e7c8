package org.jpuffs.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.fuse.mount.MountOptions;
import org.jpuffs.fuse.mount.MountTable;
import org.jpuffs.fuse.transport.Libc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real mounts as root, served by {@link MiniServer}. */
@Timeout(60)
class FuseSessionTest {
    @TempDir
    Path tmp;

    Path mnt;
    final AtomicReference<MiniServer> server = new AtomicReference<>();

    @BeforeEach
    void requireRoot() throws Exception {
        if (Libc.geteuid() != 0) {
            throw new AssertionError("these tests mount with mount(2) and must run as root (euid is "
                    + Libc.geteuid() + ")");
        }
        if (!Files.exists(Path.of("/dev/fuse"))) {
            throw new AssertionError("/dev/fuse is missing: modprobe fuse");
        }
        mnt = Files.createDirectory(tmp.resolve("mnt")).toRealPath();
    }

    @AfterEach
    void nothingLeftMounted() throws Exception {
        MiniServer s = server.get();
        if (s != null) {
            s.unstick();
        }
        boolean leftover = !Commands.mountsAt(mnt).isEmpty();
        Commands.forceUnmount(mnt);
        assertThat(leftover).as("a mount left at " + mnt).isFalse();
    }

    private Mount mount(String options) throws Exception {
        return FuseSession.mount(mnt, MountOptions.parse(options), setup -> {
            MiniServer s = new MiniServer(setup);
            server.set(s);
            return s;
        });
    }

    @Test
    void mountAsRoot_showsFsnameAndSubtype_servesStatLsDf_andCloseUnmounts() throws Exception {
        Mount m = mount("fsname=memfs,subtype=jpuffs-memfs");
        try {
            assertThat(Commands.mountsAt(mnt)).singleElement().satisfies(line -> {
                String[] f = line.split(" ");
                assertThat(f[0]).isEqualTo("memfs");
                assertThat(f[2]).isEqualTo("fuse.jpuffs-memfs");
                assertThat(f[3]).contains("nosuid").contains("nodev").contains("user_id=0").contains("group_id=0");
            });
            assertThat(server.get().inits).hasValue(1);
            Commands.Result stat = Commands.run("stat", "-c", "%F %a %i", mnt.toString());
            assertThat(stat.exit()).as(stat.output()).isZero();
            assertThat(stat.output().strip()).isEqualTo("directory 755 1");
            Commands.Result ls = Commands.run("ls", "-la", mnt.toString());
            assertThat(ls.exit()).as(ls.output()).isZero();
            Commands.Result df = Commands.run("df", "-P", "-B", "4096", mnt.toString());
            assertThat(df.exit()).as(df.output()).isZero();
            assertThat(df.output()).containsPattern("memfs\\s+1000\\s+500\\s+500");
            Commands.Result missing = Commands.run("stat", mnt.resolve("absent").toString());
            assertThat(missing.exit()).isNotZero();
            assertThat(missing.output()).contains("No such file or directory");
        } finally {
            m.close();
        }
        assertThat(Commands.mountsAt(mnt)).isEmpty();
        assertThat(m.whenEnded()).isDone();
        assertThat(server.get().sessionEnded).hasValue(1);
        assertThat(m.requestsInFlight()).isZero();
    }

    @Test
    void externalUmount_endsTheSessionCleanly() throws Exception {
        Mount m = mount("fsname=ext");
        try {
            Commands.Result umount = Commands.run("umount", mnt.toString());
            assertThat(umount.exit()).as(umount.output()).isZero();
            m.whenEnded().get(10, TimeUnit.SECONDS);
            assertThat(server.get().sessionEnded).hasValue(1);
        } finally {
            m.close();
        }
        assertThat(server.get().sessionEnded).hasValue(1);
    }

    @Test
    void closeWhileRequestStuck_detachesAbortsAndEndsWithinTheBound() throws Exception {
        Mount m = mount("fsname=stuck,drain_timeout=1");
        Process stat = null;
        try {
            stat = new ProcessBuilder("stat", mnt.resolve("stuck").toString()).redirectErrorStream(true).start();
            assertThat(server.get().stuckSeen.await(10, TimeUnit.SECONDS)).as("LOOKUP stuck reached the handler")
                    .isTrue();
            assertThat(m.requestsInFlight()).isEqualTo(1);
            long start = System.nanoTime();
            m.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            // the documented worst case: drain bound (1 s) + connection-end bound (1 s) + abort wait (5 s)
            assertThat(took).isLessThan(Duration.ofSeconds(7));
            assertThat(m.whenEnded()).isDone();
            assertThat(stat.waitFor(10, TimeUnit.SECONDS)).as("the stuck stat returned").isTrue();
            assertThat(stat.exitValue()).isNotZero();
            assertThat(new String(stat.getInputStream().readAllBytes())).contains("connection abort");
        } finally {
            m.close();
            if (stat != null) {
                stat.destroyForcibly();
            }
        }
    }

    @Test
    void closeWhileBusy_detachesLazily_thenAbortsTheLingeringConnection() throws Exception {
        Mount m = mount("fsname=busy,drain_timeout=1");
        Process holder = new ProcessBuilder("sleep", "60").directory(mnt.toFile()).start();
        try {
            assertThat(Commands.run("umount", mnt.toString()).exit()).as("the mount is busy").isNotZero();
            long start = System.nanoTime();
            m.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(m.whenEnded()).isDone();
            assertThat(Commands.mountsAt(mnt)).isEmpty();
            assertThat(server.get().sessionEnded).hasValue(1);
        } finally {
            holder.destroyForcibly();
            m.close();
        }
    }

    @Test
    void autoUnmountAsRoot_cleanCloseStandsTheWatchdogDown() throws Exception {
        Mount m = mount("fsname=watched,auto_unmount");
        try {
            assertThat(ProcessHandle.current().children().filter(p -> p.info().command()
                    .map(c -> c.endsWith("sh")).orElse(false)).count()).as("a watchdog shell runs").isEqualTo(1);
        } finally {
            m.close();
        }
        assertThat(ProcessHandle.current().children().filter(p -> p.info().command()
                .map(c -> c.endsWith("sh")).orElse(false)).count()).as("the watchdog exited and was reaped").isZero();
    }

    @Test
    void severalReaders_eachOnItsOwnClonedFd() throws Exception {
        Mount m = mount("fsname=multi,readers=4,attr_timeout=0");
        try {
            server.get().getattrDelayMillis = 100;
            List<Process> stats = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                stats.add(new ProcessBuilder("stat", mnt.toString()).redirectErrorStream(true).start());
            }
            for (Process p : stats) {
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isZero();
            }
            MiniServer s = server.get();
            assertThat(s.readersSeen.size()).as("readers that handled requests").isGreaterThan(1);
            assertThat(s.channelsSeen.size()).as("distinct fds replied on").isEqualTo(s.readersSeen.size());
            assertThat(Files.list(Path.of("/proc/self/fd")).filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals("/dev/fuse");
                } catch (Exception e) {
                    return false;
                }
            }).count()).as("open /dev/fuse fds").isGreaterThanOrEqualTo(4);
        } finally {
            m.close();
        }
    }

    @Test
    void thirtyTwoThreadsHammeringOneMount_allAnswered_nothingLeftInFlight() throws Exception {
        Mount m = mount("fsname=hammer,attr_timeout=0,entry_timeout=0");
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(32)) {
            List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 32; t++) {
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 200; i++) {
                        if (Files.readAttributes(mnt, java.nio.file.attribute.BasicFileAttributes.class).isDirectory()
                                && !Files.exists(mnt.resolve("absent" + i))) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            for (var r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
            assertThat(Commands.waitUntil(() -> m.requestsInFlight() == 0, 5000)).isTrue();
        } finally {
            m.close();
        }
        assertThat(server.get().sessionEnded).hasValue(1);
    }

    @Test
    void initAnsweredWithError_mountFailsAndLeavesNothing() throws Exception {
        assertThatThrownBy(() -> FuseSession.mount(mnt, MountOptions.parse("fsname=refused"),
                setup -> new MiniServer(setup, Errno.EIO.number())))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EIO))
                .hasMessageContaining("INIT");
        assertThat(Commands.waitUntil(() -> Commands.unmounted(mnt), 5000)).isTrue();
    }

    @Test
    void nonEmptyMountpoint_refusedWithoutNonempty() throws Exception {
        Files.writeString(mnt.resolve("file"), "x");
        assertThatThrownBy(() -> mount("fsname=full"))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOTEMPTY))
                .hasMessageContaining("nonempty");
        Mount m = mount("fsname=full,nonempty");
        try {
            assertThat(MountTable.at(mnt)).get().extracting(MountTable.Entry::source).isEqualTo("full");
        } finally {
            m.close();
        }
    }
}
