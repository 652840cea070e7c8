package org.jpuffs;

import java.io.FileNotFoundException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.ReadOnlyFileSystemException;

/**
 * The one place where an exception from a file server becomes an errno. Deliberate answers are
 * {@link ErrnoException}s; well-known {@code java.nio} exceptions map to their natural errno; a
 * {@link FileSystemException} whose reason is a Linux error text maps to that error; anything
 * else is EIO, which the caller of this method logs as a server bug. Never fatal.
 */
public final class ExceptionMapping {
    private ExceptionMapping() {
    }

    /**
     * The errno a caller sees for {@code failure}.
     *
     * @param failure what the server threw
     * @return the errno
     */
    public static Errno errnoOf(Throwable failure) {
        Errno known = knownErrnoOf(failure);
        return known == null ? Errno.EIO : known;
    }

    /**
     * Whether {@code failure} is an expected answer (an errno chosen on purpose, or a well-known
     * I/O condition) rather than a server bug worth a log line.
     *
     * @param failure what the server threw
     * @return true when {@link #errnoOf} maps it without falling back to EIO
     */
    public static boolean isExpected(Throwable failure) {
        return knownErrnoOf(failure) != null;
    }

    private static Errno knownErrnoOf(Throwable failure) {
        return switch (failure) {
            case ErrnoException e -> e.errno();
            case NoSuchFileException e -> Errno.ENOENT;
            case FileAlreadyExistsException e -> Errno.EEXIST;
            case DirectoryNotEmptyException e -> Errno.ENOTEMPTY;
            case NotDirectoryException e -> Errno.ENOTDIR;
            case AccessDeniedException e -> Errno.EACCES;
            case NotLinkException e -> Errno.EINVAL;
            case FileSystemLoopException e -> Errno.ELOOP;
            case AtomicMoveNotSupportedException e -> Errno.EXDEV;
            case FileSystemException e -> reasonErrno(e.getReason());
            case FileNotFoundException e -> Errno.ENOENT;
            case ClosedByInterruptException e -> Errno.EINTR;
            case InterruptedIOException e -> Errno.EINTR;
            case InterruptedException e -> Errno.EINTR;
            case ReadOnlyFileSystemException e -> Errno.EROFS;
            case NonReadableChannelException e -> Errno.EBADF;
            case NonWritableChannelException e -> Errno.EBADF;
            case UnsupportedOperationException e -> Errno.EOPNOTSUPP;
            case OutOfMemoryError e -> Errno.ENOMEM;
            default -> null;
        };
    }

    /** The JDK reports Linux errors in FileSystemException reasons as strerror texts. */
    private static Errno reasonErrno(String reason) {
        if (reason == null) {
            return null;
        }
        return switch (reason) {
            case "Operation not permitted" -> Errno.EPERM;
            case "No such file or directory" -> Errno.ENOENT;
            case "Permission denied" -> Errno.EACCES;
            case "File exists" -> Errno.EEXIST;
            case "Not a directory" -> Errno.ENOTDIR;
            case "Is a directory" -> Errno.EISDIR;
            case "Invalid argument" -> Errno.EINVAL;
            case "No space left on device" -> Errno.ENOSPC;
            case "Directory not empty" -> Errno.ENOTEMPTY;
            case "File name too long" -> Errno.ENAMETOOLONG;
            case "Too many levels of symbolic links" -> Errno.ELOOP;
            case "Read-only file system" -> Errno.EROFS;
            case "Invalid cross-device link" -> Errno.EXDEV;
            case "Operation not supported" -> Errno.EOPNOTSUPP;
            case "No data available" -> Errno.ENODATA;
            case "Too many links" -> Errno.EMLINK;
            case "File too large" -> Errno.EFBIG;
            case "Device or resource busy" -> Errno.EBUSY;
            case "Text file busy" -> Errno.ETXTBSY;
            case "Disk quota exceeded" -> Errno.EDQUOT;
            default -> null;
        };
    }
}
