package org.jpuffs.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.fuse.mount.Fusermount;
import org.jpuffs.fuse.mount.KernelMount;
import org.jpuffs.fuse.mount.MountOptions;
import org.jpuffs.fuse.mount.MountTable;
import org.jpuffs.fuse.mount.Watchdog;
import org.jpuffs.fuse.transport.DevFuse;
import org.jpuffs.fuse.transport.FuseConnection;
import org.jpuffs.fuse.transport.Libc;

/**
 * Serving a {@link org.jpuffs.fuse.transport.FrameHandler} to the kernel at a mountpoint. As root the
 * mount is made with mount(2); as any other user through fusermount3. {@link #mount} returns once the
 * kernel's INIT has been answered and the mount is visible, so a caller's next {@code ls} never races
 * the handshake.
 */
public final class FuseSession {
    private static final Path MAX_PAGES_LIMIT = Path.of("/proc/sys/fs/fuse/max_pages_limit");
    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(30);

    private FuseSession() {}

    /**
     * Mounts a file system served by the handler {@code factory} makes.
     *
     * @param mountpoint an existing directory (or a file, when {@code options.rootMode()} is not a
     *     directory)
     * @param options the mount options; set {@link MountOptions#withRootMode rootmode} from the server's
     *     root attributes
     * @param factory makes the session's frame handler
     * @return the mount, serving until closed or unmounted
     * @throws IOException if the mount cannot be made (the message says why, for example a missing
     *     fusermount3 or /dev/fuse permissions), or INIT was not answered
     */
    public static Mount mount(Path mountpoint, MountOptions options, FrameHandlerFactory factory) throws IOException {
        Path mnt = mountpoint.toRealPath();
        checkMountpoint(mnt, options);
        boolean privileged = KernelMount.privileged();
        if (options.autoUnmount() && !privileged && !options.allowOther()) {
            throw new IOException("auto_unmount without root needs allow_other: fusermount3 cannot remove a user's"
                    + " mount without it when the JVM dies, and would leave the mount behind. Add allow_other"
                    + " (with user_allow_other in /etc/fuse.conf) or drop auto_unmount");
        }
        int maxPages = maxPagesLimit();
        int page = Libc.pageSize();
        int maxWrite = options.maxWrite() > 0 ? Math.min(options.maxWrite(), maxPages * page) : maxPages * page;
        int readers = options.readers() > 0 ? options.readers()
                : Math.max(2, Runtime.getRuntime().availableProcessors());

        int sessionFd;
        Fusermount.Mounted helper = null;
        if (privileged) {
            sessionFd = mountAsRoot(mnt, options);
        } else {
            helper = Fusermount.mount(mnt, options);
            sessionFd = helper.fd();
        }
        List<Integer> fds = new ArrayList<>();
        fds.add(sessionFd);
        fds.addAll(DevFuse.clones(sessionFd, readers - 1));
        FuseConnection connection = new FuseConnection(mnt.toString(), fds, readers,
                FuseConnection.bufferSizeFor(maxPages), Math.max(16, 4 * readers));
        Mount mount = new Mount(mnt, options, connection, privileged, helper);
        try {
            var handler = factory.create(new SessionSetup(mnt, options, maxWrite, maxPages,
                    connection.sessionChannel()));
            mount.start(handler);
            awaitInit(mnt, connection);
            MountTable.Entry entry = MountTable.at(mnt).filter(MountTable.Entry::isFuse).orElseThrow(
                    () -> new IOException("INIT was answered but " + mnt + " is not in /proc/self/mountinfo"));
            mount.mounted(entry, privileged && options.autoUnmount() ? Watchdog.start(mnt, entry.device()) : null);
            return mount;
        } catch (IOException | RuntimeException e) {
            mount.close();
            throw e;
        }
    }

    private static int mountAsRoot(Path mnt, MountOptions options) throws IOException {
        try {
            return KernelMount.mount(mnt, options);
        } catch (ErrnoException e) {
            String why = switch (e.errno()) {
                case ENODEV -> " (the kernel has no fuse file system: modprobe fuse)";
                case ENOENT -> e.getMessage().contains(DevFuse.PATH) ? " (no /dev/fuse: modprobe fuse)" : "";
                case EINVAL -> " (the kernel refused an option: " + options.type() + " "
                        + options.kernelData(0, 0, 0).replaceFirst("^fd=0,", "") + ")";
                default -> "";
            };
            throw new ErrnoException(e.errno(), "cannot mount " + mnt + ": " + e.getMessage() + why);
        }
    }

    private static void checkMountpoint(Path mnt, MountOptions options) throws IOException {
        boolean wantDirectory = options.rootMode() == MountOptions.DIRECTORY_MODE;
        if (wantDirectory != Files.isDirectory(mnt)) {
            throw new ErrnoException(wantDirectory ? Errno.ENOTDIR : Errno.EISDIR, "mountpoint " + mnt
                    + (wantDirectory ? " is not a directory" : " is a directory but the root is not"));
        }
        if (wantDirectory && !options.nonempty()) {
            try (Stream<Path> entries = Files.list(mnt)) {
                if (entries.findAny().isPresent()) {
                    throw new ErrnoException(Errno.ENOTEMPTY, "mountpoint " + mnt
                            + " is not empty; mount over it anyway with -o nonempty");
                }
            }
        }
    }

    private static void awaitInit(Path mnt, FuseConnection connection) throws IOException {
        try {
            connection.initialized().get(INIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("the kernel's INIT on " + mnt + " was not answered within " + INIT_TIMEOUT);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for INIT on " + mnt, e);
        }
    }

    /**
     * The most pages one request may carry on this kernel.
     *
     * @return {@code /proc/sys/fs/fuse/max_pages_limit}, or 256 where the file does not exist
     */
    public static int maxPagesLimit() {
        return Math.max(1, org.jpuffs.fuse.protocol.InitConfig.readMaxPagesLimit(MAX_PAGES_LIMIT));
    }
}
