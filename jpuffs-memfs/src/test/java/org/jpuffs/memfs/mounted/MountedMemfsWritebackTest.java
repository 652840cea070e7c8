package org.jpuffs.memfs.mounted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jpuffs.FileType;
import org.jpuffs.memfs.MemFsOptions;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.SyscallException;
import org.jpuffs.testkit.posix.Syscalls;
import org.jpuffs.testkit.posix.Tree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * memfs under the kernel's writeback cache ({@code -o writeback_cache}, memfs's {@code writeback=true}):
 * the same file operations give the same bytes and sizes as without it. The cases are the ones the
 * writeback cache changes: the kernel fills a partly overwritten page by READ through a write-only
 * open, applies O_APPEND itself, owns size and mtime, and reports a full memfs at fsync rather than at
 * write(2).
 */
@Timeout(120)
class MountedMemfsWritebackTest {
    private static final int EBADF = 9;
    private static final int ENOSPC = 28;
    private static final int PAGE = 4096;

    @Test
    void fileOps_giveTheSameResultsWithAndWithoutWriteback() throws Exception {
        List<String> plain = scenario(false);
        List<String> writeback = scenario(true);
        assertThat(writeback).isEqualTo(plain);
    }

    @Test
    void fullMemfs_underWriteback_reportsEnospcAtFsync() throws Exception {
        MemFsOptions small = MemFsOptions.defaults().withSize(64 * 1024).withRoot(FileType.DIRECTORY, 0755)
                .withWriteback(true);
        try (MountedMemfs mounted = MountedMemfs.mount(small, "writeback_cache")) {
            RawPath f = RawPath.of(mounted.root()).resolve("big");
            int fd = Syscalls.open(f, Linux.O_CREAT | Linux.O_WRONLY, 0644);
            try {
                // 256 KiB into a 64 KiB memfs: the page cache takes it; write(2) itself does not fail
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'z');
                for (int i = 0; i < 4; i++) {
                    assertThat(Syscalls.write(fd, chunk)).isEqualTo(chunk.length);
                }
                assertThatThrownBy(() -> Syscalls.fsync(fd))
                        .isInstanceOfSatisfying(SyscallException.class, e -> assertThat(e.errno()).isEqualTo(ENOSPC));
            } finally {
                Syscalls.close(fd);
            }
        }
    }

    /** Runs the file operations on a fresh memfs and records what a reader sees after each. */
    private static List<String> scenario(boolean writeback) throws Exception {
        MemFsOptions options = MemFsOptions.defaults().withSize(64L << 20).withRoot(FileType.DIRECTORY, 0755)
                .withWriteback(writeback);
        List<String> seen = new ArrayList<>();
        try (MountedMemfs mounted = MountedMemfs.mount(options, writeback ? "writeback_cache" : "")) {
            RawPath dir = RawPath.of(mounted.root()).resolve("wb");
            Syscalls.mkdir(dir, 0755);
            RawPath f = dir.resolve("f");

            // a write-only create, filled with two and a half pages
            int fd = Syscalls.open(f, Linux.O_CREAT | Linux.O_WRONLY, 0644);
            byte[] base = new byte[2 * PAGE + PAGE / 2];
            for (int i = 0; i < base.length; i++) {
                base[i] = (byte) ('a' + i % 26);
            }
            assertThat(Syscalls.write(fd, base)).isEqualTo(base.length);
            // read(2) on a write-only file is the VFS's EBADF, writeback or not
            int wo = fd;
            assertThatThrownBy(() -> Syscalls.read(wo, 10))
                    .isInstanceOfSatisfying(SyscallException.class, e -> assertThat(e.errno()).isEqualTo(EBADF));
            Syscalls.close(fd);
            seen.add("after create: " + contents(f));

            // drop the page cache so the overwrite below must fetch the page it partly covers
            dropCaches(f);
            long mtimeBefore = Syscalls.stat(f).mtime();
            Thread.sleep(20);
            fd = Syscalls.open(f, Linux.O_WRONLY);
            assertThat(Syscalls.pwrite(fd, "XYZ".getBytes(), PAGE + 100)).isEqualTo(3);
            Syscalls.fsync(fd);
            Syscalls.close(fd);
            seen.add("after partial-page overwrite: " + contents(f));
            assertThat(Syscalls.stat(f).mtime()).as("mtime after the overwrite").isGreaterThan(mtimeBefore);

            // O_APPEND appends whatever offset the fd had, twice, with a read between
            fd = Syscalls.open(f, Linux.O_WRONLY | Linux.O_APPEND);
            Syscalls.lseek(fd, 0, 0);
            assertThat(Syscalls.write(fd, "-tail1".getBytes())).isEqualTo(6);
            seen.add("size after first append: " + Syscalls.fstat(fd).size());
            assertThat(Syscalls.write(fd, "-tail2".getBytes())).isEqualTo(6);
            Syscalls.close(fd);
            seen.add("after appends: " + contents(f));

            // truncate down into a page, then extend past the end (a hole reads as zeros)
            fd = Syscalls.open(f, Linux.O_WRONLY);
            Syscalls.ftruncate(fd, PAGE + 50);
            Syscalls.pwrite(fd, "end".getBytes(), 3 * PAGE + 7);
            Syscalls.fdatasync(fd);
            Syscalls.close(fd);
            seen.add("size after truncate and extend: " + Syscalls.stat(f).size());
            seen.add("after truncate and extend: " + contents(f));
            dropCaches(f);
            seen.add("from memfs itself: " + contents(f));

            // O_TRUNC through a write-only open, then a read-write open reading its own write
            fd = Syscalls.open(f, Linux.O_WRONLY | Linux.O_TRUNC);
            Syscalls.write(fd, "short".getBytes());
            Syscalls.close(fd);
            fd = Syscalls.open(f, Linux.O_RDWR);
            Syscalls.pwrite(fd, "S".getBytes(), 0);
            seen.add("read-write read-back: " + new String(Syscalls.pread(fd, 100, 0)));
            Syscalls.fsync(fd);
            Syscalls.close(fd);
            seen.add("final: " + contents(f) + " size " + Syscalls.stat(f).size());
            Tree.remove(dir);
        }
        return seen;
    }

    private static String contents(RawPath f) throws SyscallException {
        int fd = Syscalls.open(f, Linux.O_RDONLY);
        try {
            byte[] all = Syscalls.pread(fd, 1 << 20, 0);
            StringBuilder sb = new StringBuilder().append(all.length).append(" bytes: ");
            for (byte b : all) {
                sb.append(b == 0 ? '0' : (char) b);
            }
            return sb.toString();
        } finally {
            Syscalls.close(fd);
        }
    }

    /** Writes back and drops the file's cached pages, so the next access goes to memfs. */
    private static void dropCaches(RawPath f) throws Exception {
        int fd = Syscalls.open(f, Linux.O_RDONLY);
        try {
            Syscalls.fsync(fd);
        } finally {
            Syscalls.close(fd);
        }
        java.nio.file.Files.writeString(java.nio.file.Path.of("/proc/sys/vm/drop_caches"), "3");
    }
}
