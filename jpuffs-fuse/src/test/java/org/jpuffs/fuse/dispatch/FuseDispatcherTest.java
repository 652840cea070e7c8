package org.jpuffs.fuse.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jpuffs.DirEntry;
import org.jpuffs.DirSink;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileName;
import org.jpuffs.FileType;
import org.jpuffs.Lock;
import org.jpuffs.OpenFlags;
import org.jpuffs.PollWaker;
import org.jpuffs.fuse.protocol.FuseAbi;
import org.jpuffs.fuse.protocol.InitConfig;
import org.jpuffs.fuse.protocol.Negotiated;
import org.jpuffs.fuse.protocol.Opcode;
import org.jpuffs.fuse.testing.FakeNodeLayer;
import org.jpuffs.fuse.testing.Frames;
import org.jpuffs.fuse.testing.MemoryTransport;
import org.jpuffs.fuse.testing.MemoryTransport.Out;
import org.jpuffs.fuse.transport.ReplyChannel;
import org.jpuffs.kernel.Call;
import org.jpuffs.kernel.DirPlusSink;
import org.jpuffs.kernel.NodeAttributes;
import org.jpuffs.kernel.NodeEntry;
import org.jpuffs.kernel.Op;
import org.jpuffs.kernel.OpenReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class FuseDispatcherTest {
    static final long KERNEL_745 = 0x7ff_7fff_fffbL;
    static final InitConfig CONFIG = new InitConfig(1 << 20, 256, 64, 48, 0, 1, InitConfig.ReaddirPlus.AUTO, true,
            true, false, false, false, false, false, true, true, false, false, 0);

    private FuseDispatcher dispatcher;
    private MemoryTransport kernel;

    @AfterEach
    void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (kernel != null) {
            assertThat(kernel.doubleReleases()).isZero();
        }
    }

    private MemoryTransport start(FakeNodeLayer layer) throws Exception {
        return start(layer, DispatchOptions.defaults().withInit(CONFIG), null);
    }

    private MemoryTransport start(FakeNodeLayer layer, DispatchOptions options, KernelNotifications kn)
            throws Exception {
        dispatcher = new FuseDispatcher(layer, null, kn, options);
        kernel = new MemoryTransport(dispatcher);
        kernel.feed(Frames.init(1, 45, KERNEL_745));
        Out init = MemoryTransport.parse(kernel.next());
        assertThat(init.error()).isZero();
        assertThat(dispatcher.initialized()).isCompleted();
        return kernel;
    }

    private Out ask(Opcode op, long unique, long node, Frames body) throws Exception {
        kernel.feed(Frames.request(op, unique, node, body));
        Out out = MemoryTransport.parse(kernel.next());
        assertThat(out.unique()).isEqualTo(unique);
        return out;
    }

    private static int errno(Errno e) {
        return -e.number();
    }

    @Test
    void init_callsTheServersInit_thenSignalsReadiness() throws Exception {
        FakeNodeLayer layer = new FakeNodeLayer();
        start(layer);
        Negotiated n = dispatcher.initialized().get();
        assertThat(n.minor()).isEqualTo(45);
        assertThat(layer.calls).containsExactly("init");
    }

    @Test
    void init731_goldenFrame_isAnsweredAtItsMinor() throws Exception {
        dispatcher = new FuseDispatcher(new FakeNodeLayer(), null, null, DispatchOptions.defaults().withInit(CONFIG));
        kernel = new MemoryTransport(dispatcher);
        kernel.feed(Frames.init(1, 31, 0x07ff_fffbL));
        Out out = MemoryTransport.parse(kernel.next());
        assertThat(out.error()).isZero();
        assertThat(out.len()).isEqualTo(80);
        assertThat(out.body().getInt(4)).isEqualTo(31);
        assertThat(dispatcher.initialized().get().minor()).isEqualTo(31);
    }

    @Test
    void initBelow731_isRefusedWithEproto() throws Exception {
        dispatcher = new FuseDispatcher(new FakeNodeLayer(), null, null, DispatchOptions.defaults().withInit(CONFIG));
        kernel = new MemoryTransport(dispatcher);
        kernel.feed(Frames.init(1, 30, 0x03ff_fffbL));
        assertThat(MemoryTransport.parse(kernel.next()).error()).isEqualTo(-71);
        assertThat(dispatcher.initialized()).isCompletedExceptionally();
    }

    @Test
    void requestBeforeInit_getsEio() throws Exception {
        dispatcher = new FuseDispatcher(new FakeNodeLayer(), null, null, DispatchOptions.defaults().withInit(CONFIG));
        kernel = new MemoryTransport(dispatcher);
        kernel.feed(Frames.request(Opcode.GETATTR, 5, 1, Frames.body().u32(0).u32(0).u64(0)));
        assertThat(MemoryTransport.parse(kernel.next()).error()).isEqualTo(errno(Errno.EIO));
    }

    @Test
    void lookup_foundAndAbsent() throws Exception {
        FakeNodeLayer layer = new FakeNodeLayer();
        start(layer);
        Out found = ask(Opcode.LOOKUP, 2, 1, Frames.body().cstr("hello"));
        assertThat(found.error()).isZero();
        assertThat(found.len()).isEqualTo(16 + FuseAbi.ENTRY_OUT);
        assertThat(found.body().getLong(0)).isEqualTo(2);
        Out absent = ask(Opcode.LOOKUP, 3, 1, Frames.body().cstr("nope"));
        assertThat(absent.error()).isZero();
        assertThat(absent.body().getLong(0)).isZero(); // a negative entry, cached for its TTL
        assertThat(layer.calls).contains("lookup 1 hello", "lookup 1 nope");
    }

    @Test
    void getattrAndStatx_bothReachGetAttr() throws Exception {
        FakeNodeLayer layer = new FakeNodeLayer();
        start(layer);
        Out attr = ask(Opcode.GETATTR, 4, 2, Frames.body().u32(FuseAbi.GETATTR_FH).u32(0).u64(9));
        assertThat(attr.len()).isEqualTo(16 + FuseAbi.ATTR_OUT);
        assertThat(attr.body().getLong(16)).isEqualTo(2); // attr.ino
        Out statx = ask(Opcode.STATX, 5, 2, Frames.body().u32(0).u32(0).u64(0).u32(0).u32(0xfff));
        assertThat(statx.len()).isEqualTo(16 + FuseAbi.STATX_OUT);
        assertThat(layer.calls).contains("getAttr 2 9", "getAttr 2 0");
    }

    @Test
    void forgetAndBatchForget_reachTheLayer_withoutReply() throws Exception {
        FakeNodeLayer layer = new FakeNodeLayer();
        start(layer);
        kernel.feed(Frames.requestFrom(Opcode.FORGET.code(), 6, 2, 0, 0, 0, Frames.body().u64(3).bytes()));
        kernel.feed(Frames.requestFrom(Opcode.BATCH_FORGET.code(), 7, 0, 0, 0, 0,
                Frames.body().u32(2).u32(0).u64(4).u64(1).u64(5).u64(2).bytes()));
        assertThat(kernel.poll(200)).isNull();
        assertThat(layer.calls).contains("forget 2 3", "forget 4 1", "forget 5 2");
        assertThat(kernel.unreleasedBuffers()).isZero();
    }

    @Test
    void unknownOpcode_getsEnosys() throws Exception {
        start(new FakeNodeLayer());
        kernel.feed(Frames.request(999, 8, 1, new byte[0]));
        assertThat(MemoryTransport.parse(kernel.next()).error()).isEqualTo(errno(Errno.ENOSYS));
    }

    @Test
    void malformedFrames_getAnErrorReply_andTheSessionGoesOn() throws Exception {
        start(new FakeNodeLayer());
        byte[] lookup = Frames.request(Opcode.LOOKUP, 9, 1, Frames.body().cstr("hello"));
        kernel.feed(java.util.Arrays.copyOf(lookup, 20)); // short header, unique readable
        Out shortHeader = MemoryTransport.parse(kernel.next());
        assertThat(shortHeader.unique()).isEqualTo(9);
        assertThat(shortHeader.error()).isEqualTo(errno(Errno.EIO));

        byte[] mismatch = lookup.clone();
        mismatch[0] = 100; // header claims 100 bytes
        mismatch[8] = 10;
        kernel.feed(mismatch);
        Out lengthMismatch = MemoryTransport.parse(kernel.next());
        assertThat(lengthMismatch.unique()).isEqualTo(10);
        assertThat(lengthMismatch.error()).isEqualTo(errno(Errno.EIO));

        kernel.feed(Frames.request(Opcode.LOOKUP, 11, 1, "hello".getBytes())); // no NUL
        assertThat(MemoryTransport.parse(kernel.next()).error()).isEqualTo(errno(Errno.EIO));

        kernel.feed(new byte[8]); // not even a unique: nothing to answer
        assertThat(kernel.poll(100)).isNull();

        assertThat(ask(Opcode.LOOKUP, 12, 1, Frames.body().cstr("hello")).error()).isZero();
        assertThat(kernel.unreleasedBuffers()).isZero();
    }

    @Test
    void serverRuntimeException_isEio_andTheSessionGoesOn() throws Exception {
        start(new FakeNodeLayer() {
            @Override
            public NodeEntry lookup(Call c, long parent, FileName name) throws IOException {
                if (name.toString().equals("boom")) {
                    throw new IllegalStateException("server bug");
                }
                return super.lookup(c, parent, name);
            }
        });
        assertThat(ask(Opcode.LOOKUP, 13, 1, Frames.body().cstr("boom")).error()).isEqualTo(errno(Errno.EIO));
        assertThat(ask(Opcode.LOOKUP, 14, 1, Frames.body().cstr("hello")).error()).isZero();
    }

    @Test
    void read_dataComesBackWithoutCopy_andNeverLongerThanAsked() throws Exception {
        start(new FakeNodeLayer() {
            @Override
            public void read(Call c, long node, long fh, long offset, ByteBuffer dst) {
                assertThat(dst.isDirect()).isTrue();
                dst.put("abc".getBytes());
                if (offset == 1) {
                    dst.put(new byte[dst.remaining() + 1]); // a buggy server overrunning the window
                }
            }
        });
        Out ok = ask(Opcode.READ, 15, 2, Frames.body().u64(7).u64(0).u32(10).u32(0).u64(0).u32(0).u32(0));
        assertThat(ok.error()).isZero();
        assertThat(ok.len()).isEqualTo(19);
        assertThat(new String(ok.body().array(), 16, 3)).isEqualTo("abc");
        Out bad = ask(Opcode.READ, 16, 2, Frames.body().u64(7).u64(1).u32(10).u32(0).u64(0).u32(0).u32(0));
        assertThat(bad.error()).isEqualTo(errno(Errno.EIO));
    }

    @Test
    void write_payloadIsTheRequestBuffer() throws Exception {
        AtomicLong seen = new AtomicLong();
        start(new FakeNodeLayer() {
            @Override
            public int write(Call c, long node, long fh, long offset, ByteBuffer src) {
                seen.set(MemorySegment.ofBuffer(src).address());
                return src.remaining();
            }
        });
        kernel.feed(Frames.request(Opcode.WRITE, 17, 2, Frames.body().u64(7).u64(0).u32(5).u32(0).u64(0).u32(0).u32(0)
                .raw("world".getBytes())));
        Out out = MemoryTransport.parse(kernel.next());
        assertThat(out.error()).isZero();
        assertThat(out.body().getInt(0)).isEqualTo(5);
        assertThat(seen.get()).isEqualTo(kernel.lastRequest().address() + 80);
    }

    @Test
    void getxattr_sizeQuery_erange_andValue() throws Exception {
        start(new FakeNodeLayer() {
            @Override
            public byte[] getXattr(Call c, long node, String name) {
                return "value".getBytes();
            }

            @Override
            public List<String> listXattr(Call c, long node) {
                return List.of("user.a", "user.b");
            }
        });
        Out query = ask(Opcode.GETXATTR, 18, 2, Frames.body().u32(0).u32(0).cstr("user.k"));
        assertThat(query.len()).isEqualTo(16 + 8);
        assertThat(query.body().getInt(0)).isEqualTo(5);
        assertThat(ask(Opcode.GETXATTR, 19, 2, Frames.body().u32(4).u32(0).cstr("user.k")).error())
                .isEqualTo(errno(Errno.ERANGE));
        Out value = ask(Opcode.GETXATTR, 20, 2, Frames.body().u32(64).u32(0).cstr("user.k"));
        assertThat(value.len()).isEqualTo(16 + 5);
        Out list = ask(Opcode.LISTXATTR, 21, 2, Frames.body().u32(0).u32(0));
        assertThat(list.body().getInt(0)).isEqualTo(14);
        assertThat(ask(Opcode.LISTXATTR, 22, 2, Frames.body().u32(13).u32(0)).error()).isEqualTo(errno(Errno.ERANGE));
    }

    @Test
    void enosysOpen_withNoOpenSupport_isEnosys_otherwiseAStatelessOpen() throws Exception {
        start(new FakeNodeLayer());
        assertThat(ask(Opcode.OPEN, 23, 2, Frames.body().u32(OpenFlags.O_RDONLY).u32(0)).error())
                .isEqualTo(errno(Errno.ENOSYS));
        dispatcher.close();
        InitConfig noNoOpen = new InitConfig(1 << 20, 256, 64, 48, 0, 1, InitConfig.ReaddirPlus.AUTO, true, true,
                false, false, false, false, false, false, false, false, false, 0);
        start(new FakeNodeLayer(), DispatchOptions.defaults().withInit(noNoOpen), null);
        Out open = ask(Opcode.OPEN, 24, 2, Frames.body().u32(OpenFlags.O_RDONLY).u32(0));
        assertThat(open.error()).isZero();
        assertThat(open.body().getLong(0)).isZero(); // fh 0: stateless
    }

    @Test
    void enosysFlushFsyncAccess_areEnosys() throws Exception {
        start(new FakeNodeLayer());
        assertThat(ask(Opcode.FLUSH, 25, 2, Frames.body().u64(1).u32(0).u32(0).u64(0)).error())
                .isEqualTo(errno(Errno.ENOSYS));
        assertThat(ask(Opcode.FSYNC, 26, 2, Frames.body().u64(1).u32(0).u32(0)).error())
                .isEqualTo(errno(Errno.ENOSYS));
        assertThat(ask(Opcode.ACCESS, 27, 2, Frames.body().u32(4).u32(0)).error()).isEqualTo(errno(Errno.ENOSYS));
    }

    @Test
    void release_reachesTheLayer_andIsAnswered() throws Exception {
        FakeNodeLayer layer = new FakeNodeLayer();
        start(layer);
        assertThat(ask(Opcode.RELEASE, 28, 2, Frames.body().u64(7).u32(0).u32(0).u64(0)).error()).isZero();
        assertThat(ask(Opcode.RELEASEDIR, 29, 1, Frames.body().u64(8).u32(0).u32(0).u64(0)).error()).isZero();
        assertThat(layer.calls).contains("release 2 7", "releaseDir 1 8");
    }

    @Test
    void interruptForAnUnseenRequest_getsEagain() throws Exception {
        start(new FakeNodeLayer());
        kernel.feed(Frames.requestFrom(Opcode.INTERRUPT.code(), 31, 0, 0, 0, 0, Frames.body().u64(30).bytes()));
        Out out = MemoryTransport.parse(kernel.next());
        assertThat(out.unique()).isEqualTo(31);
        assertThat(out.error()).isEqualTo(errno(Errno.EAGAIN));
    }

    @Test
    void interruptOfARequestOnAnotherReader_reachesIt_andNotThatReadersNextRequest() throws Exception {
        CompletableFuture<Call> entered = new CompletableFuture<>();
        List<Call> later = new CopyOnWriteArrayList<>();
        List<Boolean> laterInterrupted = new CopyOnWriteArrayList<>();
        start(new FakeNodeLayer() {
            @Override
            public NodeAttributes getAttr(Call c, long node, long fh) throws IOException {
                if (node == 3) {
                    entered.complete(c);
                    while (!c.isInterrupted()) {
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            break;
                        }
                    }
                    throw new ErrnoException(Errno.EINTR);
                }
                later.add(c);
                laterInterrupted.add(c.isInterrupted());
                return super.getAttr(c, node, fh);
            }
        });
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            // served inline on the "reader" thread, which it blocks
            reader.execute(() -> kernel.feed(Frames.request(Opcode.GETATTR, 50, 3, Frames.body().u32(0).u32(0).u64(0))));
            Call blocked = entered.get(5, TimeUnit.SECONDS);
            kernel.feed(Frames.requestFrom(Opcode.INTERRUPT.code(), 51, 0, 0, 0, 0, Frames.body().u64(50).bytes()));
            Out interrupted = MemoryTransport.parse(kernel.next());
            assertThat(interrupted.unique()).isEqualTo(50); // the interrupt itself is not answered
            assertThat(interrupted.error()).isEqualTo(errno(Errno.EINTR));

            reader.submit(() -> kernel.feed(Frames.request(Opcode.GETATTR, 52, 2, Frames.body().u32(0).u32(0).u64(0))))
                    .get(5, TimeUnit.SECONDS);
            Out next = MemoryTransport.parse(kernel.next());
            assertThat(next.unique()).isEqualTo(52);
            assertThat(next.error()).isZero();
            // the reader's context is reused (no allocation per request), but as a new request's
            assertThat(later).containsExactly(blocked);
            assertThat(laterInterrupted).containsExactly(false);

            // a late interrupt of the answered request finds nothing: EAGAIN, and 52 is untouched
            kernel.feed(Frames.requestFrom(Opcode.INTERRUPT.code(), 53, 0, 0, 0, 0, Frames.body().u64(50).bytes()));
            Out late = MemoryTransport.parse(kernel.next());
            assertThat(late.unique()).isEqualTo(53);
            assertThat(late.error()).isEqualTo(errno(Errno.EAGAIN));
            assertThat(dispatcher.inFlight()).isZero();
        } finally {
            reader.shutdownNow();
        }
    }

    @Test
    void hotRequestsWithDefects_getTheDecodersErrno_andTheSessionGoesOn() throws Exception {
        start(new FakeNodeLayer());
        assertThat(ask(Opcode.LOOKUP, 60, 1, Frames.body().cstr("a/b")).error()).isEqualTo(errno(Errno.EINVAL));
        assertThat(ask(Opcode.LOOKUP, 61, 1, Frames.body().cstr("")).error()).isEqualTo(errno(Errno.EINVAL));
        assertThat(ask(Opcode.LOOKUP, 62, 1, Frames.body().cstr("n".repeat(256))).error())
                .isEqualTo(errno(Errno.ENAMETOOLONG));
        assertThat(ask(Opcode.GETATTR, 63, 2, Frames.body().u32(0)).error()).isEqualTo(errno(Errno.EIO));
        assertThat(ask(Opcode.READ, 64, 2, Frames.body().u64(7).u64(0)).error()).isEqualTo(errno(Errno.EIO));
        // a WRITE announcing 10 bytes and carrying 5
        assertThat(ask(Opcode.WRITE, 65, 2, Frames.body().u64(7).u64(0).u32(10).u32(0).u64(0).u32(0).u32(0).zeros(5))
                .error()).isEqualTo(errno(Errno.EIO));
        assertThat(ask(Opcode.LOOKUP, 66, 1, Frames.body().cstr("hello")).error()).isZero();
        assertThat(kernel.unreleasedBuffers()).isZero();
    }

    @Test
    void setlkw_doesNotStallTheReader_andAnInterruptEndsItWithEintr() throws Exception {
        AtomicReference<Call> waiting = new AtomicReference<>();
        CompletableFuture<Void> entered = new CompletableFuture<>();
        start(new FakeNodeLayer() {
            @Override
            public void setLock(Call c, long node, long fh, Lock lock, boolean wait) throws IOException {
                waiting.set(c);
                entered.complete(null);
                try {
                    while (!c.isInterrupted()) {
                        Thread.sleep(5);
                    }
                } catch (InterruptedException e) {
                    // interrupted: answer EINTR below
                }
                throw new ErrnoException(Errno.EINTR);
            }
        });
        kernel.feed(Frames.request(Opcode.SETLKW, 40, 2, Frames.body().u64(7).u64(1).u64(0).u64(Long.MAX_VALUE)
                .u32(FuseAbi.F_WRLCK).u32(4242).u32(0).u32(0)));
        entered.get(5, TimeUnit.SECONDS);
        // the reader goes on while the lock waits
        assertThat(ask(Opcode.LOOKUP, 42, 1, Frames.body().cstr("hello")).error()).isZero();
        kernel.feed(Frames.requestFrom(Opcode.INTERRUPT.code(), 40 | FuseAbi.INT_REQ_BIT, 0, 0, 0, 0,
                Frames.body().u64(40).bytes()));
        Out out = MemoryTransport.parse(kernel.next());
        assertThat(out.unique()).isEqualTo(40); // the interrupt itself is not answered
        assertThat(out.error()).isEqualTo(errno(Errno.EINTR));
        assertThat(waiting.get().isInterrupted()).isTrue();
        assertThat(kernel.poll(100)).isNull();
        assertThat(kernel.unreleasedBuffers()).isZero();
    }

    @Test
    void destroy_shutsTheLayerDown_beforeAnswering() throws Exception {
        FakeNodeLayer layer = new FakeNodeLayer();
        start(layer);
        kernel.feed(Frames.requestFrom(Opcode.DESTROY.code(), 50, 0, 0, 0, 0, new byte[0]));
        Out out = MemoryTransport.parse(kernel.next());
        assertThat(out.error()).isZero();
        assertThat(layer.calls).endsWith("shutdown");
    }

    @Test
    void syncfs_reachesTheLayer() throws Exception {
        FakeNodeLayer layer = new FakeNodeLayer() {
            @Override
            public void syncFs(Call c) {
                calls.add("syncFs");
            }
        };
        start(layer);
        assertThat(ask(Opcode.SYNCFS, 51, 1, Frames.body().u64(0)).error()).isZero();
        assertThat(layer.calls).contains("syncFs");
    }

    @Test
    void readdir_entriesAreAligned_andNeverPastTheRequestedSize() throws Exception {
        start(new FakeNodeLayer() {
            @Override
            public void readDir(Call c, long node, long fh, long offset, DirSink sink) throws IOException {
                for (int i = (int) offset; i < 100; i++) {
                    if (!sink.add(new DirEntry(FileName.of("f" + i), FileType.REGULAR, 10 + i, i + 1))) {
                        return;
                    }
                }
            }

            @Override
            public void readDirPlus(Call c, long node, long fh, long offset, DirPlusSink sink) throws IOException {
                for (int i = (int) offset; i < 100; i++) {
                    NodeEntry e = new NodeEntry(10 + i, 0, FakeNodeLayer.file(10 + i, 0), 0, 0);
                    if (!sink.add(new DirEntry(FileName.of("f" + i), FileType.REGULAR, 10 + i, i + 1), e)) {
                        return;
                    }
                }
            }
        });
        Out dir = ask(Opcode.READDIR, 60, 1, Frames.body().u64(1).u64(0).u32(100).u32(0).u64(0).u32(0).u32(0));
        assertThat(dir.len() - 16).isEqualTo(96); // three 32-byte dirents fit in 100
        assertThat(dir.body().getLong(8)).isEqualTo(1);
        assertThat(dir.body().getLong(32 + 8)).isEqualTo(2);
        Out plus = ask(Opcode.READDIRPLUS, 61, 1, Frames.body().u64(1).u64(5).u32(400).u32(0).u64(0).u32(0).u32(0));
        assertThat(plus.len() - 16).isEqualTo(320); // two 160-byte direntplus
        assertThat(plus.body().getLong(0)).isEqualTo(15); // entry_out.nodeid of f5
    }

    @Test
    void readdirplusFailingMidway_takesBackTheLookupsOfTheEntriesAlreadyTaken() throws Exception {
        FakeNodeLayer layer = new FakeNodeLayer() {
            @Override
            public void readDirPlus(Call c, long node, long fh, long offset, DirPlusSink sink) throws IOException {
                sink.add(new DirEntry(FileName.of("."), FileType.DIRECTORY, 1, 1), null);
                for (int i = 0; i < 2; i++) {
                    NodeEntry e = new NodeEntry(10 + i, 0, FakeNodeLayer.file(10 + i, 0), 0, 0);
                    assertThat(sink.add(new DirEntry(FileName.of("f" + i), FileType.REGULAR, 10 + i, i + 2), e))
                            .isTrue();
                }
                throw new ErrnoException(Errno.EIO, "the disk went away");
            }
        };
        start(layer);
        Out plus = ask(Opcode.READDIRPLUS, 62, 1, Frames.body().u64(1).u64(0).u32(4096).u32(0).u64(0).u32(0).u32(0));
        assertThat(plus.error()).isEqualTo(errno(Errno.EIO));
        // the kernel never saw f0 and f1: the node layer must not keep counting them
        assertThat(layer.calls).filteredOn(s -> s.startsWith("forget")).containsExactly("forget 10 1", "forget 11 1");
    }

    @Test
    void retrieve_isCompletedByNotifyReply_whichGetsNoAnswer() throws Exception {
        CapturingChannel notes = new CapturingChannel();
        KernelNotifications kn = new KernelNotifications(notes);
        try {
            start(new FakeNodeLayer(), DispatchOptions.defaults().withInit(CONFIG), kn);
            CompletableFuture<byte[]> data = kn.retrieve(2, 0, 4);
            MemorySegment frame = notes.next();
            assertThat(frame.get(ValueLayout.JAVA_INT_UNALIGNED, 4)).isEqualTo(5); // FUSE_NOTIFY_RETRIEVE
            long notifyUnique = frame.get(ValueLayout.JAVA_LONG_UNALIGNED, 16);
            kernel.feed(Frames.requestFrom(Opcode.NOTIFY_REPLY.code(), notifyUnique, 2, 0, 0, 0,
                    Frames.body().u64(0).u64(0).u32(4).u32(0).u64(0).u64(0).raw(new byte[] {1, 2, 3, 4}).bytes()));
            assertThat(data.get(5, TimeUnit.SECONDS)).containsExactly(1, 2, 3, 4);
            assertThat(kernel.poll(100)).isNull();
        } finally {
            kn.close();
        }
    }

    @Test
    void pollWithScheduleNotify_wakesThroughTheNotificationQueue() throws Exception {
        CapturingChannel notes = new CapturingChannel();
        KernelNotifications kn = new KernelNotifications(notes);
        AtomicReference<PollWaker> waker = new AtomicReference<>();
        try {
            start(new FakeNodeLayer() {
                @Override
                public int poll(Call c, long node, long fh, int events, PollWaker w) {
                    waker.set(w);
                    return 0;
                }
            }, DispatchOptions.defaults().withInit(CONFIG), kn);
            Out out = ask(Opcode.POLL, 70, 2, Frames.body().u64(7).u64(99).u32(FuseAbi.POLL_SCHEDULE_NOTIFY).u32(1));
            assertThat(out.error()).isZero();
            waker.get().wake();
            MemorySegment frame = notes.next();
            assertThat(frame.get(ValueLayout.JAVA_INT_UNALIGNED, 4)).isEqualTo(1); // FUSE_NOTIFY_POLL
            assertThat(frame.get(ValueLayout.JAVA_LONG_UNALIGNED, 16)).isEqualTo(99);
        } finally {
            kn.close();
        }
    }

    @Test
    void notificationFromInsideAHandler_isQueued_andTheReplyStillGoesOut() throws Exception {
        CapturingChannel notes = new CapturingChannel();
        KernelNotifications kn = new KernelNotifications(notes);
        try {
            start(new FakeNodeLayer() {
                @Override
                public NodeEntry lookup(Call c, long parent, FileName name) throws IOException {
                    kn.invalidateEntry(parent, name, true);
                    return super.lookup(c, parent, name);
                }
            }, DispatchOptions.defaults().withInit(CONFIG), kn);
            assertThat(ask(Opcode.LOOKUP, 80, 1, Frames.body().cstr("hello")).error()).isZero();
            MemorySegment frame = notes.next();
            assertThat(frame.get(ValueLayout.JAVA_INT_UNALIGNED, 4)).isEqualTo(3); // INVAL_ENTRY
            assertThat(frame.get(ValueLayout.JAVA_INT_UNALIGNED, 28)).isEqualTo(FuseAbi.EXPIRE_ONLY);
        } finally {
            kn.close();
        }
    }

    @Test
    void notificationsBeforeInit_areEnotconn() throws Exception {
        KernelNotifications kn = new KernelNotifications(new CapturingChannel());
        try {
            kn.invalidateInode(2, -1, 0);
            throw new AssertionError("expected ENOTCONN");
        } catch (ErrnoException e) {
            assertThat(e.errno()).isEqualTo(Errno.ENOTCONN);
        } finally {
            kn.close();
        }
    }

    @Test
    void virtualThreads_serveEveryOp_andReleaseEachBufferOnce() throws Exception {
        AtomicLong written = new AtomicLong();
        start(new FakeNodeLayer() {
            @Override
            public int write(Call c, long node, long fh, long offset, ByteBuffer src) {
                written.addAndGet(src.remaining());
                return src.remaining();
            }
        }, DispatchOptions.defaults().withInit(CONFIG).withVirtualThreads(true), null);
        assertThat(ask(Opcode.LOOKUP, 90, 1, Frames.body().cstr("hello")).error()).isZero();
        kernel.feed(Frames.request(Opcode.WRITE, 91, 2, Frames.body().u64(7).u64(0).u32(3).u32(0).u64(0).u32(0).u32(0)
                .raw("abc".getBytes())));
        assertThat(MemoryTransport.parse(kernel.next()).body().getInt(0)).isEqualTo(3);
        assertThat(written.get()).isEqualTo(3);
        Thread.sleep(50);
        assertThat(kernel.unreleasedBuffers()).isZero();
    }

    @Test
    void capabilitiesFollowImplementedOps_throughTheDispatcher() throws Exception {
        FakeNodeLayer layer = new FakeNodeLayer(EnumSet.of(Op.LOOKUP, Op.GETATTR, Op.READ, Op.OPEN));
        start(layer);
        Negotiated n = dispatcher.initialized().get();
        assertThat(n.agreed()).doesNotContain(org.jpuffs.fuse.protocol.InitFlag.POSIX_LOCKS,
                org.jpuffs.fuse.protocol.InitFlag.DO_READDIRPLUS);
        assertThat(n.refusals()).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void trace_andWatchdog_doNotChangeAnswers() throws Exception {
        start(new FakeNodeLayer() {
            @Override
            public OpenReply open(Call c, long node, OpenFlags flags) throws IOException {
                try {
                    Thread.sleep(120);
                } catch (InterruptedException e) {
                    throw new ErrnoException(Errno.EINTR);
                }
                return new OpenReply(5, java.util.Set.of());
            }
        }, DispatchOptions.defaults().withInit(CONFIG).withTrace(true).withWatchdog(java.time.Duration.ofMillis(20)),
                null);
        Out out = ask(Opcode.OPEN, 95, 2, Frames.body().u32(0).u32(0));
        assertThat(out.error()).isZero();
        assertThat(out.body().getLong(0)).isEqualTo(5);
        assertThat(dispatcher.watchdogReports()).isEqualTo(1);
    }

    @Test
    void droppedEntryReply_givesTheLookupBack() throws Exception {
        FakeNodeLayer layer = new FakeNodeLayer();
        start(layer);
        kernel.dropReplyTo(100);
        kernel.feed(Frames.request(Opcode.LOOKUP, 100, 1, Frames.body().cstr("hello")));
        assertThat(kernel.droppedReplies()).isEqualTo(1);
        assertThat(layer.calls).containsSubsequence("lookup 1 hello", "forget 2 1");
    }

    @Test
    void droppedOpenReply_releasesTheHandle() throws Exception {
        FakeNodeLayer layer = new FakeNodeLayer() {
            @Override
            public OpenReply open(Call c, long node, OpenFlags flags) {
                return new OpenReply(77, java.util.Set.of());
            }
        };
        start(layer);
        kernel.dropReplyTo(101);
        kernel.feed(Frames.request(Opcode.OPEN, 101, 2, Frames.body().u32(0).u32(0)));
        assertThat(layer.calls).contains("release 2 77");
    }

    /** A notification channel that keeps every frame written. */
    static final class CapturingChannel implements ReplyChannel {
        private final java.util.concurrent.LinkedBlockingQueue<MemorySegment> frames =
                new java.util.concurrent.LinkedBlockingQueue<>();
        final List<MemorySegment> all = new CopyOnWriteArrayList<>();

        @Override
        public int write(MemorySegment header, MemorySegment payload) {
            frames.add(header);
            all.add(header);
            return 0;
        }

        MemorySegment next() throws InterruptedException {
            MemorySegment f = frames.poll(5, TimeUnit.SECONDS);
            if (f == null) {
                throw new AssertionError("no notification within 5 s");
            }
            return f;
        }
    }
}
