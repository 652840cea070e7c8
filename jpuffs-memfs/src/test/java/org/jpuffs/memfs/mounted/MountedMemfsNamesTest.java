package org.jpuffs.memfs.mounted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jpuffs.FileType;
import org.jpuffs.memfs.MemFsOptions;
import org.jpuffs.testkit.posix.Dirent;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.SyscallException;
import org.jpuffs.testkit.posix.Syscalls;
import org.jpuffs.testkit.posix.Tree;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Names through the mount as bytes: names that are not UTF-8 (java.nio would replace their bytes,
 * so everything here goes through raw syscalls or coreutils) round-trip byte-exactly, and 255-byte
 * names, the most a component may have, work in every op that takes a name.
 */
@Timeout(120)
class MountedMemfsNamesTest {
    private static final int ENAMETOOLONG = 36;
    private static final int ENOENT = 2;
    private static MountedMemfs mounted;
    private RawPath dir;

    @BeforeAll
    static void mountMemfs() throws Exception {
        mounted = MountedMemfs.mount(MemFsOptions.defaults().withSize(256L << 20).withRoot(FileType.DIRECTORY, 0755));
    }

    @AfterAll
    static void unmountMemfs() {
        if (mounted != null) {
            mounted.close();
        }
    }

    @BeforeEach
    void freshDirectory() throws Exception {
        dir = RawPath.of(mounted.root()).resolve("names");
        Syscalls.mkdir(dir, 0755);
    }

    @AfterEach
    void removeDirectory() throws Exception {
        Tree.remove(dir);
    }

    /** A name of {@code length} bytes from 0x80..0xff (never valid UTF-8: it starts with a continuation byte). */
    private static byte[] invalidName(int length, int seed) {
        byte[] n = new byte[length];
        for (int i = 0; i < length; i++) {
            n[i] = (byte) (0x80 + (seed * 31 + i * 7) % 0x80);
        }
        // a distinct prefix, so no two seeds give the same name
        n[0] = (byte) (0x80 + seed % 0x80);
        n[1] = (byte) (0x80 + seed / 0x80 % 0x80);
        return n;
    }

    @Test
    void manyInvalid255ByteNames_listedByteExactOnceEach_withTinyReaddirBuffers() throws Exception {
        int count = 300;
        List<byte[]> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] n = invalidName(255, i);
            names.add(n);
            int fd = Syscalls.open(dir.resolve(n), Linux.O_CREAT | Linux.O_EXCL | Linux.O_WRONLY, 0644);
            Syscalls.write(fd, n);
            Syscalls.close(fd);
        }
        // 600 bytes hold two 255-byte entries: many READDIR rounds, each resuming at an offset
        int fd = Syscalls.open(dir, Linux.O_RDONLY | Linux.O_DIRECTORY);
        List<byte[]> listed = new ArrayList<>();
        try {
            for (List<Dirent> batch = Syscalls.getdents(fd, 600); !batch.isEmpty(); batch = Syscalls.getdents(fd, 600)) {
                batch.stream().filter(e -> !e.isDot()).forEach(e -> listed.add(e.name()));
            }
        } finally {
            Syscalls.close(fd);
        }
        assertThat(listed).hasSize(count);
        Set<String> listedHex = new HashSet<>();
        listed.forEach(n -> listedHex.add(HexFormat.of().formatHex(n)));
        assertThat(listedHex).hasSize(count);
        for (byte[] n : names) {
            assertThat(listedHex).contains(HexFormat.of().formatHex(n));
            assertThat(Syscalls.stat(dir.resolve(n)).size()).isEqualTo(255);
            int in = Syscalls.open(dir.resolve(n), Linux.O_RDONLY);
            try {
                assertThat(Syscalls.read(in, 1000)).isEqualTo(n);
            } finally {
                Syscalls.close(in);
            }
        }
    }

    @Test
    void invalid255ByteNames_inLinkRenameSymlinkMkdirAndXattrValues() throws Exception {
        byte[] a = invalidName(255, 1);
        byte[] b = invalidName(255, 2);
        byte[] c = invalidName(255, 3);
        byte[] d = invalidName(255, 4);
        Syscalls.mknod(dir.resolve(a), Linux.S_IFREG | 0644, 0);
        Syscalls.link(dir.resolve(a), dir.resolve(b));
        assertThat(Syscalls.stat(dir.resolve(a)).nlink()).isEqualTo(2);
        Syscalls.rename(dir.resolve(b), dir.resolve(c), 0);
        assertThatThrownBy(() -> Syscalls.stat(dir.resolve(b)))
                .isInstanceOfSatisfying(SyscallException.class, e -> assertThat(e.errno()).isEqualTo(ENOENT));
        assertThat(Syscalls.stat(dir.resolve(c)).ino()).isEqualTo(Syscalls.stat(dir.resolve(a)).ino());
        // a directory with an invalid 255-byte name, and a path through it
        Syscalls.mkdir(dir.resolve(d), 0755);
        RawPath inner = dir.resolve(d).resolve(invalidName(255, 5));
        Syscalls.mknod(inner, Linux.S_IFIFO | 0600, 0);
        assertThat(Syscalls.lstat(inner).type()).isEqualTo(Linux.S_IFIFO);
        // a symlink target made of invalid bytes: two 255-byte components, read back byte-exact
        RawPath target = RawPath.of(d).resolve(invalidName(255, 5));
        RawPath link = dir.resolve(invalidName(255, 6));
        Syscalls.symlink(target, link);
        assertThat(Syscalls.readlink(link).bytes()).isEqualTo(target.bytes());
        assertThat(Syscalls.stat(link).type()).as("the link resolves through the invalid names")
                .isEqualTo(Linux.S_IFIFO);
        byte[] value = invalidName(200, 7);
        Syscalls.setxattr(dir.resolve(a), "user.raw", value, 0, false);
        assertThat(Syscalls.getxattr(dir.resolve(c), "user.raw", false)).isEqualTo(value);
    }

    @Test
    void invalid256ByteNames_failWithEnametoolong_inEveryNameOp() throws Exception {
        byte[] ok = invalidName(255, 8);
        byte[] tooLong = Arrays.copyOf(invalidName(255, 9), 256);
        tooLong[255] = (byte) 0xff;
        Syscalls.mknod(dir.resolve(ok), Linux.S_IFREG | 0644, 0);
        List<ThrowingCall> calls = List.of(
                () -> Syscalls.open(dir.resolve(tooLong), Linux.O_CREAT | Linux.O_WRONLY, 0644),
                () -> Syscalls.mkdir(dir.resolve(tooLong), 0755),
                () -> Syscalls.mknod(dir.resolve(tooLong), Linux.S_IFIFO | 0644, 0),
                () -> Syscalls.symlink(RawPath.of("x"), dir.resolve(tooLong)),
                () -> Syscalls.link(dir.resolve(ok), dir.resolve(tooLong)),
                () -> Syscalls.rename(dir.resolve(ok), dir.resolve(tooLong), 0),
                () -> Syscalls.lstat(dir.resolve(tooLong)));
        for (ThrowingCall call : calls) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(SyscallException.class,
                    e -> assertThat(e.errno()).isEqualTo(ENAMETOOLONG));
        }
        assertThat(Syscalls.listDir(dir).stream().filter(e -> !e.isDot()).map(Dirent::name))
                .singleElement().isEqualTo(ok);
    }

    @Test
    void coreutils_findPrint0AndMv_keepInvalidBytes() throws Exception {
        byte[] a = invalidName(255, 10);
        byte[] b = {'m', 'v', (byte) 0xfe, (byte) 0xff, '\n', 'x'};
        Syscalls.mknod(dir.resolve(a), Linux.S_IFREG | 0644, 0);
        Path dirPath = mounted.root().resolve("names");
        // mv gets the names as argv bytes, which ProcessBuilder cannot pass: go through a shell printf
        String octalA = octal(a);
        String octalB = octal(b);
        run("sh", "-c", "cd '" + dirPath + "' && mv -- \"$(printf '" + octalA + "')\" \"$(printf '" + octalB
                + "')x\" && mv -- \"$(printf '" + octalB + "')x\" \"$(printf '" + octalB + "')\"");
        byte[] out = run("find", dirPath.toString(), "-mindepth", "1", "-print0");
        byte[] expected = (dirPath + "/").getBytes();
        byte[] line = Arrays.copyOf(expected, expected.length + b.length + 1);
        System.arraycopy(b, 0, line, expected.length, b.length);
        assertThat(out).isEqualTo(line);
    }

    private static String octal(byte[] name) {
        StringBuilder sb = new StringBuilder();
        for (byte x : name) {
            sb.append('\\').append(String.format("%03o", x & 0xff));
        }
        return sb.toString();
    }

    private static byte[] run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
        return out.toByteArray();
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }
}
