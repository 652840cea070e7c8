package org.jpuffs.fuse;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jpuffs.ErrnoException;
import org.jpuffs.fuse.mount.ConnectionAbort;
import org.jpuffs.fuse.mount.Fusermount;
import org.jpuffs.fuse.mount.KernelMount;
import org.jpuffs.fuse.mount.MountOptions;
import org.jpuffs.fuse.mount.MountTable;
import org.jpuffs.fuse.mount.Watchdog;
import org.jpuffs.fuse.transport.FrameHandler;
import org.jpuffs.fuse.transport.FuseConnection;
import org.jpuffs.fuse.transport.Libc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live FUSE mount, made by {@link FuseSession#mount}. The session ends in one of three ways, all
 * leading to the same cleanup (the handler's {@link FrameHandler#sessionEnded()}, fds closed, helper
 * processes told or reaped):
 *
 * <ul>
 *   <li>{@link #close()}: new requests are refused (ENOTCONN; what an unmount itself needs, such as
 *       releases and writeback, still passes), requests in flight get {@code drain_timeout} to finish,
 *       then the mount is unmounted; a busy mount is detached lazily. If the kernel has not ended the
 *       connection within {@code drain_timeout} after that (an open file keeps a detached mount alive,
 *       or a request is stuck in the handler), the connection is aborted through
 *       {@code /sys/fs/fuse/connections/N/abort}: callers still waiting get ECONNABORTED.
 *   <li>an unmount from outside ({@code umount}, {@code fusermount3 -u}): the readers see ENODEV.
 *   <li>SIGINT or SIGTERM of the JVM: a shutdown hook calls {@link #close()}. (On kill -9 nothing runs
 *       here; {@code auto_unmount} covers that.)
 * </ul>
 *
 * <p>Reader threads block in read(2) and are not woken by closing their fds; they end only when the
 * kernel ends the connection, which is why every path above goes through an unmount or an abort.
 */
public final class Mount implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Mount.class);
    private static final Duration ABORT_WAIT = Duration.ofSeconds(5);
    private static final Duration HELPER_REAP = Duration.ofSeconds(2);

    private final Path mountpoint;
    private final MountOptions options;
    private final FuseConnection connection;
    private final boolean privileged;
    private final Fusermount.Mounted helper;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Thread shutdownHook;
    private volatile FrameHandler handler;
    private volatile MountTable.Entry entry;
    private volatile Watchdog watchdog;
    private volatile boolean inShutdownHook;

    Mount(Path mountpoint, MountOptions options, FuseConnection connection, boolean privileged,
            Fusermount.Mounted helper) {
        this.mountpoint = mountpoint;
        this.options = options;
        this.connection = connection;
        this.privileged = privileged;
        this.helper = helper;
        this.shutdownHook = Thread.ofPlatform().name("jpuffs-unmount " + mountpoint).unstarted(() -> {
            inShutdownHook = true;
            close();
        });
    }

    void start(FrameHandler frameHandler) {
        handler = frameHandler;
        connection.ended().whenComplete((v, t) -> finish());
        connection.start(frameHandler);
    }

    void mounted(MountTable.Entry mountEntry, Watchdog dog) {
        entry = mountEntry;
        watchdog = dog;
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            LOG.warn("{}: the JVM is shutting down; not registering the unmount hook", mountpoint);
        }
        LOG.info("mounted {} ({} {}, connection {})", mountpoint, mountEntry.source(), mountEntry.type(),
                mountEntry.connection());
    }

    /**
     * The mountpoint (absolute, symbolic links resolved).
     *
     * @return the path
     */
    public Path mountpoint() {
        return mountpoint;
    }

    /**
     * The options the mount was made with.
     *
     * @return the options
     */
    public MountOptions options() {
        return options;
    }

    /**
     * The kernel's number for this FUSE connection (its directory under /sys/fs/fuse/connections).
     *
     * @return the number
     */
    public int connectionNumber() {
        return entry.connection();
    }

    /**
     * Requests answered-to-be: handed to the handler and not answered yet.
     *
     * @return the count
     */
    public int requestsInFlight() {
        return connection.inFlight();
    }

    /**
     * Completes when the session has ended and is cleaned up, however it ended.
     *
     * @return the future
     */
    public CompletableFuture<Void> whenEnded() {
        return ended;
    }

    /**
     * Ends the session: refuses new requests, drains those in flight (bounded by
     * {@code drain_timeout}), unmounts (lazily if busy), aborts the connection if it outlives the
     * bound, and waits for the cleanup. Idempotent; never throws (problems are logged). Called from a
     * handler running on a reader thread, it only starts the shutdown (waiting there would wait for
     * the calling thread itself).
     */
    @Override
    public void close() {
        if (connection.onReaderThread()) {
            Thread.ofPlatform().name("jpuffs-close " + mountpoint).start(this::close);
            return;
        }
        if (!closing.compareAndSet(false, true)) {
            awaitEnd(options.drainTimeout().plus(ABORT_WAIT));
            return;
        }
        if (!inShutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down; the hook runs close() again, harmlessly
            }
        }
        connection.refuseNewRequests();
        if (handler == null) {
            // the mount failed before the readers started: nothing to drain, nobody to wake
            unmount();
            finish();
            return;
        }
        if (connection.ended().isDone()) {
            awaitEnd(ABORT_WAIT); // unmounted from outside before: only the cleanup to wait for
            return;
        }
        if (entry == null) {
            // INIT was never answered: find the connection's number while the mount is still in the tree
            entry = MountTable.at(mountpoint).filter(MountTable.Entry::isFuse).orElse(null);
        }
        Duration bound = options.drainTimeout();
        try {
            if (!connection.awaitDrained(bound)) {
                LOG.warn("{}: {} requests still in flight after {}; unmounting anyway", mountpoint,
                        connection.inFlight(), bound);
            }
            if (!connection.ended().isDone()) {
                unmount();
            }
            if (!connection.awaitEnded(bound)) {
                abort();
                if (!connection.awaitEnded(ABORT_WAIT)) {
                    LOG.error("{}: the kernel did not end the connection; reader threads and fds are left behind",
                            mountpoint);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("{}: interrupted while closing", mountpoint);
            return;
        }
        awaitEnd(ABORT_WAIT);
    }

    private void unmount() {
        Optional<MountTable.Entry> now = MountTable.at(mountpoint);
        MountTable.Entry ours = entry;
        if (ours != null ? now.isEmpty() || !now.get().device().equals(ours.device())
                : now.filter(MountTable.Entry::isFuse).isEmpty()) {
            return; // unmounted from outside (something else may be mounted there since), or never visible
        }
        try {
            if (privileged) {
                if (!KernelMount.unmount(mountpoint, false)) {
                    LOG.info("{}: busy; detaching it lazily", mountpoint);
                    KernelMount.unmount(mountpoint, true);
                }
            } else {
                try {
                    Fusermount.unmount(mountpoint, false);
                } catch (IOException e) {
                    LOG.info("{}: {}; detaching it lazily", mountpoint, e.getMessage());
                    Fusermount.unmount(mountpoint, true);
                }
            }
        } catch (IOException e) {
            LOG.error("{}: unmount failed: {}", mountpoint, e.getMessage());
        }
    }

    private void abort() {
        MountTable.Entry e = entry;
        if (e == null) {
            LOG.error("{}: the connection did not end and its number is unknown; cannot abort it", mountpoint);
            return;
        }
        LOG.warn("{}: the connection is still alive {} after the unmount (stuck requests or open files);"
                + " aborting connection {}", mountpoint, options.drainTimeout(), e.connection());
        try {
            ConnectionAbort.abort(e.connection());
        } catch (IOException x) {
            LOG.error("{}: {}", mountpoint, x.getMessage());
        }
    }

    private void awaitEnd(Duration bound) {
        try {
            ended.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{}: session cleanup did not complete: {}", mountpoint, e.toString());
        }
    }

    // runs once, on the last reader thread, when the kernel has ended the connection
    private void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        try {
            FrameHandler h = handler;
            if (h != null) {
                try {
                    h.sessionEnded();
                } catch (Throwable t) {
                    LOG.error("{}: the frame handler's sessionEnded failed", mountpoint, t);
                }
            }
            connection.closeChannels();
            Watchdog dog = watchdog;
            if (dog != null) {
                dog.disarm();
            }
            if (helper != null && helper.socket() >= 0) {
                // the helper unmounts (nothing left to do) and exits when its socket closes
                Libc.close(helper.socket());
                reap(helper.helperPid());
            }
            if (!closing.get() && !inShutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException e) {
                    // shutting down
                }
            }
            LOG.info("{}: session ended", mountpoint);
        } finally {
            ended.complete(null);
        }
    }

    private static void reap(int pid) {
        long deadline = System.nanoTime() + HELPER_REAP.toNanos();
        try {
            while (Libc.waitPid(pid, true) == -1) {
                if (System.nanoTime() - deadline >= 0) {
                    LOG.warn("fusermount3 (pid {}) has not exited; leaving it", pid);
                    return;
                }
                Thread.sleep(10);
            }
        } catch (ErrnoException e) {
            LOG.debug("fusermount3 (pid {}) not reaped: {}", pid, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
