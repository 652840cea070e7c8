package org.jpuffs.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.jpuffs.fuse.protocol.FuseAbi;
import org.jpuffs.fuse.protocol.InHeader;
import org.jpuffs.fuse.protocol.MalformedFrameException;
import org.jpuffs.fuse.protocol.Opcode;
import org.jpuffs.fuse.protocol.ReplyEncoder;
import org.jpuffs.fuse.protocol.Request;
import org.jpuffs.fuse.protocol.RequestDecoder;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codec alone: a request frame decoded into its {@link Request} record (header included), and a
 * reply struct encoded into an off-heap buffer. A decoded record is the generic path's output and
 * is allocated by design; the dispatcher serves the hottest requests without one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CodecBenchmark {
    private final RequestDecoder decoder = new RequestDecoder();
    private final MemorySegment reply = Arena.ofAuto().allocate(4096, 8);

    private RequestFrame getattr;
    private RequestFrame lookup;
    private RequestFrame read;
    private RequestFrame write;
    private RequestFrame open;
    private RequestFrame create;
    private RequestFrame setattr;

    @Setup(Level.Trial)
    public void setUp() {
        getattr = RequestFrame.of(Opcode.GETATTR, 2, 2, RequestFrame.body().u32(0).u32(0).u64(0));
        lookup = RequestFrame.of(Opcode.LOOKUP, 4, 1, RequestFrame.body().cstr("hello.txt"));
        read = RequestFrame.of(Opcode.READ, 6, 2,
                RequestFrame.body().u64(7).u64(0).u32(DispatchBenchmark.PAYLOAD).u32(0).u64(0).u32(0).u32(0));
        write = RequestFrame.of(Opcode.WRITE, 8, 2, RequestFrame.body().u64(7).u64(0).u32(DispatchBenchmark.PAYLOAD)
                .u32(0).u64(0).u32(0).u32(0).zeros(DispatchBenchmark.PAYLOAD));
        open = RequestFrame.of(Opcode.OPEN, 10, 2, RequestFrame.body().u32(2).u32(0));
        create = RequestFrame.of(Opcode.CREATE, 12, 1,
                RequestFrame.body().u32(0101).u32(0100644).u32(022).u32(0).cstr("new.txt"));
        // truncate to 0 and set mtime: what open(O_TRUNC) and touch send
        setattr = RequestFrame.of(Opcode.SETATTR, 14, 2, RequestFrame.body().u32(FuseAbi.FATTR_SIZE
                | FuseAbi.FATTR_MTIME).u32(0).u64(0).u64(0).u64(0).u64(0).u64(1_700_000_000L).u64(0).u32(0)
                .u32(5).u32(0).u32(0).u32(0).u32(0).u32(0).u32(0));
    }

    private Request decode(RequestFrame f) throws MalformedFrameException {
        MemorySegment frame = f.segment();
        return decoder.decode(InHeader.read(frame, f.length()), frame, f.length());
    }

    @Benchmark
    public Request decodeGetattr() throws MalformedFrameException {
        return decode(getattr);
    }

    @Benchmark
    public Request decodeLookup() throws MalformedFrameException {
        return decode(lookup);
    }

    @Benchmark
    public Request decodeRead() throws MalformedFrameException {
        return decode(read);
    }

    @Benchmark
    public Request decodeWrite() throws MalformedFrameException {
        return decode(write);
    }

    @Benchmark
    public Request decodeOpen() throws MalformedFrameException {
        return decode(open);
    }

    @Benchmark
    public Request decodeCreate() throws MalformedFrameException {
        return decode(create);
    }

    @Benchmark
    public Request decodeSetattr() throws MalformedFrameException {
        return decode(setattr);
    }

    @Benchmark
    public int encodeAttrOut() {
        return ReplyEncoder.outHeader(reply, 16 + FuseAbi.ATTR_OUT, 0, 2)
                + ReplyEncoder.attrOut(reply, FuseAbi.OUT_HEADER, NoopNodeLayer.ATTRS);
    }

    @Benchmark
    public int encodeEntryOut() {
        return ReplyEncoder.outHeader(reply, 16 + FuseAbi.ENTRY_OUT, 0, 4)
                + ReplyEncoder.entry(reply, FuseAbi.OUT_HEADER, NoopNodeLayer.ENTRY);
    }

    @Benchmark
    public int encodeNegativeEntryOut() {
        return ReplyEncoder.outHeader(reply, 16 + FuseAbi.ENTRY_OUT, 0, 4)
                + ReplyEncoder.entry(reply, FuseAbi.OUT_HEADER, NoopNodeLayer.ABSENT);
    }

    @Benchmark
    public int encodeStatxOut() {
        return ReplyEncoder.outHeader(reply, 16 + FuseAbi.STATX_OUT, 0, 2)
                + ReplyEncoder.statxOut(reply, FuseAbi.OUT_HEADER, NoopNodeLayer.ATTRS);
    }

    @Benchmark
    public int encodeOpenOut() {
        return ReplyEncoder.outHeader(reply, 16 + FuseAbi.OPEN_OUT, 0, 10)
                + ReplyEncoder.openOut(reply, FuseAbi.OUT_HEADER, NoopNodeLayer.OPENED, 0);
    }

    @Benchmark
    public int encodeWriteOut() {
        return ReplyEncoder.outHeader(reply, 16 + 8, 0, 8)
                + ReplyEncoder.u32Out(reply, FuseAbi.OUT_HEADER, DispatchBenchmark.PAYLOAD);
    }

    @Benchmark
    public int encodeError() {
        return ReplyEncoder.error(reply, 4, 2);
    }
}
