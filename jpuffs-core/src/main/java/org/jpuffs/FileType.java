package org.jpuffs;

/** The type of a node, as the {@code S_IFMT} bits of its mode. */
public enum FileType {
    /** A FIFO (named pipe); its data never reaches the file server. */
    FIFO(0010000, 1),
    /** A character device; its data never reaches the file server. */
    CHARACTER_DEVICE(0020000, 2),
    /** A directory. */
    DIRECTORY(0040000, 4),
    /** A block device; its data never reaches the file server. */
    BLOCK_DEVICE(0060000, 6),
    /** A regular file. */
    REGULAR(0100000, 8),
    /** A symbolic link. */
    SYMLINK(0120000, 10),
    /** A Unix domain socket. */
    SOCKET(0140000, 12);

    /** The mask of the type bits in a mode. */
    public static final int S_IFMT = 0170000;

    private final int modeBits;
    private final int direntType;

    FileType(int modeBits, int direntType) {
        this.modeBits = modeBits;
        this.direntType = direntType;
    }

    /**
     * The {@code S_IFMT} bits of this type.
     *
     * @return the type bits, for example {@code 0040000} for a directory
     */
    public int modeBits() {
        return modeBits;
    }

    /**
     * The {@code d_type} value of this type in a directory entry ({@code DT_DIR} and so on).
     *
     * @return the d_type value
     */
    public int direntType() {
        return direntType;
    }

    /**
     * The type encoded in a mode's {@code S_IFMT} bits.
     *
     * @param mode a full mode (type and permission bits)
     * @return the type, or {@code null} when the bits name no valid type
     */
    public static FileType ofMode(int mode) {
        return switch (mode & S_IFMT) {
            case 0010000 -> FIFO;
            case 0020000 -> CHARACTER_DEVICE;
            case 0040000 -> DIRECTORY;
            case 0060000 -> BLOCK_DEVICE;
            case 0100000 -> REGULAR;
            case 0120000 -> SYMLINK;
            case 0140000 -> SOCKET;
            default -> null;
        };
    }

    /**
     * The full mode for this type with the given permission bits.
     *
     * @param permissions permission bits, including set-id and sticky bits ({@code 07777})
     * @return {@code modeBits() | (permissions & 07777)}
     */
    public int mode(int permissions) {
        return modeBits | (permissions & 07777);
    }
}
