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
}
