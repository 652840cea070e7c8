package org.jpuffs.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jpuffs.kernel.Served.name;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jpuffs.CallContext;
import org.jpuffs.Errno;
import org.jpuffs.OpenFlags;
import org.jpuffs.ProtocolViolation;
import org.jpuffs.testkit.Errnos;
import org.jpuffs.testkit.TreeServer;
import org.junit.jupiter.api.Test;

/** parkdone_asyncbioread: a read reply never claims more than was asked. */
class ReplyCheckTest {
    /** Reads by doing whatever the test says to the buffer. */
    static final class Reads extends TreeServer {
        final List<ProtocolViolation<Long>> violations = new CopyOnWriteArrayList<>();
        volatile Consumer<ByteBuffer> reading;
        volatile int reportWritten = -1;

        @Override
        public void read(CallContext ctx, Long node, Object handle, long offset, ByteBuffer dst) {
            reading.accept(dst);
        }

        @Override
        public int write(CallContext ctx, Long node, Object handle, long offset, ByteBuffer src) throws IOException {
            int n = super.write(ctx, node, handle, offset, src);
            return reportWritten >= 0 ? reportWritten : n;
        }

        @Override
        public void protocolViolation(ProtocolViolation<Long> v) {
            violations.add(v);
        }
    }

    private final Reads server = new Reads();
    private final Served<Long> s = Served.serve(server);
    private final CreateReply file;

    ReplyCheckTest() throws IOException {
        file = s.layer.create(s.call(), 1, name("f"), 0644, new OpenFlags(OpenFlags.O_RDWR));
    }

    private ByteBuffer read(int asked) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(64).position(4).limit(4 + asked);
        s.layer.read(s.call(), file.entry().nodeId(), file.open().fh(), 0, dst);
        return dst;
    }

    @Test
    void read_exactAndShort_positionAdvancedLimitKept() throws Exception {
        server.reading = dst -> dst.put(new byte[8]);
        ByteBuffer exact = read(8);
        assertThat(exact.position()).isEqualTo(12);
        server.reading = dst -> dst.put(new byte[3]); // short: end of file
        ByteBuffer shortRead = read(8);
        assertThat(shortRead.position()).isEqualTo(7);
        assertThat(shortRead.limit()).isEqualTo(12);
        assertThat(server.violations).isEmpty();
    }

    @Test
    void read_longerThanRequested_eioAndReported() {
        server.reading = dst -> dst.limit(dst.capacity()).put(new byte[20]);
        assertThat(Errnos.thrownBy(() -> read(8))).isEqualTo(Errno.EIO);
        assertThat(server.violations).singleElement().satisfies(v -> {
            assertThat(v.op()).isEqualTo("read");
            assertThat(v.errno()).isEqualTo(Errno.EIO);
        });
    }

    @Test
    void read_flippedBuffer_forgivenAsTheBytesWritten() throws Exception {
        server.reading = dst -> dst.put(new byte[5]).flip();
        ByteBuffer dst = read(8);
        assertThat(dst.position()).isEqualTo(9);
        assertThat(dst.limit()).isEqualTo(12);
        assertThat(server.violations).isEmpty();
    }

    @Test
    void read_positionMovedBackwards_eio() {
        server.reading = dst -> dst.position(0);
        assertThat(Errnos.thrownBy(() -> read(8))).isEqualTo(Errno.EIO);
        assertThat(server.violations).hasSize(1);
    }

    @Test
    void write_reportingMoreThanGiven_eio() throws Exception {
        ByteBuffer src = ByteBuffer.wrap(new byte[4]);
        assertThat(s.layer.write(s.call(), file.entry().nodeId(), file.open().fh(), 0, src)).isEqualTo(4);
        server.reportWritten = 9;
        assertThat(Errnos.thrownBy(() -> s.layer.write(s.call(), file.entry().nodeId(), file.open().fh(), 0,
                ByteBuffer.wrap(new byte[4])))).isEqualTo(Errno.EIO);
        assertThat(server.violations).singleElement().satisfies(v -> assertThat(v.op()).isEqualTo("write"));
    }

    @Test
    void unknownHandle_ebadf() {
        assertThat(Errnos.thrownBy(() -> s.layer.read(s.call(), file.entry().nodeId(), 999, 0,
                ByteBuffer.allocate(1)))).isEqualTo(Errno.EBADF);
    }
}
