package org.jpuffs.testkit;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jpuffs.Attributes;
import org.jpuffs.CallContext;
import org.jpuffs.Created;
import org.jpuffs.DirSink;
import org.jpuffs.Entry;
import org.jpuffs.FallocateMode;
import org.jpuffs.FileName;
import org.jpuffs.FileServer;
import org.jpuffs.IoctlResult;
import org.jpuffs.Lock;
import org.jpuffs.Lookup;
import org.jpuffs.Notifier;
import org.jpuffs.OpInventory;
import org.jpuffs.OpenFlags;
import org.jpuffs.Opened;
import org.jpuffs.PollWaker;
import org.jpuffs.ProtocolViolation;
import org.jpuffs.RenameFlag;
import org.jpuffs.SetAttributes;
import org.jpuffs.StatFs;
import org.jpuffs.Whence;
import org.jpuffs.XattrMode;

/**
 * A decorator that records every op reaching the wrapped server (op name and the node it was made
 * on, in arrival order) and forwards it unchanged, so a test can assert which ops a front end or
 * the node layer let through (puffs's own tests count reclaims this way). Thread-safe.
 *
 * <p>The op name is the {@link FileServer} method's name ({@code "lookup"}, {@code "reclaim"}).
 * The recorded node is the op's first cookie argument: the directory for name ops, the source
 * directory for rename, the existing node for link, the source file for copyFileRange, and
 * {@code null} for ops without a node (root, init, destroy, syncFs). The call is recorded before it
 * is forwarded, so an op that then fails is recorded too.
 *
 * <p>It reports the wrapped server's {@link OpInventory}, so wrapping a server does not change the
 * capabilities jpuffs offers the kernel.
 *
 * @param <C> the cookie type
 */
public final class RecordingServer<C> implements FileServer<C>, OpInventory {

    /**
     * One op that reached the server.
     *
     * @param op the {@link FileServer} method's name
     * @param node the node it was made on, or {@code null}
     */
    public record Call(String op, Object node) {
    }

    private final FileServer<C> target;
    private final OpInventory inventory;
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    /** Notified on every recorded call, for {@link #awaitCount}. */
    private final Object arrivals = new Object();

    /**
     * Wraps {@code target}.
     *
     * @param target the server that does the work
     */
    public RecordingServer(FileServer<C> target) {
        this.target = Objects.requireNonNull(target, "target");
        this.inventory = OpInventory.of(target);
    }

    /**
     * Every recorded call, in arrival order.
     *
     * @return a snapshot
     */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /**
     * The names of the recorded ops, in arrival order.
     *
     * @return a snapshot
     */
    public List<String> ops() {
        List<String> ops = new ArrayList<>();
        for (Call c : calls) {
            ops.add(c.op());
        }
        return ops;
    }

    /**
     * The recorded ops made on {@code node}, in arrival order.
     *
     * @param node a cookie
     * @return a snapshot of the op names
     */
    public List<String> opsOn(Object node) {
        List<String> ops = new ArrayList<>();
        for (Call c : calls) {
            if (Objects.equals(c.node(), node)) {
                ops.add(c.op());
            }
        }
        return ops;
    }

    /**
     * How often {@code op} reached the server.
     *
     * @param op a {@link FileServer} method's name
     * @return the count
     */
    public int count(String op) {
        int n = 0;
        for (Call c : calls) {
            if (c.op().equals(op)) {
                n++;
            }
        }
        return n;
    }

    /**
     * How often {@code op} reached the server for {@code node}.
     *
     * @param op a {@link FileServer} method's name
     * @param node a cookie
     * @return the count
     */
    public int count(String op, Object node) {
        int n = 0;
        for (Call c : calls) {
            if (c.op().equals(op) && Objects.equals(c.node(), node)) {
                n++;
            }
        }
        return n;
    }

    /**
     * The nodes {@code op} was made on, in arrival order (for example every reclaimed cookie).
     *
     * @param op a {@link FileServer} method's name
     * @return a snapshot
     */
    public List<Object> nodesOf(String op) {
        List<Object> nodes = new ArrayList<>();
        for (Call c : calls) {
            if (c.op().equals(op)) {
                nodes.add(c.node());
            }
        }
        return nodes;
    }

    /**
     * Fails unless {@code op} reached the server exactly {@code times} times.
     *
     * @param op a {@link FileServer} method's name
     * @param times the expected count
     * @throws AssertionError with the recorded ops when the count differs
     */
    public void assertCount(String op, int times) {
        int n = count(op);
        if (n != times) {
            throw new AssertionError("expected " + op + " " + times + " time(s), was " + n + "; ops: " + ops());
        }
    }

    /**
     * Fails if {@code op} reached the server at all.
     *
     * @param op a {@link FileServer} method's name
     * @throws AssertionError with the recorded ops when it did
     */
    public void assertNever(String op) {
        assertCount(op, 0);
    }

    /**
     * Waits until {@code op} reached the server at least {@code times} times, for ops that arrive on
     * other threads (a reclaim after the last FORGET, a release the caller does not wait for).
     *
     * @param op a {@link FileServer} method's name
     * @param times the count to wait for
     * @param timeout how long to wait at most
     * @throws AssertionError with the recorded ops when the count was not reached in time
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public void awaitCount(String op, int times, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (arrivals) {
            while (count(op) < times) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("waited " + timeout + " for " + op + " " + times + " time(s), was "
                            + count(op) + "; ops: " + ops());
                }
                arrivals.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Forgets everything recorded so far. */
    public void clear() {
        calls.clear();
    }

    @Override
    public boolean implementsOp(Method op) {
        return inventory.implementsOp(op);
    }

    private void record(String op, Object node) {
        calls.add(new Call(op, node));
        synchronized (arrivals) {
            arrivals.notifyAll();
        }
    }

    @Override
    public C root() {
        record("root", null);
        return target.root();
    }

    @Override
    public void init(Notifier<C> notifier) throws IOException {
        record("init", null);
        target.init(notifier);
    }

    @Override
    public void destroy() {
        record("destroy", null);
        target.destroy();
    }

    @Override
    public StatFs statFs(CallContext ctx, C node) throws IOException {
        record("statFs", node);
        return target.statFs(ctx, node);
    }

    @Override
    public void syncFs(CallContext ctx) throws IOException {
        record("syncFs", null);
        target.syncFs(ctx);
    }

    @Override
    public Lookup<C> lookup(CallContext ctx, C dir, FileName name) throws IOException {
        record("lookup", dir);
        return target.lookup(ctx, dir, name);
    }

    @Override
    public void reclaim(C node) {
        record("reclaim", node);
        target.reclaim(node);
    }

    @Override
    public void protocolViolation(ProtocolViolation<C> violation) {
        record("protocolViolation", violation == null ? null : violation.cookie());
        target.protocolViolation(violation);
    }

    @Override
    public Attributes getAttr(CallContext ctx, C node, Object handle) throws IOException {
        record("getAttr", node);
        return target.getAttr(ctx, node, handle);
    }

    @Override
    public Attributes setAttr(CallContext ctx, C node, Object handle, SetAttributes changes) throws IOException {
        record("setAttr", node);
        return target.setAttr(ctx, node, handle, changes);
    }

    @Override
    public void access(CallContext ctx, C node, int mask) throws IOException {
        record("access", node);
        target.access(ctx, node, mask);
    }

    @Override
    public Entry<C> mknod(CallContext ctx, C dir, FileName name, int mode, long rdev) throws IOException {
        record("mknod", dir);
        return target.mknod(ctx, dir, name, mode, rdev);
    }

    @Override
    public Entry<C> mkdir(CallContext ctx, C dir, FileName name, int mode) throws IOException {
        record("mkdir", dir);
        return target.mkdir(ctx, dir, name, mode);
    }

    @Override
    public Entry<C> symlink(CallContext ctx, C dir, FileName name, byte[] linkTarget) throws IOException {
        record("symlink", dir);
        return target.symlink(ctx, dir, name, linkTarget);
    }

    @Override
    public byte[] readLink(CallContext ctx, C node) throws IOException {
        record("readLink", node);
        return target.readLink(ctx, node);
    }

    @Override
    public Entry<C> link(CallContext ctx, C node, C dir, FileName name) throws IOException {
        record("link", node);
        return target.link(ctx, node, dir, name);
    }

    @Override
    public void unlink(CallContext ctx, C dir, FileName name) throws IOException {
        record("unlink", dir);
        target.unlink(ctx, dir, name);
    }

    @Override
    public void rmdir(CallContext ctx, C dir, FileName name) throws IOException {
        record("rmdir", dir);
        target.rmdir(ctx, dir, name);
    }

    @Override
    public void rename(CallContext ctx, C dir, FileName name, C newDir, FileName newName, Set<RenameFlag> flags)
            throws IOException {
        record("rename", dir);
        target.rename(ctx, dir, name, newDir, newName, flags);
    }

    @Override
    public Opened open(CallContext ctx, C node, OpenFlags flags) throws IOException {
        record("open", node);
        return target.open(ctx, node, flags);
    }

    @Override
    public Created<C> create(CallContext ctx, C dir, FileName name, int mode, OpenFlags flags) throws IOException {
        record("create", dir);
        return target.create(ctx, dir, name, mode, flags);
    }

    @Override
    public Created<C> tmpfile(CallContext ctx, C dir, int mode, OpenFlags flags) throws IOException {
        record("tmpfile", dir);
        return target.tmpfile(ctx, dir, mode, flags);
    }

    @Override
    public void read(CallContext ctx, C node, Object handle, long offset, ByteBuffer dst) throws IOException {
        record("read", node);
        target.read(ctx, node, handle, offset, dst);
    }

    @Override
    public int write(CallContext ctx, C node, Object handle, long offset, ByteBuffer src) throws IOException {
        record("write", node);
        return target.write(ctx, node, handle, offset, src);
    }

    @Override
    public void flush(CallContext ctx, C node, Object handle, long lockOwner) throws IOException {
        record("flush", node);
        target.flush(ctx, node, handle, lockOwner);
    }

    @Override
    public void release(CallContext ctx, C node, Object handle, OpenFlags flags) throws IOException {
        record("release", node);
        target.release(ctx, node, handle, flags);
    }

    @Override
    public void fsync(CallContext ctx, C node, Object handle, boolean dataOnly) throws IOException {
        record("fsync", node);
        target.fsync(ctx, node, handle, dataOnly);
    }

    @Override
    public void fallocate(CallContext ctx, C node, Object handle, Set<FallocateMode> mode, long offset, long length)
            throws IOException {
        record("fallocate", node);
        target.fallocate(ctx, node, handle, mode, offset, length);
    }

    @Override
    public long lseek(CallContext ctx, C node, Object handle, long offset, Whence whence) throws IOException {
        record("lseek", node);
        return target.lseek(ctx, node, handle, offset, whence);
    }

    @Override
    public long copyFileRange(CallContext ctx, C in, Object inHandle, long inOffset, C out, Object outHandle,
            long outOffset, long length, int flags) throws IOException {
        record("copyFileRange", in);
        return target.copyFileRange(ctx, in, inHandle, inOffset, out, outHandle, outOffset, length, flags);
    }

    @Override
    public int poll(CallContext ctx, C node, Object handle, int events, PollWaker waker) throws IOException {
        record("poll", node);
        return target.poll(ctx, node, handle, events, waker);
    }

    @Override
    public IoctlResult ioctl(CallContext ctx, C node, Object handle, int command, ByteBuffer input, int outputSize)
            throws IOException {
        record("ioctl", node);
        return target.ioctl(ctx, node, handle, command, input, outputSize);
    }

    @Override
    public Lock getLock(CallContext ctx, C node, Object handle, Lock lock) throws IOException {
        record("getLock", node);
        return target.getLock(ctx, node, handle, lock);
    }

    @Override
    public void setLock(CallContext ctx, C node, Object handle, Lock lock, boolean wait) throws IOException {
        record("setLock", node);
        target.setLock(ctx, node, handle, lock, wait);
    }

    @Override
    public Opened openDir(CallContext ctx, C dir, OpenFlags flags) throws IOException {
        record("openDir", dir);
        return target.openDir(ctx, dir, flags);
    }

    @Override
    public void readDir(CallContext ctx, C dir, Object handle, long offset, DirSink sink) throws IOException {
        record("readDir", dir);
        target.readDir(ctx, dir, handle, offset, sink);
    }

    @Override
    public void releaseDir(CallContext ctx, C dir, Object handle) throws IOException {
        record("releaseDir", dir);
        target.releaseDir(ctx, dir, handle);
    }

    @Override
    public void fsyncDir(CallContext ctx, C dir, Object handle, boolean dataOnly) throws IOException {
        record("fsyncDir", dir);
        target.fsyncDir(ctx, dir, handle, dataOnly);
    }

    @Override
    public void setXattr(CallContext ctx, C node, String name, ByteBuffer value, XattrMode mode) throws IOException {
        record("setXattr", node);
        target.setXattr(ctx, node, name, value, mode);
    }

    @Override
    public byte[] getXattr(CallContext ctx, C node, String name) throws IOException {
        record("getXattr", node);
        return target.getXattr(ctx, node, name);
    }

    @Override
    public List<String> listXattr(CallContext ctx, C node) throws IOException {
        record("listXattr", node);
        return target.listXattr(ctx, node);
    }

    @Override
    public void removeXattr(CallContext ctx, C node, String name) throws IOException {
        record("removeXattr", node);
        target.removeXattr(ctx, node, name);
    }
}
