package org.jpuffs;

/**
 * A reply of a file server that broke the protocol, as reported to {@link FileServer#protocolViolation}
 * (puffs's {@code errnotify}): the caller already got {@link #errno()}, and a line was logged. The
 * server may count these, fail a test, or ignore them.
 *
 * @param op the operation whose reply was refused, by its {@link FileServer} method name ({@code "lookup"})
 * @param cookie the cookie the reply named, or the node the op was made on; may be {@code null}
 * @param errno the error the caller got instead of the server's answer
 * @param detail what was wrong, for humans
 * @param <C> the server's cookie type
 */
public record ProtocolViolation<C>(String op, C cookie, Errno errno, String detail) {
}
