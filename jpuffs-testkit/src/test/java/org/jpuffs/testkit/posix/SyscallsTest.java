package org.jpuffs.testkit.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyscallsTest {
    @TempDir
    Path tmp;

    @Test
    void openMissing_throwsEnoentWithName() {
        assertThatThrownBy(() -> Syscalls.open(RawPath.of(tmp).resolve("missing"), Linux.O_RDONLY))
                .isInstanceOfSatisfying(SyscallException.class, e -> {
                    assertThat(e.errno()).isEqualTo(2);
                    assertThat(e.name()).isEqualTo("ENOENT");
                    assertThat(e.call()).isEqualTo("openat");
                });
    }

    @Test
    void writeThenStatAndPread_roundTrip() throws Exception {
        RawPath f = RawPath.of(tmp).resolve("f");
        int fd = Syscalls.open(f, Linux.O_CREAT | Linux.O_RDWR, 0640);
        try {
            assertThat(Syscalls.pwrite(fd, new byte[] {1, 2, 3}, 10)).isEqualTo(3);
            assertThat(Syscalls.pread(fd, 100, 9)).containsExactly(0, 1, 2, 3);
            Stat st = Syscalls.fstat(fd);
            assertThat(st.size()).isEqualTo(13);
            assertThat(st.isRegular()).isTrue();
            assertThat(st.nlink()).isEqualTo(1);
            assertThat(Syscalls.stat(f).ino()).isEqualTo(st.ino());
        } finally {
            Syscalls.close(fd);
        }
    }

    @Test
    void listDir_returnsNonUtf8NameByteExact() throws Exception {
        byte[] name = {'a', (byte) 0xff, (byte) 0xc3, 'z'};
        RawPath dir = RawPath.of(tmp);
        Syscalls.close(Syscalls.open(dir.resolve(name), Linux.O_CREAT | Linux.O_WRONLY, 0600));
        assertThat(Syscalls.listDir(dir).stream().filter(d -> !d.isDot()).map(Dirent::name))
                .singleElement().isEqualTo(name);
    }

    @Test
    void errnoName_knowsCommonValues() {
        assertThat(Syscalls.errnoName(39)).isEqualTo("ENOTEMPTY");
        assertThat(Syscalls.errnoName(95)).isEqualTo("EOPNOTSUPP");
    }

    @Test
    void setfsuid_isPerThreadAndDropsRootOverrides() throws Exception {
        RawPath secret = RawPath.of(tmp).resolve("secret");
        Syscalls.close(Syscalls.open(secret, Linux.O_CREAT | Linux.O_WRONLY, 0600));
        Syscalls.chmod(RawPath.of(tmp), 0755);
        int[] errno = {-1};
        Thread t = Thread.ofPlatform().start(() -> {
            int old = Syscalls.setfsuid(65534);
            try {
                Syscalls.close(Syscalls.open(secret, Linux.O_RDONLY));
                errno[0] = 0;
            } catch (SyscallException e) {
                errno[0] = e.errno();
            } finally {
                Syscalls.setfsuid(old);
            }
        });
        t.join();
        assertThat(errno[0]).isEqualTo(13); // EACCES
        // this thread kept fsuid 0
        Syscalls.close(Syscalls.open(secret, Linux.O_RDONLY));
    }
}
