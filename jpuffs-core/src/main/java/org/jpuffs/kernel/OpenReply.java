package org.jpuffs.kernel;

import java.util.Set;
import org.jpuffs.OpenOption;

/**
 * An open as a front end sends it: the node layer's file handle number for the server's handle
 * object, and the open's options.
 *
 * @param fh the file handle number (FUSE fh); never 0 for a stateful open
 * @param options the cache and seek options
 */
public record OpenReply(long fh, Set<OpenOption> options) {
}
