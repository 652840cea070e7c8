package org.jpuffs.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.jpuffs.fuse.protocol.Opcode;
import org.jpuffs.fuse.transport.RequestBuffer;

/**
 * A request frame as the kernel writes it, in an off-heap buffer that is handed to the dispatcher
 * again and again: a transport's pooled buffer, minus the pool. Built once per benchmark trial.
 */
final class RequestFrame implements RequestBuffer {
    static final int UID = 1000;
    static final int GID = 1000;
    static final int PID = 4242;

    private final MemorySegment segment;
    private final int length;

    private RequestFrame(MemorySegment segment, int length) {
        this.segment = segment;
        this.length = length;
    }

    /** A frame from a user process (uid, gid, pid as above) with the given body. */
    static RequestFrame of(Opcode op, long unique, long nodeId, Body body) {
        return of(op.code(), unique, nodeId, UID, GID, PID, body.bytes());
    }

    /** A frame from the kernel itself (uid, gid and pid 0), as INIT is. */
    static RequestFrame fromKernel(Opcode op, long unique, Body body) {
        return of(op.code(), unique, 0, 0, 0, 0, body.bytes());
    }

    private static RequestFrame of(int opcode, long unique, long nodeId, int uid, int gid, int pid, byte[] body) {
        int len = 40 + body.length;
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(len).putInt(opcode).putLong(unique).putLong(nodeId).putInt(uid).putInt(gid).putInt(pid)
                .putShort((short) 0).putShort((short) 0).put(body);
        MemorySegment seg = Arena.ofAuto().allocate(len, 8);
        MemorySegment.copy(b.array(), 0, seg, ValueLayout.JAVA_BYTE, 0, len);
        return new RequestFrame(seg, len);
    }

    static Body body() {
        return new Body();
    }

    @Override
    public MemorySegment segment() {
        return segment;
    }

    @Override
    public int length() {
        return length;
    }

    /** Never pooled: the same frame is served on every invocation. */
    @Override
    public void release() {
    }

    /** A request body, little-endian as the kernel writes it. */
    static final class Body {
        private final ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);

        Body u32(long v) {
            b.putInt((int) v);
            return this;
        }

        Body u64(long v) {
            b.putLong(v);
            return this;
        }

        Body cstr(String s) {
            b.put(s.getBytes(StandardCharsets.UTF_8)).put((byte) 0);
            return this;
        }

        Body zeros(int n) {
            b.position(b.position() + n);
            return this;
        }

        byte[] bytes() {
            byte[] out = new byte[b.position()];
            b.get(0, out);
            return out;
        }
    }
}
