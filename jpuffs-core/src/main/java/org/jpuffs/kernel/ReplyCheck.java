package org.jpuffs.kernel;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.jpuffs.Attributes;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileType;

/**
 * Checks a server's replies before they reach a front end (puffs's {@code getvnode} checks and the
 * reply-length check of {@code parkdone_asyncbioread}). A bad reply gives the caller EIO, as Linux
 * does with a malformed FUSE reply, and is reported through {@link Faults#violation}.
 *
 * @param <C> the server's cookie type
 */
final class ReplyCheck<C> {
    private final Faults<C> faults;

    ReplyCheck(Faults<C> faults) {
        this.faults = faults;
    }

    /** Attributes must be present and name a file type; a regular file needs a size. */
    Attributes attributes(Op op, C cookie, Call call, Attributes a) throws ErrnoException {
        if (a == null) {
            throw faults.violation(op, cookie, call, Errno.EIO, "no attributes");
        }
        FileType type = a.type();
        if (type == null) {
            throw faults.violation(op, cookie, call, Errno.EIO,
                    "mode 0" + Integer.toOctalString(a.mode()) + " names no file type");
        }
        if (type == FileType.REGULAR && a.size() < 0) {
            throw faults.violation(op, cookie, call, Errno.EIO, "regular file of size " + a.size());
        }
        return a;
    }

    /** A reply value the op must not leave out. */
    <T> T present(Op op, C cookie, Call call, T value) throws ErrnoException {
        if (value == null) {
            throw faults.violation(op, cookie, call, Errno.EIO, "returned null");
        }
        return value;
    }

    /**
     * Checks what a read did to {@code dst}, whose position and limit were {@code start} and
     * {@code limit}, and leaves it as the front end expects: limit unchanged, position after the
     * bytes read. A server that flipped the buffer is forgiven (its bytes run from {@code start} to
     * the new limit); one that read past {@code limit} (by raising it) or moved the position before
     * {@code start} is refused with EIO.
     */
    void read(C cookie, Call call, ByteBuffer dst, int start, int limit) throws ErrnoException {
        int pos = dst.position();
        int lim = dst.limit();
        int end = lim != limit && pos <= start ? lim : pos;
        if (end > limit) {
            dst.limit(limit).position(start);
            throw faults.violation(Op.READ, cookie, call, Errno.EIO,
                    "read returned " + (end - start) + " bytes where " + (limit - start) + " were asked");
        }
        if (end < start) {
            dst.limit(limit).position(start);
            throw faults.violation(Op.READ, cookie, call, Errno.EIO, "read moved the buffer's position backwards");
        }
        dst.limit(limit).position(end);
    }

    /** A write cannot have written fewer than none or more than it was given. */
    int written(C cookie, Call call, int written, int asked) throws ErrnoException {
        if (written < 0 || written > asked) {
            throw faults.violation(Op.WRITE, cookie, call, Errno.EIO,
                    "write reported " + written + " bytes written of " + asked);
        }
        return written;
    }

    /** Attributes with {@code ino} filled in from the node id when the server left it 0. */
    static Attributes withIno(Attributes a, long nodeId) {
        return a.ino() == 0 ? a.withIno(nodeId) : a;
    }

    /** A TTL or bound in nanoseconds: negative is 0, too long for a long is the longest. */
    static long nanos(Duration d) {
        if (d.isNegative()) {
            return 0;
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
