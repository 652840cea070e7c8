package org.jpuffs.memfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageTableTest {

    @Test
    void putGetRemove_sparse() {
        PageTable t = new PageTable();
        t.put(0, 16, false);
        t.put(5000, 32, false);
        t.put(1L << 31, 48, false);
        assertThat(t.get(0)).isEqualTo(16);
        assertThat(t.get(1)).isZero();
        assertThat(t.get(5000)).isEqualTo(32);
        assertThat(t.get(1L << 31)).isEqualTo(48);
        assertThat(t.pageCount()).isEqualTo(3);
        assertThat(t.remove(5000)).isEqualTo(32);
        assertThat(t.remove(5000)).isZero();
        assertThat(t.pageCount()).isEqualTo(2);
    }

    @Test
    void nextDataAndHole() {
        PageTable t = new PageTable();
        for (long i = 510; i < 515; i++) {
            t.put(i, (i + 1) * 16, false); // across a run boundary
        }
        assertThat(t.nextData(0)).isEqualTo(510);
        assertThat(t.nextData(515)).isEqualTo(-1);
        assertThat(t.nextHole(510)).isEqualTo(515);
        assertThat(t.nextHole(0)).isZero();
    }

    @Test
    void unwrittenPage_isAHoleForSeeking_untilWritten() {
        PageTable t = new PageTable();
        t.put(3, 64, true);
        assertThat(t.get(3)).isEqualTo(64);
        assertThat(t.nextData(0)).isEqualTo(-1);
        assertThat(t.nextHole(3)).isEqualTo(3);
        t.markWritten(3);
        assertThat(t.nextData(0)).isEqualTo(3);
        assertThat(t.nextHole(3)).isEqualTo(4);
        List<Long> freed = new ArrayList<>();
        t.put(4, 80, true);
        t.removeRange(0, 10, freed::add);
        assertThat(freed).containsExactly(64L, 80L);
    }

    @Test
    void removeRange_handsBackAddresses() {
        PageTable t = new PageTable();
        for (long i = 0; i < 2000; i++) {
            t.put(i, (i + 1) * 16, false);
        }
        List<Long> freed = new ArrayList<>();
        t.removeRange(100, 1500, freed::add);
        assertThat(freed).hasSize(1400);
        assertThat(t.pageCount()).isEqualTo(600);
        assertThat(t.get(99)).isEqualTo(1600);
        assertThat(t.get(100)).isZero();
        assertThat(t.get(1500)).isEqualTo(1501 * 16);
        assertThat(t.nextData(100)).isEqualTo(1500);
    }
}
