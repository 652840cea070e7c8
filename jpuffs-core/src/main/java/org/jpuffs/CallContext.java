package org.jpuffs;

import java.util.OptionalInt;

/**
 * Who asked for an operation, and the means to talk back to the kernel. Every op gets one; it is
 * valid only while the op runs.
 *
 * <p>The caller's uid and gid are exact (they come with the request). The process id and the
 * supplementary groups are read from {@code /proc/<callerId>/status} on first use: the caller may
 * have exited or changed them since, so they may be absent or stale and must never be the only
 * basis of a security decision that the kernel's {@code default_permissions} could make instead.
 */
public interface CallContext {
    /**
     * The caller's effective (file-system) user id.
     *
     * @return the uid; 0 for kernel-initiated requests
     */
    int uid();

    /**
     * The caller's effective (file-system) group id.
     *
     * @return the gid; 0 for kernel-initiated requests
     */
    int gid();

    /**
     * The id FUSE reports: the calling thread's id in the server's pid namespace.
     *
     * @return the thread id; 0 for kernel-initiated requests (writeback, release, forget)
     */
    int callerId();

    /**
     * The calling process's id (thread group id), read lazily and racily from /proc.
     *
     * @return the process id, or empty when the caller is the kernel or has exited
     */
    OptionalInt processId();

    /**
     * The caller's supplementary groups, read lazily and racily from /proc.
     *
     * @return the groups; empty when unknown
     */
    int[] groups();

    /**
     * Whether the caller is in group {@code gid}, as primary or supplementary group.
     *
     * @param gid a group id
     * @return true when {@link #gid()} or one of {@link #groups()} is {@code gid}
     */
    default boolean inGroup(int gid) {
        if (gid() == gid) {
            return true;
        }
        for (int g : groups()) {
            if (g == gid) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the kernel itself initiated the request (no process is waiting on it).
     *
     * @return true for kernel-initiated requests
     */
    boolean isKernel();

    /**
     * Whether the caller gave up (a signal; FUSE_INTERRUPT). A long or blocking op should check this
     * and answer EINTR; the handler thread is also {@linkplain Thread#interrupt() interrupted}.
     *
     * @return true once the request was interrupted
     */
    boolean isInterrupted();

    /**
     * The notifier of the mount this request came through.
     *
     * @param <C> the server's cookie type
     * @return the notifier
     */
    <C> Notifier<C> notifier();
}
