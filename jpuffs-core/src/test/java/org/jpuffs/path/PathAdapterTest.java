package org.jpuffs.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jpuffs.Attributes;
import org.jpuffs.CallContext;
import org.jpuffs.Created;
import org.jpuffs.Entry;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileName;
import org.jpuffs.FileServer;
import org.jpuffs.FileType;
import org.jpuffs.Lock;
import org.jpuffs.LockType;
import org.jpuffs.Lookup;
import org.jpuffs.OpenFlags;
import org.jpuffs.RenameFlag;
import org.jpuffs.SetAttributes;
import org.jpuffs.testkit.StubCallContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PathAdapterTest {
    static final CallContext CTX = StubCallContext.root();
    static final OpenFlags RW = new OpenFlags(OpenFlags.O_RDWR);
    static final int FILE = FileType.REGULAR.mode(0644);

    final TreePathServer server = new TreePathServer();
    final PathAdapter adapter = new PathAdapter(server);
    final PathNode root = adapter.root();

    static FileName n(String name) throws ErrnoException {
        return FileName.of(name);
    }

    static FilePath p(String path) throws ErrnoException {
        return FilePath.of(path);
    }

    PathNode mkdir(PathNode dir, String name) throws Exception {
        return adapter.mkdir(CTX, dir, n(name), 0755).cookie();
    }

    PathNode mkfile(PathNode dir, String name) throws Exception {
        return adapter.mknod(CTX, dir, n(name), FILE, 0).cookie();
    }

    PathNode lookup(PathNode dir, String name) throws Exception {
        Lookup<PathNode> l = adapter.lookup(CTX, dir, n(name));
        assertThat(l).as("lookup " + name).isInstanceOf(Entry.class);
        return ((Entry<PathNode>) l).cookie();
    }

    /** The path the server saw for the last getAttr on {@code node}. */
    FilePath statPath(PathNode node) throws Exception {
        adapter.getAttr(CTX, node, null);
        List<FilePath> paths = server.pathsOf("getAttr");
        return paths.getLast();
    }

    static void assertErrno(Executable call, Errno errno) {
        try {
            call.execute();
            throw new AssertionError("expected " + errno);
        } catch (ErrnoException e) {
            assertThat(e.errno()).isEqualTo(errno);
        } catch (Throwable t) {
            throw new AssertionError("expected " + errno + ", got " + t, t);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Paths

    @Test
    void ops_reachTheServerWithTheNodesFullPath() throws Exception {
        PathNode f = mkfile(mkdir(mkdir(root, "a"), "b"), "f");

        assertThat(statPath(f)).isEqualTo(p("/a/b/f"));
        assertThat(server.pathsOf("mknod")).containsExactly(p("/a/b/f"));
        assertThat(adapter.pathOf(root)).isEqualTo(FilePath.ROOT);
    }

    @Test
    void lookup_asksGetAttrForTheChildsPath_andGivesOneCookiePerName() throws Exception {
        mkfile(mkdir(root, "a"), "f");
        PathNode a = lookup(root, "a");

        PathNode first = lookup(a, "f");
        PathNode second = lookup(a, "f");

        assertThat(first).isSameAs(second);
        assertThat(server.pathsOf("getAttr")).containsExactly(p("/a"), p("/a/f"), p("/a/f"));
    }

    @Test
    void lookupOfAMissingName_isAbsentWithTheNegativeTtl() throws Exception {
        PathAdapter caching = new PathAdapter(server, Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(5));

        Lookup<PathNode> l = caching.lookup(CTX, caching.root(), n("nope"));

        assertThat(l).isEqualTo(Lookup.absent(Duration.ofSeconds(5)));
    }

    @Test
    void entries_carryTheConfiguredTtls() throws Exception {
        PathAdapter caching = new PathAdapter(server, Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ZERO);

        Entry<PathNode> e = caching.mkdir(CTX, caching.root(), n("d"), 0755);

        assertThat(e.entryTtl()).isEqualTo(Duration.ofSeconds(2));
        assertThat(e.attrTtl()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void dotAndDotDot_nameTheDirectoryAndItsParent() throws Exception {
        PathNode a = mkdir(root, "a");
        PathNode b = mkdir(a, "b");

        assertThat(lookup(b, ".")).isSameAs(b);
        assertThat(lookup(b, "..")).isSameAs(a);
        assertThat(lookup(root, "..")).isSameAs(root);
    }

    // ---------------------------------------------------------------------------------------------
    // Renames

    @Test
    void renameOfADirectory_movesTheGivenPathsOfEverythingBelowIt() throws Exception {
        PathNode a = mkdir(root, "a");
        PathNode b = mkdir(a, "b");
        PathNode f = mkfile(b, "f");
        assertThat(statPath(f)).isEqualTo(p("/a/b/f")); // cached now

        adapter.rename(CTX, root, n("a"), root, n("z"), Set.of());
        assertThat(statPath(f)).isEqualTo(p("/z/b/f"));
        assertThat(statPath(b)).isEqualTo(p("/z/b"));

        PathNode q = mkdir(root, "q");
        adapter.rename(CTX, a, n("b"), q, n("b2"), Set.of());
        assertThat(statPath(f)).isEqualTo(p("/q/b2/f"));
        assertThat(lookup(q, "b2")).isSameAs(b);
        assertThat(adapter.lookup(CTX, a, n("b"))).isInstanceOf(Lookup.Absent.class);
    }

    @Test
    void renameOverAnExistingName_leavesTheReplacedNodeUnlinked() throws Exception {
        PathNode x = mkfile(root, "x");
        PathNode y = mkfile(root, "y");

        adapter.rename(CTX, root, n("x"), root, n("y"), Set.of());

        assertThat(statPath(x)).isEqualTo(p("/y"));
        assertThat(lookup(root, "y")).isSameAs(x);
        int calls = server.calls.size();
        assertErrno(() -> adapter.getAttr(CTX, y, null), Errno.ENOENT);
        assertThat(server.calls).hasSize(calls); // refused in the adapter
    }

    @Test
    void renameExchange_swapsTheTwoPaths() throws Exception {
        PathNode a = mkdir(root, "a");
        PathNode fa = mkfile(a, "f");
        PathNode b = mkdir(root, "b");

        adapter.rename(CTX, root, n("a"), root, n("b"), Set.of(RenameFlag.EXCHANGE));

        assertThat(statPath(fa)).isEqualTo(p("/b/f"));
        assertThat(statPath(b)).isEqualTo(p("/a"));
        assertThat(lookup(root, "a")).isSameAs(b);
        assertThat(lookup(root, "b")).isSameAs(a);
    }

    @Test
    void failedRename_changesNoPath() throws Exception {
        PathNode a = mkdir(root, "a");
        PathNode b = mkdir(a, "b");

        assertErrno(() -> adapter.rename(CTX, root, n("a"), b, n("inside"), Set.of()), Errno.EINVAL);
        mkfile(root, "t");
        assertErrno(() -> adapter.rename(CTX, root, n("a"), root, n("t"), Set.of(RenameFlag.NOREPLACE)),
                Errno.EEXIST);

        assertThat(statPath(b)).isEqualTo(p("/a/b"));
    }

    @Test
    void opOvertakenByARename_isRetriedWithTheNewPath() throws Exception {
        // The first getAttr of /a/f runs into a rename of /a that lands while its path is on the way:
        // the server answers ENOENT for the old path, and the adapter tries again with the new one.
        AtomicBoolean raced = new AtomicBoolean();
        PathAdapter[] self = new PathAdapter[1];
        PathFileServer racing = new PathFileServer() {
            @Override
            public Attributes getAttr(CallContext ctx, FilePath path, Object handle) throws java.io.IOException {
                if (path.equals(p("/a/f")) && raced.compareAndSet(false, true)) {
                    self[0].rename(ctx, self[0].root(), n("a"), self[0].root(), n("b"), Set.of());
                }
                return server.getAttr(ctx, path, handle);
            }

            @Override
            public Attributes mkdir(CallContext ctx, FilePath path, int mode) throws ErrnoException {
                return server.mkdir(ctx, path, mode);
            }

            @Override
            public Attributes mknod(CallContext ctx, FilePath path, int mode, long rdev) throws ErrnoException {
                return server.mknod(ctx, path, mode, rdev);
            }

            @Override
            public void rename(CallContext ctx, FilePath from, FilePath to, Set<RenameFlag> flags)
                    throws ErrnoException {
                server.rename(ctx, from, to, flags);
            }
        };
        PathAdapter adapter = new PathAdapter(racing);
        self[0] = adapter;
        PathNode f = adapter.mknod(CTX, adapter.mkdir(CTX, adapter.root(), n("a"), 0755).cookie(), n("f"), FILE, 0)
                .cookie();

        Attributes attrs = adapter.getAttr(CTX, f, null);

        assertThat(attrs.type()).isEqualTo(FileType.REGULAR);
        assertThat(server.pathsOf("getAttr")).containsExactly(p("/a/f"), p("/b/f"));
    }

    // ---------------------------------------------------------------------------------------------
    // Hard links

    @Test
    void hardLink_sharesTheNodeWhichCarriesTheNameLastLinkedOrLookedUp() throws Exception {
        PathNode d = mkdir(root, "d");
        PathNode f = mkfile(root, "f");

        Entry<PathNode> linked = adapter.link(CTX, f, d, n("g"));
        assertThat(linked.cookie()).isSameAs(f);
        assertThat(linked.attributes().nlink()).isEqualTo(2);
        assertThat(statPath(f)).isEqualTo(p("/d/g")); // last linked by

        assertThat(lookup(root, "f")).isSameAs(f);
        assertThat(statPath(f)).isEqualTo(p("/f")); // last looked up by
        assertThat(lookup(d, "g")).isSameAs(f);
        assertThat(statPath(f)).isEqualTo(p("/d/g"));
    }

    @Test
    void removingTheCarriedNameOfAHardLinkedNode_fallsBackToAnotherName() throws Exception {
        PathNode f = mkfile(root, "f");
        adapter.link(CTX, f, root, n("g"));
        adapter.link(CTX, f, root, n("h"));

        adapter.unlink(CTX, root, n("h"));
        assertThat(statPath(f)).isEqualTo(p("/g"));

        adapter.unlink(CTX, root, n("g"));
        assertThat(statPath(f)).isEqualTo(p("/f"));

        adapter.unlink(CTX, root, n("f"));
        assertErrno(() -> adapter.getAttr(CTX, f, null), Errno.ENOENT);
    }

    @Test
    void renameOfOneHardLinkOntoAnother_changesNothing() throws Exception {
        PathNode f = mkfile(root, "f");
        adapter.link(CTX, f, root, n("g"));

        adapter.rename(CTX, root, n("f"), root, n("g"), Set.of());

        assertThat(lookup(root, "f")).isSameAs(f);
        assertThat(lookup(root, "g")).isSameAs(f);
    }

    // ---------------------------------------------------------------------------------------------
    // Unlinked open files

    @Test
    void unlinkedOpenFile_keepsWorkingThroughItsHandle() throws Exception {
        PathNode d = mkdir(root, "d");
        Created<PathNode> made = adapter.create(CTX, d, n("f"), FILE, RW);
        PathNode f = made.entry().cookie();
        Object handle = made.opened().handle();
        adapter.write(CTX, f, handle, 0, ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8)));

        adapter.unlink(CTX, d, n("f"));
        adapter.rename(CTX, root, n("d"), root, n("e"), Set.of()); // its old directory moves on, too

        ByteBuffer dst = ByteBuffer.allocate(10);
        adapter.read(CTX, f, handle, 0, dst);
        assertThat(new String(dst.array(), 0, dst.position(), StandardCharsets.UTF_8)).isEqualTo("abc");
        assertThat(server.calls.getLast()).isEqualTo(new TreePathServer.Call("read", p("/d/f"), handle));
        assertThat(adapter.write(CTX, f, handle, 3, ByteBuffer.wrap(new byte[] {'d'}))).isEqualTo(1);

        // fstat reaches FUSE without a handle: the adapter lends the running open's
        Attributes attrs = adapter.getAttr(CTX, f, null);
        assertThat(attrs.size()).isEqualTo(4);
        assertThat(attrs.nlink()).isZero();
        assertThat(server.calls.getLast().handle()).isSameAs(handle);

        adapter.release(CTX, f, handle, RW);
        assertThat(server.calls.getLast()).isEqualTo(new TreePathServer.Call("release", p("/d/f"), handle));
        assertErrno(() -> adapter.getAttr(CTX, f, null), Errno.ENOENT);
    }

    @Test
    void pathOnlyOpsOnAnUnlinkedNode_failWithEnoentWithoutReachingTheServer() throws Exception {
        PathNode f = mkfile(root, "f");
        adapter.unlink(CTX, root, n("f"));
        int calls = server.calls.size();

        assertErrno(() -> adapter.getAttr(CTX, f, null), Errno.ENOENT);
        assertErrno(() -> adapter.setAttr(CTX, f, null, SetAttributes.mode(0600)), Errno.ENOENT);
        assertErrno(() -> adapter.open(CTX, f, RW), Errno.ENOENT);
        assertErrno(() -> adapter.readLink(CTX, f), Errno.ENOENT);
        assertErrno(() -> adapter.getXattr(CTX, f, "user.x"), Errno.ENOENT);
        assertErrno(() -> adapter.access(CTX, f, 4), Errno.ENOENT);
        assertErrno(() -> adapter.read(CTX, f, null, 0, ByteBuffer.allocate(1)), Errno.ENOENT);
        assertThat(server.calls).hasSize(calls);
    }

    @Test
    void removedDirectory_takesItsKnownChildrenAlong() throws Exception {
        PathNode d = mkdir(root, "d");
        adapter.rmdir(CTX, root, n("d"));

        assertErrno(() -> adapter.getAttr(CTX, d, null), Errno.ENOENT);
        assertErrno(() -> adapter.mkdir(CTX, d, n("x"), 0755), Errno.ENOENT);
    }

    // ---------------------------------------------------------------------------------------------
    // Names changed behind the adapter's back

    @Test
    void nameDeletedBehindTheAdaptersBack_isAbsentAndItsNodeUnlinked() throws Exception {
        PathNode f = mkfile(root, "f");
        server.unlink(CTX, p("/f"));

        assertThat(adapter.lookup(CTX, root, n("f"))).isInstanceOf(Lookup.Absent.class);
        assertErrno(() -> adapter.getAttr(CTX, f, null), Errno.ENOENT);
    }

    @Test
    void nameReplacedByAnotherTypeBehindTheAdaptersBack_getsANewNode() throws Exception {
        PathNode x = mkfile(root, "x");
        server.unlink(CTX, p("/x"));
        server.mkdir(CTX, p("/x"), 0755);

        PathNode now = lookup(root, "x");

        assertThat(now).isNotSameAs(x);
        assertErrno(() -> adapter.getAttr(CTX, x, null), Errno.ENOENT);
    }

    // ---------------------------------------------------------------------------------------------
    // Lifetime

    @Test
    void reclaim_dropsTheNode_andTheNextLookupMakesANewOne() throws Exception {
        PathNode f = mkfile(root, "f");

        adapter.reclaim(f);

        PathNode again = lookup(root, "f");
        assertThat(again).isNotSameAs(f);
        assertThat(lookup(root, "f")).isSameAs(again);
    }

    @Test
    void reclaimOfTheRoot_isIgnored() throws Exception {
        PathNode a = mkdir(root, "a");
        adapter.reclaim(root);

        assertThat(lookup(root, "a")).isSameAs(a);
        assertThat(statPath(root)).isEqualTo(FilePath.ROOT);
    }

    // ---------------------------------------------------------------------------------------------
    // Defaults and the op inventory

    @Test
    void opsThePathServerLeavesOut_keepFileServersDefaults() throws Exception {
        PathNode f = mkfile(root, "f");
        Lock lock = new Lock(LockType.WRITE, 0, 10, 1, 1, false);

        assertErrno(() -> adapter.setLock(CTX, f, null, lock, false), Errno.ENOSYS);
        assertErrno(() -> adapter.fsync(CTX, f, null, false), Errno.ENOSYS);
        assertErrno(() -> adapter.tmpfile(CTX, root, FILE, RW), Errno.ENOSYS);
        assertErrno(() -> adapter.ioctl(CTX, f, null, 1, ByteBuffer.allocate(0), 0), Errno.ENOTTY);
        assertThat(adapter.statFs(CTX, root).nameMax()).isEqualTo(FileName.MAX_LENGTH);
        adapter.releaseDir(CTX, root, null); // nothing happens
    }

    @Test
    void inventory_isThePathServersOps() {
        assertThat(adapter.implementsOp(op("lookup"))).isTrue(); // through getAttr
        assertThat(adapter.implementsOp(op("open"))).isTrue();
        assertThat(adapter.implementsOp(op("rename"))).isTrue();
        assertThat(adapter.implementsOp(op("root"))).isTrue();
        assertThat(adapter.implementsOp(op("setLock"))).isFalse();
        assertThat(adapter.implementsOp(op("fsync"))).isFalse();
        assertThat(adapter.implementsOp(op("tmpfile"))).isFalse();

        PathAdapter bare = new PathAdapter(new PathFileServer() {
        });
        assertThat(bare.implementsOp(op("lookup"))).isFalse();
        assertThat(bare.implementsOp(op("open"))).isFalse();
    }

    @Test
    void everyFileServerOpWithAPathForm_isOverridden() {
        // Fails when FileServer gains an op the adapter would silently leave to its default.
        List<String> missing = new ArrayList<>();
        for (Method m : FileServer.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.getName().equals("tmpfile")) {
                continue;
            }
            try {
                PathAdapter.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
            } catch (NoSuchMethodException e) {
                missing.add(m.getName());
            }
        }
        assertThat(missing).isEmpty();
    }

    static Method op(String name) {
        return Arrays.stream(FileServer.class.getMethods()).filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow();
    }

    // ---------------------------------------------------------------------------------------------
    // FilePath

    @Test
    void filePath_isByteExactAndPrintsWithSlashes() throws Exception {
        FileName odd = FileName.of(new byte[] {(byte) 0xff, 'x'});
        FilePath path = p("/a").resolve(odd);

        assertThat(path.bytes()).isEqualTo(new byte[] {'/', 'a', '/', (byte) 0xff, 'x'});
        assertThat(path.relativeBytes()).isEqualTo(new byte[] {'a', '/', (byte) 0xff, 'x'});
        assertThat(path.parent()).isEqualTo(p("/a"));
        assertThat(path.fileName()).isEqualTo(odd);
        assertThat(p("//a//b/")).isEqualTo(p("/a/b"));
        assertThat(p("/").isRoot()).isTrue();
        assertThat(FilePath.ROOT.toString()).isEqualTo("/");
        assertThat(p("/a/b").startsWith(p("/a"))).isTrue();
        assertThat(p("/ab").startsWith(p("/a"))).isFalse();
        assertThatThrownBy(() -> p("/" + "x".repeat(256)))
                .isInstanceOfSatisfying(ErrnoException.class,
                        e -> assertThat(e.errno()).isEqualTo(Errno.ENAMETOOLONG));
    }
}
