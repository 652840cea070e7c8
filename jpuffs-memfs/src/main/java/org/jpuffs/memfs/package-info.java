/**
 * memfs: the reference file server, a complete POSIX file system in memory ({@link
 * org.jpuffs.memfs.MemFs}, configured by {@link org.jpuffs.memfs.MemFsOptions}).
 *
 * <p>Layout: {@code Node} and its kinds ({@code Directory}, {@code RegularFile}, {@code Symlink},
 * {@code SpecialNode}) are the inodes and the cookies; {@code PageStore} and {@code PageTable} hold file
 * data in 4 KiB off-heap pages; {@code Permissions}, {@code AttributeChange}, {@code RenameRules} and
 * {@code XattrRules} are Linux's rules for who may do what; {@code PosixAcl} and {@code Xattrs} keep
 * extended attributes; {@code RecordLocks} serves fcntl and flock locks.
 *
 * <p>Why off-heap: with 4 KiB pages on the heap, 2 GiB of file data cost 24-30% more resident memory
 * and seconds of collector time (the collector copies the pages as they age); calloc'ed pages cost
 * under 3% (the page index and malloc's headers) and no collector time, and do not need a heap sized
 * to the file system. Measured with {@code DataMemoryMeasurement} in the tests.
 */
package org.jpuffs.memfs;
