package org.jpuffs.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jpuffs.DirSink;
import org.jpuffs.FallocateMode;
import org.jpuffs.FileName;
import org.jpuffs.FileServer;
import org.jpuffs.IoctlResult;
import org.jpuffs.Lock;
import org.jpuffs.OpenFlags;
import org.jpuffs.PollWaker;
import org.jpuffs.RenameFlag;
import org.jpuffs.SetAttributes;
import org.jpuffs.StatFs;
import org.jpuffs.Whence;
import org.jpuffs.XattrMode;

/**
 * The node layer (puffs's kernel side) as front ends see it: every operation keyed by node ids and
 * file handle numbers, never by cookies. It owns the node table (one node id per live cookie,
 * lookup counts, pins by running requests, reclaim), the root (node id 1), the handle table, reply
 * checking, in-flight accounting and the default answers for ops a server does not implement.
 *
 * <p>Every method may be called from many threads at once. A failure is an {@link IOException}
 * whose errno the front end gets from {@link org.jpuffs.ExceptionMapping#errnoOf(Throwable)}; server
 * bugs were already logged. File handle 0 means "no handle" (stateless open, or none given).
 */
public interface NodeLayer {
    /** The root's node id, as in FUSE. */
    long ROOT_ID = 1;

    /**
     * Serves {@code server}.
     *
     * @param server the file server
     * @param options the node layer's settings
     * @param <C> the cookie type
     * @return the node layer
     */
    static <C> NodeLayer serve(FileServer<C> server, NodeLayerOptions options) {
        return new ServedNodes<>(server, options, false);
    }

    /**
     * Serves {@code server} to a front end that is itself the kernel (the in-JVM NIO front end): as
     * {@link #serve}, and the node layer also keeps the metadata cache ({@link #markUpdate},
     * {@link #updateSize}), flushing it to the server as one setAttr on fsync, release and reclaim
     * and laying it over getAttr answers meanwhile. Not for FUSE, where the kernel or the server is
     * the authority on times and size.
     *
     * @param server the file server
     * @param options the node layer's settings
     * @param <C> the cookie type
     * @return the node layer
     */
    static <C> NodeLayer serveAsKernel(FileServer<C> server, NodeLayerOptions options) {
        return new ServedNodes<>(server, options, true);
    }

    /**
     * Marks times of a node as changed now (puffs's {@code gop_markupdate}): a read marks ATIME, a
     * write MTIME and CTIME. Only a layer made by {@link #serveAsKernel} keeps them; others ignore
     * this.
     *
     * @param nodeId the node
     * @param times ATIME, MTIME and/or CTIME
     */
    default void markUpdate(long nodeId, Set<org.jpuffs.AttrField> times) {
    }

    /**
     * Records a node's new size (puffs's {@code updatevpsize}), as a write past the end changes it.
     * Only a layer made by {@link #serveAsKernel} keeps it; others ignore this.
     *
     * @param nodeId the node
     * @param size the size in bytes
     */
    default void updateSize(long nodeId, long size) {
    }

    /**
     * The mount's notifier, for the {@link Call}s a front end makes. It exists from {@link #serve}
     * on; until {@link #init} and after {@link #shutdown} it answers ENOTCONN.
     *
     * @return the notifier, naming nodes by the server's cookies
     */
    default org.jpuffs.Notifier<?> notifier() {
        throw new UnsupportedOperationException("this node layer has no notifier");
    }

    /**
     * Which ops the server overrides (the rest get their documented defaults).
     *
     * @return the implemented ops
     */
    Set<Op> implementedOps();

    /**
     * Starts serving: calls the server's init with a notifier that sends through {@code channel}.
     *
     * @param channel the front end's notification channel
     * @throws IOException when the server refuses
     */
    void init(NotificationChannel channel) throws IOException;

    /**
     * Ends serving: refuses new requests (ENOTCONN), waits up to the drain bound for running ones,
     * reclaims every remaining node exactly once, then calls the server's destroy. Idempotent.
     *
     * @param drainBound how long to wait for running requests
     */
    void shutdown(Duration drainBound);

    // names and nodes
    /**
     * LOOKUP. @param c the call @param parent the directory @param name the name
     * @return the entry (counted) or a negative entry @throws IOException the errno
     */
    NodeEntry lookup(Call c, long parent, FileName name) throws IOException;

    /**
     * FORGET: the kernel drops {@code count} lookups. Never fails; over-forgetting clamps and logs.
     * @param nodeId the node @param count lookups dropped
     */
    void forget(long nodeId, long count);

    /** GETATTR/STATX. @param c call @param node node @param fh handle or 0 @return attrs @throws IOException errno */
    NodeAttributes getAttr(Call c, long node, long fh) throws IOException;

    /** SETATTR. @param c call @param node node @param fh handle or 0 @param changes what @return attrs @throws IOException errno */
    NodeAttributes setAttr(Call c, long node, long fh, SetAttributes changes) throws IOException;

    /** ACCESS. @param c call @param node node @param mask mask @throws IOException errno */
    void access(Call c, long node, int mask) throws IOException;

    /** READLINK. @param c call @param node node @return target @throws IOException errno */
    byte[] readLink(Call c, long node) throws IOException;

    /** MKNOD. @param c call @param parent dir @param name name @param mode mode @param rdev dev @return entry @throws IOException errno */
    NodeEntry mknod(Call c, long parent, FileName name, int mode, long rdev) throws IOException;

    /** MKDIR. @param c call @param parent dir @param name name @param mode mode @return entry @throws IOException errno */
    NodeEntry mkdir(Call c, long parent, FileName name, int mode) throws IOException;

    /** SYMLINK. @param c call @param parent dir @param name name @param target target @return entry @throws IOException errno */
    NodeEntry symlink(Call c, long parent, FileName name, byte[] target) throws IOException;

    /** LINK. @param c call @param node existing @param newParent dir @param newName name @return entry @throws IOException errno */
    NodeEntry link(Call c, long node, long newParent, FileName newName) throws IOException;

    /** UNLINK. @param c call @param parent dir @param name name @throws IOException errno */
    void unlink(Call c, long parent, FileName name) throws IOException;

    /** RMDIR. @param c call @param parent dir @param name name @throws IOException errno */
    void rmdir(Call c, long parent, FileName name) throws IOException;

    /**
     * RENAME/RENAME2. @param c call @param parent dir @param name name @param newParent dir
     * @param newName name @param flags flags @throws IOException errno
     */
    void rename(Call c, long parent, FileName name, long newParent, FileName newName, Set<RenameFlag> flags)
            throws IOException;

    // files
    /** OPEN. @param c call @param node node @param flags flags @return open @throws IOException errno (ENOSYS: stateless) */
    OpenReply open(Call c, long node, OpenFlags flags) throws IOException;

    /** CREATE. @param c call @param parent dir @param name name @param mode mode @param flags flags @return reply @throws IOException errno */
    CreateReply create(Call c, long parent, FileName name, int mode, OpenFlags flags) throws IOException;

    /** TMPFILE. @param c call @param parent dir @param mode mode @param flags flags @return reply @throws IOException errno */
    CreateReply tmpfile(Call c, long parent, int mode, OpenFlags flags) throws IOException;

    /**
     * READ into {@code dst} (position advanced by the bytes read; never past its limit: a server that
     * writes more is refused with EIO). @param c call @param node node @param fh handle
     * @param offset offset @param dst destination @throws IOException errno
     */
    void read(Call c, long node, long fh, long offset, ByteBuffer dst) throws IOException;

    /** WRITE. @param c call @param node node @param fh handle @param offset offset @param src data @return written @throws IOException errno */
    int write(Call c, long node, long fh, long offset, ByteBuffer src) throws IOException;

    /** FLUSH. @param c call @param node node @param fh handle @param lockOwner owner @throws IOException errno */
    void flush(Call c, long node, long fh, long lockOwner) throws IOException;

    /** RELEASE: frees the handle number. @param c call @param node node @param fh handle @param flags flags */
    void release(Call c, long node, long fh, OpenFlags flags);

    /** FSYNC. @param c call @param node node @param fh handle @param dataOnly datasync @throws IOException errno */
    void fsync(Call c, long node, long fh, boolean dataOnly) throws IOException;

    /**
     * FALLOCATE. @param c call @param node node @param fh handle @param mode mode @param offset off
     * @param length len @throws IOException errno
     */
    void fallocate(Call c, long node, long fh, Set<FallocateMode> mode, long offset, long length) throws IOException;

    /** LSEEK. @param c call @param node node @param fh handle @param offset off @param whence how @return offset @throws IOException errno */
    long lseek(Call c, long node, long fh, long offset, Whence whence) throws IOException;

    /**
     * COPY_FILE_RANGE. @param c call @param in node @param fhIn handle @param offIn off @param out node
     * @param fhOut handle @param offOut off @param length len @param flags flags @return copied
     * @throws IOException errno
     */
    long copyFileRange(Call c, long in, long fhIn, long offIn, long out, long fhOut, long offOut, long length,
            int flags) throws IOException;

    /** POLL. @param c call @param node node @param fh handle @param events events @param waker waker or null @return revents @throws IOException errno */
    int poll(Call c, long node, long fh, int events, PollWaker waker) throws IOException;

    /**
     * IOCTL. @param c call @param node node @param fh handle @param command cmd @param input in
     * @param outputSize out size @return result @throws IOException errno
     */
    IoctlResult ioctl(Call c, long node, long fh, int command, ByteBuffer input, int outputSize) throws IOException;

    /** GETLK. @param c call @param node node @param fh handle @param lock lock @return conflict @throws IOException errno */
    Lock getLock(Call c, long node, long fh, Lock lock) throws IOException;

    /** SETLK/SETLKW. @param c call @param node node @param fh handle @param lock lock @param wait block @throws IOException errno */
    void setLock(Call c, long node, long fh, Lock lock, boolean wait) throws IOException;

    // directories
    /** OPENDIR. @param c call @param node dir @param flags flags @return open @throws IOException errno (ENOSYS: stateless) */
    OpenReply openDir(Call c, long node, OpenFlags flags) throws IOException;

    /** READDIR. @param c call @param node dir @param fh handle @param offset off @param sink sink @throws IOException errno */
    void readDir(Call c, long node, long fh, long offset, DirSink sink) throws IOException;

    /**
     * READDIRPLUS, built from readDir and lookup: lookups count only for entries the sink took,
     * never for "." and ".."; an entry that vanished goes out with node id 0.
     * @param c call @param node dir @param fh handle @param offset off @param sink sink
     * @throws IOException errno
     */
    void readDirPlus(Call c, long node, long fh, long offset, DirPlusSink sink) throws IOException;

    /** RELEASEDIR. @param c call @param node dir @param fh handle */
    void releaseDir(Call c, long node, long fh);

    /** FSYNCDIR. @param c call @param node dir @param fh handle @param dataOnly datasync @throws IOException errno */
    void fsyncDir(Call c, long node, long fh, boolean dataOnly) throws IOException;

    // file system and xattrs
    /** STATFS. @param c call @param node node @return stats @throws IOException errno */
    StatFs statFs(Call c, long node) throws IOException;

    /** SYNCFS. @param c call @throws IOException errno */
    void syncFs(Call c) throws IOException;

    /** SETXATTR. @param c call @param node node @param name name @param value value @param mode mode @throws IOException errno */
    void setXattr(Call c, long node, String name, ByteBuffer value, XattrMode mode) throws IOException;

    /** GETXATTR. @param c call @param node node @param name name @return value @throws IOException errno */
    byte[] getXattr(Call c, long node, String name) throws IOException;

    /** LISTXATTR. @param c call @param node node @return names @throws IOException errno */
    List<String> listXattr(Call c, long node) throws IOException;

    /** REMOVEXATTR. @param c call @param node node @param name name @throws IOException errno */
    void removeXattr(Call c, long node, String name) throws IOException;
}
