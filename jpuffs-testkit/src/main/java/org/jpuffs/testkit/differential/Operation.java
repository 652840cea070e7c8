package org.jpuffs.testkit.differential;

import java.util.ArrayList;
import java.util.List;
import org.jpuffs.testkit.posix.Dirent;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.RecordLock;
import org.jpuffs.testkit.posix.Stat;
import org.jpuffs.testkit.posix.SyscallException;
import org.jpuffs.testkit.posix.Syscalls;

/**
 * One step of a differential run, applied the same way to both sides. Paths are relative to a
 * side's root; every open uses O_NONBLOCK so a FIFO never blocks the run.
 */
sealed interface Operation {

    /**
     * Applies the step to one side.
     *
     * @throws SyscallException the errno, which the caller turns into an outcome
     */
    Outcome perform(Side s) throws SyscallException;

    /** The step's name for counters. */
    default String kind() {
        return getClass().getSimpleName();
    }

    /** Applies the step, turning an errno into an outcome. */
    default Outcome apply(Side s) {
        try {
            return perform(s);
        } catch (SyscallException e) {
            return Outcome.failed(e.errno());
        }
    }

    /** Describes a stat result with what may be compared (see {@link DifferentialRun#NORMALISED}). */
    static String describe(Stat st) {
        boolean dir = st.isDirectory();
        return String.format("type=%o perms=%o uid=%d gid=%d%s", st.type(), st.perms(), st.uid(), st.gid(),
                dir ? "" : " size=" + st.size() + " nlink=" + st.nlink()
                        + (st.type() == Linux.S_IFCHR || st.type() == Linux.S_IFBLK ? " rdev=" + st.rdev() : ""));
    }

    int NB = Linux.O_NONBLOCK | Linux.O_CLOEXEC;

    record Create(String path, int mode, boolean exclusive) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            int fd = Syscalls.open(s.at(path), Linux.O_CREAT | Linux.O_WRONLY | NB | (exclusive ? Linux.O_EXCL : 0), mode);
            Syscalls.close(fd);
            return Outcome.ok(0, "");
        }
    }

    record Write(String path, long offset, byte[] data) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            int fd = Syscalls.open(s.at(path), Linux.O_WRONLY | NB);
            try {
                return Outcome.ok(Syscalls.pwrite(fd, data, offset), "");
            } finally {
                Syscalls.close(fd);
            }
        }

        @Override
        public String toString() {
            return "Write[" + path + ", offset=" + offset + ", len=" + data.length + "]";
        }
    }

    record Read(String path, long offset, int len) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            int fd = Syscalls.open(s.at(path), Linux.O_RDONLY | NB);
            try {
                byte[] b = Syscalls.pread(fd, len, offset);
                return Outcome.ok(b.length, ContentDigest.ofBytes(b));
            } finally {
                Syscalls.close(fd);
            }
        }
    }

    record Truncate(String path, long length) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            Syscalls.truncate(s.at(path), length);
            return Outcome.ok(0, "");
        }
    }

    record PunchHole(String path, long offset, long length) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            int fd = Syscalls.open(s.at(path), Linux.O_WRONLY | NB);
            try {
                Syscalls.fallocate(fd, Linux.FALLOC_FL_PUNCH_HOLE | Linux.FALLOC_FL_KEEP_SIZE, offset, length);
                return Outcome.ok(0, "");
            } finally {
                Syscalls.close(fd);
            }
        }
    }

    record Mkdir(String path, int mode) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            Syscalls.mkdir(s.at(path), mode);
            return Outcome.ok(0, "");
        }
    }

    record Rmdir(String path) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            Syscalls.rmdir(s.at(path));
            return Outcome.ok(0, "");
        }
    }

    record Unlink(String path) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            Syscalls.unlink(s.at(path));
            return Outcome.ok(0, "");
        }
    }

    record Link(String from, String to) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            Syscalls.link(s.at(from), s.at(to));
            return Outcome.ok(0, "");
        }
    }

    record Symlink(String target, String path) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            Syscalls.symlink(RawPath.of(target), s.at(path));
            return Outcome.ok(0, "");
        }
    }

    record ReadLink(String path) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            return Outcome.ok(0, Syscalls.readlink(s.at(path)).toString());
        }
    }

    record Rename(String from, String to, int flags) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            Syscalls.rename(s.at(from), s.at(to), flags);
            return Outcome.ok(0, "");
        }
    }

    record Chmod(String path, int mode) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            Syscalls.chmod(s.at(path), mode);
            return Outcome.ok(0, "");
        }
    }

    record Chown(String path, int uid, int gid, boolean noFollow) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            if (noFollow) {
                Syscalls.lchown(s.at(path), uid, gid);
            } else {
                Syscalls.chown(s.at(path), uid, gid);
            }
            return Outcome.ok(0, "");
        }
    }

    record MakeNode(String path, int mode) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            Syscalls.mknod(s.at(path), mode, 0);
            return Outcome.ok(0, "");
        }
    }

    record StatPath(String path, boolean noFollow) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            Stat st = noFollow ? Syscalls.lstat(s.at(path)) : Syscalls.stat(s.at(path));
            return Outcome.ok(0, Operation.describe(st));
        }
    }

    record ListDir(String path) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            List<String> names = new ArrayList<>();
            for (Dirent d : Syscalls.listDir(s.at(path))) {
                names.add(d.rawName().toString());
            }
            names.sort(null);
            return Outcome.ok(names.size(), String.join("/", names));
        }
    }

    record SetXattr(String path, String name, byte[] value, int flags) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            Syscalls.setxattr(s.at(path), name, value, flags, false);
            return Outcome.ok(0, "");
        }

        @Override
        public String toString() {
            return "SetXattr[" + path + ", " + name + ", len=" + value.length + ", flags=" + flags + "]";
        }
    }

    record GetXattr(String path, String name) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            byte[] v = Syscalls.getxattr(s.at(path), name, false);
            return Outcome.ok(v.length, ContentDigest.ofBytes(v));
        }
    }

    record RemoveXattr(String path, String name) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            Syscalls.removexattr(s.at(path), name, false);
            return Outcome.ok(0, "");
        }
    }

    record ListXattr(String path) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            List<String> names = new ArrayList<>(Syscalls.listxattr(s.at(path), false));
            names.removeIf(n -> n.startsWith("security."));
            names.sort(null);
            return Outcome.ok(names.size(), String.join(",", names));
        }
    }

    /** Opens a file into a descriptor slot (closing what the slot held); the slot outlives the step. */
    record OpenSlot(int slot, String path, int flags) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            if (s.fds[slot] >= 0) {
                Syscalls.close(s.fds[slot]);
                s.fds[slot] = -1;
            }
            s.fds[slot] = Syscalls.open(s.at(path), flags | NB, 0644);
            return Outcome.ok(0, "");
        }
    }

    record CloseSlot(int slot) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            int fd = s.fds[slot];
            s.fds[slot] = -1;
            if (fd < 0) {
                return Outcome.failed(9);
            }
            Syscalls.close(fd);
            return Outcome.ok(0, "");
        }
    }

    record SlotWrite(int slot, long offset, byte[] data) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            if (s.fds[slot] < 0) {
                return Outcome.failed(9);
            }
            return Outcome.ok(Syscalls.pwrite(s.fds[slot], data, offset), "");
        }

        @Override
        public String toString() {
            return "SlotWrite[" + slot + ", offset=" + offset + ", len=" + data.length + "]";
        }
    }

    record SlotRead(int slot, long offset, int len) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            if (s.fds[slot] < 0) {
                return Outcome.failed(9);
            }
            byte[] b = Syscalls.pread(s.fds[slot], len, offset);
            return Outcome.ok(b.length, ContentDigest.ofBytes(b));
        }
    }

    record SlotTruncate(int slot, long length) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            if (s.fds[slot] < 0) {
                return Outcome.failed(9);
            }
            Syscalls.ftruncate(s.fds[slot], length);
            return Outcome.ok(0, "");
        }
    }

    record SlotStat(int slot) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            if (s.fds[slot] < 0) {
                return Outcome.failed(9);
            }
            Stat st = Syscalls.fstat(s.fds[slot]);
            return Outcome.ok(0, Operation.describe(st) + (st.isRegular() ? " " + ContentDigest.of(s.fds[slot]) : ""));
        }
    }

    record SlotLock(int slot, short type, long start, long len) implements Operation {
        public Outcome perform(Side s) throws SyscallException {
            if (s.fds[slot] < 0) {
                return Outcome.failed(9);
            }
            Syscalls.fcntlLock(s.fds[slot], Linux.F_OFD_SETLK, RecordLock.of(type, start, len));
            return Outcome.ok(0, "");
        }
    }
}
