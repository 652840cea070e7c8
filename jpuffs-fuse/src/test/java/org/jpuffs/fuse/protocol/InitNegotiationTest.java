package org.jpuffs.fuse.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.EnumSet;
import java.util.Set;
import org.jpuffs.fuse.testing.Hex;
import org.jpuffs.kernel.Op;
import org.junit.jupiter.api.Test;

class InitNegotiationTest {
    static final long KERNEL_745 = 0x7ff_7fff_fffbL;
    static final long KERNEL_731 = 0x07ff_fffbL;
    static final InitConfig CONFIG = new InitConfig(1 << 20, 256, 64, 48, 0, 1, InitConfig.ReaddirPlus.AUTO, true,
            true, false, false, false, false, false, true, true, false, false, 0);

    static final String REPLY_7_45 = """
            50000000          # out.len 80
            00000000          # error 0
            0100000000000000  # unique 1
            07000000          # major 7
            2d000000          # minor 45
            00000200          # max_readahead 131072 (the kernel's)
            23fc4661          # flags ASYNC_READ POSIX_LOCKS BIG_WRITES FLOCK_LOCKS HAS_IOCTL_DIR AUTO_INVAL_DATA
                              #   DO_READDIRPLUS READDIRPLUS_AUTO ASYNC_DIO NO_OPEN_SUPPORT PARALLEL_DIROPS
                              #   MAX_PAGES NO_OPENDIR_SUPPORT SETXATTR_EXT INIT_EXT
            4000              # max_background 64
            3000              # congestion_threshold 48
            00001000          # max_write 1 MiB
            01000000          # time_gran 1 ns
            0001              # max_pages 256
            0000              # map_alignment
            d8000000          # flags2 HAS_EXPIRE_ONLY DIRECT_IO_ALLOW_MMAP NO_EXPORT_SUPPORT HAS_RESEND
            00000000          # max_stack_depth
            0000              # request_timeout
            00000000000000000000000000000000000000000000    # unused[11]: 22 bytes
            """;

    static final String REPLY_7_31 = """
            50000000          # out.len 80: the 64-byte fuse_init_out exists since 7.23
            00000000          # error 0
            0100000000000000  # unique 1
            07000000          # major 7
            1f000000          # minor 31, the kernel's
            00000200          # max_readahead 131072
            23fc4601          # flags: as at 7.45 without SETXATTR_EXT and INIT_EXT, which 7.31 lacks
            4000              # max_background 64
            3000              # congestion_threshold 48
            00001000          # max_write 1 MiB
            01000000          # time_gran
            0001              # max_pages 256
            0000              # map_alignment
            00000000          # flags2: none without INIT_EXT
            00000000          # max_stack_depth
            0000              # request_timeout
            00000000000000000000000000000000000000000000    # unused
            """;

    private static byte[] encode(Negotiated n) {
        MemorySegment seg = Arena.ofAuto().allocate(256);
        int len = 16 + ReplyEncoder.initOut(seg, 16, n.reply());
        ReplyEncoder.outHeader(seg, len, 0, 1);
        return seg.asSlice(0, len).toArray(ValueLayout.JAVA_BYTE);
    }

    @Test
    void kernel745_everyOpImplemented_golden() {
        Negotiated n = InitNegotiation.negotiate(new Request.Init(7, 45, 131072, KERNEL_745), EnumSet.allOf(Op.class),
                CONFIG);
        assertThat(Hex.format(encode(n))).isEqualTo(Hex.format(Hex.parse(REPLY_7_45)));
        assertThat(n.minor()).isEqualTo(45);
        assertThat(n.refusals()).isEmpty();
        assertThat(n.summary()).contains("7.45", "max_write=1048576", "DO_READDIRPLUS");
    }

    @Test
    void kernel731_goldenFrame_agreesOnItsMinorWithoutFlags2() {
        Negotiated n = InitNegotiation.negotiate(new Request.Init(7, 31, 131072, KERNEL_731), EnumSet.allOf(Op.class),
                CONFIG);
        assertThat(Hex.format(encode(n))).isEqualTo(Hex.format(Hex.parse(REPLY_7_31)));
        assertThat(n.refusals()).anyMatch(r -> r.startsWith("INIT_EXT refused: the kernel (7.31)"));
        assertThat(n.agreed()).noneMatch(f -> f.bit() >= 32);
    }

    @Test
    void withoutSetLock_noLockCapabilities_andARefusalLine() {
        Set<Op> ops = EnumSet.allOf(Op.class);
        ops.remove(Op.SETLK);
        Negotiated n = InitNegotiation.negotiate(new Request.Init(7, 45, 131072, KERNEL_745), ops, CONFIG);
        assertThat(n.agreed()).doesNotContain(InitFlag.POSIX_LOCKS, InitFlag.FLOCK_LOCKS);
        assertThat(n.refusals()).anyMatch(r -> r.startsWith("POSIX_LOCKS refused: the server does not implement setLock"));
    }

    @Test
    void readdirplus_onlyWithLookupAndReadDir() {
        Set<Op> ops = EnumSet.allOf(Op.class);
        ops.remove(Op.READDIR);
        Negotiated n = InitNegotiation.negotiate(new Request.Init(7, 45, 131072, KERNEL_745), ops, CONFIG);
        assertThat(n.agreed()).doesNotContain(InitFlag.DO_READDIRPLUS, InitFlag.READDIRPLUS_AUTO);
        assertThat(n.refusals()).anyMatch(r -> r.contains("DO_READDIRPLUS refused: the server does not implement readDir"));
    }

    @Test
    void posixAcl_needsXattrs() {
        Set<Op> ops = EnumSet.allOf(Op.class);
        ops.remove(Op.SETXATTR);
        Negotiated n = InitNegotiation.negotiate(new Request.Init(7, 45, 131072, KERNEL_745), ops,
                CONFIG.withPosixAcl(true, false));
        assertThat(n.agreed()).doesNotContain(InitFlag.POSIX_ACL, InitFlag.DONT_MASK);
        assertThat(n.refusals()).anyMatch(r -> r.startsWith("POSIX_ACL refused"));
    }

    @Test
    void posixAcl_comesWithDontMask_soADefaultAclCanReplaceTheUmask() {
        Negotiated n = InitNegotiation.negotiate(new Request.Init(7, 45, 131072, KERNEL_745), EnumSet.allOf(Op.class),
                CONFIG.withPosixAcl(true, false));
        assertThat(n.agreed()).contains(InitFlag.POSIX_ACL, InitFlag.DONT_MASK);
        Negotiated without = InitNegotiation.negotiate(new Request.Init(7, 45, 131072, KERNEL_745),
                EnumSet.allOf(Op.class), CONFIG.withPosixAcl(false, false));
        assertThat(without.agreed()).doesNotContain(InitFlag.POSIX_ACL, InitFlag.DONT_MASK);
    }

    @Test
    void writebackCacheWanted_butNotOffered_isRefusedByTheKernel() {
        long offer = KERNEL_745 & ~InitFlag.WRITEBACK_CACHE.mask();
        Negotiated n = InitNegotiation.negotiate(new Request.Init(7, 45, 131072, offer), EnumSet.allOf(Op.class),
                CONFIG.withWritebackCache(true));
        assertThat(n.agreed()).doesNotContain(InitFlag.WRITEBACK_CACHE);
        assertThat(n.refusals()).containsExactly("WRITEBACK_CACHE refused: the kernel (7.45) does not offer it");
    }

    @Test
    void maxWrite_isCappedByThePageLimit_andBuffersFollow() {
        InitConfig small = new InitConfig(8 << 20, 32, 64, 48, 0, 1, InitConfig.ReaddirPlus.OFF, true, true, false,
                false, false, false, false, true, true, false, false, 0);
        Negotiated n = InitNegotiation.negotiate(new Request.Init(7, 45, 131072, KERNEL_745), EnumSet.allOf(Op.class),
                small);
        assertThat(n.reply().maxPages()).isEqualTo(32);
        assertThat(n.maxWrite()).isEqualTo(32 * 4096);
        assertThat(n.requestBufferSize()).isGreaterThanOrEqualTo(40 + 40 + 32 * 4096).isEqualTo(n.requestBufferSize() / 4096 * 4096);
        assertThat(n.replyBufferSize()).isGreaterThanOrEqualTo(16 + 32 * 4096);
    }

    @Test
    void exportSupport_onlyWhenConfigured() {
        Negotiated off = InitNegotiation.negotiate(new Request.Init(7, 45, 131072, KERNEL_745), EnumSet.allOf(Op.class),
                CONFIG);
        assertThat(off.agreed()).contains(InitFlag.NO_EXPORT_SUPPORT).doesNotContain(InitFlag.EXPORT_SUPPORT);
    }

    @Test
    void maxPagesLimit_readsTheWholeSysctlValue() throws Exception {
        java.nio.file.Path proc = java.nio.file.Path.of("/proc/sys/fs/fuse/max_pages_limit");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(proc));
        int expected = Integer.parseInt(java.nio.file.Files.readAllLines(proc).get(0).trim());
        assertThat(InitConfig.readMaxPagesLimit(proc)).isEqualTo(expected);
        assertThat(InitConfig.defaults().maxPagesLimit()).isEqualTo(expected);
    }

    @Test
    void maxPagesLimit_unreadable_isTheKernelDefault() {
        assertThat(InitConfig.readMaxPagesLimit(java.nio.file.Path.of("/nonexistent/max_pages_limit")))
                .isEqualTo(InitConfig.DEFAULT_MAX_PAGES_LIMIT);
    }
}
