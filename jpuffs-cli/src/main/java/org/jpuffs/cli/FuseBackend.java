package org.jpuffs.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jpuffs.FileServer;
import org.jpuffs.fuse.Fuse;
import org.jpuffs.fuse.Mount;
import org.jpuffs.fuse.mount.MountOptions;

/** Mounts through the FUSE front end; fsname and subtype default to the server's name. */
final class FuseBackend implements MountBackend {
    @Override
    public Set<String> optionNames() {
        return MountOptions.names();
    }

    @Override
    public void validate(List<String> mountOptions) throws UsageException {
        options("check", mountOptions);
    }

    @Override
    public Served mount(FileServer<?> server, String serverName, Path mountpoint, List<String> mountOptions)
            throws IOException {
        MountOptions options;
        try {
            options = options(serverName, mountOptions);
        } catch (UsageException e) {
            throw new IOException(e.getMessage());
        }
        Mount m = Fuse.mount(server, mountpoint, options);
        return new Served() {
            @Override
            public void awaitEnd() {
                m.whenEnded().join();
            }

            @Override
            public void close() {
                m.close();
            }
        };
    }

    private static MountOptions options(String serverName, List<String> given) throws UsageException {
        List<String> all = new ArrayList<>();
        all.add("fsname=" + serverName);
        all.add("subtype=jpuffs-" + serverName);
        all.addAll(given);
        try {
            return MountOptions.parse(String.join(",", all));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
