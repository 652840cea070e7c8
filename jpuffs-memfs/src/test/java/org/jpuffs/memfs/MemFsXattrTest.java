package org.jpuffs.memfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.jpuffs.AttrField;
import org.jpuffs.Errno;
import org.jpuffs.SetAttributes;
import org.jpuffs.XattrMode;
import org.junit.jupiter.api.Test;

class MemFsXattrTest extends MemFsFixture {

    static ByteBuffer v(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    /** An ACL in xattr form: triples of tag, perm, id. */
    static ByteBuffer acl(int... entries) {
        ByteBuffer b = ByteBuffer.allocate(4 + entries.length / 3 * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(2);
        for (int i = 0; i < entries.length; i += 3) {
            b.putShort((short) entries[i]).putShort((short) entries[i + 1]).putInt(entries[i + 2]);
        }
        return b.flip();
    }

    static final int UO = PosixAcl.USER_OBJ;
    static final int U = PosixAcl.USER;
    static final int GO = PosixAcl.GROUP_OBJ;
    static final int M = PosixAcl.MASK;
    static final int O = PosixAcl.OTHER;

    @Test
    void setGetListRemove() throws Exception {
        Node f = file(root, "f");
        fs.setXattr(ROOT, f, "user.a", v("1"), XattrMode.ANY);
        fs.setXattr(ROOT, f, "trusted.b", v("2"), XattrMode.ANY);
        fs.setXattr(ROOT, f, "security.c", v("3"), XattrMode.ANY);
        assertThat(new String(fs.getXattr(ROOT, f, "user.a"), StandardCharsets.UTF_8)).isEqualTo("1");
        assertThat(fs.listXattr(ROOT, f)).containsExactly("user.a", "trusted.b", "security.c");
        fs.removeXattr(ROOT, f, "user.a");
        assertErrno(Errno.ENODATA, () -> fs.getXattr(ROOT, f, "user.a"));
        assertErrno(Errno.ENODATA, () -> fs.removeXattr(ROOT, f, "user.a"));
    }

    /** With handle_killpriv_v2 the kernel leaves this to memfs, as Linux's cap_inode_killpriv does it. */
    @Test
    void writeTruncateAndChown_dropSecurityCapability_evenForRoot() throws Exception {
        Node f = file(root, "f");
        fs.setXattr(ROOT, f, "security.capability", v("cap"), XattrMode.ANY);
        fs.setXattr(ROOT, f, "user.kept", v("1"), XattrMode.ANY);
        fs.write(ROOT, f, null, 0, v("data"));
        assertErrno(Errno.ENODATA, () -> fs.getXattr(ROOT, f, "security.capability"));
        assertThat(fs.getXattr(ROOT, f, "user.kept")).isEqualTo("1".getBytes());

        fs.setXattr(ROOT, f, "security.capability", v("cap"), XattrMode.ANY);
        fs.setAttr(ROOT, f, null, SetAttributes.size(1));
        assertErrno(Errno.ENODATA, () -> fs.getXattr(ROOT, f, "security.capability"));

        fs.setXattr(ROOT, f, "security.capability", v("cap"), XattrMode.ANY);
        fs.setAttr(ROOT, f, null,
                new SetAttributes(EnumSet.of(AttrField.UID, AttrField.GID), 0, 1000, 1000, 0, null, null, null));
        assertErrno(Errno.ENODATA, () -> fs.getXattr(ROOT, f, "security.capability"));
    }

    @Test
    void createAndReplaceFlags() throws Exception {
        Node f = file(root, "f");
        assertErrno(Errno.ENODATA, () -> fs.setXattr(ROOT, f, "user.a", v("x"), XattrMode.REPLACE));
        fs.setXattr(ROOT, f, "user.a", v("x"), XattrMode.CREATE);
        assertErrno(Errno.EEXIST, () -> fs.setXattr(ROOT, f, "user.a", v("y"), XattrMode.CREATE));
        fs.setXattr(ROOT, f, "user.a", v("z"), XattrMode.REPLACE);
        assertThat(fs.getXattr(ROOT, f, "user.a")).isEqualTo("z".getBytes());
    }

    @Test
    void limits_e2bigErangeEnospc() throws Exception {
        Node f = file(root, "f");
        assertErrno(Errno.E2BIG, () -> fs.setXattr(ROOT, f, "user.big", ByteBuffer.allocate(65537), XattrMode.ANY));
        fs.setXattr(ROOT, f, "user.max", ByteBuffer.allocate(65536), XattrMode.ANY);
        assertErrno(Errno.ERANGE, () -> fs.setXattr(ROOT, f, "user." + "n".repeat(251), v("x"), XattrMode.ANY));
        fs.setXattr(ROOT, f, "user." + "n".repeat(250), v("x"), XattrMode.ANY);
        for (int i = 0; i < Xattrs.MAX_TOTAL / 65536 - 2; i++) {
            fs.setXattr(ROOT, f, "user.fill" + i, ByteBuffer.allocate(65536), XattrMode.ANY);
        }
        assertErrno(Errno.ENOSPC, () -> fs.setXattr(ROOT, f, "user.more", ByteBuffer.allocate(65536), XattrMode.ANY));
        assertThat(fs.getXattr(ROOT, f, "user.fill1")).hasSize(65536);
    }

    @Test
    void unknownNamespace_eopnotsupp() throws Exception {
        Node f = file(root, "f");
        assertErrno(Errno.EOPNOTSUPP, () -> fs.setXattr(ROOT, f, "os2.x", v("1"), XattrMode.ANY));
        assertErrno(Errno.EOPNOTSUPP, () -> fs.getXattr(ROOT, f, "bogus"));
    }

    @Test
    void userXattr_needsWritePermission_trustedNeedsRoot() throws Exception {
        Node pub = mkdir(ROOT, root, "pub", 0777);
        Node f = create(ALICE, pub, "f", 0644).entry().cookie();
        assertErrno(Errno.EACCES, () -> fs.setXattr(BOB, f, "user.x", v("1"), XattrMode.ANY));
        fs.setXattr(ALICE, f, "user.x", v("1"), XattrMode.ANY);
        assertThat(fs.getXattr(BOB, f, "user.x")).isEqualTo("1".getBytes());
        assertErrno(Errno.EPERM, () -> fs.setXattr(ALICE, f, "trusted.x", v("1"), XattrMode.ANY));
        assertErrno(Errno.EPERM, () -> fs.setXattr(ALICE, f, "security.x", v("1"), XattrMode.ANY));
        fs.setXattr(ROOT, f, "trusted.x", v("1"), XattrMode.ANY);
        assertErrno(Errno.ENODATA, () -> fs.getXattr(ALICE, f, "trusted.x"));
        assertThat(fs.listXattr(ALICE, f)).containsExactly("user.x");
        assertThat(fs.listXattr(ROOT, f)).containsExactly("user.x", "trusted.x");
    }

    @Test
    void userXattrOnSymlinkOrFifo_eperm() throws Exception {
        Node s = fs.symlink(ROOT, root, n("s"), new byte[] {'t'}).cookie();
        assertErrno(Errno.EPERM, () -> fs.setXattr(ROOT, s, "user.x", v("1"), XattrMode.ANY));
        assertErrno(Errno.ENODATA, () -> fs.getXattr(ROOT, s, "user.x"));
        fs.setXattr(ROOT, s, "trusted.x", v("1"), XattrMode.ANY);
    }

    @Test
    void setXattr_updatesCtime() throws Exception {
        Node f = file(root, "f");
        var before = f.attributes();
        Thread.sleep(2);
        fs.setXattr(ROOT, f, "user.a", v("1"), XattrMode.ANY);
        assertThat(f.attributes().ctime()).isAfter(before.ctime());
        assertThat(f.attributes().mtime()).isEqualTo(before.mtime());
    }

    @Test
    void accessAcl_setsModeAndGrantsNamedUser() throws Exception {
        Node f = create(ALICE, mkdir(ROOT, root, "pub", 0777), "f", 0600).entry().cookie();
        assertErrno(Errno.EACCES, () -> fs.open(BOB, f, RDONLY));
        assertErrno(Errno.EPERM, () -> fs.setXattr(BOB, f, PosixAcl.ACCESS,
                acl(UO, 6, 0, U, 4, 1001, GO, 0, 0, M, 4, 0, O, 0, 0), XattrMode.ANY));
        fs.setXattr(ALICE, f, PosixAcl.ACCESS, acl(UO, 6, 0, U, 4, 1001, GO, 0, 0, M, 4, 0, O, 0, 0), XattrMode.ANY);
        assertThat(mode(f)).isEqualTo(0640); // the mask shows as group bits
        fs.open(BOB, f, RDONLY);
        assertErrno(Errno.EACCES, () -> fs.open(BOB, f, WRONLY));
        assertErrno(Errno.EACCES, () -> fs.open(TestCaller.of(1002, 1002), f, RDONLY));
    }

    @Test
    void chmod_rewritesAclMaskAndOther() throws Exception {
        Node f = file(root, "f");
        fs.setXattr(ROOT, f, PosixAcl.ACCESS, acl(UO, 6, 0, U, 6, 1001, GO, 4, 0, M, 6, 0, O, 4, 0), XattrMode.ANY);
        fs.setAttr(ROOT, f, null, SetAttributes.mode(0604));
        PosixAcl a = PosixAcl.parse(fs.getXattr(ROOT, f, PosixAcl.ACCESS));
        assertThat(a.mode()).isEqualTo(0604);
        // the named user is masked out now
        assertErrno(Errno.EACCES, () -> fs.open(BOB, f, RDONLY));
    }

    @Test
    void minimalAccessAcl_onlySetsMode_notStored() throws Exception {
        Node f = file(root, "f");
        fs.setXattr(ROOT, f, PosixAcl.ACCESS, acl(UO, 7, 0, GO, 5, 0, O, 1, 0), XattrMode.ANY);
        assertThat(mode(f)).isEqualTo(0751);
        assertErrno(Errno.ENODATA, () -> fs.getXattr(ROOT, f, PosixAcl.ACCESS));
    }

    @Test
    void invalidAcl_einval_defaultAclOnFile_eacces() throws Exception {
        Node f = file(root, "f");
        assertErrno(Errno.EINVAL, () -> fs.setXattr(ROOT, f, PosixAcl.ACCESS, acl(UO, 7, 0), XattrMode.ANY));
        assertErrno(Errno.EINVAL, () -> fs.setXattr(ROOT, f, PosixAcl.ACCESS,
                acl(UO, 7, 0, U, 4, 5, GO, 5, 0, O, 1, 0), XattrMode.ANY)); // named entry without mask
        assertErrno(Errno.EACCES, () -> fs.setXattr(ROOT, f, PosixAcl.DEFAULT,
                acl(UO, 7, 0, GO, 5, 0, O, 1, 0), XattrMode.ANY));
    }

    @Test
    void defaultAcl_inheritedByNewFilesAndDirectories() throws Exception {
        Node d = mkdir(ROOT, root, "d", 0777);
        fs.setXattr(ROOT, d, PosixAcl.DEFAULT, acl(UO, 7, 0, U, 7, 1001, GO, 5, 0, M, 7, 0, O, 0, 0), XattrMode.ANY);
        Node f = file(d, "f"); // asked for 0644
        PosixAcl fa = PosixAcl.parse(fs.getXattr(ROOT, f, PosixAcl.ACCESS));
        assertThat(mode(f)).isEqualTo(0640);
        assertThat(fa.mode()).isEqualTo(0640);
        fs.open(BOB, f, RDONLY); // the named user's rwx is masked by the mode's group class, r--
        assertErrno(Errno.EACCES, () -> fs.open(BOB, f, RDWR));
        Node sub = mkdir(d, "sub");
        assertThat(fs.getXattr(ROOT, sub, PosixAcl.DEFAULT)).isNotEmpty();
        assertThat(mode(sub)).isEqualTo(0750);
        assertErrno(Errno.ENODATA, () -> fs.getXattr(ROOT, fs.symlink(ROOT, d, n("s"), new byte[] {'x'}).cookie(),
                PosixAcl.ACCESS));
    }
}
