package org.jpuffs.examples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.jpuffs.*;

/** The smallest useful file server: a read-only root directory holding one file, {@code hello}. */
public final class HelloServer implements FileServer<String> {
    static final byte[] TEXT = "Hello, world!\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    @Override public String root() { return "/"; }
    @Override public Lookup<String> lookup(CallContext ctx, String dir, FileName name) throws IOException {
        return name.equals(FileName.of("hello")) ? Entry.of("hello", getAttr(ctx, "hello", null)) : Lookup.absent();
    }
    @Override public Attributes getAttr(CallContext ctx, String node, Object handle) {
        return node.equals("/") ? Attributes.of(0, FileType.DIRECTORY.mode(0555), 2, 0, 0, 0, Instant.EPOCH)
                : Attributes.of(0, FileType.REGULAR.mode(0444), 1, 0, 0, TEXT.length, Instant.EPOCH);
    }
    @Override public void read(CallContext ctx, String node, Object handle, long offset, ByteBuffer dst) {
        if (offset < TEXT.length) dst.put(TEXT, (int) offset, Math.min(dst.remaining(), TEXT.length - (int) offset));
    }
    @Override public void readDir(CallContext ctx, String dir, Object handle, long offset, DirSink sink) throws IOException {
        if (offset == 0) sink.add(new DirEntry(FileName.of("hello"), FileType.REGULAR, 0, 1));
    }
}
