package org.jpuffs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One component of a path, as the exact bytes the caller used. Names need not be valid UTF-8 and
 * round-trip byte for byte; {@link #toString()} is for display only.
 *
 * <p>A name is never empty, never contains {@code '/'} or NUL, and is at most {@value #MAX_LENGTH}
 * bytes. {@code "."} and {@code ".."} are valid names (a kernel sends them in NFS-export lookups).
 */
public final class FileName implements Comparable<FileName> {
    /** The longest name Linux accepts, in bytes ({@code NAME_MAX}). */
    public static final int MAX_LENGTH = 255;

    private static final FileName DOT = new FileName(new byte[] {'.'});
    private static final FileName DOT_DOT = new FileName(new byte[] {'.', '.'});

    private final byte[] bytes;
    private final int hash;

    private FileName(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /**
     * A name from raw bytes; the array is copied.
     *
     * @param bytes the name's bytes
     * @return the name
     * @throws ErrnoException EINVAL when empty or containing {@code '/'} or NUL, ENAMETOOLONG when
     *     longer than {@value #MAX_LENGTH} bytes
     */
    public static FileName of(byte[] bytes) throws ErrnoException {
        return ofOwned(bytes.clone());
    }

    /**
     * A name from a string, encoded as UTF-8.
     *
     * @param name the name
     * @return the name
     * @throws ErrnoException as {@link #of(byte[])}
     */
    public static FileName of(String name) throws ErrnoException {
        return ofOwned(name.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A name from an array the caller hands over and will not change again (no copy).
     *
     * @param bytes the name's bytes, owned by the name from now on
     * @return the name
     * @throws ErrnoException as {@link #of(byte[])}
     */
    public static FileName ofOwned(byte[] bytes) throws ErrnoException {
        if (bytes.length == 0) {
            throw new ErrnoException(Errno.EINVAL, "empty file name");
        }
        if (bytes.length > MAX_LENGTH) {
            throw new ErrnoException(Errno.ENAMETOOLONG, bytes.length + " bytes");
        }
        for (byte b : bytes) {
            if (b == '/' || b == 0) {
                throw new ErrnoException(Errno.EINVAL, "file name contains '/' or NUL");
            }
        }
        return new FileName(bytes);
    }

    /**
     * The name {@code "."}.
     *
     * @return the name of a directory itself
     */
    public static FileName dot() {
        return DOT;
    }

    /**
     * The name {@code ".."}.
     *
     * @return the name of a directory's parent
     */
    public static FileName dotDot() {
        return DOT_DOT;
    }

    /**
     * A copy of the name's bytes.
     *
     * @return the bytes, without a terminating NUL
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * The number of bytes in the name.
     *
     * @return the length in bytes
     */
    public int length() {
        return bytes.length;
    }

    /**
     * One byte of the name.
     *
     * @param index from 0 to {@code length() - 1}
     * @return the byte
     */
    public byte byteAt(int index) {
        return bytes[index];
    }

    /**
     * Copies the name's bytes into {@code dst} at {@code offset}.
     *
     * @param dst the destination
     * @param offset where the first byte goes
     */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, bytes.length);
    }

    /**
     * Whether this is {@code "."} or {@code ".."}.
     *
     * @return true for the two special directory names
     */
    public boolean isDotOrDotDot() {
        return bytes[0] == '.' && (bytes.length == 1 || (bytes.length == 2 && bytes[1] == '.'));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileName other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(FileName o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    /** The name decoded as UTF-8 with invalid bytes replaced: for display, never for identity. */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
