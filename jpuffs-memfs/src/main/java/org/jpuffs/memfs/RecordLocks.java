package org.jpuffs.memfs;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jpuffs.CallContext;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.Lock;
import org.jpuffs.LockType;

/**
 * One file's POSIX record locks and flocks. The two kinds never conflict with each other (as on
 * Linux). POSIX locks belong to a lock owner (one per open file table) and merge and split by range;
 * a flock belongs to its open and covers the whole file. A blocked request waits on this table's own
 * monitor, never while holding a node or data lock, and gives up with EINTR when the request is
 * interrupted or its thread is.
 */
final class RecordLocks {
    /** How often a waiter looks at {@link CallContext#isInterrupted()} besides being signalled. */
    private static final long INTERRUPT_POLL_MS = 20;

    private record Held(LockType type, long start, long end, long owner, int pid, boolean flock) {
        boolean overlaps(long s, long e) {
            return start <= e && s <= end;
        }

        boolean conflictsWith(Lock l) {
            return flock == l.flock() && owner != l.owner() && overlaps(l.start(), l.end())
                    && (type == LockType.WRITE || l.type() == LockType.WRITE);
        }

        Lock toLock() {
            return new Lock(type, start, end, pid, owner, flock);
        }
    }

    /**
     * Which POSIX lock owner waits for which, across every file of one memfs: a wait that would close
     * a cycle fails with EDEADLK instead, as Linux's posix_locks_deadlock does.
     */
    static final class WaitGraph {
        private static final int MAX_DEPTH = 10;
        private final java.util.concurrent.ConcurrentHashMap<Long, Long> waitsFor =
                new java.util.concurrent.ConcurrentHashMap<>();

        boolean wouldDeadlock(long owner, long blocker) {
            Long o = blocker;
            for (int i = 0; i < MAX_DEPTH && o != null; i++) {
                if (o == owner) {
                    return true;
                }
                o = waitsFor.get(o);
            }
            return false;
        }

        void waiting(long owner, long blocker) {
            waitsFor.put(owner, blocker);
        }

        void done(long owner) {
            waitsFor.remove(owner);
        }
    }

    private final WaitGraph graph;
    private final ReentrantLock monitor = new ReentrantLock();
    private final Condition changed = monitor.newCondition();
    private final List<Held> held = new ArrayList<>();

    RecordLocks(WaitGraph graph) {
        this.graph = graph;
    }

    /** F_GETLK: a lock that would block {@code lock}, or {@link Lock#none()}. */
    Lock test(Lock lock) {
        monitor.lock();
        try {
            Held c = conflict(lock);
            return c == null ? Lock.none() : c.toLock();
        } finally {
            monitor.unlock();
        }
    }

    /**
     * F_SETLK / F_SETLKW / flock.
     *
     * @throws ErrnoException EAGAIN when it conflicts and {@code wait} is false, EINTR when a wait is
     *     interrupted
     */
    void set(CallContext ctx, Lock lock, boolean wait) throws ErrnoException {
        monitor.lock();
        try {
            if (lock.type() == LockType.UNLOCK) {
                release(lock.owner(), lock.flock(), lock.start(), lock.end());
                changed.signalAll();
                return;
            }
            if (lock.flock()) {
                // converting a flock drops the old one first, as Linux does, so two converting
                // holders cannot deadlock each other
                if (release(lock.owner(), true, 0, Long.MAX_VALUE)) {
                    changed.signalAll();
                }
            }
            try {
                for (Held c = conflict(lock); c != null; c = conflict(lock)) {
                    if (!wait) {
                        throw new ErrnoException(Errno.EAGAIN);
                    }
                    if (!lock.flock()) {
                        if (graph.wouldDeadlock(lock.owner(), c.owner)) {
                            throw new ErrnoException(Errno.EDEADLK);
                        }
                        graph.waiting(lock.owner(), c.owner);
                    }
                    if (ctx.isInterrupted() || Thread.currentThread().isInterrupted()) {
                        throw new ErrnoException(Errno.EINTR);
                    }
                    try {
                        changed.await(INTERRUPT_POLL_MS, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new ErrnoException(Errno.EINTR);
                    }
                }
            } finally {
                if (wait && !lock.flock()) {
                    graph.done(lock.owner());
                }
            }
            if (lock.flock()) {
                held.add(new Held(lock.type(), 0, Long.MAX_VALUE, lock.owner(), lock.pid(), true));
            } else {
                release(lock.owner(), false, lock.start(), lock.end());
                held.add(new Held(lock.type(), lock.start(), lock.end(), lock.owner(), lock.pid(), false));
                coalesce(lock.owner());
            }
            changed.signalAll();
        } finally {
            monitor.unlock();
        }
    }

    /** Drops every lock of {@code owner} of one kind (close of a descriptor, release of an open). */
    void releaseAll(long owner, boolean flock) {
        monitor.lock();
        try {
            if (release(owner, flock, 0, Long.MAX_VALUE)) {
                changed.signalAll();
            }
        } finally {
            monitor.unlock();
        }
    }

    /** Number of held locks, for tests. */
    int heldCount() {
        monitor.lock();
        try {
            return held.size();
        } finally {
            monitor.unlock();
        }
    }

    private Held conflict(Lock lock) {
        for (Held h : held) {
            if (h.conflictsWith(lock)) {
                return h;
            }
        }
        return null;
    }

    /** Removes {@code owner}'s range {@code [start, end]}, splitting locks that stick out. */
    private boolean release(long owner, boolean flock, long start, long end) {
        boolean any = false;
        List<Held> rest = new ArrayList<>(2);
        for (Iterator<Held> it = held.iterator(); it.hasNext();) {
            Held h = it.next();
            if (h.owner != owner || h.flock != flock || !h.overlaps(start, end)) {
                continue;
            }
            it.remove();
            any = true;
            if (h.start < start) {
                rest.add(new Held(h.type, h.start, start - 1, owner, h.pid, flock));
            }
            if (h.end > end) {
                rest.add(new Held(h.type, end + 1, h.end, owner, h.pid, flock));
            }
        }
        held.addAll(rest);
        return any;
    }

    /** Merges an owner's adjacent or overlapping POSIX locks of the same type. */
    private void coalesce(long owner) {
        boolean merged = true;
        while (merged) {
            merged = false;
            outer:
            for (int i = 0; i < held.size(); i++) {
                Held a = held.get(i);
                if (a.owner != owner || a.flock) {
                    continue;
                }
                for (int j = i + 1; j < held.size(); j++) {
                    Held b = held.get(j);
                    if (b.owner != owner || b.flock || b.type != a.type) {
                        continue;
                    }
                    boolean touching = a.start <= b.end + (b.end == Long.MAX_VALUE ? 0 : 1)
                            && b.start <= a.end + (a.end == Long.MAX_VALUE ? 0 : 1);
                    if (touching) {
                        held.remove(j);
                        held.set(i, new Held(a.type, Math.min(a.start, b.start), Math.max(a.end, b.end), owner,
                                a.pid, false));
                        merged = true;
                        break outer;
                    }
                }
            }
        }
    }
}
