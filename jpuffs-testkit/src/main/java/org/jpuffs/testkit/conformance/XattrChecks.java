package org.jpuffs.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jpuffs.Errno;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.Syscalls;
import org.junit.jupiter.api.Test;

/** Extended attributes: round trips, flags, limits and their errnos; POSIX ACLs as xattrs. */
public abstract class XattrChecks extends ConformanceChecks {

    /** Creates the group. */
    protected XattrChecks() {
    }

    @Test
    void setGetListRemove_roundTripsBinaryValues() throws Exception {
        assume(Feature.XATTRS);
        RawPath f = file("f", "x");
        byte[] value = {0, 1, (byte) 0xff, 0, 'v'};
        Syscalls.setxattr(f, "user.bin", value, 0, false);
        Syscalls.setxattr(f, "user.empty", new byte[0], 0, false);
        assertThat(Syscalls.getxattr(f, "user.bin", false)).isEqualTo(value);
        assertThat(Syscalls.getxattrSize(f, "user.bin", false)).isEqualTo(5);
        assertThat(Syscalls.getxattr(f, "user.empty", false)).isEmpty();
        assertThat(Syscalls.listxattr(f, false)).contains("user.bin", "user.empty");
        Syscalls.removexattr(f, "user.bin", false);
        assertErrno(Errno.ENODATA, () -> Syscalls.getxattr(f, "user.bin", false));
        assertThat(Syscalls.listxattr(f, false)).doesNotContain("user.bin");
    }

    @Test
    void directories_carryXattrs() throws Exception {
        assume(Feature.XATTRS);
        RawPath d = directory("d", 0755);
        Syscalls.setxattr(d, "user.d", bytes("dir"), 0, false);
        assertThat(Syscalls.getxattr(d, "user.d", false)).isEqualTo(bytes("dir"));
    }

    @Test
    void createAndReplaceFlags_eexistAndEnodata() throws Exception {
        assume(Feature.XATTRS);
        RawPath f = file("f", "x");
        assertErrno(Errno.ENODATA, () -> Syscalls.setxattr(f, "user.k", bytes("v"), Linux.XATTR_REPLACE, false));
        Syscalls.setxattr(f, "user.k", bytes("v1"), Linux.XATTR_CREATE, false);
        assertErrno(Errno.EEXIST, () -> Syscalls.setxattr(f, "user.k", bytes("v2"), Linux.XATTR_CREATE, false));
        Syscalls.setxattr(f, "user.k", bytes("v3"), Linux.XATTR_REPLACE, false);
        assertThat(Syscalls.getxattr(f, "user.k", false)).isEqualTo(bytes("v3"));
    }

    @Test
    void missingAttribute_enodata() throws Exception {
        assume(Feature.XATTRS);
        RawPath f = file("f", "x");
        assertErrno(Errno.ENODATA, () -> Syscalls.getxattr(f, "user.none", false));
        assertErrno(Errno.ENODATA, () -> Syscalls.removexattr(f, "user.none", false));
        assertErrno(Errno.ENOENT, () -> Syscalls.getxattr(path("missing"), "user.none", false));
    }

    @Test
    void smallBuffer_erange() throws Exception {
        assume(Feature.XATTRS);
        RawPath f = file("f", "x");
        Syscalls.setxattr(f, "user.k", bytes("twelve bytes"), 0, false);
        assertErrno(Errno.ERANGE, () -> Syscalls.getxattr(f, "user.k", 4, false));
        assertThat(Syscalls.getxattr(f, "user.k", 12, false)).isEqualTo(bytes("twelve bytes"));
        long listSize = Syscalls.listxattrSize(f, 0);
        assertThat(listSize).isGreaterThanOrEqualTo("user.k".length() + 1);
        assertErrno(Errno.ERANGE, () -> Syscalls.listxattrSize(f, 3));
    }

    @Test
    void limits_valueOver64KiB_e2big_nameOver255_erange() throws Exception {
        assume(Feature.XATTRS);
        RawPath f = file("f", "x");
        // 2 KiB: ext4 keeps all of a file's xattrs in one block, so larger values are not portable
        Syscalls.setxattr(f, "user.big", new byte[2048], 0, false);
        assertErrno(Errno.E2BIG, () -> Syscalls.setxattr(f, "user.huge", new byte[65537], 0, false));
        String name255 = "user." + "n".repeat(250);
        Syscalls.setxattr(f, name255, bytes("v"), 0, false);
        assertThat(Syscalls.getxattr(f, name255, false)).isEqualTo(bytes("v"));
        assertErrno(Errno.ERANGE, () -> Syscalls.setxattr(f, name255 + "n", bytes("v"), 0, false));
    }

    @Test
    void unknownNamespace_eopnotsupp() throws Exception {
        assume(Feature.XATTRS);
        RawPath f = file("f", "x");
        assertErrno(Errno.EOPNOTSUPP, () -> Syscalls.setxattr(f, "nonsense.k", bytes("v"), 0, false));
        assertErrno(Errno.EOPNOTSUPP, () -> Syscalls.getxattr(f, "nonsense.k", false));
    }

    @Test
    void userXattrOnSymlink_eperm() throws Exception {
        assume(Feature.XATTRS);
        assume(Feature.SYMLINKS);
        file("f", "x");
        Syscalls.symlink(RawPath.of("f"), path("l"));
        assertErrno(Errno.EPERM, () -> Syscalls.setxattr(path("l"), "user.k", bytes("v"), 0, true));
        assertErrno(Errno.ENODATA, () -> Syscalls.getxattr(path("l"), "user.k", true));
        // following the link reaches the file
        Syscalls.setxattr(path("l"), "user.k", bytes("v"), 0, false);
        assertThat(Syscalls.getxattr(path("f"), "user.k", false)).isEqualTo(bytes("v"));
    }

    @Test
    void descriptorVariants_work() throws Exception {
        assume(Feature.XATTRS);
        RawPath f = file("f", "x");
        int fd = Syscalls.open(f, Linux.O_RDONLY);
        try {
            Syscalls.fsetxattr(fd, "user.fd", bytes("via fd"), 0);
            assertThat(Syscalls.fgetxattr(fd, "user.fd")).isEqualTo(bytes("via fd"));
            assertThat(Syscalls.flistxattr(fd)).contains("user.fd");
            Syscalls.fremovexattr(fd, "user.fd");
            assertErrno(Errno.ENODATA, () -> Syscalls.fgetxattr(fd, "user.fd"));
        } finally {
            Syscalls.close(fd);
        }
        assertErrno(Errno.EBADF, () -> Syscalls.fgetxattr(fd, "user.fd"));
    }

    @Test
    void trustedNamespace_worksForRoot() throws Exception {
        assume(Feature.XATTRS);
        RawPath f = file("f", "x");
        Syscalls.setxattr(f, "trusted.t", bytes("t"), 0, false);
        assertThat(Syscalls.getxattr(f, "trusted.t", false)).isEqualTo(bytes("t"));
    }

    /** Encodes a POSIX ACL in the kernel's xattr format (version 2, tag/perm/id entries). */
    private static byte[] acl(int ownerPerm, int userId, int userPerm, int groupPerm, int mask, int other) {
        ByteBuffer b = ByteBuffer.allocate(4 + 5 * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(2);
        b.putShort((short) 0x01).putShort((short) ownerPerm).putInt(-1);
        b.putShort((short) 0x02).putShort((short) userPerm).putInt(userId);
        b.putShort((short) 0x04).putShort((short) groupPerm).putInt(-1);
        b.putShort((short) 0x10).putShort((short) mask).putInt(-1);
        b.putShort((short) 0x20).putShort((short) other).putInt(-1);
        return b.array();
    }

    @Test
    void accessAcl_grantsNamedUser_andMaskShowsAsGroupBits() throws Exception {
        assume(Feature.ACLS);
        UnprivilegedCaller c = caller();
        RawPath granted = file("granted", bytes("g"), 0600);
        file("denied", bytes("d"), 0600);
        Syscalls.setxattr(granted, "system.posix_acl_access", acl(6, c.uid(), 4, 0, 4, 0), 0, false);
        assertThat(Syscalls.stat(granted).perms()).isEqualTo(0640);
        assertThat(Syscalls.getxattr(granted, "system.posix_acl_access", false)).hasSize(44);
        assertThat(assertOk(c.call("read", granted))).isEqualTo(1);
        assertErrno(Errno.EACCES, c.call("read", path("denied")));
        assertErrno(Errno.EACCES, c.call("write", granted, bytes("x"), 0));
    }

    @Test
    void defaultAcl_isInheritedByNewFiles() throws Exception {
        assume(Feature.ACLS);
        RawPath d = directory("d", 0755);
        byte[] def = acl(7, 4242, 5, 5, 5, 5);
        Syscalls.setxattr(d, "system.posix_acl_default", def, 0, false);
        file("d/f", "x");
        assertThat(Syscalls.getxattr(path("d/f"), "system.posix_acl_access", false)).isNotEmpty();
        Syscalls.mkdir(path("d/sub"), 0755);
        assertThat(Syscalls.getxattr(path("d/sub"), "system.posix_acl_default", false)).isEqualTo(def);
    }
}
