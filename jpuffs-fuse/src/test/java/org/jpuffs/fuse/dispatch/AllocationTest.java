package org.jpuffs.fuse.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.jpuffs.FileName;
import org.jpuffs.fuse.protocol.InitConfig;
import org.jpuffs.fuse.protocol.Opcode;
import org.jpuffs.fuse.testing.FakeNodeLayer;
import org.jpuffs.fuse.testing.Frames;
import org.jpuffs.fuse.transport.ReplyChannel;
import org.jpuffs.fuse.transport.RequestBuffer;
import org.jpuffs.kernel.Call;
import org.jpuffs.kernel.NodeAttributes;
import org.jpuffs.kernel.NodeEntry;
import org.junit.jupiter.api.Test;

/**
 * Measures the bytes the dispatcher allocates per request on the hot paths, with a server that
 * allocates nothing: none at all, once the reader's context, the reply buffers and the name are
 * warm. (A payload copy of a 128 KiB READ or WRITE would show as 128 KiB per request; the record
 * path, before the hot one, took 214 to 408 bytes.) jpuffs-bench measures the same with JMH.
 */
class AllocationTest {
    private static final int PAYLOAD = 128 * 1024;
    private static final NodeAttributes ATTRS = new NodeAttributes(FakeNodeLayer.file(2, PAYLOAD), 1_000_000_000L);
    private static final NodeEntry ENTRY = new NodeEntry(2, 0, FakeNodeLayer.file(2, PAYLOAD), 1_000_000_000L,
            1_000_000_000L);
    private static final NodeEntry ABSENT = new NodeEntry(0, 0, null, 1_000_000_000L, 0);

    /** A request buffer reused for every frame of one kind. */
    private static final class Reused implements RequestBuffer {
        private final MemorySegment segment;
        private final int length;

        Reused(byte[] frame) {
            segment = Arena.ofAuto().allocate(frame.length, 8);
            MemorySegment.copy(frame, 0, segment, ValueLayout.JAVA_BYTE, 0, frame.length);
            length = frame.length;
        }

        @Override
        public MemorySegment segment() {
            return segment;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public void release() {
        }
    }

    @Test
    void hotPaths_allocateNothingPerRequest() {
        FakeNodeLayer layer = new FakeNodeLayer() {
            @Override
            public NodeEntry lookup(Call c, long parent, FileName name) {
                return name.byteAt(0) == 'x' ? ABSENT : ENTRY;
            }

            @Override
            public NodeAttributes getAttr(Call c, long node, long fh) {
                return ATTRS;
            }

            @Override
            public void read(Call c, long node, long fh, long offset, ByteBuffer dst) {
                dst.position(dst.limit());
            }

            @Override
            public int write(Call c, long node, long fh, long offset, ByteBuffer src) {
                return src.remaining();
            }
        };
        InitConfig config = new InitConfig(1 << 20, 256, 64, 48, 0, 1, InitConfig.ReaddirPlus.AUTO, true, true,
                false, false, false, false, false, true, true, false, false, 0);
        ReplyChannel sink = (header, payload) -> 0;
        try (FuseDispatcher d = new FuseDispatcher(layer, null, null, DispatchOptions.defaults().withInit(config))) {
            d.handle(new Reused(Frames.init(1, 45, 0x7ff_7fff_fffbL)), sink);
            assertThat(d.initialized()).isCompleted();
            Reused getattr = new Reused(Frames.request(Opcode.GETATTR, 2, 2, Frames.body().u32(0).u32(0).u64(0)));
            Reused lookup = new Reused(Frames.request(Opcode.LOOKUP, 4, 1, Frames.body().cstr("hello")));
            Reused absent = new Reused(Frames.request(Opcode.LOOKUP, 5, 1, Frames.body().cstr("x-missing")));
            Reused read = new Reused(Frames.request(Opcode.READ, 6, 2,
                    Frames.body().u64(7).u64(0).u32(PAYLOAD).u32(0).u64(0).u32(0).u32(0)));
            Reused write = new Reused(Frames.request(Opcode.WRITE, 8, 2,
                    Frames.body().u64(7).u64(0).u32(PAYLOAD).u32(0).u64(0).u32(0).u32(0).zeros(PAYLOAD)));
            String[] names = {"GETATTR", "LOOKUP", "LOOKUP (absent)", "READ 128 KiB", "WRITE 128 KiB"};
            Reused[] frames = {getattr, lookup, absent, read, write};
            for (int i = 0; i < frames.length; i++) {
                long perRequest = measure(d, frames[i], sink);
                System.out.println(names[i] + " allocated per request: " + perRequest + " bytes");
                assertThat(perRequest).as(names[i]).isZero();
            }
        }
    }

    private static long measure(FuseDispatcher d, RequestBuffer r, ReplyChannel sink) {
        for (int i = 0; i < 30_000; i++) {
            d.handle(r, sink);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int n = 20_000;
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < n; i++) {
            d.handle(r, sink);
        }
        return (mx.getCurrentThreadAllocatedBytes() - before) / n;
    }
}
