package org.jpuffs.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.jpuffs.CallContext;
import org.jpuffs.Notifier;

/**
 * One request's {@link CallContext}, made by a front end. The process id and supplementary groups
 * are read from {@code /proc/<callerId>/status} on first use only.
 *
 * <p>A context is valid only while its op runs, so a front end may {@linkplain #reset reuse} one
 * for the next request once the op has returned (the FUSE dispatcher keeps one per reader thread,
 * so a request allocates none).
 */
public final class Call implements CallContext {
    private static final int[] NO_GROUPS = new int[0];

    private long unique;
    private int uid;
    private int gid;
    private int callerId;
    private final Notifier<?> notifier;
    private volatile boolean interrupted;
    private volatile Thread handler;
    /**
     * Orders {@link #interrupt} against {@link #unbindHandler}: once unbinding has returned, no
     * interrupt meant for this request can still reach the thread, which goes on to serve others.
     */
    private final Object handlerLock = new Object();
    private int processId = -2; // -2: not read yet, -1: unknown
    private int[] groups;

    /**
     * A request from a caller.
     *
     * @param unique the front end's request id (FUSE unique), for logs and interrupts
     * @param uid the caller's uid
     * @param gid the caller's gid
     * @param callerId the caller's thread id; 0 for kernel-initiated requests
     * @param notifier the mount's notifier
     */
    public Call(long unique, int uid, int gid, int callerId, Notifier<?> notifier) {
        this.unique = unique;
        this.uid = uid;
        this.gid = gid;
        this.callerId = callerId;
        this.notifier = notifier;
    }

    /**
     * Makes this context describe another request: the caller's ids change and the interrupt mark,
     * the bound handler and what was read from {@code /proc} are forgotten. Only for the front end
     * that made this context, once the previous op has returned and nothing can still interrupt it.
     *
     * @param unique the front end's request id
     * @param uid the caller's uid
     * @param gid the caller's gid
     * @param callerId the caller's thread id; 0 for kernel-initiated requests
     */
    public void reset(long unique, int uid, int gid, int callerId) {
        this.unique = unique;
        this.uid = uid;
        this.gid = gid;
        this.callerId = callerId;
        // volatile stores cost a fence each: skip the ones that change nothing (the usual case)
        if (interrupted) {
            interrupted = false;
        }
        if (handler != null) {
            handler = null;
        }
        this.processId = -2;
        this.groups = null;
    }

    /**
     * The front end's request id.
     *
     * @return the unique id
     */
    public long unique() {
        return unique;
    }

    @Override
    public int uid() {
        return uid;
    }

    @Override
    public int gid() {
        return gid;
    }

    @Override
    public int callerId() {
        return callerId;
    }

    @Override
    public OptionalInt processId() {
        readStatus();
        return processId < 0 ? OptionalInt.empty() : OptionalInt.of(processId);
    }

    @Override
    public int[] groups() {
        readStatus();
        return groups.clone();
    }

    @Override
    public boolean isKernel() {
        return callerId == 0;
    }

    @Override
    public boolean isInterrupted() {
        return interrupted;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <C> Notifier<C> notifier() {
        return (Notifier<C>) notifier;
    }

    /** Binds the thread running this request's handler, so an interrupt can reach it. */
    void bindHandler(Thread thread) {
        handler = thread;
        if (interrupted && thread != null) {
            thread.interrupt();
        }
    }

    /** Unbinds the handler thread once the handler has returned; no interrupt reaches it after this. */
    void unbindHandler() {
        synchronized (handlerLock) {
            handler = null;
        }
    }

    /**
     * Marks the request interrupted (FUSE_INTERRUPT) and interrupts its handler thread if one runs.
     */
    public void interrupt() {
        interrupted = true;
        // read and interrupt under the lock: an interrupter that read the thread just before the
        // handler returned would otherwise interrupt it while it serves its next request
        synchronized (handlerLock) {
            Thread t = handler;
            if (t != null) {
                t.interrupt();
            }
        }
    }

    private synchronized void readStatus() {
        if (processId != -2) {
            return;
        }
        processId = -1;
        groups = NO_GROUPS;
        if (callerId <= 0) {
            return;
        }
        try {
            String status = Files.readString(Path.of("/proc", Integer.toString(callerId), "status"),
                    StandardCharsets.ISO_8859_1);
            for (String line : status.split("\n")) {
                if (line.startsWith("Tgid:")) {
                    processId = Integer.parseInt(line.substring(5).trim());
                } else if (line.startsWith("Groups:")) {
                    String[] parts = line.substring(7).trim().split("\\s+");
                    int n = 0;
                    int[] g = new int[parts.length];
                    for (String p : parts) {
                        if (!p.isEmpty()) {
                            g[n++] = Integer.parseInt(p);
                        }
                    }
                    groups = java.util.Arrays.copyOf(g, n);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the caller has exited or /proc is not mounted: unknown, as documented
        }
    }

    @Override
    public String toString() {
        return "request " + unique + " from uid " + uid + " tid " + callerId;
    }
}
