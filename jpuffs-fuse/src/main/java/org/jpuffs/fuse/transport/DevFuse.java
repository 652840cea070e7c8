package org.jpuffs.fuse.transport;

import java.util.ArrayList;
import java.util.List;
import org.jpuffs.ErrnoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opening {@code /dev/fuse} and cloning a session fd so each reader thread has its own queue. */
public final class DevFuse {
    private static final Logger LOG = LoggerFactory.getLogger(DevFuse.class);

    /** The device. */
    public static final String PATH = "/dev/fuse";
    /** {@code FUSE_DEV_IOC_CLONE = _IOR(229, 0, uint32_t)}: attach a new fd to an existing connection. */
    static final long FUSE_DEV_IOC_CLONE = (2L << 30) | (4L << 16) | (229L << 8);

    private DevFuse() {}

    /**
     * Opens the device read-write, close-on-exec.
     *
     * @return the fd
     * @throws ErrnoException for example EACCES when the device is 0600 and we are not root
     */
    public static int open() throws ErrnoException {
        return Libc.open(PATH, Libc.O_RDWR | Libc.O_CLOEXEC);
    }

    /**
     * Opens up to {@code count} clones of {@code sessionFd}. Cloning needs {@code /dev/fuse} to be
     * openable; if it is not (an unprivileged user on a 0600 device), no clone is made and the readers
     * share the session fd.
     *
     * @param sessionFd the connection's fd
     * @param count how many clones are wanted
     * @return the clones made: {@code count} of them, or none
     */
    public static List<Integer> clones(int sessionFd, int count) {
        List<Integer> fds = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                int fd = open();
                try {
                    Libc.ioctlInt(fd, FUSE_DEV_IOC_CLONE, sessionFd);
                } catch (ErrnoException e) {
                    Libc.close(fd);
                    throw e;
                }
                fds.add(fd);
            }
            return fds;
        } catch (ErrnoException e) {
            LOG.info("cannot clone the /dev/fuse fd ({}); the {} readers share one fd", e.getMessage(), count + 1);
            fds.forEach(Libc::close);
            return List.of();
        }
    }
}
