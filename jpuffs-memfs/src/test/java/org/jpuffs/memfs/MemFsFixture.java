package org.jpuffs.memfs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jpuffs.CallContext;
import org.jpuffs.Created;
import org.jpuffs.DirEntry;
import org.jpuffs.Entry;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileName;
import org.jpuffs.Lookup;
import org.jpuffs.OpenFlags;
import org.jpuffs.RenameFlag;
import org.junit.jupiter.api.AfterEach;

/** A fresh memfs per test, and short forms of the ops the tests use. */
abstract class MemFsFixture {
    static final TestCaller ROOT = TestCaller.ROOT;
    static final TestCaller ALICE = TestCaller.of(1000, 1000);
    static final TestCaller BOB = TestCaller.of(1001, 1001);
    static final OpenFlags RDWR = new OpenFlags(OpenFlags.O_RDWR);
    static final OpenFlags RDONLY = new OpenFlags(OpenFlags.O_RDONLY);
    static final OpenFlags WRONLY = new OpenFlags(OpenFlags.O_WRONLY);

    MemFs fs = newFs();
    Node root = fs.root();

    MemFs newFs() {
        return new MemFs(MemFsOptions.defaults().withSize(64L << 20).withInodes(10_000).withOwner(0, 0));
    }

    @AfterEach
    void destroy() {
        fs.destroy();
    }

    static FileName n(String name) {
        try {
            return FileName.of(name);
        } catch (ErrnoException e) {
            throw new AssertionError(e);
        }
    }

    static void assertErrno(Errno expected, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(ErrnoException.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((ErrnoException) e).errno())
                        .as("errno").isEqualTo(expected));
    }

    Node mkdir(CallContext ctx, Node dir, String name, int mode) throws IOException {
        return fs.mkdir(ctx, dir, n(name), mode).cookie();
    }

    Node mkdir(Node dir, String name) throws IOException {
        return mkdir(ROOT, dir, name, 0755);
    }

    Created<Node> create(CallContext ctx, Node dir, String name, int mode) throws IOException {
        return fs.create(ctx, dir, n(name), mode, new OpenFlags(OpenFlags.O_RDWR | OpenFlags.O_CREAT));
    }

    Node file(Node dir, String name) throws IOException {
        return create(ROOT, dir, name, 0644).entry().cookie();
    }

    Node lookup(Node dir, String name) throws IOException {
        Lookup<Node> l = fs.lookup(ROOT, dir, n(name));
        return l instanceof Entry<Node> e ? e.cookie() : null;
    }

    int write(Node node, long offset, byte[] data) throws IOException {
        return fs.write(ROOT, node, null, offset, ByteBuffer.wrap(data));
    }

    int write(Node node, long offset, String data) throws IOException {
        return write(node, offset, data.getBytes(StandardCharsets.UTF_8));
    }

    byte[] read(Node node, long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        fs.read(ROOT, node, null, offset, b);
        b.flip();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    String readString(Node node) throws IOException {
        return new String(read(node, 0, (int) fs.getAttr(ROOT, node, null).size()), StandardCharsets.UTF_8);
    }

    List<DirEntry> list(Node dir, long offset) throws IOException {
        List<DirEntry> out = new ArrayList<>();
        fs.readDir(ROOT, dir, null, offset, e -> out.add(e));
        return out;
    }

    List<String> names(Node dir) throws IOException {
        return list(dir, 0).stream().map(e -> e.name().toString()).toList();
    }

    void rename(Node from, String name, Node to, String newName, RenameFlag... flags) throws IOException {
        fs.rename(ROOT, from, n(name), to, n(newName), flags.length == 0 ? Set.of() : Set.of(flags));
    }

    int mode(Node node) {
        return node.attributes().permissions();
    }
}
