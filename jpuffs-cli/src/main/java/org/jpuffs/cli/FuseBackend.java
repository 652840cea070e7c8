package org.jpuffs.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jpuffs.FileServer;

/** Mounts through the FUSE front end. */
final class FuseBackend implements MountBackend {
    @Override
    public Set<String> optionNames() {
        return Set.of();
    }

    @Override
    public void validate(List<String> mountOptions) throws UsageException {
    }

    @Override
    public Served mount(FileServer<?> server, String serverName, Path mountpoint, List<String> mountOptions)
            throws IOException {
        throw new IOException("the FUSE front end is not wired into the command yet");
    }
}
