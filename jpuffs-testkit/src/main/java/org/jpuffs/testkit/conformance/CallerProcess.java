package org.jpuffs.testkit.conformance;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.RecordLock;
import org.jpuffs.testkit.posix.SyscallException;
import org.jpuffs.testkit.posix.Syscalls;

/**
 * The child side of {@link UnprivilegedCaller}: runs as the unprivileged test user, reads one call per
 * line on stdin, performs it with real syscalls and answers {@code ok VALUE} or {@code err ERRNO}.
 * Paths and data travel as hex so any byte survives. Uses only the posix package (no JUnit), so only
 * the testkit's own classes need staging for the child.
 */
public final class CallerProcess {
    private CallerProcess() {
    }

    /**
     * Serves calls until stdin closes.
     *
     * @param args unused
     * @throws Exception on a protocol error
     */
    public static void main(String[] args) throws Exception {
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        var out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        List<Integer> held = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            String[] a = line.split(" ");
            try {
                out.println("ok " + perform(a, held));
            } catch (SyscallException e) {
                out.println("err " + e.errno());
            } catch (RuntimeException e) {
                out.println("bad " + e);
            }
        }
    }

    private static RawPath p(String hex) {
        return RawPath.ofHex(hex);
    }

    private static long perform(String[] a, List<Integer> held) throws SyscallException {
        return switch (a[0]) {
            case "stat" -> Syscalls.stat(p(a[1])).mode();
            case "lstat" -> Syscalls.lstat(p(a[1])).mode();
            case "access" -> {
                Syscalls.access(p(a[1]), Integer.parseInt(a[2]), 0);
                yield 0;
            }
            case "open" -> {
                int fd = Syscalls.open(p(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]));
                Syscalls.close(fd);
                yield 0;
            }
            case "read" -> {
                int fd = Syscalls.open(p(a[1]), Linux.O_RDONLY);
                try {
                    yield Syscalls.read(fd, 65536).length;
                } finally {
                    Syscalls.close(fd);
                }
            }
            case "write" -> {
                int fd = Syscalls.open(p(a[1]), Linux.O_WRONLY);
                try {
                    yield Syscalls.pwrite(fd, HexFormat.of().parseHex(a[2]), Long.parseLong(a[3]));
                } finally {
                    Syscalls.close(fd);
                }
            }
            case "truncate" -> {
                Syscalls.truncate(p(a[1]), Long.parseLong(a[2]));
                yield 0;
            }
            case "mkdir" -> {
                Syscalls.mkdir(p(a[1]), Integer.parseInt(a[2]));
                yield 0;
            }
            case "rmdir" -> {
                Syscalls.rmdir(p(a[1]));
                yield 0;
            }
            case "unlink" -> {
                Syscalls.unlink(p(a[1]));
                yield 0;
            }
            case "rename" -> {
                Syscalls.rename(p(a[1]), p(a[2]), Integer.parseInt(a[3]));
                yield 0;
            }
            case "link" -> {
                Syscalls.link(p(a[1]), p(a[2]));
                yield 0;
            }
            case "symlink" -> {
                Syscalls.symlink(p(a[1]), p(a[2]));
                yield 0;
            }
            case "chmod" -> {
                Syscalls.chmod(p(a[1]), Integer.parseInt(a[2]));
                yield 0;
            }
            case "chown" -> {
                Syscalls.chown(p(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]));
                yield 0;
            }
            case "touch" -> {
                Syscalls.touch(p(a[1]));
                yield 0;
            }
            case "utimes" -> {
                long sec = Long.parseLong(a[2]);
                Syscalls.utimensat(p(a[1]), sec, 0, sec, 0, 0);
                yield 0;
            }
            case "mknod" -> {
                Syscalls.mknod(p(a[1]), Integer.parseInt(a[2]), Long.parseLong(a[3]));
                yield 0;
            }
            case "setxattr" -> {
                Syscalls.setxattr(p(a[1]), a[2], HexFormat.of().parseHex(a[3]), 0, false);
                yield 0;
            }
            case "getxattr" -> Syscalls.getxattr(p(a[1]), a[2], false).length;
            case "listdir" -> Syscalls.listDir(p(a[1])).size();
            case "lock" -> {
                // opens, takes a classic POSIX lock and keeps the descriptor until "release"
                int fd = Syscalls.open(p(a[1]), Linux.O_RDWR);
                try {
                    Syscalls.fcntlLock(fd, Linux.F_SETLK, RecordLock.of(Short.parseShort(a[2]),
                            Long.parseLong(a[3]), Long.parseLong(a[4])));
                } catch (SyscallException e) {
                    Syscalls.close(fd);
                    throw e;
                }
                held.add(fd);
                yield 0;
            }
            case "release" -> {
                for (int fd : held) {
                    Syscalls.close(fd);
                }
                held.clear();
                yield 0;
            }
            case "pid" -> Syscalls.getpid();
            default -> throw new IllegalArgumentException("unknown call " + a[0]);
        };
    }
}
