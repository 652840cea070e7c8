package org.jpuffs.fuse;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpuffs.fuse.transport.FrameHandler;
import org.jpuffs.fuse.transport.ReplyChannel;
import org.jpuffs.fuse.transport.RequestBuffer;

/**
 * A hand-written frame handler for transport tests: an empty root directory, enough for stat, ls and
 * df. INIT is answered at 7.45 (or the kernel's minor) with no capability flags. A LOOKUP of the name
 * {@code stuck} is never answered until {@link #unstick()}: the request stays in flight.
 */
final class MiniServer implements FrameHandler {
    static final int LOOKUP = 1;
    static final int GETATTR = 3;
    static final int STATFS = 17;
    static final int INIT = 26;
    static final int OPENDIR = 27;
    static final int READDIR = 28;
    static final int RELEASEDIR = 29;
    static final int FORGET = 2;
    static final int INTERRUPT = 36;
    static final int BATCH_FORGET = 42;

    final AtomicInteger sessionEnded = new AtomicInteger();
    final AtomicInteger inits = new AtomicInteger();
    final Set<ReplyChannel> channelsSeen = ConcurrentHashMap.newKeySet();
    final Set<Thread> readersSeen = ConcurrentHashMap.newKeySet();
    final CountDownLatch stuckSeen = new CountDownLatch(1);
    private final CountDownLatch unstuck = new CountDownLatch(1);
    private final int initError;
    private final int maxWrite;
    volatile long getattrDelayMillis;

    MiniServer(SessionSetup setup) {
        this(setup, 0);
    }

    MiniServer(SessionSetup setup, int initError) {
        this.maxWrite = Math.min(setup.maxWrite(), 128 * 1024);
        this.initError = initError;
    }

    void unstick() {
        unstuck.countDown();
    }

    @Override
    public void handle(RequestBuffer request, ReplyChannel replies) {
        MemorySegment in = request.segment();
        int opcode = in.get(JAVA_INT, 4);
        long unique = in.get(JAVA_LONG, 8);
        long nodeid = in.get(JAVA_LONG, 16);
        channelsSeen.add(replies);
        readersSeen.add(Thread.currentThread());
        try (Arena arena = Arena.ofConfined()) {
            switch (opcode) {
                case INIT -> {
                    inits.incrementAndGet();
                    if (initError != 0) {
                        error(arena, replies, unique, initError);
                        break;
                    }
                    int kernelMinor = in.get(JAVA_INT, 44);
                    int readahead = in.get(JAVA_INT, 48);
                    MemorySegment out = reply(arena, unique, 64);
                    out.set(JAVA_INT, 16, 7);
                    out.set(JAVA_INT, 20, Math.min(45, kernelMinor));
                    out.set(JAVA_INT, 24, readahead);
                    out.set(JAVA_SHORT, 32, (short) 16); // max_background
                    out.set(JAVA_SHORT, 34, (short) 12); // congestion_threshold
                    out.set(JAVA_INT, 36, maxWrite);
                    out.set(JAVA_INT, 40, 1); // time_gran
                    replies.write(out, null);
                }
                case GETATTR -> {
                    sleep(getattrDelayMillis);
                    if (nodeid != 1) {
                        error(arena, replies, unique, 2);
                        break;
                    }
                    MemorySegment out = reply(arena, unique, 104);
                    out.set(JAVA_LONG, 16, 1); // attr_valid
                    long attr = 32;
                    out.set(JAVA_LONG, attr, 1); // ino
                    out.set(JAVA_INT, attr + 60, 0040755); // mode
                    out.set(JAVA_INT, attr + 64, 2); // nlink
                    out.set(JAVA_INT, attr + 80, 4096); // blksize
                    replies.write(out, null);
                }
                case LOOKUP -> {
                    String name = new String(in.asSlice(40, request.length() - 41).toArray(
                            java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
                    if (name.equals("stuck")) {
                        // answered, if ever, from another thread: the reader goes on reading
                        request.release();
                        stuckSeen.countDown();
                        Thread.ofPlatform().daemon(true).start(() -> {
                            try {
                                unstuck.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            try (Arena a = Arena.ofConfined()) {
                                error(a, replies, unique, 2);
                            }
                        });
                        return;
                    }
                    error(arena, replies, unique, 2);
                }
                case STATFS -> {
                    MemorySegment out = reply(arena, unique, 80);
                    out.set(JAVA_LONG, 16, 1000); // blocks
                    out.set(JAVA_LONG, 24, 500); // bfree
                    out.set(JAVA_LONG, 32, 500); // bavail
                    out.set(JAVA_LONG, 40, 100); // files
                    out.set(JAVA_LONG, 48, 50); // ffree
                    out.set(JAVA_INT, 56, 4096); // bsize
                    out.set(JAVA_INT, 60, 255); // namelen
                    out.set(JAVA_INT, 64, 4096); // frsize
                    replies.write(out, null);
                }
                case OPENDIR -> replies.write(reply(arena, unique, 16), null);
                case READDIR, RELEASEDIR -> replies.write(reply(arena, unique, 0), null);
                case FORGET, BATCH_FORGET, INTERRUPT -> { }
                default -> error(arena, replies, unique, 38);
            }
        }
        request.release();
    }

    private static void sleep(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static MemorySegment reply(Arena arena, long unique, int size) {
        MemorySegment out = arena.allocate(16 + size, 8);
        out.set(JAVA_INT, 0, 16 + size);
        out.set(JAVA_LONG, 8, unique);
        return out;
    }

    private static void error(Arena arena, ReplyChannel replies, long unique, int errno) {
        MemorySegment out = reply(arena, unique, 0);
        out.set(JAVA_INT, 4, -errno);
        replies.write(out, null);
    }

    @Override
    public void sessionEnded() {
        sessionEnded.incrementAndGet();
        unstick();
    }
}
