package org.jpuffs.fuse.transport;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jpuffs.Errno;

/**
 * One open {@code /dev/fuse} fd (the session's own or a clone) and the replies written to it. A reply
 * must go back on the fd its request came from: the kernel keeps a processing queue per clone.
 *
 * <p>Closing is guarded: a handler that answers late (after the session gave up on it) gets EBADF
 * instead of writing to whatever file later reuses the fd number.
 */
public final class DeviceChannel implements ReplyChannel {
    private static final int EBADF = Errno.EBADF.number();

    /** Per-thread iovec pair and errno capture, so a reply from a platform thread allocates nothing. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    /** The same for virtual threads, which are too many and too short-lived to own one each. */
    private static final AtomicReferenceArray<Scratch> SHARED = new AtomicReferenceArray<>(64);

    private final int fd;
    private final ReplyObserver observer;
    // users * 2, plus 1 once closed
    private final AtomicLong guard = new AtomicLong();

    /** Sees every reply written, to account for in-flight requests and INIT. */
    interface ReplyObserver {
        void replied(long unique, int error, int writeErrno);
    }

    DeviceChannel(int fd, ReplyObserver observer) {
        this.fd = fd;
        this.observer = observer;
    }

    /**
     * The fd number.
     *
     * @return the fd
     */
    public int fd() {
        return fd;
    }

    @Override
    public int write(MemorySegment header, MemorySegment payload) {
        long unique = header.get(JAVA_LONG_UNALIGNED, 8);
        int error = header.get(JAVA_INT_UNALIGNED, 4);
        if ((guard.getAndAdd(2) & 1) != 0) {
            guard.getAndAdd(-2);
            return EBADF;
        }
        int result;
        try {
            result = header.isNative() && (payload == null || payload.isNative())
                    ? writeNative(header, payload)
                    : writeCopied(header, payload);
        } finally {
            guard.getAndAdd(-2);
        }
        observer.replied(unique, error, result);
        return result;
    }

    private int writeNative(MemorySegment header, MemorySegment payload) {
        if (!Thread.currentThread().isVirtual()) {
            return writeNative(SCRATCH.get(), header, payload);
        }
        Scratch s = borrowShared();
        try {
            return writeNative(s, header, payload);
        } finally {
            returnShared(s);
        }
    }

    private static Scratch borrowShared() {
        for (int i = 0; i < SHARED.length(); i++) {
            Scratch s = SHARED.getPlain(i);
            if (s != null && SHARED.compareAndSet(i, s, null)) {
                return s;
            }
        }
        return new Scratch();
    }

    private static void returnShared(Scratch s) {
        for (int i = 0; i < SHARED.length(); i++) {
            if (SHARED.getPlain(i) == null && SHARED.compareAndSet(i, null, s)) {
                return;
            }
        }
    }

    private int writeNative(Scratch s, MemorySegment header, MemorySegment payload) {
        s.iov.set(ADDRESS, 0, header);
        s.iov.set(JAVA_LONG, 8, header.byteSize());
        int count = 1;
        if (payload != null && payload.byteSize() > 0) {
            s.iov.set(ADDRESS, 16, payload);
            s.iov.set(JAVA_LONG, 24, payload.byteSize());
            count = 2;
        }
        long n = Libc.writevRaw(s.state, fd, s.iov, count);
        return n < 0 ? (int) -n : 0;
    }

    // heap segments cannot be passed to a downcall: a slow path for tests and small replies
    private int writeCopied(MemorySegment header, MemorySegment payload) {
        try (Arena arena = Arena.ofConfined()) {
            long size = header.byteSize() + (payload == null ? 0 : payload.byteSize());
            MemorySegment all = arena.allocate(Math.max(1, size));
            MemorySegment.copy(header, 0, all, 0, header.byteSize());
            if (payload != null) {
                MemorySegment.copy(payload, 0, all, header.byteSize(), payload.byteSize());
            }
            return writeNative(all, null);
        }
    }

    /**
     * Enters a read(2) of this fd, under the same guard as writes: a reader that comes back from a
     * handler after the session closed the fd must not read whatever file now has its number.
     *
     * @return false once the channel is closed; otherwise call {@link #endRead()} after the read
     */
    boolean beginRead() {
        if ((guard.getAndAdd(2) & 1) != 0) {
            guard.getAndAdd(-2);
            return false;
        }
        return true;
    }

    /** Leaves a read entered with {@link #beginRead()}. */
    void endRead() {
        guard.getAndAdd(-2);
    }

    /**
     * Stops further writes and reads and closes the fd once those in progress have finished. Call it
     * only once the kernel has ended the connection, when no read(2) blocks any more.
     */
    void close() {
        long g = guard.getAndUpdate(v -> v | 1);
        if ((g & 1) != 0) {
            return;
        }
        // writev on /dev/fuse never blocks, so this wait is short
        while (guard.get() != 1) {
            Thread.onSpinWait();
        }
        Libc.close(fd);
    }

    private static final class Scratch {
        final MemorySegment state;
        final MemorySegment iov;

        Scratch() {
            Arena arena = Arena.ofAuto();
            state = Libc.callState(arena);
            iov = arena.allocate(32, 8);
        }
    }
}
