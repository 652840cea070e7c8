package org.jpuffs.fuse;

import java.nio.file.Path;
import org.jpuffs.fuse.mount.MountOptions;
import org.jpuffs.fuse.transport.ReplyChannel;

/**
 * What a session tells the {@link FrameHandlerFactory} before the first frame arrives.
 *
 * @param mountpoint where the file system is being mounted
 * @param options the mount options, userspace ones included (TTLs, writeback cache, debug, ...)
 * @param maxWrite the largest {@code max_write} the INIT reply may agree: the request buffers hold a
 *     WRITE of this many bytes, and no more
 * @param maxPages the largest {@code max_pages} the INIT reply may agree (from
 *     {@code /proc/sys/fs/fuse/max_pages_limit})
 * @param notifications the channel for notifications (unique 0), writable from any thread
 */
public record SessionSetup(Path mountpoint, MountOptions options, int maxWrite, int maxPages,
        ReplyChannel notifications) {}
