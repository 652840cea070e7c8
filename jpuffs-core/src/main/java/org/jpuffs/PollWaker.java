package org.jpuffs;

/**
 * A handle a server keeps after answering {@link FileServer#poll} with no events ready, and uses
 * later to wake the kernel's waiters ({@code FUSE_NOTIFY_POLL}).
 */
public interface PollWaker {
    /** Wakes every waiter on this poll handle; they poll again. Callable from any thread, once or more. */
    void wake();
}
