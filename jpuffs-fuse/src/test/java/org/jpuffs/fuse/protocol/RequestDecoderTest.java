package org.jpuffs.fuse.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Instant;
import org.jpuffs.AttrField;
import org.jpuffs.Errno;
import org.jpuffs.FileName;
import org.jpuffs.LockType;
import org.jpuffs.fuse.testing.Frames;
import org.jpuffs.fuse.testing.Hex;
import org.junit.jupiter.api.Test;

class RequestDecoderTest {
    private final RequestDecoder decoder = new RequestDecoder();

    static final String LOOKUP = """
            2e000000          # len 46
            01000000          # opcode 1, LOOKUP
            0200000000000000  # unique 2
            0100000000000000  # nodeid 1, the root
            e8030000          # uid 1000
            e8030000          # gid 1000
            92100000          # pid 4242
            0000              # total_extlen 0
            0000              # padding
            68656c6c6f00      # name "hello", NUL
            """;

    static final String WRITE = """
            55000000          # len 85
            10000000          # opcode 16, WRITE
            0400000000000000  # unique 4
            0200000000000000  # nodeid 2
            e8030000          # uid 1000
            e8030000          # gid 1000
            92100000          # pid 4242
            0000              # total_extlen 0
            0000              # padding
            0700000000000000  # fuse_write_in.fh 7
            0010000000000000  # offset 4096
            05000000          # size 5
            02000000          # write_flags FUSE_WRITE_LOCKOWNER
            8877665544332211  # lock_owner 0x1122334455667788
            02800000          # flags O_RDWR|O_LARGEFILE
            00000000          # padding
            776f726c64        # data "world"
            """;

    static final String INIT_7_45 = """
            68000000          # len 104
            1a000000          # opcode 26, INIT
            0100000000000000  # unique 1
            0000000000000000  # nodeid 0
            00000000          # uid 0
            00000000          # gid 0
            00000000          # pid 0 (the kernel itself)
            0000              # total_extlen 0
            0000              # padding
            07000000          # fuse_init_in.major 7
            2d000000          # minor 45
            00000200          # max_readahead 131072
            fbffff7f          # flags: bits 0..30 except FILE_OPS (2); INIT_EXT (30) set
            ff070000          # flags2: bits 32..42
            0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000 # unused[11]
            """;

    static final String INIT_7_31 = """
            38000000          # len 56: the 16-byte fuse_init_in of kernels before 7.36
            1a000000          # opcode 26, INIT
            0100000000000000  # unique 1
            0000000000000000  # nodeid 0
            00000000          # uid 0
            00000000          # gid 0
            00000000          # pid 0
            0000              # total_extlen 0
            0000              # padding
            07000000          # major 7
            1f000000          # minor 31
            00000200          # max_readahead 131072
            fbffff07          # flags: bits 0..26 except FILE_OPS (2)
            """;

    static final String SETATTR = """
            80000000          # len 128
            04000000          # opcode 4, SETATTR
            0500000000000000  # unique 5
            0200000000000000  # nodeid 2
            e8030000          # uid 1000
            e8030000          # gid 1000
            92100000          # pid 4242
            0000              # total_extlen 0
            0000              # padding
            69000000          # valid FATTR_MODE|FATTR_SIZE|FATTR_MTIME|FATTR_FH
            00000000          # padding
            0900000000000000  # fh 9
            0004000000000000  # size 1024
            0000000000000000  # lock_owner
            0000000000000000  # atime
            00f1536500000000  # mtime 1700000000
            0000000000000000  # ctime
            00000000          # atimensec
            15cd5b07          # mtimensec 123456789
            00000000          # ctimensec
            ed810000          # mode 0100755
            00000000          # unused4
            00000000          # uid
            00000000          # gid
            00000000          # unused5
            """;

    static final String RENAME2 = """
            3c000000          # len 60
            2d000000          # opcode 45, RENAME2
            0600000000000000  # unique 6
            0100000000000000  # nodeid 1, the old directory
            e8030000          # uid 1000
            e8030000          # gid 1000
            92100000          # pid 4242
            0000              # total_extlen 0
            0000              # padding
            0300000000000000  # fuse_rename2_in.newdir 3
            01000000          # flags RENAME_NOREPLACE
            00000000          # padding
            6100              # old name "a"
            6200              # new name "b"
            """;

    static final String SETLKW = """
            58000000          # len 88
            21000000          # opcode 33, SETLKW
            0800000000000000  # unique 8
            0200000000000000  # nodeid 2
            e8030000          # uid 1000
            e8030000          # gid 1000
            92100000          # pid 4242
            0000              # total_extlen 0
            0000              # padding
            0700000000000000  # fuse_lk_in.fh 7
            efbeadde00000000  # owner 0xdeadbeef
            0000000000000000  # lk.start 0
            ffffffffffffff7f  # lk.end OFFSET_MAX
            01000000          # lk.type F_WRLCK
            92100000          # lk.pid 4242
            00000000          # lk_flags (POSIX lock)
            00000000          # padding
            """;

    static MemorySegment segment(byte[] frame) {
        MemorySegment seg = Arena.ofAuto().allocate(frame.length + 64);
        MemorySegment.copy(frame, 0, seg, ValueLayout.JAVA_BYTE, 0, frame.length);
        return seg;
    }

    Request decode(byte[] frame) throws MalformedFrameException {
        MemorySegment seg = segment(frame);
        return decoder.decode(InHeader.read(seg, frame.length), seg, frame.length);
    }

    @Test
    void lookupGolden_decodesHeaderAndName_andReencodes() throws Exception {
        byte[] frame = Hex.parse(LOOKUP);
        InHeader h = InHeader.read(segment(frame), frame.length);
        assertThat(h).isEqualTo(new InHeader(46, 1, 2, 1, 1000, 1000, 4242, 0));
        assertThat(decode(frame)).isEqualTo(new Request.Lookup(FileName.of("hello")));
        assertThat(Frames.request(Opcode.LOOKUP, 2, 1, Frames.body().cstr("hello"))).isEqualTo(frame);
    }

    @Test
    void writeGolden_payloadIsASliceOfTheRequestBuffer() throws Exception {
        byte[] frame = Hex.parse(WRITE);
        MemorySegment seg = segment(frame);
        Request.Write w = (Request.Write) decoder.decode(InHeader.read(seg, frame.length), seg, frame.length);
        assertThat(w.fh()).isEqualTo(7);
        assertThat(w.offset()).isEqualTo(4096);
        assertThat(w.writeFlags()).isEqualTo(FuseAbi.WRITE_LOCKOWNER);
        assertThat(w.lockOwner()).isEqualTo(0x1122334455667788L);
        assertThat(w.flags()).isEqualTo(0x8002);
        assertThat(w.data().byteSize()).isEqualTo(5);
        assertThat(w.data().address()).isEqualTo(seg.address() + 80); // no copy
        assertThat(new String(w.data().toArray(ValueLayout.JAVA_BYTE))).isEqualTo("world");
        byte[] again = Frames.request(Opcode.WRITE, 4, 2, Frames.body().u64(7).u64(4096).u32(5).u32(2)
                .u64(0x1122334455667788L).u32(0x8002).u32(0).raw("world".getBytes()));
        assertThat(again).isEqualTo(frame);
    }

    @Test
    void init745Golden_readsFlags2() throws Exception {
        byte[] frame = Hex.parse(INIT_7_45);
        Request.Init init = (Request.Init) decode(frame);
        assertThat(init.major()).isEqualTo(7);
        assertThat(init.minor()).isEqualTo(45);
        assertThat(init.maxReadahead()).isEqualTo(131072);
        assertThat(InitFlag.decode(init.flags())).contains(InitFlag.INIT_EXT, InitFlag.HAS_EXPIRE_ONLY,
                InitFlag.HAS_RESEND, InitFlag.REQUEST_TIMEOUT).doesNotContain(InitFlag.FILE_OPS);
        assertThat(init.flags()).isEqualTo(0x7ff_7fff_fffbL);
        assertThat(Frames.init(1, 45, 0x7ff_7fff_fffbL)).isEqualTo(frame);
    }

    @Test
    void init731Golden_isTheShortStructWithoutFlags2() throws Exception {
        byte[] frame = Hex.parse(INIT_7_31);
        Request.Init init = (Request.Init) decode(frame);
        assertThat(init.minor()).isEqualTo(31);
        assertThat(init.flags()).isEqualTo(0x07ff_fffbL);
        assertThat(Frames.init(1, 31, 0x07ff_fffbL)).isEqualTo(frame);
    }

    @Test
    void setattrGolden_onlyValidFieldsCount() throws Exception {
        Request.SetAttr s = (Request.SetAttr) decode(Hex.parse(SETATTR));
        assertThat(s.fh()).isEqualTo(9);
        assertThat(s.lockOwner()).isZero();
        assertThat(s.changes().fields()).containsExactlyInAnyOrder(AttrField.MODE, AttrField.SIZE, AttrField.MTIME);
        assertThat(s.changes().mode()).isEqualTo(0755);
        assertThat(s.changes().size()).isEqualTo(1024);
        assertThat(s.changes().mtime()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 123_456_789));
        assertThat(s.changes().atime()).isNull();
    }

    @Test
    void rename2Golden_twoNamesAndFlags() throws Exception {
        byte[] frame = Hex.parse(RENAME2);
        assertThat(decode(frame)).isEqualTo(new Request.Rename(3, FileName.of("a"), FileName.of("b"), 1));
        assertThat(Frames.request(Opcode.RENAME2, 6, 1, Frames.body().u64(3).u32(1).u32(0).cstr("a").cstr("b")))
                .isEqualTo(frame);
    }

    @Test
    void setlkwGolden_decodesLock() throws Exception {
        Request.LockOp l = (Request.LockOp) decode(Hex.parse(SETLKW));
        assertThat(l.op()).isEqualTo(Opcode.SETLKW);
        assertThat(l.fh()).isEqualTo(7);
        assertThat(l.lock().type()).isEqualTo(LockType.WRITE);
        assertThat(l.lock().owner()).isEqualTo(0xdeadbeefL);
        assertThat(l.lock().end()).isEqualTo(Long.MAX_VALUE);
        assertThat(l.lock().pid()).isEqualTo(4242);
        assertThat(l.lock().flock()).isFalse();
    }

    @Test
    void setxattr_layoutFollowsSetxattrExt() throws Exception {
        byte[] compat = Frames.request(Opcode.SETXATTR, 9, 2, Frames.body().u32(3).u32(1).cstr("user.k").raw(new byte[] {1, 2, 3}));
        Request.SetXattr s = (Request.SetXattr) decode(compat);
        assertThat(s.name()).isEqualTo("user.k");
        assertThat(s.flags()).isEqualTo(1);
        assertThat(s.value().toArray(ValueLayout.JAVA_BYTE)).containsExactly(1, 2, 3);
        decoder.setxattrExtended(true);
        byte[] ext = Frames.request(Opcode.SETXATTR, 9, 2,
                Frames.body().u32(3).u32(2).u32(FuseAbi.SETXATTR_ACL_KILL_SGID).u32(0).cstr("user.k").raw(new byte[] {4, 5, 6}));
        Request.SetXattr e = (Request.SetXattr) decode(ext);
        assertThat(e.flags()).isEqualTo(2);
        assertThat(e.setxattrFlags()).isEqualTo(FuseAbi.SETXATTR_ACL_KILL_SGID);
        assertThat(e.value().toArray(ValueLayout.JAVA_BYTE)).containsExactly(4, 5, 6);
    }

    @Test
    void tmpfile_skipsTheSlashName() throws Exception {
        Request.Create c = (Request.Create) decode(Frames.request(Opcode.TMPFILE, 3, 1,
                Frames.body().u32(2).u32(0100600).u32(022).u32(0).cstr("/")));
        assertThat(c.name()).isNull();
        assertThat(c.mode()).isEqualTo(0100600);
    }

    @Test
    void batchForget_readsEveryPair() throws Exception {
        Request.BatchForget f = (Request.BatchForget) decode(Frames.request(Opcode.BATCH_FORGET, 0, 0,
                Frames.body().u32(2).u32(0).u64(5).u64(1).u64(6).u64(3)));
        assertThat(f.nodeIds()).containsExactly(5, 6);
        assertThat(f.counts()).containsExactly(1, 3);
    }

    @Test
    void statx_fhOnlyWithGetattrFh() throws Exception {
        Request.Statx s = (Request.Statx) decode(Frames.request(Opcode.STATX, 3, 2,
                Frames.body().u32(0).u32(0).u64(77).u32(0).u32(0xfff)));
        assertThat(s.fh()).isZero();
        assertThat(s.sxMask()).isEqualTo(0xfff);
    }

    @Test
    void unknownOpcode_isUnsupportedNotMalformed() throws Exception {
        assertThat(decode(Frames.request(999, 3, 1, new byte[0]))).isEqualTo(new Request.Unsupported(999));
    }

    @Test
    void shortHeader_isMalformedWithTheUniqueWhenReadable() {
        byte[] frame = java.util.Arrays.copyOf(Hex.parse(LOOKUP), 20);
        assertThatThrownBy(() -> InHeader.read(segment(frame), 20)).isInstanceOfSatisfying(
                MalformedFrameException.class, e -> assertThat(e.unique()).isEqualTo(2));
        assertThatThrownBy(() -> InHeader.read(segment(new byte[10]), 10)).isInstanceOfSatisfying(
                MalformedFrameException.class, e -> assertThat(e.unique()).isZero());
    }

    @Test
    void lengthMismatch_isMalformed() {
        byte[] frame = Hex.parse(LOOKUP);
        MemorySegment seg = segment(frame);
        assertThatThrownBy(() -> decoder.decode(InHeader.read(seg, frame.length - 1), seg, frame.length - 1))
                .isInstanceOfSatisfying(MalformedFrameException.class, e -> {
                    assertThat(e.unique()).isEqualTo(2);
                    assertThat(e.errno()).isEqualTo(Errno.EIO);
                });
    }

    @Test
    void nameWithoutNul_isMalformed() {
        byte[] frame = Frames.request(Opcode.LOOKUP, 7, 1, "hello".getBytes());
        assertThatThrownBy(() -> decode(frame)).isInstanceOfSatisfying(MalformedFrameException.class,
                e -> assertThat(e.unique()).isEqualTo(7));
    }

    @Test
    void nameWithSlash_isEinval() {
        byte[] frame = Frames.request(Opcode.LOOKUP, 7, 1, Frames.body().cstr("a/b"));
        assertThatThrownBy(() -> decode(frame)).isInstanceOfSatisfying(MalformedFrameException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
    }

    @Test
    void writeShorterThanItsSize_isMalformed() {
        byte[] frame = Frames.request(Opcode.WRITE, 4, 2, Frames.body().u64(7).u64(0).u32(100).u32(0).u64(0)
                .u32(0).u32(0).raw("world".getBytes()));
        assertThatThrownBy(() -> decode(frame)).isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void readTooShortForItsStruct_isMalformed() {
        byte[] frame = Frames.request(Opcode.READ, 4, 2, Frames.body().u64(7));
        assertThatThrownBy(() -> decode(frame)).isInstanceOf(MalformedFrameException.class);
    }
}
