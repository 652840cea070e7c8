package org.jpuffs;

import java.time.Duration;

/**
 * The answer to a lookup: a node ({@link Entry}) or the name's absence ({@link Absent}).
 * An absent name is an ordinary answer, not an exception, and may be cached by the kernel.
 *
 * @param <C> the server's cookie type
 */
public sealed interface Lookup<C> permits Entry, Lookup.Absent {

    /**
     * The name does not exist.
     *
     * @param ttl how long the kernel may remember that (a negative dentry); {@link Duration#ZERO}
     *     for not at all
     * @param <C> the server's cookie type
     */
    record Absent<C>(Duration ttl) implements Lookup<C> {
    }

    /**
     * The name does not exist, and the kernel may remember that for {@code ttl}.
     *
     * @param ttl how long a negative entry stays valid
     * @param <C> the server's cookie type
     * @return the answer
     */
    static <C> Lookup<C> absent(Duration ttl) {
        return new Absent<>(ttl);
    }

    /**
     * The name does not exist; the kernel asks again next time.
     *
     * @param <C> the server's cookie type
     * @return the answer
     */
    static <C> Lookup<C> absent() {
        return new Absent<>(Duration.ZERO);
    }
}
