package org.jpuffs.kernel;

/**
 * The reply to create and tmpfile.
 *
 * @param entry the new node (one lookup counted)
 * @param open its open
 */
public record CreateReply(NodeEntry entry, OpenReply open) {
}
