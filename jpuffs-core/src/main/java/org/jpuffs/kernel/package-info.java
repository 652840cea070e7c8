/**
 * The node layer: what a puffs kernel did for its file servers, for front ends (FUSE, NIO) to use
 * through {@link org.jpuffs.kernel.NodeLayer}. Not for file-server authors.
 *
 * <p>The pieces: {@code NodeTable} (one node per live cookie, O(1) by cookie and by node id, lookup
 * counts and pins, reclaim decided under its lock and run outside it), {@code HandleTable} (file
 * handle numbers for the server's handle objects), {@code InFlight} (requests in the mount;
 * shutdown refuses new ones and drains, bounded), {@code ReplyCheck} and {@code Faults} (refused
 * replies, the server's error hook, one log line per server bug), {@code CookieNotifier}
 * (notifications by cookie), {@code DirPlusLookups} (READDIRPLUS from readDir and lookup),
 * {@code ImplementedOps} (which ops a server overrides), {@code MetadataCache} (times and size
 * kept by the layer for a front end that is the kernel itself), {@code RequestScope} and
 * {@code Replies} (the frame around every op, and turning answers into replies) and
 * {@code ServedNodes}, which ties them together per op.
 *
 * <p>Rules every op keeps: no lock is held while the server runs; a node named by a running
 * request is pinned and is reclaimed only when it is unpinned and the kernel's lookup count is
 * zero; a cookie that comes back while its reclaim runs starts a new lifetime only after that
 * reclaim has returned.
 */
package org.jpuffs.kernel;
