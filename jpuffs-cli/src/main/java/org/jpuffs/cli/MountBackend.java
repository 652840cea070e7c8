package org.jpuffs.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jpuffs.FileServer;

/** How the command mounts a file server: the FUSE front end, behind a seam the tests can see. */
interface MountBackend {
    /** The mount options the front end understands, for error messages. */
    Set<String> optionNames();

    /** Checks the mount options without mounting; throws UsageException naming the bad one. */
    void validate(List<String> mountOptions) throws UsageException;

    /** Mounts and returns once the mount is ready (INIT answered, visible in /proc/self/mounts). */
    Served mount(FileServer<?> server, String serverName, Path mountpoint, List<String> mountOptions)
            throws IOException;

    /** A running mount. */
    interface Served extends AutoCloseable {
        /** Blocks until the mount ends (unmounted from outside, or closed). */
        void awaitEnd() throws InterruptedException;

        /** Unmounts (if still mounted) and ends serving. */
        @Override
        void close();
    }
}
