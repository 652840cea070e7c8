package org.jpuffs.fuse.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Set;
import org.jpuffs.DirEntry;
import org.jpuffs.FileName;
import org.jpuffs.FileType;
import org.jpuffs.Lock;
import org.jpuffs.LockType;
import org.jpuffs.OpenOption;
import org.jpuffs.fuse.testing.FakeNodeLayer;
import org.jpuffs.fuse.testing.Hex;
import org.jpuffs.kernel.NodeAttributes;
import org.jpuffs.kernel.NodeEntry;
import org.jpuffs.kernel.OpenReply;
import org.junit.jupiter.api.Test;

class ReplyEncoderTest {
    private final MemorySegment seg = Arena.ofAuto().allocate(4096, 8);

    private byte[] bytes(int len) {
        return seg.asSlice(0, len).toArray(ValueLayout.JAVA_BYTE);
    }

    static final String ATTR_OF_HELLO = """
            0200000000000000  # attr.ino 2
            0500000000000000  # size 5
            0100000000000000  # blocks 1
            00f1536500000000  # atime 1700000000
            00f1536500000000  # mtime
            00f1536500000000  # ctime
            15cd5b07          # atimensec 123456789
            15cd5b07          # mtimensec
            15cd5b07          # ctimensec
            a4810000          # mode 0100644
            01000000          # nlink 1
            e8030000          # uid 1000
            e8030000          # gid 1000
            00000000          # rdev
            00000000          # blksize (0: the kernel's default)
            00000000          # flags
            """;

    static final String ENTRY_REPLY = """
            90000000          # out.len 144
            00000000          # error 0
            0200000000000000  # unique 2
            0200000000000000  # entry_out.nodeid 2
            0000000000000000  # generation 0
            0100000000000000  # entry_valid 1 s
            0100000000000000  # attr_valid 1 s
            0065cd1d          # entry_valid_nsec 500000000
            00000000          # attr_valid_nsec 0
            """ + ATTR_OF_HELLO;

    @Test
    void entryReply_golden() {
        int n = ReplyEncoder.entry(seg, 16, new NodeEntry(2, 0, FakeNodeLayer.file(2, 5), 1_500_000_000L, 1_000_000_000L));
        ReplyEncoder.outHeader(seg, 16 + n, 0, 2);
        assertThat(Hex.format(bytes(16 + n))).isEqualTo(Hex.format(Hex.parse(ENTRY_REPLY)));
    }

    @Test
    void attrReply_golden() {
        int n = ReplyEncoder.attrOut(seg, 16, new NodeAttributes(FakeNodeLayer.file(2, 5), 2_000_000_001L));
        ReplyEncoder.outHeader(seg, 16 + n, 0, 3);
        String golden = """
                78000000          # out.len 120
                00000000          # error 0
                0300000000000000  # unique 3
                0200000000000000  # attr_out.attr_valid 2 s
                01000000          # attr_valid_nsec 1
                00000000          # dummy
                """ + ATTR_OF_HELLO;
        assertThat(Hex.format(bytes(16 + n))).isEqualTo(Hex.format(Hex.parse(golden)));
    }

    @Test
    void negativeEntry_hasNodeIdZeroAndItsTtl() {
        ReplyEncoder.entry(seg, 0, new NodeEntry(0, 0, null, 3_000_000_000L, 0));
        assertThat(seg.get(ValueLayout.JAVA_LONG_UNALIGNED, 0)).isZero();
        assertThat(seg.get(ValueLayout.JAVA_LONG_UNALIGNED, 16)).isEqualTo(3);
        assertThat(seg.asSlice(40, 88).toArray(ValueLayout.JAVA_BYTE)).containsOnly(0);
    }

    @Test
    void errorReply_golden() {
        ReplyEncoder.error(seg, 9, 2);
        assertThat(bytes(16)).isEqualTo(Hex.parse("""
                10000000          # len 16
                feffffff          # error -ENOENT
                0900000000000000  # unique 9
                """));
    }

    @Test
    void openOut_golden() {
        int n = ReplyEncoder.openOut(seg, 0, new OpenReply(42, Set.of(OpenOption.KEEP_CACHE, OpenOption.DIRECT_IO)), 0);
        assertThat(bytes(n)).isEqualTo(Hex.parse("""
                2a00000000000000  # fh 42
                03000000          # open_flags FOPEN_DIRECT_IO|FOPEN_KEEP_CACHE
                00000000          # backing_id 0
                """));
    }

    @Test
    void lkOut_golden() {
        int n = ReplyEncoder.lkOut(seg, 0, new Lock(LockType.READ, 10, 20, 77, 0, false));
        assertThat(bytes(n)).isEqualTo(Hex.parse("""
                0a00000000000000  # start 10
                1400000000000000  # end 20
                00000000          # type F_RDLCK
                4d000000          # pid 77
                """));
    }

    @Test
    void dirent_golden_alignedTo8() {
        int n = ReplyEncoder.dirent(seg, 0, 4096, new DirEntry(name("ab"), FileType.REGULAR, 5, 1));
        assertThat(n).isEqualTo(32);
        assertThat(bytes(n)).isEqualTo(Hex.parse("""
                0500000000000000  # ino 5
                0100000000000000  # off 1 (the next entry's cookie)
                02000000          # namelen 2
                08000000          # type DT_REG
                6162              # "ab"
                000000000000      # padding to 8
                """));
    }

    @Test
    void dirent_neverPastTheLimit() {
        DirEntry d = new DirEntry(name("abcdefghi"), FileType.DIRECTORY, 5, 1); // 24 + 9 -> 40
        assertThat(ReplyEncoder.dirent(seg, 0, 39, d)).isZero();
        assertThat(ReplyEncoder.dirent(seg, 0, 40, d)).isEqualTo(40);
        assertThat(ReplyEncoder.direntPlus(seg, 0, 167, d, null)).isZero();
        assertThat(ReplyEncoder.direntPlus(seg, 0, 168, d, null)).isEqualTo(168);
    }

    @Test
    void statx_carriesBirthTimeAndMask() {
        int n = ReplyEncoder.statxOut(seg, 0, new NodeAttributes(FakeNodeLayer.file(2, 5), 0));
        assertThat(n).isEqualTo(288);
        assertThat(seg.get(ValueLayout.JAVA_INT_UNALIGNED, 32)).isEqualTo(0xfff); // basic stats + btime
        assertThat(seg.get(ValueLayout.JAVA_LONG_UNALIGNED, 32 + 80)).isEqualTo(1_700_000_000L); // btime.tv_sec
        assertThat(seg.get(ValueLayout.JAVA_INT_UNALIGNED, 32 + 88)).isEqualTo(123_456_789); // btime.tv_nsec
        assertThat(seg.get(ValueLayout.JAVA_SHORT_UNALIGNED, 32 + 28)).isEqualTo((short) 0100644);
    }

    @Test
    void invalEntryExpireOnly_golden() {
        int n = NotificationEncoder.invalEntry(seg, 1, name("x"), true);
        assertThat(bytes(n)).isEqualTo(Hex.parse("""
                22000000          # len 34
                03000000          # error field: FUSE_NOTIFY_INVAL_ENTRY
                0000000000000000  # unique 0: a notification
                0100000000000000  # parent 1
                01000000          # namelen 1
                01000000          # flags FUSE_EXPIRE_ONLY
                7800              # "x", NUL
                """));
    }

    @Test
    void pruneAndInvalInode_golden() {
        int n = NotificationEncoder.prune(seg, new long[] {5, 6});
        assertThat(bytes(n)).isEqualTo(Hex.parse("""
                30000000          # len 48
                09000000          # FUSE_NOTIFY_PRUNE
                0000000000000000  # unique 0
                02000000          # count 2
                00000000          # padding
                0000000000000000  # spare
                0500000000000000  # nodeid 5
                0600000000000000  # nodeid 6
                """));
        n = NotificationEncoder.invalInode(seg, 5, -1, 0);
        assertThat(bytes(n)).isEqualTo(Hex.parse("""
                28000000          # len 40
                02000000          # FUSE_NOTIFY_INVAL_INODE
                0000000000000000  # unique 0
                0500000000000000  # ino 5
                ffffffffffffffff  # off -1: attributes only
                0000000000000000  # len 0
                """));
    }

    @Test
    void deviceNumbers_useTheKernelsEncoding() {
        long glibcDev = (8L << 8) | 1; // makedev(8, 1)
        assertThat(ReplyEncoder.encodeDev(glibcDev)).isEqualTo((8 << 8) | 1);
        long bigMinor = (4L << 8) | 0x23 | (0x456L << 12) << 8 >> 8; // minor with bits above 8
        assertThat(ReplyEncoder.encodeDev(bigMinor) & 0xff).isEqualTo(0x23);
    }

    private static FileName name(String s) {
        try {
            return FileName.of(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
