package org.jpuffs.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.jpuffs.Errno;
import org.jpuffs.testkit.posix.Dirent;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.Syscalls;
import org.junit.jupiter.api.Test;

/**
 * The tools people run on a mount: cp, ls, stat, mv, rm -rf, ln -s, df, each through a shell in the
 * test directory. They exercise call sequences (copy_file_range, statx, getdents, xattr copies)
 * that hand-written checks miss.
 */
public abstract class CoreutilsChecks extends ConformanceChecks {

    /** Creates the group. */
    protected CoreutilsChecks() {
    }

    /** The outcome of a shell script. */
    private record Run(int status, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    private Run sh(String script) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).directory(dir.toPath().toFile());
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + script);
        }
        return new Run(p.exitValue(), out, err);
    }

    private Run ok(String script) throws IOException, InterruptedException {
        Run r = sh(script);
        assertThat(r.status()).as("%s\nstderr: %s", script, r.err()).isZero();
        return r;
    }

    @Test
    void cpArchive_copiesTreeWithContentModesAndLinks() throws Exception {
        ok("mkdir -p src/a/b && printf hello > src/a/f && chmod 0640 src/a/f && ln -s a/f src/l"
                + " && head -c 300000 /dev/urandom > src/a/b/big && cp -a src dst");
        ok("cmp src/a/f dst/a/f && cmp src/a/b/big dst/a/b/big");
        assertThat(Syscalls.stat(path("dst/a/f")).perms()).isEqualTo(0640);
        assertThat(Syscalls.readlink(path("dst/l")).toString()).isEqualTo("a/f");
        assertThat(ok("stat -c %s dst/a/b/big").text().strip()).isEqualTo("300000");
    }

    @Test
    void lsAndStat_showNamesTypesAndSizes() throws Exception {
        ok("mkdir d && printf 12345 > f && ln -s f l && mkfifo p");
        String ls = ok("ls -la").text();
        assertThat(ls).contains(" d\n").contains(" f\n").contains(" l -> f\n").contains(" p\n");
        assertThat(ok("stat -c '%F %s %h' f").text().strip()).isEqualTo("regular file 5 1");
        assertThat(ok("stat -c '%F' d").text().strip()).isEqualTo("directory");
        assertThat(ok("stat -c '%F' l").text().strip()).isEqualTo("symbolic link");
        assertThat(ok("stat -c '%F' p").text().strip()).isEqualTo("fifo");
    }

    @Test
    void mvAndRmRf_moveAndRemoveTrees() throws Exception {
        ok("mkdir -p t/x/y && touch t/x/y/z t/x/w && mv t u && mv u/x/w u/w2");
        assertErrno(Errno.ENOENT, () -> Syscalls.stat(path("t")));
        assertThat(Syscalls.stat(path("u/w2")).isRegular()).isTrue();
        ok("rm -rf u");
        assertThat(Syscalls.listDir(dir).stream().filter(e -> !e.isDot())).isEmpty();
        Run failing = sh("rmdir missing");
        assertThat(failing.status()).isNotZero();
    }

    @Test
    void lnAndReadlink_workTogether() throws Exception {
        ok("printf data > f && ln f hard && ln -s f soft");
        assertThat(ok("readlink soft").text().strip()).isEqualTo("f");
        assertThat(ok("cat soft").text()).isEqualTo("data");
        assertThat(ok("stat -c %h f").text().strip()).isEqualTo("2");
    }

    @Test
    void df_reportsTheFileSystem() throws Exception {
        Run r = ok("df -P .");
        String[] lines = r.text().strip().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[1].split("\\s+")).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void nonUtf8NameFromShell_isListedByteExact() throws Exception {
        ok("touch \"$(printf 'a\\377b')\" \"$(printf '\\303(x')\"");
        byte[] expectedA = {'a', (byte) 0xff, 'b'};
        byte[] expectedB = {(byte) 0xc3, '(', 'x'};
        var names = Syscalls.listDir(dir).stream().filter(e -> !e.isDot()).map(Dirent::name).toList();
        assertThat(names).anyMatch(n -> Arrays.equals(n, expectedA)).anyMatch(n -> Arrays.equals(n, expectedB));
        byte[] ls = ok("ls -1 --quoting-style=literal").out();
        assertThat(indexOf(ls, expectedA)).isNotNegative();
        assertThat(indexOf(ls, expectedB)).isNotNegative();
        int fd = Syscalls.open(dir.resolve(expectedA), Linux.O_RDONLY);
        Syscalls.close(fd);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
