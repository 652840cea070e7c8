package org.jpuffs.fuse.transport;

/**
 * What the transport hands each request frame read from {@code /dev/fuse} to (the protocol
 * dispatcher). Called on a reader thread; a handler that may block for long (SETLKW, network-bound
 * servers) continues on another thread and replies from there.
 */
public interface FrameHandler {
    /**
     * Handles one request. The handler owns {@code request} until it calls
     * {@link RequestBuffer#release()} (exactly once, from any thread), and must answer every request
     * that takes an answer through {@code replies}, exactly once, from any thread.
     *
     * @param request the buffer holding the frame, bytes [0, {@link RequestBuffer#length()})
     * @param replies the channel back to the kernel on the fd the request came from
     */
    void handle(RequestBuffer request, ReplyChannel replies);

    /**
     * Called once when the session has ended, whatever ended it ({@code Mount.close()}, an unmount from
     * outside, a signal): no frame will be handed over any more, and the reply channels close when this
     * returns. The place to tear down the node layer and call the server's {@code destroy}. The default
     * does nothing.
     */
    default void sessionEnded() {}
}
