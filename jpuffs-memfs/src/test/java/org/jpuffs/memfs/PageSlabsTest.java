package org.jpuffs.memfs;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.jpuffs.memfs.PageStore.MEMORY;
import static org.jpuffs.memfs.PageStore.PAGE_SIZE;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageSlabsTest {
    private final PageSlabs slabs = new PageSlabs();

    @Test
    void pagesAreDistinctAlignedAndZeroed() throws Exception {
        List<Long> pages = new ArrayList<>();
        for (int i = 0; i < 2 * PageSlabs.PAGES + 3; i++) {
            long p = slabs.allocate();
            assertThat(p % PAGE_SIZE).isZero();
            assertThat(MEMORY.asSlice(p, PAGE_SIZE).mismatch(zeros())).isEqualTo(-1);
            pages.add(p);
        }
        assertThat(new HashSet<>(pages)).hasSize(pages.size());
        assertThat(slabs.slabCount()).isEqualTo(3);
        for (long p : pages) {
            slabs.free(p);
        }
    }

    @Test
    void freedPageComesBackZeroed() throws Exception {
        long p = slabs.allocate();
        MEMORY.set(JAVA_LONG, p + 128, 0x1234_5678_9abc_def0L);
        slabs.free(p);
        long again = slabs.allocate();
        assertThat(again).isEqualTo(p);
        assertThat(MEMORY.asSlice(again, PAGE_SIZE).mismatch(zeros())).isEqualTo(-1);
        slabs.free(again);
    }

    @Test
    void emptySlabsGoBackToTheHeapButOneStays() throws Exception {
        List<Long> pages = new ArrayList<>();
        for (int i = 0; i < 4 * PageSlabs.PAGES; i++) {
            pages.add(slabs.allocate());
        }
        assertThat(slabs.slabCount()).isEqualTo(4);
        for (long p : pages) {
            slabs.free(p);
        }
        assertThat(slabs.slabCount()).isEqualTo(1);
    }

    private static java.lang.foreign.MemorySegment zeros() {
        return java.lang.foreign.MemorySegment.ofArray(new byte[PAGE_SIZE]);
    }
}
