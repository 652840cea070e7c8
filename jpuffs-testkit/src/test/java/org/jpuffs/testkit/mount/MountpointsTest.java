package org.jpuffs.testkit.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MountpointsTest {

    @Test
    void unescape_decodesOctalSpaceTabBackslash() {
        assertThat(MountTable.unescape("/a\\040b\\011c\\134d")).isEqualTo("/a b\tc\\d");
        assertThat(MountTable.unescape("/plain\\x")).isEqualTo("/plain\\x");
    }

    @Test
    void releaseAfterCleanUnmount_passesAndRemovesDirectories() throws Exception {
        Mountpoints m = new Mountpoints();
        Path mp = m.create("clean");
        try (TmpfsMount t = TmpfsMount.mount(mp, "size=1m")) {
            assertThat(MountTable.isMountpoint(t.root())).isTrue();
        }
        m.release();
        assertThat(Files.exists(m.base())).isFalse();
    }

    @Test
    void releaseWithLeftoverMount_failsNamingItAndUnmountsLazily() throws Exception {
        Mountpoints m = new Mountpoints();
        Path mp = m.create("leftover");
        TmpfsMount.mount(mp, "size=1m");
        assertThatThrownBy(m::release).isInstanceOf(AssertionError.class).hasMessageContaining(mp.toString());
        assertThat(MountTable.at(m.base())).isEmpty();
    }

    @Test
    void mountpointWithSpace_isFoundInTable() throws Exception {
        Mountpoints m = new Mountpoints();
        Path mp = m.create("with space");
        try (TmpfsMount t = TmpfsMount.mount(mp, "size=1m")) {
            assertThat(MountTable.isMountpoint(t.root())).isTrue();
        }
        m.release();
    }
}
