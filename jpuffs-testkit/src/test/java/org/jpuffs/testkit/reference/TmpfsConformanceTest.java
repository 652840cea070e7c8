package org.jpuffs.testkit.reference;

import java.nio.file.Path;
import org.jpuffs.testkit.conformance.PosixConformance;
import org.jpuffs.testkit.mount.Mountpoints;
import org.jpuffs.testkit.mount.TmpfsMount;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The reference run: every conformance check must pass on a private tmpfs. In its own package, as
 * a file server module's subclass would be, so the nested groups are proven to run from outside.
 */
class TmpfsConformanceTest extends PosixConformance {
    private static Mountpoints mountpoints;
    private static TmpfsMount tmpfs;

    @BeforeAll
    static void mountTmpfs() throws Exception {
        mountpoints = new Mountpoints();
        tmpfs = TmpfsMount.mount(mountpoints.create("tmpfs"), "size=256m,mode=0755");
    }

    @AfterAll
    static void unmountTmpfs() throws Exception {
        try {
            if (tmpfs != null) {
                tmpfs.close();
            }
        } finally {
            mountpoints.release();
        }
    }

    @Override
    protected Path root() {
        return tmpfs.root();
    }
}
