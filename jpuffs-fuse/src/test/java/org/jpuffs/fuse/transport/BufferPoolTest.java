package org.jpuffs.fuse.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BufferPoolTest {
    @Test
    void releasedBuffer_isReusedBeforeAnotherIsAllocated() {
        BufferPool pool = new BufferPool(8192, 2);
        BufferPool.Buffer a = pool.take(0);
        a.release();
        assertThat(pool.take(0)).isSameAs(a);
        assertThat(pool.allocated()).isEqualTo(1);
    }

    @Test
    void atTheCap_takeWaitsThenGivesUp_andAReleaseUnblocksIt() {
        BufferPool pool = new BufferPool(8192, 2);
        BufferPool.Buffer a = pool.take(0);
        BufferPool.Buffer b = pool.take(0);
        assertThat(a.segment().byteSize()).isEqualTo(8192);
        assertThat(a.segment().address() % 4096).as("page-aligned").isZero();
        assertThat(pool.take(20)).isNull();
        b.release();
        assertThat(pool.take(20)).isSameAs(b);
    }

    @Test
    void doubleRelease_isIgnored_soNoBufferIsLentTwice() {
        BufferPool pool = new BufferPool(8192, 4);
        BufferPool.Buffer a = pool.take(0);
        a.release();
        a.release();
        assertThat(pool.take(0)).isSameAs(a);
        assertThat(pool.take(0)).isNotSameAs(a);
    }
}
