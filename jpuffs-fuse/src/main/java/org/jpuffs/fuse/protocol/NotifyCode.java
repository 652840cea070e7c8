package org.jpuffs.fuse.protocol;

/**
 * Codes of the notifications a server sends unasked ({@code enum fuse_notify_code}); they travel in
 * the out header's error field with unique 0.
 */
public enum NotifyCode {
    POLL(1), INVAL_INODE(2), INVAL_ENTRY(3), STORE(4), RETRIEVE(5), DELETE(6), RESEND(7), INC_EPOCH(8),
    PRUNE(9);

    private final int code;

    NotifyCode(int code) {
        this.code = code;
    }

    /**
     * The number on the wire.
     *
     * @return the code
     */
    public int code() {
        return code;
    }

    /**
     * The first minor version that knows this notification.
     *
     * @return the minor version
     */
    public int sinceMinor() {
        return switch (this) {
            case POLL -> 11;
            case INVAL_INODE, INVAL_ENTRY -> 12;
            case STORE, RETRIEVE -> 15;
            case DELETE -> 18;
            case RESEND -> 40;
            case INC_EPOCH -> 44;
            case PRUNE -> 45;
        };
    }
}
