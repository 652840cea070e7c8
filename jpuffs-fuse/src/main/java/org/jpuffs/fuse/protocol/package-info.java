/**
 * The FUSE kernel protocol at 7.45 (down to 7.31), as pure code without I/O: opcodes
 * ({@link org.jpuffs.fuse.protocol.Opcode}), INIT capabilities ({@link org.jpuffs.fuse.protocol.InitFlag}),
 * the other ABI numbers ({@link org.jpuffs.fuse.protocol.FuseAbi}), one record per request
 * ({@link org.jpuffs.fuse.protocol.Request}) read from the pooled request buffer by
 * {@link org.jpuffs.fuse.protocol.RequestDecoder}, replies and notifications written into off-heap
 * buffers by {@link org.jpuffs.fuse.protocol.ReplyEncoder} and
 * {@link org.jpuffs.fuse.protocol.NotificationEncoder}, and the INIT negotiation
 * ({@link org.jpuffs.fuse.protocol.InitNegotiation}).
 *
 * <p>Payloads are never copied: a WRITE's data, a SETXATTR value, an IOCTL input and a NOTIFY_REPLY's
 * bytes are slices of the request buffer, valid until it is released. Struct layouts follow
 * include/uapi/linux/fuse.h; the byte order is the machine's, as the kernel's.
 */
package org.jpuffs.fuse.protocol;
