package org.jpuffs.testkit.posix;

/**
 * What statfs reported.
 *
 * @param type    file system magic
 * @param bsize   optimal transfer block size
 * @param blocks  total blocks (in frsize units)
 * @param bfree   free blocks
 * @param bavail  free blocks for unprivileged users
 * @param files   total inodes
 * @param ffree   free inodes
 * @param namelen maximum name length
 * @param frsize  fragment size
 */
public record FsStat(long type, long bsize, long blocks, long bfree, long bavail, long files, long ffree,
                     long namelen, long frsize) {
}
