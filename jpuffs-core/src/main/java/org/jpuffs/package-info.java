/**
 * The file-server API: the one package a file-system author imports.
 *
 * <p>A file system is a {@link org.jpuffs.FileServer}: one method per operation the kernel can ask
 * for, each with a documented default, so a server implements only what it needs. jpuffs serves it
 * to the Linux kernel over {@code /dev/fuse} (a real mount) or to Java code through
 * {@code java.nio.file} (no kernel). The smallest useful server, a read-only directory with one
 * file, fits in 25 lines: it implements {@code root}, {@code lookup}, {@code getAttr},
 * {@code read} and {@code readDir}, and leaves everything else to the defaults. A server that would
 * rather see full paths than nodes implements {@code org.jpuffs.path.PathFileServer} and is served
 * through {@code org.jpuffs.path.PathAdapter}.
 *
 * <h2>Cookies</h2>
 * A server names its nodes with <em>cookies</em> of a type it chooses (puffs's
 * {@code puffs_cookie_t}): its own node objects, inode numbers, paths. Two cookies that are
 * {@code equals} are the same node, so a cookie's {@code equals}/{@code hashCode} must not change
 * while the node lives. The kernel never sees cookies and the server never sees kernel node ids:
 * jpuffs maps one to the other. The root's cookie comes from {@link org.jpuffs.FileServer#root()};
 * it is node 1 and lives as long as the mount. Ops that create a node (mknod, mkdir, symlink,
 * create, tmpfile) must return a cookie that is not live already; {@code link} returns the existing
 * node's cookie.
 *
 * <h2>Lookup counts and reclaim</h2>
 * Every {@link org.jpuffs.Entry} a server hands out (from lookup, create, mknod, mkdir, symlink,
 * link, tmpfile) counts one lookup on its node; the kernel gives them back later with FORGET,
 * possibly many at once, and never at unmount. jpuffs does that bookkeeping. Once a node's count is
 * zero and no request is running on it, {@link org.jpuffs.FileServer#reclaim} is called, exactly
 * once; at unmount every remaining node is reclaimed the same way before
 * {@link org.jpuffs.FileServer#destroy()}. Reclaim, not unlink, is where an unlinked file's storage
 * may be freed: a process may still hold it open. After reclaim the cookie may come back through a
 * new lookup, as a new node.
 *
 * <h2>TTLs</h2>
 * The kernel caches what a server tells it, for as long as the server allows:
 * <ul>
 * <li>the <em>entry TTL</em> of an {@link org.jpuffs.Entry}: how long the binding from a name to
 *     its node is trusted without a new lookup;
 * <li>the <em>attribute TTL</em>: how long the node's attributes are trusted without a new
 *     getAttr (it also applies to later getAttr and setAttr answers);
 * <li>the <em>negative TTL</em> of {@link org.jpuffs.Lookup#absent(java.time.Duration)}: how long
 *     the kernel may remember that a name does not exist.
 * </ul>
 * Long TTLs save round trips but hide changes the server makes on its own (a network file system,
 * a file changed behind the mount's back); zero TTLs are always right and always slow. A server
 * that knows something changed tells the kernel through its {@link org.jpuffs.Notifier} (from
 * {@link org.jpuffs.FileServer#init} or {@link org.jpuffs.CallContext#notifier()}) rather than
 * shortening every TTL. {@link org.jpuffs.Entry#of} uses one second for both, libfuse's default.
 *
 * <h2>Threading</h2>
 * Ops run concurrently, on many threads at once, including several ops on the same node: a server
 * protects its own state. Handlers may block (a network round trip, a lock wait): each request has a
 * thread of its own and a blocking handler holds up nobody else. For a server whose ops mostly
 * wait on the network, requests are best run on virtual threads, so that thousands of waiting
 * requests cost little; CPU-bound servers do as well on a small pool of platform threads. No op may assume it runs on any particular thread, and an op must not keep a
 * {@link java.nio.ByteBuffer} it was handed after returning: the buffer is reused.
 *
 * <h2>Interrupts</h2>
 * When the calling process gets a signal, the kernel sends an INTERRUPT for its request. jpuffs then
 * marks {@link org.jpuffs.CallContext#isInterrupted()} and interrupts the handler's thread, so a
 * blocking call (a lock wait, {@code Thread.sleep}, an interruptible channel) ends. A handler that
 * waits should answer {@link org.jpuffs.Errno#EINTR}; one that finishes its work anyway may just
 * return, and the kernel takes whichever answer comes. Kernel-initiated requests
 * ({@link org.jpuffs.CallContext#isKernel()}) are never interrupted.
 *
 * <h2>Errors and unimplemented ops</h2>
 * An op fails by throwing {@link org.jpuffs.ErrnoException} with the caller's errno; any other
 * exception is a bug in the server: the caller gets EIO, one line is logged, and the mount goes on.
 * An absent name is an answer ({@link org.jpuffs.Lookup#absent()}), not an exception. Every op has a
 * default chosen from what the kernel does with the answer, stated in the op's documentation:
 * release, releaseDir, reclaim, init and destroy do nothing; statFs reports an empty file system;
 * without open and openDir, opens are stateless (handles are {@code null}); flush, fsync, fsyncDir
 * and access answer ENOSYS, which the kernel takes as lasting success; the others answer ENOSYS (or
 * the errno the kernel expects, such as ENOTTY for ioctl). jpuffs also looks at which ops a server
 * implements ({@link org.jpuffs.OpInventory}) and offers the kernel only the capabilities those can
 * serve: without setLock, the kernel keeps locks itself.
 *
 * <h2>The deadlock of a JVM that touches its own mount</h2>
 * A request reaches the server only when a jpuffs thread answers it. If a thread that serves the
 * mount does file I/O on the same mount (a {@code Files.exists} on a path below the mount point, a
 * logger writing there, a {@code stat} by a handler), its syscall waits in the kernel for a request
 * that only the server can answer, and the server's thread is the one waiting: the mount hangs, and
 * with it every process touching it. Holding a lock while doing so spreads the hang to every
 * handler that wants the lock. So a server never touches its own mount from inside an op: it reads
 * and writes its backing store directly (its objects, its backing directory, the network), and keeps
 * its logs and temporary files outside the mount. Other threads of the same JVM may use the mount
 * freely (tests do), as long as no op waits for them. A hung mount is released with
 * {@code umount -l} (or {@code fusermount3 -uz}) on the mount point.
 */
package org.jpuffs;
