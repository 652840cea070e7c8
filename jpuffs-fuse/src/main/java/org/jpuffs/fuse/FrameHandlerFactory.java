package org.jpuffs.fuse;

import java.io.IOException;
import org.jpuffs.fuse.transport.FrameHandler;

/** Makes the frame handler (the protocol dispatcher) of one session, once the connection exists. */
@FunctionalInterface
public interface FrameHandlerFactory {
    /**
     * Creates the handler; called once per mount, before the kernel's INIT is read.
     *
     * @param setup the session's limits, options and notification channel
     * @return the handler
     * @throws IOException if the handler cannot be made; the mount is then undone
     */
    FrameHandler create(SessionSetup setup) throws IOException;
}
