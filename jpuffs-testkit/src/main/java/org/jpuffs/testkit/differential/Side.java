package org.jpuffs.testkit.differential;

import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.SyscallException;
import org.jpuffs.testkit.posix.Syscalls;

/** One of the two directories of a differential run, with its table of descriptors kept open across steps. */
final class Side {
    static final int SLOTS = 4;

    final RawPath root;
    final int[] fds = new int[SLOTS];

    Side(RawPath root) {
        this.root = root;
        java.util.Arrays.fill(fds, -1);
    }

    RawPath at(String rel) {
        return root.resolve(rel);
    }

    void closeAll() {
        for (int i = 0; i < SLOTS; i++) {
            if (fds[i] >= 0) {
                try {
                    Syscalls.close(fds[i]);
                } catch (SyscallException e) {
                    // closing at the end of a run: nothing to compare any more
                }
                fds[i] = -1;
            }
        }
    }
}
