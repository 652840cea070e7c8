package org.jpuffs.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.jpuffs.Errno;
import org.jpuffs.testkit.Errnos;
import org.junit.jupiter.api.Test;

class HandleTableTest {
    private final HandleTable handles = new HandleTable();

    @Test
    void numbersNeverZeroNeverReused() throws Exception {
        long a = handles.add("a");
        long b = handles.add(null);
        assertThat(a).isNotZero();
        assertThat(b).isNotZero().isNotEqualTo(a);
        assertThat(handles.remove(a)).isEqualTo("a");
        assertThat(handles.add("c")).isNotEqualTo(a);
    }

    @Test
    void zeroIsNoHandle_nullHandleOfStatefulOpenKept() throws Exception {
        assertThat(handles.get(0)).isNull();
        long n = handles.add(null);
        assertThat(handles.get(n)).isNull();
        assertThat(handles.size()).isEqualTo(1);
    }

    @Test
    void unknownOrReleasedNumber_ebadf() throws Exception {
        long a = handles.add("a");
        handles.remove(a);
        assertThat(Errnos.thrownBy(() -> handles.get(a))).isEqualTo(Errno.EBADF);
        assertThat(Errnos.thrownBy(() -> handles.remove(a))).isEqualTo(Errno.EBADF);
        assertThat(Errnos.thrownBy(() -> handles.get(12345))).isEqualTo(Errno.EBADF);
    }

    @Test
    void releasedSlotReused_oldNumberStaysEbadf_newNumberDiffers() throws Exception {
        long a = handles.add("a");
        handles.remove(a);
        long b = handles.add("b");
        assertThat(b).isNotEqualTo(a);
        assertThat(handles.get(b)).isEqualTo("b");
        assertThat(Errnos.thrownBy(() -> handles.get(a))).isEqualTo(Errno.EBADF);
    }

    @Test
    void manyOpens_growAndAllFound() throws Exception {
        long[] fhs = new long[10_000];
        for (int i = 0; i < fhs.length; i++) {
            fhs[i] = handles.add(i);
        }
        for (int i = 0; i < fhs.length; i += 2) {
            handles.remove(fhs[i]);
        }
        for (int i = 1; i < fhs.length; i += 2) {
            assertThat(handles.get(fhs[i])).isEqualTo(i);
        }
        assertThat(handles.size()).isEqualTo(5_000);
    }

    @Test
    void lookups_concurrentWithOpensAndReleases_findTheirOwnHandle() throws Exception {
        Thread[] threads = new Thread[4];
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 20_000; i++) {
                        Object mine = new Object();
                        long fh = handles.add(mine);
                        if (handles.get(fh) != mine || handles.remove(fh) != mine) {
                            throw new AssertionError("handle " + fh + " mixed up");
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(handles.size()).isZero();
    }
}
