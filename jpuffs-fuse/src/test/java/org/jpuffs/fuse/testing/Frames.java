package org.jpuffs.fuse.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.jpuffs.fuse.protocol.Opcode;

/** Builds request frames as the kernel writes them (the test side's encoder). */
public final class Frames {
    public static final int UID = 1000;
    public static final int GID = 1000;
    public static final int PID = 4242;

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    public static Frames body() {
        return new Frames();
    }

    public Frames u32(long v) {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v);
        body.writeBytes(b.array());
        return this;
    }

    public Frames u64(long v) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
        body.writeBytes(b.array());
        return this;
    }

    public Frames cstr(String s) {
        body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        body.write(0);
        return this;
    }

    public Frames raw(byte[] bytes) {
        body.writeBytes(bytes);
        return this;
    }

    public Frames zeros(int n) {
        body.writeBytes(new byte[n]);
        return this;
    }

    public byte[] bytes() {
        return body.toByteArray();
    }

    /** A frame with the standard test caller. */
    public static byte[] request(Opcode op, long unique, long nodeId, byte[] body) {
        return request(op.code(), unique, nodeId, body);
    }

    public static byte[] request(int opcode, long unique, long nodeId, byte[] body) {
        return requestFrom(opcode, unique, nodeId, UID, GID, PID, body);
    }

    /** A frame from a given caller; the kernel's own requests (INIT, FORGET, ...) have uid, gid, pid 0. */
    public static byte[] requestFrom(int opcode, long unique, long nodeId, int uid, int gid, int pid, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(40 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(40 + body.length).putInt(opcode).putLong(unique).putLong(nodeId).putInt(uid).putInt(gid).putInt(pid)
                .putShort((short) 0).putShort((short) 0).put(body);
        return b.array();
    }

    public static byte[] request(Opcode op, long unique, long nodeId, Frames body) {
        return request(op, unique, nodeId, body.bytes());
    }

    /** INIT as a kernel of the given minor sends it (with flags2 from 7.36 on). */
    public static byte[] init(long unique, int minor, long flags) {
        Frames b = body().u32(7).u32(minor).u32(131072).u32(flags & 0xffffffffL);
        if (minor >= 36) {
            b.u32(flags >>> 32).zeros(44);
        }
        return requestFrom(Opcode.INIT.code(), unique, 0, 0, 0, 0, b.bytes());
    }

    public static ByteBuffer le(byte[] frame) {
        return ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
    }
}
