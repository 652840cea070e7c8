package org.jpuffs.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jpuffs.fuse.mount.MountOptions;
import org.jpuffs.testkit.RecordingServer;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.RecordLock;
import org.jpuffs.testkit.posix.Syscalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the kernel is offered follows from the ops a server implements. {@link MemoryTree} has no
 * setLock, open, flush, fsync or access: locks are the kernel's own, opens stateless, and close,
 * fsync and access succeed.
 */
@Timeout(60)
class CapabilitiesTest {
    /** flock(2) and fcntl(2) from another process; prints "rc <rc> errno <errno>" per call. */
    private static final String OTHER_PROCESS = """
            import ctypes, fcntl, os, struct, sys
            libc = ctypes.CDLL(None, use_errno=True)
            fd = os.open(sys.argv[1], os.O_RDWR)
            flock = ctypes.create_string_buffer(struct.pack("hhqqi4x", fcntl.F_WRLCK, 0, 0, 0, 0))
            rc = libc.fcntl(fd, fcntl.F_SETLK, flock)
            print("fcntl rc", rc, "errno", ctypes.get_errno(), flush=True)
            rc = libc.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            print("flock rc", rc, "errno", ctypes.get_errno(), flush=True)
            """;

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
    void serverWithoutSetLock_locksAreKernelLocalAndStillConflict() throws Exception {
        mnt = Files.createDirectory(tmp.resolve("mnt"));
        MemoryTree tree = new MemoryTree(Duration.ofSeconds(1));
        tree.addFile("f", new byte[8]);
        RecordingServer<Long> server = new RecordingServer<>(tree);
        try (LogCapture log = new LogCapture();
                Mount m = Fuse.mount(server, mnt, MountOptions.parse("fsname=caps"))) {
            RawPath f = RawPath.of(m.mountpoint().resolve("f"));
            int fd = Syscalls.open(f, Linux.O_RDWR);
            try {
                // had the kernel been offered POSIX_LOCKS or FLOCK_LOCKS, these would reach the server
                // and fail with its ENOSYS
                Syscalls.fcntlLock(fd, Linux.F_SETLK, RecordLock.of(Linux.F_WRLCK, 0, 0));
                Syscalls.flock(fd, Linux.LOCK_EX | Linux.LOCK_NB);

                Commands.Result other = Commands.run("python3", "-c", OTHER_PROCESS, f.toString());

                assertThat(other.output()).contains("fcntl rc -1 errno 11").contains("flock rc -1 errno 11");
                Syscalls.fcntlLock(fd, Linux.F_SETLK, RecordLock.of(Linux.F_UNLCK, 0, 0));
                Syscalls.flock(fd, Linux.LOCK_UN);
            } finally {
                Syscalls.close(fd);
            }
            Commands.Result free = Commands.run("python3", "-c", OTHER_PROCESS, f.toString());
            assertThat(free.output()).contains("fcntl rc 0 errno 0").contains("flock rc 0 errno 0");
            assertThat(server.count("getLock") + server.count("setLock")).isZero();
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("POSIX_LOCKS refused"))
                    .anySatisfy(l -> assertThat(l).contains("FLOCK_LOCKS refused"))
                    .noneSatisfy(l -> assertThat(l).containsPattern("agreed.*POSIX_LOCKS"));
        }
    }

    @Test
    void serverWithoutOpenFlushFsyncAccess_opensCloseFsyncAccessSucceed() throws Exception {
        mnt = Files.createDirectory(tmp.resolve("mnt"));
        MemoryTree tree = new MemoryTree(Duration.ZERO);
        tree.addFile("f", "no open".getBytes(StandardCharsets.US_ASCII));
        RecordingServer<Long> server = new RecordingServer<>(tree);
        try (Mount m = Fuse.mount(server, mnt, MountOptions.parse("fsname=caps"))) {
            RawPath f = RawPath.of(m.mountpoint().resolve("f"));
            for (int i = 0; i < 3; i++) {
                int fd = Syscalls.open(f, Linux.O_RDWR);
                try {
                    assertThat(new String(Syscalls.read(fd, 100), StandardCharsets.US_ASCII)).isEqualTo("no open");
                    Syscalls.fsync(fd);
                    Syscalls.fdatasync(fd);
                } finally {
                    Syscalls.close(fd); // FLUSH
                }
                Syscalls.access(f, 4 | 2, 0); // R_OK | W_OK
                Syscalls.access(RawPath.of(m.mountpoint()), 1, 0); // X_OK on the root
            }
            RawPath made = RawPath.of(m.mountpoint().resolve("made"));
            int fd = Syscalls.open(made, Linux.O_CREAT | Linux.O_WRONLY, 0644);
            try {
                Syscalls.write(fd, "created".getBytes(StandardCharsets.US_ASCII));
                Syscalls.fsync(fd);
            } finally {
                Syscalls.close(fd);
            }
            assertThat(Files.readString(m.mountpoint().resolve("made"))).isEqualTo("created");
            // the first open learns ENOSYS; from then on the kernel opens without asking (no_open)
            assertThat(server.count("open")).as("opens are stateless after the first").isLessThanOrEqualTo(1);
            assertThat(server.count("flush") + server.count("fsync") + server.count("access")).isLessThanOrEqualTo(3);
        }
    }
}
