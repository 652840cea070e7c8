package org.jpuffs.kernel;

import org.jpuffs.Attributes;

/**
 * Attributes as a front end sends them (getattr, setattr, statx replies).
 *
 * @param attributes the attributes, with {@code ino} filled in
 * @param attrTtlNanos how long they may be cached
 */
public record NodeAttributes(Attributes attributes, long attrTtlNanos) {
}
