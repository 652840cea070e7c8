/**
 * Mountpoint bookkeeping for tests that mount: {@link org.jpuffs.testkit.mount.MountpointExtension}
 * (JUnit 5) hands out empty mountpoints and fails a test that leaves anything mounted, after a lazy
 * unmount so nothing hangs; {@link org.jpuffs.testkit.mount.TmpfsMount} mounts the reference tmpfs;
 * {@link org.jpuffs.testkit.mount.MountTable} reads /proc/self/mounts.
 */
package org.jpuffs.testkit.mount;
