package org.jpuffs.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jpuffs.FileName;
import org.jpuffs.FileServer;
import org.jpuffs.ProtocolViolation;
import org.jpuffs.ErrnoException;
import org.jpuffs.testkit.Calls;
import org.jpuffs.testkit.RecordedNotifications;

/** A server served by the node layer, initialised, with calls and a notification log: the tests' mount. */
final class Served<C> {
    final FileServer<C> server;
    final ServedNodes<C> layer;
    final RecordedNotifications notifications = new RecordedNotifications();
    final Calls calls;

    private Served(FileServer<C> server, boolean init) {
        this(server, init, false);
    }

    @SuppressWarnings("unchecked")
    private Served(FileServer<C> server, boolean init, boolean asKernel) {
        this.server = server;
        NodeLayerOptions options = new NodeLayerOptions(Duration.ofSeconds(2));
        this.layer = (ServedNodes<C>) (asKernel ? NodeLayer.serveAsKernel(server, options)
                : NodeLayer.serve(server, options));
        this.calls = Calls.of(layer);
        if (init) {
            try {
                layer.init(notifications);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A thread per task: the common pool may have a single thread on a small machine. */
    static final java.util.concurrent.Executor THREADS = r -> Thread.ofPlatform().daemon().start(r);

    static <C> Served<C> serve(FileServer<C> server) {
        return new Served<>(server, true);
    }

    /** Served to a front end that is the kernel itself: with the metadata cache. */
    static <C> Served<C> asKernel(FileServer<C> server) {
        return new Served<>(server, true, true);
    }

    static <C> Served<C> notStarted(FileServer<C> server) {
        return new Served<>(server, false);
    }

    Call call() {
        return calls.user(1000, 1000);
    }

    NodeTable<C> table() {
        return layer.table();
    }

    static FileName name(String s) {
        try {
            return FileName.of(s);
        } catch (ErrnoException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    /** Records protocol violations reported to a server's hook. */
    static final class Violations<C> {
        final List<ProtocolViolation<C>> seen = new CopyOnWriteArrayList<>();

        void add(ProtocolViolation<C> v) {
            seen.add(v);
        }
    }
}
