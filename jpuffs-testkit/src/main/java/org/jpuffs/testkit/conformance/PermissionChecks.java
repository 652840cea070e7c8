package org.jpuffs.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jpuffs.Errno;
import org.jpuffs.testkit.posix.Linux;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.Syscalls;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Permission checks as an unprivileged user (a child process with no capabilities), each denial
 * beside a positive control in the same test, so a file system that refuses everyone cannot pass.
 */
public abstract class PermissionChecks extends ConformanceChecks {

    /** Creates the group. */
    protected PermissionChecks() {
    }

    private RawPath ownedByCaller(String name, int mode, UnprivilegedCaller c) throws Exception {
        RawPath p = file(name, bytes("mine"), mode);
        Syscalls.chown(p, c.uid(), c.gid());
        Syscalls.chmod(p, mode);
        return p;
    }

    @Test
    void reachability_callerCanStatTheTestDirectory() throws Exception {
        UnprivilegedCaller c = caller();
        assertOk(c.call("stat", dir));
        assertOk(c.call("listdir", dir));
    }

    @Test
    void readWithoutPermission_eacces_readableFileReads() throws Exception {
        UnprivilegedCaller c = caller();
        file("secret", bytes("s"), 0600);
        file("public", bytes("p"), 0644);
        assertErrno(Errno.EACCES, c.call("read", path("secret")));
        assertErrno(Errno.EACCES, c.call("open", path("secret"), Linux.O_RDONLY, 0));
        assertThat(assertOk(c.call("read", path("public")))).isEqualTo(1);
    }

    @Test
    void writeWithoutPermission_eacces_writableFileWrites() throws Exception {
        UnprivilegedCaller c = caller();
        file("ro", bytes("r"), 0644);
        file("rw", bytes("w"), 0666);
        assertErrno(Errno.EACCES, c.call("write", path("ro"), bytes("x"), 0));
        assertErrno(Errno.EACCES, c.call("truncate", path("ro"), 0));
        assertOk(c.call("write", path("rw"), bytes("x"), 0));
        assertOk(c.call("truncate", path("rw"), 0));
        assertThat(Syscalls.stat(path("rw")).size()).isZero();
    }

    @Test
    void createInForeignDirectory_eacces_inOpenDirectoryWorks() throws Exception {
        UnprivilegedCaller c = caller();
        directory("closed", 0755);
        directory("open", 0777);
        assertErrno(Errno.EACCES, c.call("open", path("closed/f"), Linux.O_CREAT | Linux.O_WRONLY, 0644));
        assertErrno(Errno.EACCES, c.call("mkdir", path("closed/d"), 0755));
        assertOk(c.call("open", path("open/f"), Linux.O_CREAT | Linux.O_WRONLY, 0644));
        assertOk(c.call("mkdir", path("open/d"), 0755));
        assertThat(Syscalls.stat(path("open/f")).uid()).isEqualTo(c.uid());
        assertThat(Syscalls.stat(path("open/f")).gid()).isEqualTo(c.gid());
        assertThat(Syscalls.stat(path("open/d")).uid()).isEqualTo(c.uid());
    }

    @Test
    void removeFromForeignDirectory_eacces_fromOpenDirectoryWorks() throws Exception {
        UnprivilegedCaller c = caller();
        directory("closed", 0755);
        file("closed/f", "x");
        directory("closed/d", 0755);
        directory("open", 0777);
        file("open/f", "x");
        directory("open/d", 0755);
        assertErrno(Errno.EACCES, c.call("unlink", path("closed/f")));
        assertErrno(Errno.EACCES, c.call("rmdir", path("closed/d")));
        assertErrno(Errno.EACCES, c.call("rename", path("open/f"), path("closed/g"), 0));
        assertOk(c.call("unlink", path("open/f")));
        assertOk(c.call("rmdir", path("open/d")));
    }

    @Test
    void lookupWithoutSearchPermission_eacces_withSearchWorks() throws Exception {
        UnprivilegedCaller c = caller();
        directory("noexec", 0766);
        file("noexec/f", "x");
        directory("exec", 0711);
        file("exec/f", "x");
        assertErrno(Errno.EACCES, c.call("stat", path("noexec/f")));
        assertOk(c.call("stat", path("exec/f")));
        directory("private", 0700);
        assertErrno(Errno.EACCES, c.call("listdir", path("private")));
        assertOk(c.call("stat", path("private")));
    }

    @Test
    void listWithoutReadPermission_eacces_withReadWorks() throws Exception {
        UnprivilegedCaller c = caller();
        directory("noread", 0711);
        directory("read", 0755);
        assertErrno(Errno.EACCES, c.call("listdir", path("noread")));
        assertThat(assertOk(c.call("listdir", path("read")))).isEqualTo(2);
    }

    @Test
    void stickyDirectory_refusesRemovingOthersFiles_allowsOwn() throws Exception {
        UnprivilegedCaller c = caller();
        directory("sticky", 01777);
        file("sticky/root-owned", bytes("r"), 0666);
        assertErrno(Errno.EPERM, c.call("unlink", path("sticky/root-owned")));
        assertErrno(Errno.EPERM, c.call("rename", path("sticky/root-owned"), path("sticky/moved"), 0));
        assertOk(c.call("open", path("sticky/mine"), Linux.O_CREAT | Linux.O_WRONLY, 0644));
        assertOk(c.call("rename", path("sticky/mine"), path("sticky/mine2"), 0));
        file("sticky/root-target", bytes("r"), 0666);
        assertOk(c.call("open", path("sticky/mine3"), Linux.O_CREAT | Linux.O_WRONLY, 0644));
        assertErrno(Errno.EPERM, c.call("rename", path("sticky/mine3"), path("sticky/root-target"), 0));
        assertOk(c.call("unlink", path("sticky/mine2")));
        assertThat(Syscalls.stat(path("sticky/root-owned")).isRegular()).isTrue();
    }

    @Test
    void setgidDirectory_nonMemberGetsDirectoryGroup_fileLosesRequestedSetgid() throws Exception {
        UnprivilegedCaller c = caller();
        RawPath d = directory("sg", 0777);
        Syscalls.chown(d, 0, 4321);
        Syscalls.chmod(d, 02777);
        int umask = Syscalls.currentUmask();
        assertOk(c.call("open", path("sg/f"), Linux.O_CREAT | Linux.O_WRONLY, 02755));
        assertOk(c.call("mkdir", path("sg/sub"), 0755));
        var f = Syscalls.stat(path("sg/f"));
        assertThat(f.gid()).isEqualTo(4321);
        assertThat(f.uid()).isEqualTo(c.uid());
        // the caller is not in group 4321: the setgid bit it asked for is stripped
        assertThat(f.perms()).isEqualTo(0755 & ~umask);
        var sub = Syscalls.stat(path("sg/sub"));
        assertThat(sub.gid()).isEqualTo(4321);
        assertThat(sub.perms() & Linux.S_ISGID).isEqualTo(Linux.S_ISGID);
    }

    @Test
    void chmodByNonOwner_eperm_byOwnerWorks() throws Exception {
        UnprivilegedCaller c = caller();
        file("theirs", bytes("x"), 0666);
        ownedByCaller("mine", 0644, c);
        assertErrno(Errno.EPERM, c.call("chmod", path("theirs"), 0600));
        assertOk(c.call("chmod", path("mine"), 0600));
        assertThat(Syscalls.stat(path("mine")).perms()).isEqualTo(0600);
        assertThat(Syscalls.stat(path("theirs")).perms()).isEqualTo(0666);
    }

    @Test
    void chownToAnotherUser_eperm_toSelfWorks() throws Exception {
        UnprivilegedCaller c = caller();
        ownedByCaller("mine", 0644, c);
        assertErrno(Errno.EPERM, c.call("chown", path("mine"), 0, -1));
        assertErrno(Errno.EPERM, c.call("chown", path("mine"), -1, 0));
        assertOk(c.call("chown", path("mine"), c.uid(), c.gid()));
        assertThat(Syscalls.stat(path("mine")).uid()).isEqualTo(c.uid());
    }

    @Test
    void explicitTimesByNonOwner_eperm_nowWithWriteAccessWorks() throws Exception {
        UnprivilegedCaller c = caller();
        file("writable", bytes("x"), 0666);
        file("readonly", bytes("x"), 0644);
        assertErrno(Errno.EPERM, c.call("utimes", path("writable"), 1000));
        assertErrno(Errno.EACCES, c.call("touch", path("readonly")));
        assertOk(c.call("touch", path("writable")));
        ownedByCaller("mine", 0444, c);
        assertOk(c.call("utimes", path("mine"), 1000));
        assertThat(Syscalls.stat(path("mine")).mtime()).isEqualTo(1000L * 1_000_000_000L);
    }

    @Test
    void accessCall_reportsTheCallersRights() throws Exception {
        UnprivilegedCaller c = caller();
        file("f", bytes("x"), 0644);
        assertErrno(Errno.EACCES, c.call("access", path("f"), Linux.W_OK));
        assertErrno(Errno.EACCES, c.call("access", path("f"), Linux.X_OK));
        assertOk(c.call("access", path("f"), Linux.R_OK));
        assertOk(c.call("access", path("f"), Linux.F_OK));
    }

    @Test
    void mknodDeviceUnprivileged_eperm_fifoWorks() throws Exception {
        UnprivilegedCaller c = caller();
        assume(Feature.SPECIAL_FILES);
        directory("open", 0777);
        assertErrno(Errno.EPERM, c.call("mknod", path("open/dev"), Linux.S_IFCHR | 0600, Linux.makedev(1, 3)));
        assertOk(c.call("mknod", path("open/fifo"), Linux.S_IFIFO | 0600, 0));
    }

    @Test
    void hardLinkToUnwritableForeignFile_epermUnderProtectedHardlinks() throws Exception {
        UnprivilegedCaller c = caller();
        assume(Feature.HARD_LINKS);
        Path sysctl = Path.of("/proc/sys/fs/protected_hardlinks");
        Assumptions.assumeTrue(Files.isReadable(sysctl) && Files.readString(sysctl).strip().equals("1"),
                "fs.protected_hardlinks is not 1");
        directory("open", 0777);
        file("foreign", bytes("x"), 0644);
        file("shared", bytes("x"), 0666);
        assertErrno(Errno.EPERM, c.call("link", path("foreign"), path("open/l1")));
        assertOk(c.call("link", path("shared"), path("open/l2")));
        assertThat(Syscalls.stat(path("shared")).nlink()).isEqualTo(2);
    }

    @Test
    void writeByNonOwner_clearsSetuidAndSetgid_rootWriteKeepsThem() throws Exception {
        UnprivilegedCaller c = caller();
        file("suid", bytes("x"), 06777);
        file("control", bytes("x"), 06777);
        assertThat(Syscalls.stat(path("suid")).perms()).isEqualTo(06777);
        assertOk(c.call("write", path("suid"), bytes("y"), 1));
        assertThat(Syscalls.stat(path("suid")).perms()).isEqualTo(0777);
        int fd = Syscalls.open(path("control"), Linux.O_WRONLY);
        Syscalls.pwrite(fd, bytes("y"), 1);
        Syscalls.close(fd);
        assertThat(Syscalls.stat(path("control")).perms()).isEqualTo(06777);
    }

    @Test
    void writeByNonOwner_setgidWithoutGroupExecute_keptOnlyForGroupMember() throws Exception {
        UnprivilegedCaller c = caller();
        RawPath member = file("member", bytes("x"), 0666);
        Syscalls.chown(member, 0, c.gid());
        Syscalls.chmod(member, 06766);
        file("outsider", bytes("x"), 06766);
        assertOk(c.call("write", member, bytes("y"), 1));
        assertOk(c.call("write", path("outsider"), bytes("y"), 1));
        // without group execute, S_ISGID survives a write only by a member of the file's group
        assertThat(Syscalls.stat(member).perms()).isEqualTo(02766);
        assertThat(Syscalls.stat(path("outsider")).perms()).isEqualTo(0766);
    }

    @Test
    void truncateByNonOwner_clearsSetuid() throws Exception {
        UnprivilegedCaller c = caller();
        file("f", bytes("xyz"), 04777);
        assertOk(c.call("truncate", path("f"), 1));
        assertThat(Syscalls.stat(path("f")).perms()).isEqualTo(0777);
    }

    @Test
    void chmodSetgidByNonMemberOwner_dropsSetgid_setuidKept() throws Exception {
        UnprivilegedCaller c = caller();
        RawPath p = file("f", bytes("x"), 0644);
        Syscalls.chown(p, c.uid(), 0); // caller owns it, group root: caller is not a member
        assertOk(c.call("chmod", p, 02755));
        assertThat(Syscalls.stat(p).perms()).isEqualTo(0755);
        assertOk(c.call("chmod", p, 04755));
        assertThat(Syscalls.stat(p).perms()).isEqualTo(04755);
    }

    @Test
    void userXattrWithoutWritePermission_eacces_withWriteWorks() throws Exception {
        UnprivilegedCaller c = caller();
        assume(Feature.XATTRS);
        file("ro", bytes("x"), 0644);
        file("rw", bytes("x"), 0666);
        assertErrno(Errno.EACCES, c.call("setxattr", path("ro"), "user.k", bytes("v")));
        assertOk(c.call("setxattr", path("rw"), "user.k", bytes("v")));
        Syscalls.setxattr(path("ro"), "user.k", bytes("vv"), 0, false);
        assertThat(assertOk(c.call("getxattr", path("ro"), "user.k"))).isEqualTo(2);
        file("secret", bytes("x"), 0600);
        Syscalls.setxattr(path("secret"), "user.k", bytes("v"), 0, false);
        assertErrno(Errno.EACCES, c.call("getxattr", path("secret"), "user.k"));
    }
}
