package org.jpuffs.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jpuffs.Attributes;
import org.jpuffs.DirEntry;
import org.jpuffs.Entry;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileName;
import org.jpuffs.FileType;
import org.jpuffs.Lookup;
import org.jpuffs.OpenFlags;
import org.jpuffs.testkit.StubCallContext;
import org.junit.jupiter.api.Test;

/** Drives the hello server through FileServer calls, the way the node layer does. */
class HelloServerTest {
    private final HelloServer server = new HelloServer();
    private final StubCallContext ctx = StubCallContext.root();

    @Test
    void root_isAReadOnlyDirectory() throws Exception {
        Attributes root = server.getAttr(ctx, server.root(), null);

        assertThat(root.type()).isEqualTo(FileType.DIRECTORY);
        assertThat(root.permissions()).isEqualTo(0555);
    }

    @Test
    void lookupHello_givesAReadOnlyFileOfTheTextsSize() throws Exception {
        Lookup<String> found = server.lookup(ctx, server.root(), FileName.of("hello"));

        assertThat(found).isInstanceOfSatisfying(Entry.class, e -> {
            assertThat(e.cookie()).isEqualTo("hello");
            assertThat(e.attributes().type()).isEqualTo(FileType.REGULAR);
            assertThat(e.attributes().permissions()).isEqualTo(0444);
            assertThat(e.attributes().size()).isEqualTo(HelloServer.TEXT.length);
        });
    }

    @Test
    void lookupOtherName_isAbsentNotAnError() throws Exception {
        assertThat(server.lookup(ctx, server.root(), FileName.of("nope"))).isInstanceOf(Lookup.Absent.class);
    }

    @Test
    void readWhole_givesTheText_andReadPastEnd_givesNothing() throws Exception {
        ByteBuffer dst = ByteBuffer.allocate(4096);
        server.read(ctx, "hello", null, 0, dst);
        assertThat(new String(dst.array(), 0, dst.position(), StandardCharsets.UTF_8)).isEqualTo("Hello, world!\n");

        ByteBuffer past = ByteBuffer.allocate(16);
        server.read(ctx, "hello", null, HelloServer.TEXT.length, past);
        assertThat(past.position()).isZero();
    }

    @Test
    void readInTheMiddle_withASmallBuffer_isShortAndExact() throws Exception {
        ByteBuffer dst = ByteBuffer.allocate(5);
        server.read(ctx, "hello", null, 7, dst);

        assertThat(new String(dst.array(), StandardCharsets.UTF_8)).isEqualTo("world");
    }

    @Test
    void readDir_listsHelloOnce_thenEnds() throws Exception {
        List<DirEntry> entries = new ArrayList<>();
        server.readDir(ctx, server.root(), null, 0, entries::add);
        assertThat(entries).extracting(e -> e.name().toString()).containsExactly("hello");

        List<DirEntry> rest = new ArrayList<>();
        server.readDir(ctx, server.root(), null, entries.getFirst().nextOffset(), rest::add);
        assertThat(rest).isEmpty();
    }

    @Test
    void unimplementedOps_keepTheirDefaults() throws Exception {
        // writes are refused (read-only), opens are stateless (no handle needed)
        assertThatThrownBy(() -> server.write(ctx, "hello", null, 0, ByteBuffer.allocate(1)))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOSYS));
        assertThatThrownBy(() -> server.open(ctx, "hello", new OpenFlags(OpenFlags.O_RDONLY)))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOSYS));
    }
}
