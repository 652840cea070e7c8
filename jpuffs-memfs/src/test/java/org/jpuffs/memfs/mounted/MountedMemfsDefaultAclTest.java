package org.jpuffs.memfs.mounted;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.jpuffs.FileType;
import org.jpuffs.memfs.MemFsOptions;
import org.jpuffs.testkit.mount.Mountpoints;
import org.jpuffs.testkit.mount.TmpfsMount;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.Syscalls;
import org.jpuffs.testkit.posix.Tree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A default ACL takes the umask's place, as on every Linux file system with ACLs: under a directory
 * with one, new nodes get the requested mode intersected with the ACL, umask or not; elsewhere the
 * umask applies. Checked on memfs through the mount and on tmpfs in the same test (found by hand
 * after the conformance suite's ACL fix: memfs got modes with the umask already applied, since the
 * kernel masks unless told not to).
 */
@Timeout(60)
class MountedMemfsDefaultAclTest {

    /** A minimal ACL (owner, group, other entries) in the kernel's xattr format. */
    private static byte[] minimalAcl(int owner, int group, int other) {
        ByteBuffer b = ByteBuffer.allocate(4 + 3 * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(2);
        b.putShort((short) 0x01).putShort((short) owner).putInt(-1);
        b.putShort((short) 0x04).putShort((short) group).putInt(-1);
        b.putShort((short) 0x20).putShort((short) other).putInt(-1);
        return b.array();
    }

    /** Creates a file, a directory and a FIFO under umask 022 in {@code dir}; their permission bits. */
    private static List<Integer> createdModes(RawPath dir) throws Exception {
        int old = Syscalls.umask(022);
        try {
            Syscalls.close(Syscalls.open(dir.resolve("f"), Linux.O_CREAT | Linux.O_EXCL | Linux.O_WRONLY, 0666));
            Syscalls.mkdir(dir.resolve("s"), 0777);
            Syscalls.mknod(dir.resolve("p"), Linux.S_IFIFO | 0666, 0);
        } finally {
            Syscalls.umask(old);
        }
        return List.of(Syscalls.lstat(dir.resolve("f")).mode() & 07777, Syscalls.lstat(dir.resolve("s")).mode() & 07777,
                Syscalls.lstat(dir.resolve("p")).mode() & 07777);
    }

    private static void check(Path root) throws Exception {
        RawPath base = RawPath.of(root).resolve("acl");
        Syscalls.mkdir(base, 0755);
        try {
            RawPath withAcl = base.resolve("with");
            Syscalls.mkdir(withAcl, 0777);
            Syscalls.setxattr(withAcl, "system.posix_acl_default", minimalAcl(7, 7, 5), 0, false);
            assertThat(createdModes(withAcl)).as("under a default ACL (u::rwx,g::rwx,o::r-x), umask 022 ignored")
                    .containsExactly(0664, 0775, 0664);
            RawPath plain = base.resolve("plain");
            Syscalls.mkdir(plain, 0777);
            assertThat(createdModes(plain)).as("without one, umask 022 applies").containsExactly(0644, 0755, 0644);
        } finally {
            Tree.remove(base);
        }
    }

    @Test
    void defaultAcl_replacesTheUmask_onMemfsAsOnTmpfs() throws Exception {
        Mountpoints mountpoints = new Mountpoints();
        try (TmpfsMount tmpfs = TmpfsMount.mount(mountpoints.create("tmpfs"), "size=16m,mode=0755")) {
            check(tmpfs.root());
        } finally {
            mountpoints.release();
        }
        try (MountedMemfs memfs = MountedMemfs.mount(MemFsOptions.defaults().withSize(16L << 20)
                .withRoot(FileType.DIRECTORY, 0755))) {
            check(memfs.root());
        }
    }
}
