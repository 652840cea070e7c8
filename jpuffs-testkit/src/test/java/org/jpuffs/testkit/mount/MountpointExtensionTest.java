package org.jpuffs.testkit.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

class MountpointExtensionTest {
    @RegisterExtension
    final MountpointExtension mounts = new MountpointExtension();

    @Test
    @Timeout(30)
    void mountpointFromExtension_isEmptyDirectoryAndUsableForAMount() throws Exception {
        Path mp = mounts.create("tmpfs");
        assertThat(mp).isEmptyDirectory();
        try (TmpfsMount t = TmpfsMount.mount(mp, "size=1m")) {
            Files.writeString(t.root().resolve("f"), "x");
            assertThat(MountTable.isMountpoint(mp)).isTrue();
        }
        assertThat(MountTable.isMountpoint(mp)).isFalse();
    }
}
