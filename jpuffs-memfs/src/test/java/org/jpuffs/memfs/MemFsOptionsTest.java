package org.jpuffs.memfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.jpuffs.FileType;
import org.junit.jupiter.api.Test;

class MemFsOptionsTest {

    @Test
    void parse_allKeys() {
        MemFsOptions o = MemFsOptions.parse(List.of("size=2g", "inodes=10k", "roottype=dir", "mode=0755",
                "uid=12", "gid=34"));
        assertThat(o.sizeBytes()).isEqualTo(2L << 30);
        assertThat(o.inodes()).isEqualTo(10L << 10);
        assertThat(o.rootType()).isEqualTo(FileType.DIRECTORY);
        assertThat(o.rootMode()).isEqualTo(0755);
        assertThat(o.uid()).isEqualTo(12);
        assertThat(o.gid()).isEqualTo(34);
    }

    @Test
    void parse_writeback() {
        assertThat(MemFsOptions.defaults().writeback()).isFalse();
        assertThat(MemFsOptions.parse(List.of("writeback=true")).writeback()).isTrue();
        assertThat(MemFsOptions.parse(List.of("writeback=false")).writeback()).isFalse();
        assertThatThrownBy(() -> MemFsOptions.parse(List.of("writeback=maybe"))).hasMessageContaining("writeback=maybe");
    }

    @Test
    void defaults_halfTheRam_directoryRoot1777() {
        MemFsOptions o = MemFsOptions.defaults();
        assertThat(o.sizeBytes()).isPositive();
        assertThat(o.rootType()).isEqualTo(FileType.DIRECTORY);
        assertThat(o.rootMode()).isEqualTo(01777);
        assertThat(MemFsOptions.parse(List.of("size=50%")).sizeBytes()).isCloseTo(o.sizeBytes(),
                org.assertj.core.data.Percentage.withPercentage(1));
    }

    @Test
    void roottypeFile_defaultsMode0644_unlessGiven() {
        assertThat(MemFsOptions.parse(List.of("roottype=file")).rootMode()).isEqualTo(0644);
        assertThat(MemFsOptions.parse(List.of("mode=0600", "roottype=file")).rootMode()).isEqualTo(0600);
    }

    @Test
    void unknownKey_namesValidKeys() {
        assertThatThrownBy(() -> MemFsOptions.parse(List.of("colour=blue")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("colour").hasMessageContaining("size, inodes, roottype, mode, uid, gid");
    }

    @Test
    void badValues_clearErrors() {
        assertThatThrownBy(() -> MemFsOptions.parse(List.of("size=lots"))).hasMessageContaining("size=lots");
        assertThatThrownBy(() -> MemFsOptions.parse(List.of("mode=999"))).hasMessageContaining("mode");
        assertThatThrownBy(() -> MemFsOptions.parse(List.of("roottype=symlink")))
                .hasMessageContaining("roottype=symlink");
        assertThatThrownBy(() -> MemFsOptions.parse(List.of("noequals"))).hasMessageContaining("key=value");
        assertThatThrownBy(() -> MemFsOptions.parse(List.of("inodes=0"))).hasMessageContaining("inodes");
    }

    @Test
    void parse_fromMap() {
        assertThat(MemFsOptions.parse(Map.of("size", "1m")).sizeBytes()).isEqualTo(1 << 20);
    }
}
