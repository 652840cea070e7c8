package org.jpuffs.fuse.mount;

import java.io.IOException;
import java.nio.file.Path;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.fuse.transport.DevFuse;
import org.jpuffs.fuse.transport.Libc;

/**
 * Mounting with mount(2) directly, for a process with {@code CAP_SYS_ADMIN}. Only kernel options reach
 * the kernel; fsname becomes the source and subtype the type {@code fuse.<subtype>}.
 */
public final class KernelMount {
    private KernelMount() {}

    /**
     * Whether this process may call mount(2) itself.
     *
     * @return whether the effective uid is 0
     */
    public static boolean privileged() {
        return Libc.geteuid() == 0;
    }

    /**
     * Opens {@code /dev/fuse} and mounts {@code mountpoint} on it.
     *
     * @param mountpoint an absolute path to an existing directory (or file, for a file root)
     * @param options the options
     * @return the connection's fd; the kernel sends INIT on it next
     * @throws ErrnoException if the device cannot be opened or mount(2) fails
     */
    public static int mount(Path mountpoint, MountOptions options) throws ErrnoException {
        int fd = DevFuse.open();
        try {
            Libc.mount(options.fsname(), mountpoint.toString(), options.type(), options.mountFlags(),
                    options.kernelData(fd, Libc.getuid(), Libc.getgid()));
            return fd;
        } catch (ErrnoException e) {
            Libc.close(fd);
            throw e;
        }
    }

    /**
     * Unmounts with umount2(2).
     *
     * @param mountpoint the mountpoint
     * @param lazy whether to detach ({@code MNT_DETACH}): the mount disappears from the tree at once and
     *     the file system goes when its last user lets go
     * @return false if the mount was busy (EBUSY) and not detached
     * @throws IOException if umount2 fails otherwise
     */
    public static boolean unmount(Path mountpoint, boolean lazy) throws IOException {
        try {
            Libc.umount2(mountpoint.toString(), lazy ? Libc.MNT_DETACH : 0);
            return true;
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EBUSY) {
                return false;
            }
            throw e;
        }
    }
}
