package org.jpuffs;

/**
 * Linux error numbers a file server can answer with. The numbers are the x86-64/generic Linux values
 * that travel in a FUSE reply header (negated there).
 */
public enum Errno {
    /** Operation not permitted. */
    EPERM(1),
    /** No such file or directory. */
    ENOENT(2),
    /** No such process. */
    ESRCH(3),
    /** Interrupted system call. */
    EINTR(4),
    /** Input/output error. */
    EIO(5),
    /** No such device or address. */
    ENXIO(6),
    /** Argument list too long (also: extended attribute value too large). */
    E2BIG(7),
    /** Bad file descriptor. */
    EBADF(9),
    /** Resource temporarily unavailable. */
    EAGAIN(11),
    /** Out of memory. */
    ENOMEM(12),
    /** Permission denied. */
    EACCES(13),
    /** Bad address. */
    EFAULT(14),
    /** Device or resource busy. */
    EBUSY(16),
    /** File exists. */
    EEXIST(17),
    /** Invalid cross-device link. */
    EXDEV(18),
    /** No such device. */
    ENODEV(19),
    /** Not a directory. */
    ENOTDIR(20),
    /** Is a directory. */
    EISDIR(21),
    /** Invalid argument. */
    EINVAL(22),
    /** Too many open files in system. */
    ENFILE(23),
    /** Too many open files. */
    EMFILE(24),
    /** Inappropriate ioctl for device. */
    ENOTTY(25),
    /** Text file busy. */
    ETXTBSY(26),
    /** File too large. */
    EFBIG(27),
    /** No space left on device. */
    ENOSPC(28),
    /** Illegal seek. */
    ESPIPE(29),
    /** Read-only file system. */
    EROFS(30),
    /** Too many links. */
    EMLINK(31),
    /** Broken pipe. */
    EPIPE(32),
    /** Numerical result out of range (also: buffer too small for an extended attribute). */
    ERANGE(34),
    /** Resource deadlock avoided. */
    EDEADLK(35),
    /** File name too long. */
    ENAMETOOLONG(36),
    /** No locks available. */
    ENOLCK(37),
    /** Function not implemented. */
    ENOSYS(38),
    /** Directory not empty. */
    ENOTEMPTY(39),
    /** Too many levels of symbolic links. */
    ELOOP(40),
    /** No data available (no such extended attribute). */
    ENODATA(61),
    /** Value too large for defined data type. */
    EOVERFLOW(75),
    /** Operation not supported. */
    EOPNOTSUPP(95),
    /** Transport endpoint is not connected. */
    ENOTCONN(107),
    /** Connection timed out. */
    ETIMEDOUT(110),
    /** Stale file handle. */
    ESTALE(116),
    /** Disk quota exceeded. */
    EDQUOT(122),
    /** Operation canceled. */
    ECANCELED(125);

    private static final Errno[] BY_NUMBER = new Errno[128];

    static {
        for (Errno e : values()) {
            BY_NUMBER[e.number] = e;
        }
    }

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    /**
     * The positive Linux error number.
     *
     * @return the number, for example 2 for {@link #ENOENT}
     */
    public int number() {
        return number;
    }

    /**
     * Looks up an error by its Linux number.
     *
     * @param number a positive error number
     * @return the matching constant, or {@link #EIO} for a number this enum does not name
     */
    public static Errno of(int number) {
        Errno e = number > 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
        return e == null ? EIO : e;
    }
}
