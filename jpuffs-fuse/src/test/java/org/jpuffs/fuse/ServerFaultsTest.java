package org.jpuffs.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.jpuffs.Attributes;
import org.jpuffs.CallContext;
import org.jpuffs.FileName;
import org.jpuffs.Lookup;
import org.jpuffs.fuse.mount.MountOptions;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.SyscallException;
import org.jpuffs.testkit.posix.Syscalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Server bugs reach the caller as EIO with a log line; the mount goes on serving. */
@Timeout(60)
class ServerFaultsTest {
    private static final int EIO = 5;

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

    /** Misbehaves by name: throws, returns an impossible mode, reads more than asked. */
    static final class BuggyTree extends MemoryTree {
        volatile long badModeIno;
        volatile long greedyIno;
        volatile long throwingReadIno;

        BuggyTree() {
            super(Duration.ZERO);
        }

        @Override
        public Lookup<Long> lookup(CallContext ctx, Long dir, FileName name) throws IOException {
            if (name.toString().equals("boom")) {
                throw new IllegalStateException("a bug in lookup");
            }
            return super.lookup(ctx, dir, name);
        }

        @Override
        public Attributes getAttr(CallContext ctx, Long node, Object handle) throws IOException {
            Attributes a = super.getAttr(ctx, node, handle);
            if (node == badModeIno) {
                Instant t = a.mtime();
                return new Attributes(a.ino(), 0777, 1, 0, 0, 0, a.size(), 0, 4096, t, t, t, t); // no file type
            }
            return a;
        }

        @Override
        public void read(CallContext ctx, Long node, Object handle, long offset, ByteBuffer dst) throws IOException {
            if (node == throwingReadIno) {
                throw new NullPointerException("a bug in read");
            }
            if (node == greedyIno) {
                // a buggy server that widens the buffer it was given and fills it past what was asked
                dst.limit(dst.capacity());
                while (dst.hasRemaining()) {
                    dst.put((byte) 'x');
                }
                return;
            }
            super.read(ctx, node, handle, offset, dst);
        }
    }

    private static int errnoOf(ThrowingCall call) {
        try {
            call.run();
        } catch (SyscallException e) {
            return e.errno();
        }
        throw new AssertionError("the call succeeded");
    }

    interface ThrowingCall {
        void run() throws SyscallException;
    }

    private static byte[] readAll(RawPath p, int count) throws SyscallException {
        int fd = Syscalls.open(p, Linux.O_RDONLY);
        try {
            return Syscalls.read(fd, count);
        } finally {
            Syscalls.close(fd);
        }
    }

    @Test
    void serverExceptionsAndBadReplies_callerGetsEio_logged_mountKeepsServing() throws Exception {
        mnt = Files.createDirectory(tmp.resolve("mnt"));
        BuggyTree tree = new BuggyTree();
        tree.addFile("good", "fine".getBytes(StandardCharsets.US_ASCII));
        tree.throwingReadIno = tree.addFile("npe", "data".getBytes(StandardCharsets.US_ASCII));
        tree.greedyIno = tree.addFile("greedy", "data".getBytes(StandardCharsets.US_ASCII));
        tree.badModeIno = tree.addFile("badmode", new byte[1]);
        try (LogCapture log = new LogCapture();
                Mount m = Fuse.mount(tree, mnt, MountOptions.parse("fsname=faults"))) {
            RawPath root = RawPath.of(m.mountpoint());

            assertThat(errnoOf(() -> Syscalls.stat(root.resolve("boom")))).isEqualTo(EIO);
            assertThat(errnoOf(() -> readAll(root.resolve("npe"), 100))).isEqualTo(EIO);
            assertThat(errnoOf(() -> readAll(root.resolve("greedy"), 100))).isEqualTo(EIO);
            assertThat(errnoOf(() -> Syscalls.stat(root.resolve("badmode")))).isEqualTo(EIO);

            // the session goes on: the same mount answers correctly, again and again
            for (int i = 0; i < 3; i++) {
                assertThat(new String(readAll(root.resolve("good"), 100), StandardCharsets.US_ASCII)).isEqualTo("fine");
                assertThat(Syscalls.stat(root.resolve("good")).size()).isEqualTo(4);
                assertThat(errnoOf(() -> Syscalls.stat(root.resolve("boom")))).isEqualTo(EIO);
            }
            assertThat(Syscalls.listDir(root).stream().map(d -> new String(d.name(), StandardCharsets.UTF_8)))
                    .contains("good", "npe", "greedy", "badmode");

            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("LOOKUP").contains("a bug in lookup"));
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("READ").contains("a bug in read"));
            assertThat(String.join("\n", log.lines())).contains("IllegalStateException").contains("NullPointerException");
        }
    }
}
