package org.jpuffs.memfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.jpuffs.Attributes;
import org.jpuffs.Errno;
import org.jpuffs.FallocateMode;
import org.jpuffs.OpenFlags;
import org.jpuffs.SetAttributes;
import org.jpuffs.Whence;
import org.junit.jupiter.api.Test;

class MemFsDataTest extends MemFsFixture {
    static final long TIB = 1L << 40;
    static final int PAGE = 4096;

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @Test
    void writeThenRead_acrossPageBoundaries() throws Exception {
        Node f = file(root, "f");
        byte[] data = bytes(3 * PAGE + 123, 7);
        assertThat(write(f, 1000, data)).isEqualTo(data.length);
        assertThat(f.attributes().size()).isEqualTo(1000 + data.length);
        assertThat(read(f, 1000, data.length)).isEqualTo(data);
        assertThat(read(f, 0, 1000)).isEqualTo(new byte[1000]);
    }

    @Test
    void read_pastEnd_isShort() throws Exception {
        Node f = file(root, "f");
        write(f, 0, "hello");
        assertThat(read(f, 3, 100)).containsExactly('l', 'o');
        assertThat(read(f, 5, 100)).isEmpty();
        assertThat(read(f, 1 << 30, 100)).isEmpty();
    }

    @Test
    void write_updatesMtimeAndCtime() throws Exception {
        Node f = file(root, "f");
        Attributes before = f.attributes();
        Thread.sleep(2);
        write(f, 0, "x");
        Attributes after = f.attributes();
        assertThat(after.mtime()).isAfter(before.mtime());
        assertThat(after.ctime()).isAfter(before.ctime());
    }

    @Test
    void sparseFile_nearEightTib_costsOnePage() throws Exception {
        Node f = file(root, "f");
        long offset = 8 * TIB - 10;
        assertThat(write(f, offset, "0123456789")).isEqualTo(10);
        assertThat(f.attributes().size()).isEqualTo(8 * TIB);
        assertThat(fs.usedBytes()).isEqualTo(PAGE);
        assertThat(f.attributes().blocks()).isEqualTo(PAGE / 512);
        assertThat(read(f, offset, 10)).isEqualTo("0123456789".getBytes());
        assertThat(read(f, TIB, 16)).isEqualTo(new byte[16]);
    }

    @Test
    void writeAtOrPastEightTib_failsEfbig_straddlingIsShort() throws Exception {
        Node f = file(root, "f");
        assertErrno(Errno.EFBIG, () -> write(f, 8 * TIB, "x"));
        assertThat(write(f, 8 * TIB - 2, "xyz")).isEqualTo(2);
        assertErrno(Errno.EFBIG, () -> fs.setAttr(ROOT, f, null, SetAttributes.size(8 * TIB + 1)));
        fs.setAttr(ROOT, f, null, SetAttributes.size(8 * TIB));
        assertErrno(Errno.EINVAL, () -> fs.setAttr(ROOT, f, null, SetAttributes.size(-1)));
    }

    @Test
    void truncate_shrinkFreesPagesAndZeroesTail_growReadsZeros() throws Exception {
        Node f = file(root, "f");
        write(f, 0, bytes(4 * PAGE, 1));
        assertThat(fs.usedBytes()).isEqualTo(4L * PAGE);
        fs.setAttr(ROOT, f, null, SetAttributes.size(PAGE + 10));
        assertThat(fs.usedBytes()).isEqualTo(2L * PAGE);
        fs.setAttr(ROOT, f, null, SetAttributes.size(3 * PAGE));
        byte[] back = read(f, 0, 3 * PAGE);
        assertThat(Arrays.copyOf(back, PAGE + 10)).isEqualTo(Arrays.copyOf(bytes(4 * PAGE, 1), PAGE + 10));
        assertThat(Arrays.copyOfRange(back, PAGE + 10, 3 * PAGE)).isEqualTo(new byte[2 * PAGE - 10]);
    }

    @Test
    void truncate_ofDirectory_failsEisdir_ofFifoEinval() throws Exception {
        assertErrno(Errno.EISDIR, () -> fs.setAttr(ROOT, root, null, SetAttributes.size(0)));
        var fifo = fs.mknod(ROOT, root, n("p"), org.jpuffs.FileType.FIFO.mode(0644), 0).cookie();
        assertErrno(Errno.EINVAL, () -> fs.setAttr(ROOT, fifo, null, SetAttributes.size(0)));
    }

    @Test
    void openWithTrunc_emptiesFile() throws Exception {
        Node f = file(root, "f");
        write(f, 0, bytes(PAGE * 2, 3));
        fs.open(ROOT, f, new OpenFlags(OpenFlags.O_WRONLY | OpenFlags.O_TRUNC));
        assertThat(f.attributes().size()).isZero();
        assertThat(fs.usedBytes()).isZero();
    }

    @Test
    void appendOpen_writesAtEnd() throws Exception {
        Node f = file(root, "f");
        write(f, 0, "abc");
        var h = fs.open(ROOT, f, new OpenFlags(OpenFlags.O_WRONLY | OpenFlags.O_APPEND)).handle();
        fs.write(ROOT, f, h, 0, ByteBuffer.wrap("def".getBytes()));
        assertThat(readString(f)).isEqualTo("abcdef");
    }

    @Test
    void readOnReadOnlyHandle_writeFailsEbadf() throws Exception {
        Node f = file(root, "f");
        var ro = fs.open(ROOT, f, RDONLY).handle();
        var wo = fs.open(ROOT, f, WRONLY).handle();
        assertErrno(Errno.EBADF, () -> fs.write(ROOT, f, ro, 0, ByteBuffer.wrap(new byte[1])));
        assertErrno(Errno.EBADF, () -> fs.read(ROOT, f, wo, 0, ByteBuffer.allocate(1)));
    }

    @Test
    void writeback_readThroughWriteOnlyHandle_isServed() throws Exception {
        fs = new MemFs(MemFsOptions.defaults().withOwner(0, 0).withWriteback(true));
        root = fs.root();
        Node f = file(root, "f");
        write(f, 0, "page");
        var wo = fs.open(ROOT, f, WRONLY).handle();
        ByteBuffer dst = ByteBuffer.allocate(10);
        fs.read(ROOT, f, wo, 0, dst);
        assertThat(new String(dst.array(), 0, dst.position())).isEqualTo("page");
        // the write side of the check stands
        var ro = fs.open(ROOT, f, RDONLY).handle();
        assertErrno(Errno.EBADF, () -> fs.write(ROOT, f, ro, 0, ByteBuffer.wrap(new byte[1])));
    }

    @Test
    void writeback_appendOpen_writesAtTheKernelsOffset() throws Exception {
        fs = new MemFs(MemFsOptions.defaults().withOwner(0, 0).withWriteback(true));
        root = fs.root();
        Node f = file(root, "f");
        write(f, 0, "abcdef");
        var h = fs.open(ROOT, f, new OpenFlags(OpenFlags.O_WRONLY | OpenFlags.O_APPEND)).handle();
        fs.write(ROOT, f, h, 2, ByteBuffer.wrap("XY".getBytes()));
        assertThat(readString(f)).isEqualTo("abXYef");
    }

    @Test
    void writeback_writeThatFitsPartly_isEnospcNotShort() throws Exception {
        fs = new MemFs(MemFsOptions.defaults().withSize(4 * PAGE).withInodes(100).withOwner(0, 0).withWriteback(true));
        root = fs.root();
        Node big = file(root, "big");
        // a short write would be taken for success by the kernel's writeback, losing the rest
        assertErrno(Errno.ENOSPC, () -> write(big, 0, bytes(10 * PAGE, 1)));
        assertThat(read(big, 0, 4 * PAGE)).isEqualTo(Arrays.copyOf(bytes(10 * PAGE, 1), 4 * PAGE));
    }

    @Test
    void seekDataAndHole_byPages() throws Exception {
        Node f = file(root, "f");
        write(f, 10 * PAGE + 5, "x");       // page 10
        write(f, 20 * PAGE, bytes(PAGE * 2, 0)); // pages 20, 21
        fs.setAttr(ROOT, f, null, SetAttributes.size(30 * PAGE));
        assertThat(fs.lseek(ROOT, f, null, 0, Whence.DATA)).isEqualTo(10L * PAGE);
        assertThat(fs.lseek(ROOT, f, null, 10L * PAGE + 100, Whence.DATA)).isEqualTo(10L * PAGE + 100);
        assertThat(fs.lseek(ROOT, f, null, 11L * PAGE, Whence.DATA)).isEqualTo(20L * PAGE);
        assertThat(fs.lseek(ROOT, f, null, 0, Whence.HOLE)).isZero();
        assertThat(fs.lseek(ROOT, f, null, 10L * PAGE, Whence.HOLE)).isEqualTo(11L * PAGE);
        assertThat(fs.lseek(ROOT, f, null, 20L * PAGE, Whence.HOLE)).isEqualTo(22L * PAGE);
        assertErrno(Errno.ENXIO, () -> fs.lseek(ROOT, f, null, 22L * PAGE, Whence.DATA));
        assertErrno(Errno.ENXIO, () -> fs.lseek(ROOT, f, null, 30L * PAGE, Whence.HOLE));
    }

    @Test
    void seekHole_inFullyWrittenFile_isEndOfFile() throws Exception {
        Node f = file(root, "f");
        write(f, 0, bytes(PAGE + 7, 0));
        assertThat(fs.lseek(ROOT, f, null, 0, Whence.HOLE)).isEqualTo(PAGE + 7);
        assertThat(fs.lseek(ROOT, f, null, 3, Whence.DATA)).isEqualTo(3);
    }

    @Test
    void punchHole_freesWholePages_zeroesPartialOnes_keepsSize() throws Exception {
        Node f = file(root, "f");
        write(f, 0, bytes(8 * PAGE, 9));
        fs.fallocate(ROOT, f, null, EnumSet.of(FallocateMode.PUNCH_HOLE, FallocateMode.KEEP_SIZE),
                PAGE + 100, 4 * PAGE);
        assertThat(f.attributes().size()).isEqualTo(8L * PAGE);
        // pages 2, 3, 4 freed entirely; 1 and 5 zeroed in part
        assertThat(fs.usedBytes()).isEqualTo(5L * PAGE);
        byte[] back = read(f, 0, 8 * PAGE);
        byte[] expect = bytes(8 * PAGE, 9);
        Arrays.fill(expect, PAGE + 100, 5 * PAGE + 100, (byte) 0);
        assertThat(back).isEqualTo(expect);
        assertThat(fs.lseek(ROOT, f, null, PAGE, Whence.HOLE)).isEqualTo(2L * PAGE);
    }

    @Test
    void fallocate_modes() throws Exception {
        Node f = file(root, "f");
        fs.fallocate(ROOT, f, null, Set.of(), 0, 3 * PAGE);
        assertThat(f.attributes().size()).isEqualTo(3L * PAGE);
        assertThat(fs.usedBytes()).isEqualTo(3L * PAGE);
        fs.fallocate(ROOT, f, null, Set.of(FallocateMode.KEEP_SIZE), 3 * PAGE, PAGE);
        assertThat(f.attributes().size()).isEqualTo(3L * PAGE);
        assertThat(fs.usedBytes()).isEqualTo(4L * PAGE);
        write(f, 0, bytes(PAGE, 5));
        fs.fallocate(ROOT, f, null, Set.of(FallocateMode.ZERO_RANGE), 10, 100);
        assertThat(read(f, 10, 100)).isEqualTo(new byte[100]);
        assertThat(read(f, 0, 10)).isEqualTo(Arrays.copyOf(bytes(PAGE, 5), 10));
        assertErrno(Errno.EOPNOTSUPP, () -> fs.fallocate(ROOT, f, null, Set.of(FallocateMode.PUNCH_HOLE), 0, 1));
        assertErrno(Errno.EOPNOTSUPP,
                () -> fs.fallocate(ROOT, f, null, Set.of(FallocateMode.COLLAPSE_RANGE), 0, PAGE));
        assertErrno(Errno.EINVAL, () -> fs.fallocate(ROOT, f, null, Set.of(), 0, 0));
        assertErrno(Errno.EFBIG, () -> fs.fallocate(ROOT, f, null, Set.of(), 8 * TIB - 1, 2));
    }

    @Test
    void fallocatedPages_areHolesForSeekData_untilWritten() throws Exception {
        Node f = file(root, "f");
        fs.fallocate(ROOT, f, null, Set.of(), 0, 3 * PAGE);
        assertErrno(Errno.ENXIO, () -> fs.lseek(ROOT, f, null, 0, Whence.DATA));
        assertThat(fs.lseek(ROOT, f, null, 0, Whence.HOLE)).isZero();
        write(f, PAGE, "x");
        assertThat(fs.lseek(ROOT, f, null, 0, Whence.DATA)).isEqualTo(PAGE);
        assertThat(fs.lseek(ROOT, f, null, PAGE, Whence.HOLE)).isEqualTo(2L * PAGE);
        assertThat(fs.usedBytes()).isEqualTo(3L * PAGE);
    }

    @Test
    void copyIntoFallocatedPage_makesItData() throws Exception {
        Node a = file(root, "a");
        Node b = file(root, "b");
        write(a, 0, "payload");
        fs.fallocate(ROOT, b, null, Set.of(), 0, PAGE);
        assertThat(fs.copyFileRange(ROOT, a, null, 0, b, null, 10, 7, 0)).isEqualTo(7);
        assertThat(fs.lseek(ROOT, b, null, 0, Whence.DATA)).isZero();
        assertThat(read(b, 10, 7)).isEqualTo("payload".getBytes());
    }

    @Test
    void zeroRange_zeroesInPlace_andAllocates() throws Exception {
        Node f = file(root, "f");
        write(f, 0, bytes(3 * PAGE, 4));
        fs.fallocate(ROOT, f, null, Set.of(FallocateMode.ZERO_RANGE), PAGE / 2, 4 * PAGE);
        assertThat(f.attributes().size()).isEqualTo(4L * PAGE + PAGE / 2);
        assertThat(fs.usedBytes()).isEqualTo(5L * PAGE);
        assertThat(read(f, PAGE / 2, 4 * PAGE)).isEqualTo(new byte[4 * PAGE]);
        assertThat(read(f, 0, PAGE / 2)).isEqualTo(Arrays.copyOf(bytes(PAGE, 4), PAGE / 2));
    }

    @Test
    void fallocate_pastSizeLimit_enospcChangesNothing() throws Exception {
        Node f = file(root, "f");
        long before = fs.usedBytes();
        assertErrno(Errno.ENOSPC, () -> fs.fallocate(ROOT, f, null, Set.of(), 0, 1L << 30));
        assertThat(fs.usedBytes()).isEqualTo(before);
        assertThat(f.attributes().size()).isZero();
    }

    @Test
    void enospc_writeStopsShort_existingDataIntact() throws Exception {
        fs = new MemFs(MemFsOptions.defaults().withSize(16 * PAGE).withInodes(100).withOwner(0, 0));
        root = fs.root();
        Node keep = file(root, "keep");
        byte[] kept = bytes(10 * PAGE, 42);
        write(keep, 0, kept);
        Node big = file(root, "big");
        // 6 pages left: a 10-page write is short, the next one fails
        assertThat(write(big, 0, bytes(10 * PAGE, 1))).isEqualTo(6 * PAGE);
        assertThat(big.attributes().size()).isEqualTo(6L * PAGE);
        assertErrno(Errno.ENOSPC, () -> write(big, 6 * PAGE, bytes(10, 1)));
        assertThat(big.attributes().size()).isEqualTo(6L * PAGE);
        assertThat(fs.statFs(ROOT, root).blocksFree()).isZero();
        // overwriting allocated pages needs no room
        assertThat(write(keep, 0, bytes(PAGE, 43))).isEqualTo(PAGE);
        assertThat(read(keep, PAGE, 9 * PAGE)).isEqualTo(Arrays.copyOfRange(kept, PAGE, 10 * PAGE));
        assertThat(read(big, 0, 6 * PAGE)).isEqualTo(Arrays.copyOf(bytes(10 * PAGE, 1), 6 * PAGE));
        fs.unlink(ROOT, root, n("big"));
        fs.reclaim(big);
        assertThat(write(keep, 10 * PAGE, bytes(PAGE, 1))).isEqualTo(PAGE);
    }

    @Test
    void unlinkedOpenFile_readableAndWritableUntilReclaim_thenFreed() throws Exception {
        var c = create(ROOT, root, "f", 0644);
        Node f = c.entry().cookie();
        Object h = c.opened().handle();
        write(f, 0, bytes(5 * PAGE, 2));
        fs.unlink(ROOT, root, n("f"));
        assertThat(lookup(root, "f")).isNull();
        assertThat(fs.write(ROOT, f, h, 5 * PAGE, ByteBuffer.wrap(bytes(PAGE, 3)))).isEqualTo(PAGE);
        ByteBuffer dst = ByteBuffer.allocate(6 * PAGE);
        fs.read(ROOT, f, h, 0, dst);
        assertThat(dst.position()).isEqualTo(6 * PAGE);
        long inodes = fs.usedInodes();
        assertThat(fs.usedBytes()).isEqualTo(6L * PAGE);
        fs.release(ROOT, f, h, RDWR);
        fs.reclaim(f);
        assertThat(fs.usedBytes()).isZero();
        assertThat(fs.usedInodes()).isEqualTo(inodes - 1);
        fs.reclaim(f); // a second reclaim frees nothing twice
        assertThat(fs.usedInodes()).isEqualTo(inodes - 1);
    }

    @Test
    void copyFileRange_copiesDataKeepsHoles() throws Exception {
        Node a = file(root, "a");
        Node b = file(root, "b");
        write(a, 0, bytes(PAGE, 1));
        write(a, 4 * PAGE, bytes(PAGE, 2));
        long n = fs.copyFileRange(ROOT, a, null, 0, b, null, 100, 10 * PAGE, 0);
        assertThat(n).isEqualTo(5L * PAGE);
        assertThat(b.attributes().size()).isEqualTo(5L * PAGE + 100);
        assertThat(read(b, 100, 5 * PAGE)).isEqualTo(read(a, 0, 5 * PAGE));
        // pages of b: 0 and 1 (first source page straddles), 4 and 5: the holes between stay holes
        assertThat(b.attributes().blocks()).isEqualTo(4L * PAGE / 512);
        assertThat(fs.copyFileRange(ROOT, a, null, 5 * PAGE, b, null, 0, 10, 0)).isZero();
        assertErrno(Errno.EINVAL, () -> fs.copyFileRange(ROOT, a, null, 0, a, null, 10, 100, 0));
        assertErrno(Errno.EINVAL, () -> fs.copyFileRange(ROOT, a, null, 0, b, null, 0, 1, 1));
        assertErrno(Errno.EISDIR, () -> fs.copyFileRange(ROOT, a, null, 0, root, null, 0, 1, 0));
        var ro = fs.open(ROOT, b, RDONLY).handle();
        assertErrno(Errno.EBADF, () -> fs.copyFileRange(ROOT, a, null, 0, b, ro, 0, 1, 0));
    }

    @Test
    void copyFileRange_withinOneFile_nonOverlapping() throws Exception {
        Node a = file(root, "a");
        write(a, 0, "hello");
        assertThat(fs.copyFileRange(ROOT, a, null, 0, a, null, 10, 5, 0)).isEqualTo(5);
        assertThat(read(a, 10, 5)).isEqualTo("hello".getBytes());
    }
}
