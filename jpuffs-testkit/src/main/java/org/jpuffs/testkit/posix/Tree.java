package org.jpuffs.testkit.posix;

/** Whole directory trees by raw syscalls: byte-exact names, no java.nio on the way. */
public final class Tree {
    private Tree() {
    }

    private static final int ENOENT = 2;

    /**
     * Removes a file or a directory with everything below it; a missing path is not an error.
     *
     * @param path the file or directory
     * @throws SyscallException if something cannot be removed
     */
    public static void remove(RawPath path) throws SyscallException {
        Stat st;
        try {
            st = Syscalls.lstat(path);
        } catch (SyscallException e) {
            if (e.errno() == ENOENT) {
                return;
            }
            throw e;
        }
        if (!st.isDirectory()) {
            Syscalls.unlink(path);
            return;
        }
        for (Dirent d : Syscalls.listDir(path)) {
            if (!d.isDot()) {
                remove(path.resolve(d.name()));
            }
        }
        Syscalls.rmdir(path);
    }
}
