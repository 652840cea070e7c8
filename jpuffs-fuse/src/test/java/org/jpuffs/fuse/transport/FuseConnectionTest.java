package org.jpuffs.fuse.transport;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.jpuffs.Errno;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reader/reply machinery without a mount: a SOCK_SEQPACKET socket pair stands in for /dev/fuse
 * (one read, one message), the test plays the kernel on the other end.
 */
@Timeout(30)
class FuseConnectionTest {
    static final int LOOKUP = 1;
    static final int GETATTR = 3;
    static final int RELEASE = 18;
    static final int INIT = 26;
    static final int FORGET = 2;

    int kernel;
    FuseConnection connection;
    final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

    @BeforeEach
    void socketPair() throws Exception {
        int[] pair = Libc.socketPair(Libc.SOCK_SEQPACKET);
        kernel = pair[0];
        connection = new FuseConnection("test", List.of(pair[1]), 1, FuseConnection.FUSE_MIN_READ_BUFFER, 4);
    }

    @AfterEach
    void close() throws Exception {
        Libc.close(kernel);
        connection.awaitEnded(Duration.ofSeconds(5));
        connection.closeChannels();
    }

    static byte[] frame(int opcode, long unique, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(40 + body.length).order(ByteOrder.nativeOrder());
        b.putInt(40 + body.length).putInt(opcode).putLong(unique).putLong(1).putInt(0).putInt(0).putInt(1234)
                .putInt(0).put(body);
        return b.array();
    }

    static MemorySegment header(Arena arena, long unique, int error, int extra) {
        MemorySegment h = arena.allocate(16);
        h.set(JAVA_INT, 0, 16 + extra);
        h.set(JAVA_INT, 4, error);
        h.set(JAVA_LONG, 8, unique);
        return h;
    }

    /** A reply read back on the kernel side: length, error, unique. */
    record Reply(int len, int error, long unique, byte[] bytes) {}

    Reply readReply() throws Exception {
        byte[] r = Libc.read(kernel, 65536);
        ByteBuffer b = ByteBuffer.wrap(r).order(ByteOrder.nativeOrder());
        return new Reply(b.getInt(), b.getInt(), b.getLong(), r);
    }

    void start(BiConsumer<RequestBuffer, ReplyChannel> handler) {
        connection.start(handler::accept);
    }

    @Test
    void frameIsHandedOverInPlace_andTheReplyGoesBackOnItsFdInOneWrite() throws Exception {
        Set<Long> addresses = ConcurrentHashMap.newKeySet();
        start((req, replies) -> {
            MemorySegment s = req.segment();
            addresses.add(s.address());
            seen.add(s.get(JAVA_INT, 4) + "/" + req.length());
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment payload = arena.allocate(3);
                payload.copyFrom(MemorySegment.ofArray(new byte[] {7, 8, 9}));
                replies.write(header(arena, s.get(JAVA_LONG, 8), 0, 3), payload);
            }
            req.release();
        });
        Libc.write(kernel, frame(GETATTR, 2, new byte[16]));
        Reply r = readReply();
        assertThat(r.len()).isEqualTo(19);
        assertThat(r.unique()).isEqualTo(2);
        assertThat(r.bytes()).hasSize(19).endsWith(7, 8, 9);
        Libc.write(kernel, frame(GETATTR, 4, new byte[16]));
        assertThat(readReply().unique()).isEqualTo(4);
        assertThat(seen).containsExactly("3/56", "3/56");
        assertThat(addresses).as("the released buffer is reused").hasSize(1);
        assertThat(connection.buffersAllocated()).isEqualTo(1);
        assertThat(connection.awaitDrained(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void repliesFromVirtualThreads_arriveWhole() throws Exception {
        start((req, replies) -> {
            long unique = req.segment().get(JAVA_LONG, 8);
            req.release();
            Thread.ofVirtual().start(() -> {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment payload = arena.allocate(8);
                    payload.set(JAVA_LONG, 0, unique * 10);
                    replies.write(header(arena, unique, 0, 8), payload);
                }
            });
        });
        Set<Long> got = ConcurrentHashMap.newKeySet();
        for (int i = 1; i <= 100; i++) {
            Libc.write(kernel, frame(GETATTR, 2L * i, new byte[16]));
        }
        for (int i = 1; i <= 100; i++) {
            Reply r = readReply();
            assertThat(r.len()).isEqualTo(24);
            assertThat(ByteBuffer.wrap(r.bytes()).order(ByteOrder.nativeOrder()).getLong(16)).isEqualTo(r.unique() * 10);
            got.add(r.unique());
        }
        assertThat(got).hasSize(100);
    }

    @Test
    void initReply_completesInitialized_andInFlightCountsOnlyAnsweredOps() throws Exception {
        BlockingQueue<Runnable> answers = new LinkedBlockingQueue<>();
        start((req, replies) -> {
            long unique = req.segment().get(JAVA_LONG, 8);
            int opcode = req.segment().get(JAVA_INT, 4);
            req.release();
            if (opcode != FORGET) {
                answers.add(() -> {
                    try (Arena arena = Arena.ofConfined()) {
                        replies.write(header(arena, unique, 0, 0), null);
                    }
                });
            }
        });
        Libc.write(kernel, frame(INIT, 2, new byte[64]));
        Libc.write(kernel, frame(FORGET, 4, new byte[8]));
        Runnable initAnswer = answers.poll(5, TimeUnit.SECONDS);
        assertThat(connection.inFlight()).isEqualTo(1);
        assertThat(connection.initialized()).isNotDone();
        initAnswer.run();
        connection.initialized().get(5, TimeUnit.SECONDS);
        assertThat(connection.inFlight()).isZero();
        // the answer to an INTERRUPT carries an odd unique and answers nothing counted
        try (Arena arena = Arena.ofConfined()) {
            connection.sessionChannel().write(header(arena, 7, -Errno.EAGAIN.number(), 0), null);
        }
        assertThat(connection.inFlight()).isZero();
    }

    @Test
    void initAnsweredWithError_failsInitialized() throws Exception {
        start((req, replies) -> {
            try (Arena arena = Arena.ofConfined()) {
                replies.write(header(arena, req.segment().get(JAVA_LONG, 8), -Errno.EIO.number(), 0), null);
            }
            req.release();
        });
        Libc.write(kernel, frame(INIT, 2, new byte[64]));
        assertThat(connection.initialized()).failsWithin(Duration.ofSeconds(5))
                .withThrowableThat().withMessageContaining("INIT");
    }

    @Test
    void whileRefusing_newRequestsGetEnotconn_butReleasesStillReachTheHandler() throws Exception {
        start((req, replies) -> {
            seen.add("op" + req.segment().get(JAVA_INT, 4));
            try (Arena arena = Arena.ofConfined()) {
                replies.write(header(arena, req.segment().get(JAVA_LONG, 8), 0, 0), null);
            }
            req.release();
        });
        connection.refuseNewRequests();
        Libc.write(kernel, frame(LOOKUP, 2, "a\0".getBytes()));
        Reply refused = readReply();
        assertThat(refused.unique()).isEqualTo(2);
        assertThat(refused.error()).isEqualTo(-Errno.ENOTCONN.number());
        Libc.write(kernel, frame(RELEASE, 4, new byte[24]));
        assertThat(readReply().error()).isZero();
        assertThat(seen).containsExactly("op" + RELEASE);
        // the count drops just after the write returns, which may be after the test read the reply
        assertThat(connection.awaitDrained(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void handlerThrows_callerGetsEio_andTheSessionGoesOn() throws Exception {
        start((req, replies) -> {
            long unique = req.segment().get(JAVA_LONG, 8);
            if (unique == 2) {
                req.release();
                throw new IllegalStateException("server bug (expected by the test)");
            }
            try (Arena arena = Arena.ofConfined()) {
                replies.write(header(arena, unique, 0, 0), null);
            }
            req.release();
        });
        Libc.write(kernel, frame(GETATTR, 2, new byte[16]));
        Reply eio = readReply();
        assertThat(eio.unique()).isEqualTo(2);
        assertThat(eio.error()).isEqualTo(-Errno.EIO.number());
        Libc.write(kernel, new byte[12]); // shorter than a header: dropped with a log line
        Libc.write(kernel, frame(GETATTR, 4, new byte[16]));
        Reply ok = readReply();
        assertThat(ok.unique()).isEqualTo(4);
        assertThat(ok.error()).isZero();
    }

    @Test
    void readersSharingOneFd_handleRequestsConcurrently() throws Exception {
        int[] pair = Libc.socketPair(Libc.SOCK_SEQPACKET);
        Libc.close(kernel);
        connection.awaitEnded(Duration.ofMillis(10));
        kernel = pair[0];
        connection = new FuseConnection("shared", List.of(pair[1]), 3, FuseConnection.FUSE_MIN_READ_BUFFER, 8);
        CyclicBarrier together = new CyclicBarrier(3);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        start((req, replies) -> {
            threads.add(Thread.currentThread());
            try {
                together.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            try (Arena arena = Arena.ofConfined()) {
                replies.write(header(arena, req.segment().get(JAVA_LONG, 8), 0, 0), null);
            }
            req.release();
        });
        for (int i = 1; i <= 3; i++) {
            Libc.write(kernel, frame(GETATTR, 2L * i, new byte[16]));
        }
        for (int i = 0; i < 3; i++) {
            assertThat(readReply().error()).isZero();
        }
        assertThat(threads).hasSize(3);
        assertThat(threads).allMatch(t -> !t.isVirtual());
    }

    @Test
    void afterTheConnectionEnds_lateRepliesGetEbadf() throws Exception {
        start((req, replies) -> req.release());
        Libc.close(kernel);
        kernel = -1;
        assertThat(connection.awaitEnded(Duration.ofSeconds(5))).isTrue();
        assertThat(connection.initialized()).isCompletedExceptionally();
        connection.closeChannels();
        try (Arena arena = Arena.ofConfined()) {
            assertThat(connection.sessionChannel().write(header(arena, 2, 0, 0), null)).isEqualTo(Errno.EBADF.number());
        }
    }
}
