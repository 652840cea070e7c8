package org.jpuffs;

/**
 * The answer to create and tmpfile: the new node (one lookup counted) and its open.
 *
 * @param entry the new node
 * @param opened the open of it
 * @param <C> the server's cookie type
 */
public record Created<C>(Entry<C> entry, Opened opened) {
}
