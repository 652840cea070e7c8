package org.jpuffs.memfs.mounted;

import java.nio.file.Path;
import org.jpuffs.memfs.MemFsOptions;
import org.jpuffs.testkit.conformance.Capabilities;
import org.jpuffs.testkit.conformance.PosixConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * The POSIX conformance suite on memfs through a real FUSE mount (node layer, dispatcher, session,
 * kernel), with allow_other and default_permissions, so the permission checks meet the kernel's and
 * memfs's checks as an unprivileged user.
 */
@Timeout(120)
class MountedMemfsConformanceTest extends PosixConformance {
    private static MountedMemfs mounted;

    @BeforeAll
    static void mountMemfs() throws Exception {
        mounted = MountedMemfs.mount(MemFsOptions.defaults().withSize(1L << 30).withRoot(
                org.jpuffs.FileType.DIRECTORY, 0755));
    }

    @AfterAll
    static void unmountMemfs() {
        if (mounted != null) {
            mounted.close();
        }
    }

    @Override
    protected Path root() {
        return mounted.root();
    }

    /** Every feature (memfs also zeroes ranges, which tmpfs does not), and files up to 8 TiB. */
    @Override
    protected Capabilities capabilities() {
        return Capabilities.all().withMaxFileSize(8L << 40);
    }
}
