package org.jpuffs.testkit.differential;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.SyscallException;
import org.jpuffs.testkit.posix.Syscalls;

/**
 * A hash of a file's logical content that does not depend on how the file system lays out holes:
 * data regions are found with SEEK_DATA/SEEK_HOLE, read in 4 KiB blocks, and only blocks that are
 * not all zeros enter the hash, with their offsets. A file system with 64 KiB pages and tmpfs with
 * 4 KiB pages give the same digest for the same bytes.
 */
final class ContentDigest {
    private static final int BLOCK = 4096;
    private static final int CHUNK = 64 * BLOCK;
    /** A run that reads more than this many data bytes from one file reports it instead of hanging. */
    static final long MAX_SCANNED = 1L << 30;

    private ContentDigest() {
    }

    static String of(RawPath file) throws SyscallException {
        int fd = Syscalls.open(file, Linux.O_RDONLY | Linux.O_NONBLOCK);
        try {
            return of(fd);
        } finally {
            Syscalls.close(fd);
        }
    }

    static String of(int fd) throws SyscallException {
        MessageDigest md = sha256();
        long size = Syscalls.fstat(fd).size();
        long pos = 0;
        long scanned = 0;
        while (pos < size) {
            long data;
            try {
                data = Syscalls.lseek(fd, pos, Linux.SEEK_DATA);
            } catch (SyscallException e) {
                if (e.errno() == 6) { // ENXIO: no data after pos
                    break;
                }
                throw e;
            }
            long hole = Syscalls.lseek(fd, data, Linux.SEEK_HOLE);
            // whole blocks around the region, so a file system reporting holes at a finer grain
            // than 4 KiB cannot hide bytes from the hash
            long from = Math.max(data / BLOCK * BLOCK, pos);
            long end = Math.min(size, (hole + BLOCK - 1) / BLOCK * BLOCK);
            for (long off = from; off < end; off += CHUNK) {
                int len = (int) Math.min(CHUNK, end - off);
                byte[] chunk = Syscalls.pread(fd, len, off);
                scanned += chunk.length;
                if (scanned > MAX_SCANNED) {
                    throw new IllegalStateException("more than 1 GiB of data regions: SEEK_DATA/SEEK_HOLE broken?");
                }
                for (int b = 0; b < chunk.length; b += BLOCK) {
                    int blockEnd = Math.min(chunk.length, b + BLOCK);
                    if (!allZero(chunk, b, blockEnd)) {
                        long blockOffset = off + b;
                        for (int s = 56; s >= 0; s -= 8) {
                            md.update((byte) (blockOffset >>> s));
                        }
                        md.update(chunk, b, blockEnd - b);
                    }
                }
                if (chunk.length < len) {
                    break;
                }
            }
            pos = Math.max(end, from + BLOCK);
        }
        return "size=" + size + " sha256=" + HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    static String ofBytes(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes)).substring(0, 16);
    }

    private static boolean allZero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
