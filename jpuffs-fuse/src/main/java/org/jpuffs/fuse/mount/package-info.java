/**
 * Making and removing FUSE mounts: mount(2) as root ({@link org.jpuffs.fuse.mount.KernelMount}),
 * fusermount3 for everyone else ({@link org.jpuffs.fuse.mount.Fusermount}), the options that go to the
 * kernel and those jpuffs keeps ({@link org.jpuffs.fuse.mount.MountOptions}), {@code auto_unmount} for
 * root mounts ({@link org.jpuffs.fuse.mount.Watchdog}) and the last-resort connection abort through
 * fusectl ({@link org.jpuffs.fuse.mount.ConnectionAbort}).
 *
 * <p>A user mount needs fusermount3 (package fuse3), {@code /dev/fuse} readable and writable by the
 * user (0666, as udev makes it), and for {@code allow_other} a line {@code user_allow_other} in
 * /etc/fuse.conf. {@code auto_unmount} for a user needs {@code allow_other} too.
 */
package org.jpuffs.fuse.mount;
