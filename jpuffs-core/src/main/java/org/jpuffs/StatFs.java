package org.jpuffs;

/**
 * File-system statistics ({@code statfs(2)}).
 *
 * @param blocks total blocks of {@code fragmentSize} bytes
 * @param blocksFree free blocks
 * @param blocksAvailable free blocks an unprivileged caller may use
 * @param files total inodes
 * @param filesFree free inodes
 * @param blockSize the preferred I/O size
 * @param nameMax the longest name, in bytes
 * @param fragmentSize the unit of {@code blocks}
 */
public record StatFs(long blocks, long blocksFree, long blocksAvailable, long files, long filesFree, int blockSize,
        int nameMax, int fragmentSize) {

    /**
     * What a server without {@code statFs} reports: nothing used, nothing free, 4 KiB blocks and
     * 255-byte names ({@code df} shows an empty file system; the same answer libfuse gives).
     *
     * @return the default statistics
     */
    public static StatFs empty() {
        return new StatFs(0, 0, 0, 0, 0, 4096, FileName.MAX_LENGTH, 4096);
    }
}
