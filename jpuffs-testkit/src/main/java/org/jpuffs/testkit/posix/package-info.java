/**
 * Raw libc calls through FFM for tests that drive a mount as a program would: every call returns
 * its result or throws {@link org.jpuffs.testkit.posix.SyscallException} carrying errno exactly;
 * paths are {@link org.jpuffs.testkit.posix.RawPath} bytes, so names that are not valid UTF-8 (which
 * java.nio replaces) round-trip byte for byte. Linux x86-64 structure layouts (statx, statfs,
 * struct flock, linux_dirent64).
 */
package org.jpuffs.testkit.posix;
