package org.jpuffs.fuse;

import java.io.IOException;
import java.nio.file.Path;
import org.jpuffs.Attributes;
import org.jpuffs.FileServer;
import org.jpuffs.FileType;
import org.jpuffs.fuse.dispatch.DispatchOptions;
import org.jpuffs.fuse.dispatch.FuseDispatcher;
import org.jpuffs.fuse.dispatch.KernelNotifications;
import org.jpuffs.fuse.mount.MountOptions;
import org.jpuffs.fuse.protocol.InitConfig;
import org.jpuffs.fuse.transport.FrameHandler;
import org.jpuffs.fuse.transport.ReplyChannel;
import org.jpuffs.fuse.transport.RequestBuffer;
import org.jpuffs.kernel.Call;
import org.jpuffs.kernel.NodeLayer;
import org.jpuffs.kernel.NodeLayerOptions;

/**
 * Serves a {@link FileServer} to the Linux kernel: the one call a program needs.
 *
 * <pre>{@code
 * try (Mount m = Fuse.mount(new HelloServer(), Path.of("/tmp/hello"), MountOptions.parse("fsname=hello"))) {
 *     m.whenEnded().join();   // serve until unmounted
 * }
 * }</pre>
 *
 * The server goes behind a node layer ({@link NodeLayer#serve}), which goes behind the protocol
 * dispatcher, which the session feeds from {@code /dev/fuse}. Closing the mount (or an unmount from
 * outside) ends the session: the node layer reclaims every node the kernel still held, then the
 * server's {@link FileServer#destroy()} runs.
 */
public final class Fuse {
    private Fuse() {
    }

    /**
     * Mounts {@code server} at {@code mountpoint} and returns once the mount is ready.
     *
     * @param server the file server
     * @param mountpoint an existing empty directory (or a regular file, for a server whose root is not
     *     a directory)
     * @param options the mount options; {@code rootmode} is taken from the server's root
     * @param <C> the server's cookie type
     * @return the mount
     * @throws IOException when the mount cannot be made; the message says why
     */
    public static <C> Mount mount(FileServer<C> server, Path mountpoint, MountOptions options) throws IOException {
        NodeLayer layer = NodeLayer.serve(server, new NodeLayerOptions(options.drainTimeout())
                .withTtls(options.entryTimeout(), options.attrTimeout(), options.negativeTimeout()));
        // the node layer serves requests only after INIT; the root's type is needed before mount(2)
        Attributes root = server.getAttr(new Call(0, 0, 0, 0, layer.notifier()), server.root(), null);
        FileType rootType = root.type();
        if (rootType == null) {
            throw new IOException("the file server's root has mode " + Integer.toOctalString(root.mode())
                    + ", which names no file type");
        }
        MountOptions effective = options.withRootMode(rootType.modeBits());
        DispatchOptions dispatch = dispatchOptions(effective);
        return FuseSession.mount(mountpoint, effective, setup -> {
            InitConfig init = dispatch.init();
            int maxWrite = effective.maxWrite() > 0 ? Math.min(effective.maxWrite(), setup.maxWrite()) : setup.maxWrite();
            DispatchOptions sized = dispatch.withInit(init.withLimits(maxWrite,
                    Math.min(init.maxPagesLimit(), setup.maxPages())));
            KernelNotifications notifications = new KernelNotifications(setup.notifications());
            FuseDispatcher dispatcher = new FuseDispatcher(layer, layer.notifier(), notifications, sized);
            return new ServedHandler(layer, dispatcher, notifications, effective);
        });
    }

    private static DispatchOptions dispatchOptions(MountOptions o) {
        InitConfig init = InitConfig.defaults().withBackground(o.maxBackground(), o.congestionThreshold())
                .withWritebackCache(o.writebackCache()).withPosixAcl(o.posixAcl(), o.handleKillprivV2());
        return DispatchOptions.defaults().withInit(init).withTrace(o.debug()).withVirtualThreads(o.virtualThreads())
                .withWatchdog(o.watchdog());
    }

    /** The session's handler: the dispatcher, and the teardown of everything behind it. */
    private record ServedHandler(NodeLayer layer, FuseDispatcher dispatcher, KernelNotifications notifications,
            MountOptions options) implements FrameHandler {
        @Override
        public void handle(RequestBuffer request, ReplyChannel replies) {
            dispatcher.handle(request, replies);
        }

        @Override
        public void sessionEnded() {
            // The transport already drained what could finish: whatever still runs is stuck in the
            // server, so interrupt it first (no later request can inherit the interrupt), then let the
            // node layer wait for it, reclaim every node and call destroy.
            try {
                dispatcher.close();
                layer.shutdown(options.drainTimeout());
            } finally {
                notifications.close();
            }
        }
    }
}
