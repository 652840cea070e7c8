package org.jpuffs.fuse.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MountOptionsTest {
    @Test
    void defaults_areNosuidNodevDirectoryRootPlainFuse() {
        MountOptions o = MountOptions.defaults();
        assertThat(o.flags()).containsExactlyInAnyOrder(MountFlag.NO_SUID, MountFlag.NO_DEV);
        assertThat(o.type()).isEqualTo("fuse");
        assertThat(o.rootMode()).isEqualTo(040000);
        assertThat(o.defaultPermissions()).isFalse();
        assertThat(o.kernelData(5, 1000, 100)).isEqualTo("fd=5,rootmode=40000,user_id=1000,group_id=100");
    }

    @Test
    void fsnameAndSubtype_becomeSourceAndType() {
        MountOptions o = MountOptions.parse("fsname=memfs,subtype=jpuffs-memfs");
        assertThat(o.fsname()).isEqualTo("memfs");
        assertThat(o.type()).isEqualTo("fuse.jpuffs-memfs");
        assertThat(o.kernelData(3, 0, 0)).doesNotContain("fsname").doesNotContain("subtype");
    }

    @Test
    void handleKillprivV2_offByDefault_onWhenAsked_neverReachesTheKernel() {
        assertThat(MountOptions.defaults().handleKillprivV2()).isFalse();
        MountOptions on = MountOptions.parse("handle_killpriv_v2");
        assertThat(on.handleKillprivV2()).isTrue();
        assertThat(on.withRootMode(0100000).handleKillprivV2()).isTrue();
        assertThat(on.with("no_handle_killpriv_v2").handleKillprivV2()).isFalse();
        assertThat(on.kernelData(3, 0, 0)).doesNotContain("killpriv");
        assertThat(on.fusermountOptions()).doesNotContain("killpriv");
    }

    @Test
    void userspaceOptions_neverReachTheKernel() {
        MountOptions o = MountOptions.parse("auto_unmount,debug,nonempty,writeback_cache,entry_timeout=2.5,"
                + "attr_timeout=0,negative_timeout=1,max_write=65536,max_background=64,congestion_threshold=48,"
                + "readers=3,drain_timeout=0.5,posix_acl");
        assertThat(o.autoUnmount()).isTrue();
        assertThat(o.posixAcl()).isTrue();
        assertThat(MountOptions.parse("posix_acl,no_posix_acl").posixAcl()).isFalse();
        assertThat(MountOptions.defaults().posixAcl()).isFalse();
        assertThat(o.debug()).isTrue();
        assertThat(o.nonempty()).isTrue();
        assertThat(o.writebackCache()).isTrue();
        assertThat(o.entryTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(o.attrTimeout()).isZero();
        assertThat(o.negativeTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.maxWrite()).isEqualTo(65536);
        assertThat(o.maxBackground()).isEqualTo(64);
        assertThat(o.congestionThreshold()).isEqualTo(48);
        assertThat(o.readers()).isEqualTo(3);
        assertThat(o.drainTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.kernelData(3, 0, 0)).isEqualTo("fd=3,rootmode=40000,user_id=0,group_id=0");
        // fusermount3 does the auto_unmount itself, so it is the one userspace option it is given
        assertThat(o.fusermountOptions()).isEqualTo("fsname=jpuffs,nosuid,nodev,auto_unmount");
    }

    @Test
    void allowOther_turnsDefaultPermissionsOn_unlessExplicitlyOff() {
        assertThat(MountOptions.parse("allow_other").defaultPermissions()).isTrue();
        assertThat(MountOptions.parse("allow_other").kernelData(3, 0, 0))
                .isEqualTo("fd=3,rootmode=40000,user_id=0,group_id=0,default_permissions,allow_other");
        assertThat(MountOptions.parse("allow_other,no_default_permissions").defaultPermissions()).isFalse();
        assertThat(MountOptions.parse("no_default_permissions,allow_other").defaultPermissions()).isFalse();
        assertThat(MountOptions.parse("allow_other,no_default_permissions").with("fsname=x").defaultPermissions())
                .isFalse();
        assertThat(MountOptions.parse("default_permissions").defaultPermissions()).isTrue();
        assertThat(MountOptions.parse("allow_other").with("debug").defaultPermissions()).isTrue();
    }

    @Test
    void genericFlags_setAndClearMsBits() {
        MountOptions o = MountOptions.parse("ro,noexec,noatime,dirsync,sync,suid,dev");
        assertThat(o.flags()).containsExactlyInAnyOrder(MountFlag.READ_ONLY, MountFlag.NO_EXEC, MountFlag.NO_ATIME,
                MountFlag.DIR_SYNC, MountFlag.SYNCHRONOUS);
        assertThat(o.mountFlags()).isEqualTo(1 | 8 | 1024 | 128 | 16);
        assertThat(MountOptions.parse("ro", "rw").flags()).doesNotContain(MountFlag.READ_ONLY);
        assertThat(o.fusermountOptions()).isEqualTo("fsname=jpuffs,ro,noexec,sync,dirsync,noatime");
    }

    @Test
    void maxReadAndRootmode_areKernelOptions() {
        MountOptions o = MountOptions.parse("max_read=131072,rootmode=100000");
        assertThat(o.kernelData(3, 0, 0)).isEqualTo("fd=3,rootmode=100000,user_id=0,group_id=0,max_read=131072");
        assertThat(MountOptions.defaults().withRootMode(0100644).rootMode()).isEqualTo(0100000);
    }

    @Test
    void unknownOption_failsListingTheValidOnes() {
        assertThatThrownBy(() -> MountOptions.parse("allow_others"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown mount option 'allow_others'")
                .hasMessageContaining("allow_other,")
                .hasMessageContaining("auto_unmount")
                .hasMessageContaining("fsname=...");
        assertThatThrownBy(() -> MountOptions.parse("blksize=4096"))
                .hasMessageContaining("only for fuseblk");
    }

    @Test
    void valueMissingOrUnexpected_isRefused() {
        assertThatThrownBy(() -> MountOptions.parse("fsname")).hasMessageContaining("unknown mount option 'fsname'");
        assertThatThrownBy(() -> MountOptions.parse("debug=1")).hasMessageContaining("unknown mount option 'debug=1'");
        assertThatThrownBy(() -> MountOptions.parse("max_read=-1")).hasMessageContaining("non-negative integer");
        assertThatThrownBy(() -> MountOptions.parse("entry_timeout=soon")).hasMessageContaining("seconds");
        assertThatThrownBy(() -> MountOptions.parse("rootmode=9")).hasMessageContaining("octal");
        assertThatThrownBy(() -> MountOptions.parse("rootmode=755")).hasMessageContaining("file type");
        assertThatThrownBy(() -> MountOptions.parse("fsname=a b")).hasMessageContaining("without commas or spaces");
    }
}
