package org.jpuffs.bench;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.jpuffs.Attributes;
import org.jpuffs.CallContext;
import org.jpuffs.Entry;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileName;
import org.jpuffs.FileServer;
import org.jpuffs.FileType;
import org.jpuffs.Lookup;
import org.jpuffs.kernel.Call;
import org.jpuffs.kernel.NodeEntry;
import org.jpuffs.kernel.NodeLayer;
import org.jpuffs.kernel.NodeLayerOptions;
import org.jpuffs.kernel.NotificationChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The node layer's own cost: a lookup and its forget (the node created and reclaimed each time, or
 * kept live by an earlier lookup), and a getAttr through the layer (in-flight accounting, pinning,
 * reply check) against the same call made on the server directly. The server answers constants.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class NodeLayerBenchmark {
    private static final Attributes FILE = Attributes.of(0, FileType.REGULAR.mode(0644), 1, 0, 0, 0, Instant.EPOCH);
    private static final Attributes DIR = Attributes.of(0, FileType.DIRECTORY.mode(0755), 2, 0, 0, 0, Instant.EPOCH);
    private static final Entry<String> ENTRY = new Entry<>("file", FILE, Duration.ofSeconds(1), Duration.ofSeconds(1));
    private static final Entry<String> LIVE = new Entry<>("live", FILE, Duration.ofSeconds(1), Duration.ofSeconds(1));

    /** Answers every lookup with one of two constant entries, every getAttr with constants. */
    static final class ConstantServer implements FileServer<String> {
        @Override
        public String root() {
            return "/";
        }

        @Override
        public Lookup<String> lookup(CallContext ctx, String dir, FileName name) {
            return name.length() == 4 ? LIVE : ENTRY;
        }

        @Override
        public Attributes getAttr(CallContext ctx, String node, Object handle) {
            return node.equals("/") ? DIR : FILE;
        }
    }

    private final ConstantServer server = new ConstantServer();
    private NodeLayer layer;
    private FileName fileName;
    private FileName liveName;
    private long liveId;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        layer = NodeLayer.serve(server, NodeLayerOptions.defaults());
        layer.init(new NoNotifications());
        fileName = FileName.of("file");
        liveName = FileName.of("live");
        liveId = layer.lookup(new Call(1, 0, 0, 1, null), NodeLayer.ROOT_ID, liveName).nodeId();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        layer.shutdown(Duration.ofSeconds(1));
    }

    /** Per-thread call, as each reader thread reuses one. */
    @State(Scope.Thread)
    public static class Caller {
        final Call call = new Call(1, 1000, 1000, 4242, null);
    }

    @Benchmark
    @Threads(2)
    public long lookupForget_newNodeEachTime(Caller c) throws IOException {
        NodeEntry e = layer.lookup(c.call, NodeLayer.ROOT_ID, fileName);
        layer.forget(e.nodeId(), 1);
        return e.nodeId();
    }

    @Benchmark
    @Threads(2)
    public long lookupForget_liveNode(Caller c) throws IOException {
        NodeEntry e = layer.lookup(c.call, NodeLayer.ROOT_ID, liveName);
        layer.forget(e.nodeId(), 1);
        return e.nodeId();
    }

    @Benchmark
    public long getAttr_throughNodeLayer(Caller c) throws IOException {
        return layer.getAttr(c.call, liveId, 0).attributes().size();
    }

    @Benchmark
    public long getAttr_serverDirectly(Caller c) {
        return server.getAttr(c.call, "live", null).size();
    }

    /** The benchmark sends no notifications. */
    static final class NoNotifications implements NotificationChannel {
        @Override
        public void invalidateInode(long nodeId, long offset, long length) throws ErrnoException {
        }

        @Override
        public void invalidateEntry(long parentId, FileName name, boolean expireOnly) throws ErrnoException {
        }

        @Override
        public void delete(long parentId, long childId, FileName name) throws ErrnoException {
        }

        @Override
        public void store(long nodeId, long offset, java.nio.ByteBuffer data) throws ErrnoException {
        }

        @Override
        public java.util.concurrent.CompletableFuture<byte[]> retrieve(long nodeId, long offset, int size) {
            return java.util.concurrent.CompletableFuture.completedFuture(new byte[0]);
        }

        @Override
        public void pollWakeup(long kernelHandle) throws ErrnoException {
        }

        @Override
        public void resend() throws ErrnoException {
        }

        @Override
        public void incrementEpoch() throws ErrnoException {
        }

        @Override
        public void prune(long[] nodeIds) throws ErrnoException {
        }
    }
}
