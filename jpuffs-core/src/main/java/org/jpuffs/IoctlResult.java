package org.jpuffs;

/**
 * The answer to a restricted {@code ioctl}.
 *
 * @param result the value {@code ioctl(2)} returns to the caller
 * @param output the bytes copied back to the caller's buffer; at most the requested output size
 */
public record IoctlResult(int result, byte[] output) {
}
