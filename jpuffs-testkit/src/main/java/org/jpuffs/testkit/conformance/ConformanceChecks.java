package org.jpuffs.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.jpuffs.Errno;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.Tree;
import org.jpuffs.testkit.posix.SyscallException;
import org.jpuffs.testkit.posix.Syscalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * The fixture every group of conformance checks shares: a fresh directory per test under the root
 * being tested, removed afterwards, and assertions on errno values. A group is an abstract class;
 * {@link PosixConformance} runs them all as nested classes of one concrete test.
 *
 * <p>Each test runs in a thread of its own with a 60 s timeout, so a hung mount fails the test
 * instead of the build (the stuck thread stays blocked in the kernel until the mount goes away).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@Tag(ConformanceChecks.TAG)
public abstract class ConformanceChecks {

    /** The JUnit tag of every conformance check: select the suite alone with {@code -Dgroups=posix-conformance}. */
    public static final String TAG = "posix-conformance";

    /** Creates the fixture. */
    protected ConformanceChecks() {
    }

    /**
     * The directory under test (a mount's root or any directory inside it).
     *
     * @return an existing directory, traversable by others when UNPRIVILEGED_CALLER is supported
     */
    protected abstract Path root();

    /**
     * What the file system supports.
     *
     * @return the capabilities
     */
    protected abstract Capabilities capabilities();

    /** The test's own directory, mode 0755, owned by root. */
    protected RawPath dir;

    @BeforeEach
    final void makeTestDirectory(TestInfo info) throws SyscallException {
        String name = info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test") + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        dir = RawPath.of(root()).resolve(name);
        Syscalls.mkdir(dir, 0755);
        Syscalls.chmod(dir, 0755);
    }

    @AfterEach
    final void removeTestDirectory() throws SyscallException {
        if (dir != null) {
            removeTree(dir);
        }
    }

    /**
     * Removes a tree with raw syscalls (byte-exact names, no java.nio).
     *
     * @param path a file or directory
     * @throws SyscallException if something cannot be removed
     */
    public static void removeTree(RawPath path) throws SyscallException {
        Tree.remove(path);
    }

    /**
     * A path in the test directory.
     *
     * @param name a relative path
     * @return the path
     */
    protected RawPath path(String name) {
        return dir.resolve(name);
    }

    /**
     * Creates a regular file with content and mode (mode set with chmod so umask does not matter).
     *
     * @param name    relative path
     * @param content bytes
     * @param mode    permission bits
     * @return the path
     * @throws SyscallException on failure
     */
    protected RawPath file(String name, byte[] content, int mode) throws SyscallException {
        RawPath p = path(name);
        int fd = Syscalls.open(p, Linux.O_CREAT | Linux.O_EXCL | Linux.O_WRONLY, 0600);
        try {
            if (content.length > 0) {
                assertThat(Syscalls.write(fd, content)).isEqualTo(content.length);
            }
        } finally {
            Syscalls.close(fd);
        }
        Syscalls.chmod(p, mode);
        return p;
    }

    /**
     * Creates a regular file with text content, mode 0644.
     *
     * @param name relative path
     * @param text content
     * @return the path
     * @throws SyscallException on failure
     */
    protected RawPath file(String name, String text) throws SyscallException {
        return file(name, text.getBytes(StandardCharsets.UTF_8), 0644);
    }

    /**
     * Creates a directory with the given mode (set with chmod).
     *
     * @param name relative path
     * @param mode permission bits
     * @return the path
     * @throws SyscallException on failure
     */
    protected RawPath directory(String name, int mode) throws SyscallException {
        RawPath p = path(name);
        Syscalls.mkdir(p, 0700);
        Syscalls.chmod(p, mode);
        return p;
    }

    /**
     * Reads a whole (small) file.
     *
     * @param p the path
     * @return its bytes
     * @throws SyscallException on failure
     */
    protected static byte[] readAll(RawPath p) throws SyscallException {
        int fd = Syscalls.open(p, Linux.O_RDONLY);
        try {
            byte[] all = new byte[0];
            while (true) {
                byte[] chunk = Syscalls.read(fd, 65536);
                if (chunk.length == 0) {
                    return all;
                }
                byte[] joined = Arrays.copyOf(all, all.length + chunk.length);
                System.arraycopy(chunk, 0, joined, all.length, chunk.length);
                all = joined;
            }
        } finally {
            Syscalls.close(fd);
        }
    }

    /** A call that may fail with an errno. */
    @FunctionalInterface
    protected interface Call {
        /**
         * Performs the call.
         *
         * @throws SyscallException with the errno
         */
        void run() throws SyscallException;
    }

    /**
     * Asserts that a call fails with exactly this errno.
     *
     * @param expected the errno
     * @param call     the call
     */
    protected static void assertErrno(Errno expected, Call call) {
        try {
            call.run();
        } catch (SyscallException e) {
            assertThat(e.errno()).as("%s: expected %s, got %s", e.call(), expected, e.name())
                    .isEqualTo(expected.number());
            return;
        }
        fail("expected " + expected + " but the call succeeded");
    }

    /**
     * Asserts that an unprivileged call failed with this errno.
     *
     * @param expected the errno
     * @param reply    the caller's reply
     */
    protected static void assertErrno(Errno expected, UnprivilegedCaller.Reply reply) {
        assertThat(reply.errno()).as("expected %s, got %s", expected,
                reply.ok() ? "success" : Syscalls.errnoName(reply.errno())).isEqualTo(expected.number());
    }

    /**
     * Asserts that an unprivileged call succeeded (the positive control).
     *
     * @param reply the caller's reply
     * @return the reply's value
     */
    protected static long assertOk(UnprivilegedCaller.Reply reply) {
        assertThat(reply.ok()).as("positive control failed with %s",
                reply.ok() ? "" : Syscalls.errnoName(reply.errno())).isTrue();
        return reply.value();
    }

    /**
     * Skips the test unless the file system has the feature.
     *
     * @param f the feature
     */
    protected void assume(Feature f) {
        Assumptions.assumeTrue(capabilities().has(f), "file system lacks " + f);
    }

    /**
     * The shared unprivileged caller; skips the test unless UNPRIVILEGED_CALLER is supported.
     *
     * @return the caller
     * @throws Exception if it cannot start
     */
    protected UnprivilegedCaller caller() throws Exception {
        assume(Feature.UNPRIVILEGED_CALLER);
        UnprivilegedCaller c = UnprivilegedCaller.shared();
        UnprivilegedCaller.Reply reach = c.call("stat", dir);
        assertThat(reach.ok()).as("user %s cannot reach %s (%s): mount with allow_other and make the root and "
                + "its parents searchable by others", UnprivilegedCaller.USER, dir,
                reach.ok() ? "" : Syscalls.errnoName(reach.errno())).isTrue();
        return c;
    }

    /**
     * Waits long enough that a later timestamp differs from an earlier one even on file systems
     * with coarse (jiffy) clocks.
     */
    protected static void tick() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Bytes of a string.
     *
     * @param s text
     * @return UTF-8 bytes
     */
    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
