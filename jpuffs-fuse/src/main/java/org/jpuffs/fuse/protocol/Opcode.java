package org.jpuffs.fuse.protocol;

/**
 * The request opcodes of the FUSE protocol up to 7.45 ({@code enum fuse_opcode}). CUSE and the DAX
 * mapping requests are listed so a frame carrying them is recognised (and refused with ENOSYS).
 */
public enum Opcode {
    LOOKUP(1), FORGET(2), GETATTR(3), SETATTR(4), READLINK(5), SYMLINK(6), MKNOD(8), MKDIR(9), UNLINK(10),
    RMDIR(11), RENAME(12), LINK(13), OPEN(14), READ(15), WRITE(16), STATFS(17), RELEASE(18), FSYNC(20),
    SETXATTR(21), GETXATTR(22), LISTXATTR(23), REMOVEXATTR(24), FLUSH(25), INIT(26), OPENDIR(27), READDIR(28),
    RELEASEDIR(29), FSYNCDIR(30), GETLK(31), SETLK(32), SETLKW(33), ACCESS(34), CREATE(35), INTERRUPT(36),
    BMAP(37), DESTROY(38), IOCTL(39), POLL(40), NOTIFY_REPLY(41), BATCH_FORGET(42), FALLOCATE(43),
    READDIRPLUS(44), RENAME2(45), LSEEK(46), COPY_FILE_RANGE(47), SETUPMAPPING(48), REMOVEMAPPING(49),
    SYNCFS(50), TMPFILE(51), STATX(52), COPY_FILE_RANGE_64(53), CUSE_INIT(4096);

    private static final Opcode[] BY_CODE = new Opcode[64];

    static {
        for (Opcode o : values()) {
            if (o.code < BY_CODE.length) {
                BY_CODE[o.code] = o;
            }
        }
    }

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    /**
     * The number on the wire.
     *
     * @return the opcode
     */
    public int code() {
        return code;
    }

    /**
     * The opcode for a wire number.
     *
     * @param code the number
     * @return the opcode, or {@code null} when unknown
     */
    public static Opcode of(int code) {
        if (code >= 0 && code < BY_CODE.length) {
            return BY_CODE[code];
        }
        return code == CUSE_INIT.code ? CUSE_INIT : null;
    }

    /**
     * Whether the kernel expects no reply to this request.
     *
     * @return true for FORGET, BATCH_FORGET and NOTIFY_REPLY
     */
    public boolean takesNoReply() {
        return this == FORGET || this == BATCH_FORGET || this == NOTIFY_REPLY;
    }
}
