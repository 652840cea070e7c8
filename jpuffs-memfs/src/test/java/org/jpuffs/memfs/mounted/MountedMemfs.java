package org.jpuffs.memfs.mounted;

import java.io.IOException;
import java.nio.file.Path;
import org.jpuffs.fuse.Fuse;
import org.jpuffs.fuse.Mount;
import org.jpuffs.fuse.mount.MountOptions;
import org.jpuffs.memfs.MemFs;
import org.jpuffs.memfs.MemFsOptions;
import org.jpuffs.testkit.mount.MountTable;
import org.jpuffs.testkit.mount.Mountpoints;

/**
 * A memfs served to the kernel through {@link Fuse#mount}, as {@code jpuffs mount memfs} serves it:
 * allow_other (so default_permissions too) on a mountpoint in a 0755 directory, so the unprivileged
 * test user reaches it. {@link #close()} unmounts and insists nothing is left in /proc/self/mounts.
 */
final class MountedMemfs implements AutoCloseable {
    /**
     * The FUSE options: what the jpuffs command passes for memfs (posix_acl: memfs implements ACLs,
     * so the kernel's default_permissions checks must consult them), plus allow_other.
     */
    static final String FUSE_OPTIONS = "allow_other,posix_acl,handle_killpriv_v2,fsname=memfs,subtype=jpuffs-memfs";

    private final Mountpoints mountpoints;
    private final MemFs memfs;
    private final Mount mount;

    private MountedMemfs(Mountpoints mountpoints, MemFs memfs, Mount mount) {
        this.mountpoints = mountpoints;
        this.memfs = memfs;
        this.mount = mount;
    }

    /**
     * Mounts a fresh memfs.
     *
     * @param options memfs's options
     * @return the mount
     * @throws IOException if the mount fails (the mountpoints are released then)
     */
    static MountedMemfs mount(MemFsOptions options) throws IOException {
        return mount(options, "");
    }

    /**
     * Mounts a fresh memfs with FUSE options beyond {@link #FUSE_OPTIONS}.
     *
     * @param options memfs's options
     * @param extraFuseOptions more FUSE options, comma-separated ({@code writeback_cache}), or empty
     * @return the mount
     * @throws IOException if the mount fails (the mountpoints are released then)
     */
    static MountedMemfs mount(MemFsOptions options, String extraFuseOptions) throws IOException {
        Mountpoints mountpoints = new Mountpoints();
        try {
            MemFs memfs = new MemFs(options);
            String fuseOptions = extraFuseOptions.isEmpty() ? FUSE_OPTIONS : FUSE_OPTIONS + "," + extraFuseOptions;
            Mount m = Fuse.mount(memfs, mountpoints.create("memfs"), MountOptions.parse(fuseOptions));
            return new MountedMemfs(mountpoints, memfs, m);
        } catch (IOException | RuntimeException e) {
            mountpoints.release();
            throw e;
        }
    }

    Path root() {
        return mount.mountpoint();
    }

    MemFs memfs() {
        return memfs;
    }

    Mount fuseMount() {
        return mount;
    }

    @Override
    public void close() {
        try {
            mount.close();
            mount.whenEnded().join();
        } finally {
            // fails the test (after a lazy unmount) if the mount is still in /proc/self/mounts
            mountpoints.release();
        }
        if (!MountTable.at(mountpoints.base()).isEmpty()) {
            throw new AssertionError("memfs still mounted below " + mountpoints.base());
        }
    }
}
