package org.jpuffs.fuse.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileName;
import org.junit.jupiter.api.Test;

class NameCacheTest {
    /** A frame holding {@code name} at offset 40, followed by a NUL. */
    private static MemorySegment frame(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        MemorySegment seg = Arena.ofAuto().allocate(40 + b.length + 1);
        MemorySegment.copy(b, 0, seg, ValueLayout.JAVA_BYTE, 40, b.length);
        return seg;
    }

    private static FileName name(NameCache cache, String s) throws ErrnoException {
        return cache.name(frame(s), 40, 40 + s.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void sameNameAgain_isTheSameInstance() throws Exception {
        NameCache cache = new NameCache(64);
        FileName first = name(cache, "hello.txt");
        assertThat(first).isEqualTo(FileName.of("hello.txt"));
        assertThat(name(cache, "hello.txt")).isSameAs(first);
    }

    @Test
    void namesSharingOneSlot_eachComeBackAsThemselves() throws Exception {
        NameCache cache = new NameCache(1); // every name collides
        assertThat(name(cache, "a")).isEqualTo(FileName.of("a"));
        assertThat(name(cache, "b")).isEqualTo(FileName.of("b"));
        assertThat(name(cache, "a")).isEqualTo(FileName.of("a"));
        // equal hash, other bytes: "Aa" and "BB" hash alike in Java
        assertThat(name(cache, "Aa")).isEqualTo(FileName.of("Aa"));
        assertThat(name(cache, "BB")).isEqualTo(FileName.of("BB"));
    }

    @Test
    void nonUtf8Bytes_roundTripExactly() throws Exception {
        NameCache cache = new NameCache(16);
        MemorySegment seg = Arena.ofAuto().allocate(64);
        seg.set(ValueLayout.JAVA_BYTE, 40, (byte) 0xff);
        seg.set(ValueLayout.JAVA_BYTE, 41, (byte) 0xfe);
        assertThat(cache.name(seg, 40, 42).bytes()).containsExactly((byte) 0xff, (byte) 0xfe);
    }

    @Test
    void slashInName_isEinval() {
        NameCache cache = new NameCache(16);
        assertThatThrownBy(() -> name(cache, "a/b")).isInstanceOfSatisfying(ErrnoException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
    }
}
