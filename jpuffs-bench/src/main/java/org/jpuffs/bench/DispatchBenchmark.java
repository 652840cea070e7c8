package org.jpuffs.bench;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

import java.util.concurrent.TimeUnit;
import org.jpuffs.fuse.dispatch.DispatchOptions;
import org.jpuffs.fuse.dispatch.FuseDispatcher;
import org.jpuffs.fuse.protocol.InitConfig;
import org.jpuffs.fuse.protocol.Opcode;
import org.jpuffs.fuse.transport.ReplyChannel;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One request frame through {@link FuseDispatcher#handle} (header, decode, node layer, encode,
 * reply write) with a node layer answering constants and a reply channel that only counts bytes:
 * the per-request cost of jpuffs itself, on the reader thread, without a kernel.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DispatchBenchmark {
    static final int PAYLOAD = 128 * 1024;

    private FuseDispatcher dispatcher;
    private ReplyChannel replies;
    private long replyBytes;
    private int lastError;

    private RequestFrame getattr;
    private RequestFrame lookup;
    private RequestFrame lookupAbsent;
    private RequestFrame read;
    private RequestFrame write;
    private RequestFrame flush;

    @Setup(Level.Trial)
    public void setUp() {
        InitConfig config = new InitConfig(1 << 20, 256, 64, 48, 0, 1, InitConfig.ReaddirPlus.AUTO, true, true,
                false, false, false, false, false, true, true, false, false, 0);
        dispatcher = new FuseDispatcher(new NoopNodeLayer(), null, null, DispatchOptions.defaults().withInit(config));
        replies = (header, payload) -> {
            lastError = header.get(JAVA_INT_UNALIGNED, 4);
            replyBytes += header.byteSize() + (payload == null ? 0 : payload.byteSize());
            return 0;
        };
        dispatcher.handle(RequestFrame.fromKernel(Opcode.INIT, 1, RequestFrame.body().u32(7).u32(45).u32(131072)
                .u32(0x7fff_fffbL).u32(0x7ffL).zeros(44)), replies);
        if (!dispatcher.initialized().isDone() || dispatcher.initialized().isCompletedExceptionally()) {
            throw new IllegalStateException("INIT was not agreed");
        }
        long file = NoopNodeLayer.FILE;
        getattr = RequestFrame.of(Opcode.GETATTR, 2, file, RequestFrame.body().u32(0).u32(0).u64(0));
        lookup = RequestFrame.of(Opcode.LOOKUP, 4, 1, RequestFrame.body().cstr("hello.txt"));
        lookupAbsent = RequestFrame.of(Opcode.LOOKUP, 6, 1, RequestFrame.body().cstr("x-missing.txt"));
        read = RequestFrame.of(Opcode.READ, 8, file,
                RequestFrame.body().u64(7).u64(0).u32(PAYLOAD).u32(0).u64(0).u32(0).u32(0));
        write = RequestFrame.of(Opcode.WRITE, 10, file,
                RequestFrame.body().u64(7).u64(0).u32(PAYLOAD).u32(0).u64(0).u32(0).u32(0).zeros(PAYLOAD));
        flush = RequestFrame.of(Opcode.FLUSH, 12, file, RequestFrame.body().u64(7).u32(0).u32(0).u64(0));
        // a benchmark of an error path would measure the wrong thing: every frame must succeed
        for (RequestFrame f : new RequestFrame[] {getattr, lookup, lookupAbsent, read, write, flush}) {
            lastError = -1;
            dispatcher.handle(f, replies);
            if (lastError != 0) {
                throw new IllegalStateException("frame answered " + lastError);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        dispatcher.close();
    }

    @Benchmark
    public long getattr() {
        dispatcher.handle(getattr, replies);
        return replyBytes;
    }

    @Benchmark
    public long lookup() {
        dispatcher.handle(lookup, replies);
        return replyBytes;
    }

    @Benchmark
    public long lookupAbsent() {
        dispatcher.handle(lookupAbsent, replies);
        return replyBytes;
    }

    @Benchmark
    public long read128k() {
        dispatcher.handle(read, replies);
        return replyBytes;
    }

    @Benchmark
    public long write128k() {
        dispatcher.handle(write, replies);
        return replyBytes;
    }

    @Benchmark
    public long flush() {
        dispatcher.handle(flush, replies);
        return replyBytes;
    }
}
