/**
 * FUSE sessions: mounting a {@link org.jpuffs.fuse.transport.FrameHandler} at a mountpoint and running it
 * until it is closed or unmounted.
 *
 * <p>Entry point: {@link org.jpuffs.fuse.FuseSession#mount FuseSession.mount(mountpoint, options,
 * factory)}. The factory receives a {@link org.jpuffs.fuse.SessionSetup} (the largest {@code max_write}
 * and {@code max_pages} the INIT reply may agree, the options, a channel for notifications) and returns
 * the handler. The transport watches the handler's replies: {@code mount} returns once the reply to
 * INIT was written without error and the mount is listed in /proc/self/mountinfo. When the session ends,
 * however it ends, the handler's {@link org.jpuffs.fuse.transport.FrameHandler#sessionEnded()} runs once.
 * See {@link org.jpuffs.fuse.Mount} for the shutdown sequence.
 */
package org.jpuffs.fuse;
