/**
 * The bridge between the transport and the node layer: {@link org.jpuffs.fuse.dispatch.FuseDispatcher}
 * is the transport's {@link org.jpuffs.fuse.transport.FrameHandler}; it decodes each frame, negotiates
 * INIT, builds a {@link org.jpuffs.kernel.Call} per request, calls the
 * {@link org.jpuffs.kernel.NodeLayer}, and writes the encoded answer through the request's
 * {@link org.jpuffs.fuse.transport.ReplyChannel}. {@link org.jpuffs.fuse.dispatch.KernelNotifications}
 * is the node layer's {@link org.jpuffs.kernel.NotificationChannel}: queued notification frames
 * written by a thread of their own.
 */
package org.jpuffs.fuse.dispatch;
