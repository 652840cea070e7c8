package org.jpuffs.testkit.posix;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A file name or path as the kernel sees it: bytes, no NUL, any other byte allowed. java.nio paths
 * replace bytes that are not valid UTF-8, so tests of byte-exact names go through this type.
 */
public final class RawPath {
    private final byte[] bytes;

    private RawPath(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Wraps bytes (copied).
     *
     * @param bytes the path's bytes, without a terminating NUL
     * @return the path
     */
    public static RawPath of(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                throw new IllegalArgumentException("NUL byte in a path");
            }
        }
        return new RawPath(bytes.clone());
    }

    /**
     * The UTF-8 bytes of a string.
     *
     * @param path the path text
     * @return the path
     */
    public static RawPath of(String path) {
        return of(path.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The path of a default-file-system {@link Path} (its string form, UTF-8).
     *
     * @param path the path
     * @return the raw path
     */
    public static RawPath of(Path path) {
        return of(path.toString());
    }

    /**
     * Appends one name after a slash.
     *
     * @param name a file name (may contain any byte but NUL)
     * @return the joined path
     */
    public RawPath resolve(byte[] name) {
        byte[] joined = Arrays.copyOf(bytes, bytes.length + 1 + name.length);
        joined[bytes.length] = '/';
        System.arraycopy(name, 0, joined, bytes.length + 1, name.length);
        return of(joined);
    }

    /**
     * Appends a UTF-8 name (or relative path) after a slash.
     *
     * @param name the name
     * @return the joined path
     */
    public RawPath resolve(String name) {
        return resolve(name.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends a name.
     *
     * @param name the name
     * @return the joined path
     */
    public RawPath resolve(RawPath name) {
        return resolve(name.bytes);
    }

    /**
     * The bytes (a copy).
     *
     * @return the bytes, no NUL
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * The length in bytes.
     *
     * @return the number of bytes
     */
    public int length() {
        return bytes.length;
    }

    /**
     * As a java.nio path; lossy for bytes that are not valid UTF-8.
     *
     * @return the path
     */
    public Path toPath() {
        return Path.of(new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * Hex form, for passing a path through a text protocol without loss.
     *
     * @return lowercase hex digits
     */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Parses {@link #hex()} output.
     *
     * @param hex hex digits
     * @return the path
     */
    public static RawPath ofHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawPath r && Arrays.equals(bytes, r.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** UTF-8 text when the bytes are valid UTF-8, else ASCII with other bytes shown as \xNN. */
    @Override
    public String toString() {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            StringBuilder sb = new StringBuilder();
            for (byte b : bytes) {
                if (b >= 0x20 && b < 0x7f) {
                    sb.append((char) b);
                } else {
                    sb.append(String.format("\\x%02x", b & 0xff));
                }
            }
            return sb.toString();
        }
    }
}
