package org.jpuffs.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jpuffs.kernel.Served.name;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jpuffs.Attributes;
import org.jpuffs.CallContext;
import org.jpuffs.Entry;
import org.jpuffs.Errno;
import org.jpuffs.FileName;
import org.jpuffs.FileServer;
import org.jpuffs.FileType;
import org.jpuffs.Lock;
import org.jpuffs.LockType;
import org.jpuffs.Lookup;
import org.jpuffs.OpenFlags;
import org.jpuffs.SetAttributes;
import org.jpuffs.StatFs;
import org.jpuffs.Whence;
import org.jpuffs.XattrMode;
import org.jpuffs.testkit.Errnos;
import org.jpuffs.testkit.TreeServer;
import org.junit.jupiter.api.Test;

/** Ops a server does not implement, as the caller sees them; and which ops count as implemented. */
class DefaultsTest {
    private static final Instant T = Instant.EPOCH;
    private final FileServer<String> bare = () -> "root";
    private final Served<String> s = Served.serve(bare);
    private final OpenFlags rw = new OpenFlags(OpenFlags.O_RDWR);
    private final Lock lock = new Lock(LockType.WRITE, 0, 10, 1, 7, false);

    @Test
    void unimplemented_mostOpsEnosys() {
        Call c = s.call();
        NodeLayer l = s.layer;
        FileName n = name("x");
        assertThat(Errnos.thrownBy(() -> l.lookup(c, 1, n))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.getAttr(c, 1, 0))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.setAttr(c, 1, 0, SetAttributes.size(0)))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.access(c, 1, 4))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.readLink(c, 1))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.mknod(c, 1, n, 0644, 0))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.mkdir(c, 1, n, 0755))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.symlink(c, 1, n, new byte[] {'t'}))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.link(c, 1, 1, n))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.unlink(c, 1, n))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.rmdir(c, 1, n))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.rename(c, 1, n, 1, name("y"), Set.of()))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.create(c, 1, n, 0644, rw))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.tmpfile(c, 1, 0644, rw))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.read(c, 1, 0, 0, ByteBuffer.allocate(4)))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.write(c, 1, 0, 0, ByteBuffer.allocate(4)))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.flush(c, 1, 0, 7))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.fsync(c, 1, 0, false))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.fallocate(c, 1, 0, Set.of(), 0, 1))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.lseek(c, 1, 0, 0, Whence.DATA))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.copyFileRange(c, 1, 0, 0, 1, 0, 0, 1, 0))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.poll(c, 1, 0, 1, null))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.getLock(c, 1, 0, lock))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.setLock(c, 1, 0, lock, false))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.readDir(c, 1, 0, 0, e -> true))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.readDirPlus(c, 1, 0, 0, (e, x) -> true))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.fsyncDir(c, 1, 0, false))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.setXattr(c, 1, "user.a", ByteBuffer.allocate(1), XattrMode.ANY)))
                .isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.getXattr(c, 1, "user.a"))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.listXattr(c, 1))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> l.removeXattr(c, 1, "user.a"))).isEqualTo(Errno.ENOSYS);
    }

    @Test
    void unimplemented_ioctlEnotty() {
        assertThat(Errnos.thrownBy(() -> s.layer.ioctl(s.call(), 1, 0, 1, ByteBuffer.allocate(0), 0)))
                .isEqualTo(Errno.ENOTTY);
    }

    @Test
    void unimplemented_openAndOpenDirEnosys_forStatelessOpens() {
        assertThat(Errnos.thrownBy(() -> s.layer.open(s.call(), 1, rw))).isEqualTo(Errno.ENOSYS);
        assertThat(Errnos.thrownBy(() -> s.layer.openDir(s.call(), 1, new OpenFlags(0)))).isEqualTo(Errno.ENOSYS);
    }

    @Test
    void unimplemented_releaseReleaseDirSyncFsStatFs_succeed() throws Exception {
        s.layer.release(s.calls.kernel(), 1, 0, rw);
        s.layer.releaseDir(s.calls.kernel(), 1, 0);
        s.layer.syncFs(s.call());
        assertThat(s.layer.statFs(s.call(), 1)).isEqualTo(StatFs.empty());
    }

    @Test
    void unimplemented_reclaimIsNoOp() throws Exception {
        FileServer<String> lookupOnly = new FileServer<>() {
            @Override
            public String root() {
                return "root";
            }

            @Override
            public Lookup<String> lookup(CallContext ctx, String dir, FileName name) {
                return Entry.of(name.toString(), Attributes.of(0, FileType.REGULAR.mode(0644), 1, 0, 0, 0, T));
            }
        };
        Served<String> l = Served.serve(lookupOnly);
        NodeEntry e = l.layer.lookup(l.call(), 1, name("f"));
        l.layer.forget(e.nodeId(), 1);
        assertThat(l.table().size()).isEqualTo(1);
        assertThat(l.layer.implementedOps()).containsExactly(Op.LOOKUP);
    }

    @Test
    void statelessOpen_opsGetNullHandle() throws Exception {
        AtomicReference<Object> seen = new AtomicReference<>("unset");
        FileServer<String> readOnly = new FileServer<>() {
            @Override
            public String root() {
                return "root";
            }

            @Override
            public void read(CallContext ctx, String node, Object handle, long offset, ByteBuffer dst) {
                seen.set(handle);
            }
        };
        Served<String> r = Served.serve(readOnly);
        r.layer.read(r.call(), 1, 0, 0, ByteBuffer.allocate(8));
        assertThat(seen.get()).isNull();
    }

    @Test
    void statefulOpen_handleComesBack_releaseFreesIt() throws Exception {
        AtomicReference<Object> seen = new AtomicReference<>();
        TreeServer tree = new TreeServer() {
            @Override
            public int write(CallContext ctx, Long node, Object handle, long offset, ByteBuffer src)
                    throws IOException {
                seen.set(handle);
                return super.write(ctx, node, handle, offset, src);
            }
        };
        Served<Long> t = Served.serve(tree);
        CreateReply f = t.layer.create(t.call(), 1, name("f"), 0644, rw);
        OpenReply o = t.layer.open(t.call(), f.entry().nodeId(), rw);
        assertThat(o.fh()).isNotZero().isNotEqualTo(f.open().fh());
        t.layer.write(t.call(), f.entry().nodeId(), o.fh(), 0, ByteBuffer.wrap(new byte[2]));
        assertThat(seen.get()).isNotNull();
        assertThat(tree.openHandles()).isEqualTo(2);
        t.layer.release(t.calls.kernel(), f.entry().nodeId(), o.fh(), rw);
        t.layer.release(t.calls.kernel(), f.entry().nodeId(), f.open().fh(), rw);
        assertThat(tree.openHandles()).isZero();
        assertThat(Errnos.thrownBy(() -> t.layer.write(t.call(), f.entry().nodeId(), o.fh(), 0,
                ByteBuffer.wrap(new byte[2])))).isEqualTo(Errno.EBADF);
    }

    @Test
    void xattrs_passedThrough() throws Exception {
        FileServer<String> x = new FileServer<>() {
            @Override
            public String root() {
                return "root";
            }

            @Override
            public byte[] getXattr(CallContext ctx, String node, String name) {
                return new byte[300];
            }

            @Override
            public java.util.List<String> listXattr(CallContext ctx, String node) {
                return java.util.List.of("user.a", "user.b");
            }
        };
        Served<String> xs = Served.serve(x);
        assertThat(xs.layer.getXattr(xs.call(), 1, "user.a")).hasSize(300);
        assertThat(xs.layer.listXattr(xs.call(), 1)).containsExactly("user.a", "user.b");
        assertThat(xs.layer.implementedOps()).containsExactlyInAnyOrder(Op.GETXATTR, Op.LISTXATTR);
    }

    @Test
    void implementedOps_bareServerNone_treeServerItsOverrides() {
        assertThat(s.layer.implementedOps()).isEmpty();
        assertThat(Served.serve(new TreeServer()).layer.implementedOps()).contains(Op.LOOKUP, Op.RECLAIM, Op.OPEN,
                Op.READDIR, Op.DESTROY).doesNotContain(Op.POLL, Op.GETLK, Op.SETLK, Op.OPENDIR, Op.INIT);
    }

    @Test
    void everyOp_namesAFileServerMethod() {
        for (Op op : Op.values()) {
            String m = ImplementedOps.methodOf(op);
            assertThat(Arrays.stream(FileServer.class.getMethods()).map(Method::getName)).as(op.name()).contains(m);
        }
    }

    @Test
    void init_rootNull_eio() {
        Served<String> noRoot = Served.notStarted(() -> null);
        assertThat(Errnos.thrownBy(() -> noRoot.layer.init(noRoot.notifications))).isEqualTo(Errno.EIO);
    }

    @Test
    void init_serverRefuses_itsErrno() {
        Served<String> refusing = Served.notStarted(new FileServer<String>() {
            @Override
            public String root() {
                return "root";
            }

            @Override
            public void init(org.jpuffs.Notifier<String> notifier) throws IOException {
                throw new java.nio.file.AccessDeniedException("no");
            }
        });
        assertThat(Errnos.thrownBy(() -> refusing.layer.init(refusing.notifications))).isEqualTo(Errno.EACCES);
    }
}
