package org.jpuffs.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jpuffs.Errno;
import org.jpuffs.testkit.posix.Dirent;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.Stat;
import org.jpuffs.testkit.posix.SyscallException;
import org.jpuffs.testkit.posix.Syscalls;
import org.junit.jupiter.api.Test;

/** mkdir, rmdir, unlink, directory listings (incl. under concurrent change) and byte-exact names. */
public abstract class DirectoryChecks extends ConformanceChecks {

    /** Creates the group. */
    protected DirectoryChecks() {
    }

    private List<String> names(RawPath d) throws SyscallException {
        List<String> out = new ArrayList<>();
        for (Dirent e : Syscalls.listDir(d)) {
            out.add(e.rawName().toString());
        }
        return out;
    }

    @Test
    void newDirectory_listsOnlyDotAndDotDot() throws Exception {
        RawPath d = directory("d", 0755);
        assertThat(names(d)).containsExactlyInAnyOrder(".", "..");
        Stat st = Syscalls.stat(d);
        assertThat(st.isDirectory()).isTrue();
        assertThat(st.perms()).isEqualTo(0755);
    }

    @Test
    void mkdirAppliesModeMinusUmask() throws Exception {
        int umask = Syscalls.currentUmask();
        Syscalls.mkdir(path("d"), 0777);
        assertThat(Syscalls.stat(path("d")).perms()).isEqualTo(0777 & ~umask);
    }

    @Test
    void mkdirErrors_eexistEnoentEnotdir() throws Exception {
        directory("d", 0755);
        file("f", "x");
        assertErrno(Errno.EEXIST, () -> Syscalls.mkdir(path("d"), 0755));
        assertErrno(Errno.EEXIST, () -> Syscalls.mkdir(path("f"), 0755));
        assertErrno(Errno.ENOENT, () -> Syscalls.mkdir(path("missing/d"), 0755));
        assertErrno(Errno.ENOTDIR, () -> Syscalls.mkdir(path("f/d"), 0755));
    }

    @Test
    void rmdirErrors_enotemptyEnotdirEnoentEinval() throws Exception {
        directory("d", 0755);
        file("d/f", "x");
        file("f", "x");
        assertErrno(Errno.ENOTEMPTY, () -> Syscalls.rmdir(path("d")));
        assertErrno(Errno.ENOTDIR, () -> Syscalls.rmdir(path("f")));
        assertErrno(Errno.ENOENT, () -> Syscalls.rmdir(path("missing")));
        assertErrno(Errno.EINVAL, () -> Syscalls.rmdir(path("d/.")));
        Syscalls.unlink(path("d/f"));
        Syscalls.rmdir(path("d"));
        assertErrno(Errno.ENOENT, () -> Syscalls.stat(path("d")));
    }

    @Test
    void unlinkErrors_eisdirEnoentEnotdir() throws Exception {
        directory("d", 0755);
        file("f", "x");
        assertErrno(Errno.EISDIR, () -> Syscalls.unlink(path("d")));
        assertErrno(Errno.ENOENT, () -> Syscalls.unlink(path("missing")));
        assertErrno(Errno.ENOTDIR, () -> Syscalls.unlink(path("f/x")));
        Syscalls.unlink(path("f"));
        assertErrno(Errno.ENOENT, () -> Syscalls.unlink(path("f")));
    }

    @Test
    void directoryLinkCount_countsSubdirectories() throws Exception {
        assume(Feature.DIRECTORY_LINK_COUNTS);
        RawPath d = directory("d", 0755);
        assertThat(Syscalls.stat(d).nlink()).isEqualTo(2);
        directory("d/a", 0755);
        directory("d/b", 0755);
        file("d/f", "x");
        assertThat(Syscalls.stat(d).nlink()).isEqualTo(4);
        Syscalls.rmdir(path("d/a"));
        assertThat(Syscalls.stat(d).nlink()).isEqualTo(3);
    }

    @Test
    void dotDot_isTheParent() throws Exception {
        directory("d", 0755);
        directory("d/e", 0755);
        assertThat(Syscalls.stat(path("d/e/..")).ino()).isEqualTo(Syscalls.stat(path("d")).ino());
        assertThat(Syscalls.stat(path("d/.")).ino()).isEqualTo(Syscalls.stat(path("d")).ino());
    }

    @Test
    void listingWithTinyBuffers_returnsEveryNameOnce() throws Exception {
        RawPath d = directory("d", 0755);
        Set<String> expected = new HashSet<>(List.of(".", ".."));
        for (int i = 0; i < 600; i++) {
            String n = "entry-" + i + "-" + "x".repeat(i % 40);
            Syscalls.mknod(d.resolve(n), Linux.S_IFREG | 0644, 0);
            expected.add(n);
        }
        List<String> seen = new ArrayList<>();
        int fd = Syscalls.open(d, Linux.O_RDONLY | Linux.O_DIRECTORY);
        try {
            List<Dirent> batch;
            while (!(batch = Syscalls.getdents(fd, 300)).isEmpty()) {
                batch.forEach(e -> seen.add(e.rawName().toString()));
            }
        } finally {
            Syscalls.close(fd);
        }
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(expected);
    }

    @Test
    void listingTypes_matchTheFiles() throws Exception {
        directory("d", 0755);
        file("f", "x");
        Syscalls.symlink(RawPath.of("f"), path("l"));
        for (Dirent e : Syscalls.listDir(dir)) {
            String n = e.rawName().toString();
            int expected = switch (n) {
                case "d", ".", ".." -> Linux.DT_DIR;
                case "f" -> Linux.DT_REG;
                case "l" -> Linux.DT_LNK;
                default -> -1;
            };
            // DT_UNKNOWN is allowed by POSIX and by getdents; anything else must be right
            if (e.type() != Linux.DT_UNKNOWN) {
                assertThat(e.type()).as(n).isEqualTo(expected);
            }
        }
    }

    @Test
    void listingUnderConcurrentCreateAndUnlink_neitherSkipsNorRepeatsSurvivors() throws Exception {
        RawPath d = directory("d", 0755);
        Set<String> survivors = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            String n = "keep-" + i;
            Syscalls.mknod(d.resolve(n), Linux.S_IFREG | 0644, 0);
            survivors.add(n);
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> churnError = new AtomicReference<>();
        Thread churn = Thread.ofPlatform().name("churn").start(() -> {
            int i = 0;
            try {
                while (!stop.get()) {
                    RawPath p = d.resolve("churn-" + (i % 97));
                    if ((i / 97) % 2 == 0) {
                        Syscalls.mknod(p, Linux.S_IFREG | 0644, 0);
                    } else {
                        Syscalls.unlink(p);
                    }
                    i++;
                }
            } catch (Throwable t) {
                churnError.set(t);
            }
        });
        try {
            for (int round = 0; round < 20; round++) {
                List<String> seen = new ArrayList<>();
                int fd = Syscalls.open(d, Linux.O_RDONLY | Linux.O_DIRECTORY);
                try {
                    List<Dirent> batch;
                    while (!(batch = Syscalls.getdents(fd, 512)).isEmpty()) {
                        batch.forEach(e -> seen.add(e.rawName().toString()));
                    }
                } finally {
                    Syscalls.close(fd);
                }
                List<String> kept = seen.stream().filter(survivors::contains).toList();
                assertThat(kept).as("round %d", round).doesNotHaveDuplicates();
                assertThat(new HashSet<>(kept)).as("round %d", round).isEqualTo(survivors);
            }
        } finally {
            stop.set(true);
            churn.join();
        }
        assertThat(churnError.get()).isNull();
    }

    @Test
    void nonUtf8Names_roundTripByteExact() throws Exception {
        byte[][] names = {
            {(byte) 0xff, (byte) 0xfe},
            {'a', (byte) 0xc3, '('},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            {'\n', '\t', '\\', ' '},
            {(byte) 0x80, '.', 't', 'x', 't'},
        };
        for (byte[] n : names) {
            int fd = Syscalls.open(dir.resolve(n), Linux.O_CREAT | Linux.O_EXCL | Linux.O_WRONLY, 0644);
            Syscalls.write(fd, n);
            Syscalls.close(fd);
        }
        List<byte[]> listed = Syscalls.listDir(dir).stream().filter(e -> !e.isDot()).map(Dirent::name).toList();
        assertThat(listed).hasSize(names.length);
        for (byte[] n : names) {
            assertThat(listed).anyMatch(l -> java.util.Arrays.equals(l, n));
            assertThat(readAll(dir.resolve(n))).isEqualTo(n);
        }
        byte[] renamed = {'r', (byte) 0xfe};
        Syscalls.rename(dir.resolve(names[0]), dir.resolve(renamed), 0);
        assertThat(Syscalls.lstat(dir.resolve(renamed)).isRegular()).isTrue();
        assertErrno(Errno.ENOENT, () -> Syscalls.stat(dir.resolve(names[0])));
        assertErrno(Errno.EEXIST, () -> Syscalls.mknod(dir.resolve(names[2]), Linux.S_IFREG | 0644, 0));
    }

    @Test
    void nonUtf8NameInDirectoryName_worksAsPathComponent() throws Exception {
        byte[] dname = {'d', (byte) 0xff};
        Syscalls.mkdir(dir.resolve(dname), 0755);
        RawPath inner = dir.resolve(dname).resolve(new byte[] {(byte) 0xfe});
        Syscalls.mknod(inner, Linux.S_IFREG | 0600, 0);
        assertThat(Syscalls.listDir(dir.resolve(dname)).stream().filter(e -> !e.isDot()).map(Dirent::name))
                .singleElement().isEqualTo(new byte[] {(byte) 0xfe});
        Syscalls.unlink(inner);
        Syscalls.rmdir(dir.resolve(dname));
    }
}
