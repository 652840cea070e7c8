package org.jpuffs.memfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.jpuffs.AttrField;
import org.jpuffs.Errno;
import org.jpuffs.OpenFlags;
import org.jpuffs.SetAttributes;
import org.junit.jupiter.api.Test;

/** Each denial beside a positive control in the same test, so a memfs that refuses everyone fails. */
class MemFsPermissionTest extends MemFsFixture {
    static final TestCaller ALICE_IN_STAFF = TestCaller.of(1000, 1000, 50);

    static SetAttributes chown(int uid, int gid) {
        Set<AttrField> f = EnumSet.noneOf(AttrField.class);
        if (uid >= 0) {
            f.add(AttrField.UID);
        }
        if (gid >= 0) {
            f.add(AttrField.GID);
        }
        return new SetAttributes(f, 0, uid, gid, 0, null, null, null);
    }

    static SetAttributes times(Set<AttrField> fields, Instant t) {
        return new SetAttributes(fields, 0, 0, 0, 0, t, t, null);
    }

    Node aliceHome() throws Exception {
        Node d = mkdir(root, "home");
        fs.setAttr(ROOT, d, null, chown(1000, 1000));
        return d;
    }

    @Test
    void createInForeignDirectory_eacces_ownDirectoryWorks() throws Exception {
        Node rootOwned = mkdir(ROOT, root, "sys", 0755);
        assertErrno(Errno.EACCES, () -> create(ALICE, rootOwned, "f", 0644));
        assertErrno(Errno.EACCES, () -> mkdir(ALICE, rootOwned, "d", 0755));
        Node home = aliceHome();
        assertThat(create(ALICE, home, "f", 0644).entry().attributes().uid()).isEqualTo(1000);
    }

    @Test
    void lookupWithoutSearchPermission_eacces() throws Exception {
        Node home = aliceHome();
        create(ALICE, home, "f", 0644);
        fs.setAttr(ALICE, home, null, SetAttributes.mode(0700));
        assertErrno(Errno.EACCES, () -> fs.lookup(BOB, home, n("f")));
        assertThat(fs.lookup(ALICE, home, n("f"))).isInstanceOf(org.jpuffs.Entry.class);
    }

    @Test
    void openChecksReadAndWriteBits() throws Exception {
        Node home = aliceHome();
        Node f = create(ALICE, home, "f", 0640).entry().cookie();
        assertErrno(Errno.EACCES, () -> fs.open(BOB, f, RDONLY));
        assertErrno(Errno.EACCES, () -> fs.open(TestCaller.of(1002, 1000), f, WRONLY));
        assertThatCode(() -> fs.open(TestCaller.of(1002, 1000), f, RDONLY)).doesNotThrowAnyException();
        assertThatCode(() -> fs.open(ALICE, f, RDWR)).doesNotThrowAnyException();
        assertErrno(Errno.EACCES, () -> fs.open(TestCaller.of(1002, 1000), f,
                new OpenFlags(OpenFlags.O_RDONLY | OpenFlags.O_TRUNC)));
        assertThatCode(() -> fs.open(ROOT, f, RDWR)).doesNotThrowAnyException();
    }

    @Test
    void openDirWithoutRead_eacces() throws Exception {
        Node home = aliceHome();
        fs.setAttr(ALICE, home, null, SetAttributes.mode(0711));
        assertErrno(Errno.EACCES, () -> fs.openDir(BOB, home, RDONLY));
        assertThatCode(() -> fs.openDir(ALICE, home, RDONLY)).doesNotThrowAnyException();
    }

    @Test
    void access_reportsPermission() throws Exception {
        Node home = aliceHome();
        Node f = create(ALICE, home, "f", 0604).entry().cookie();
        fs.access(BOB, f, 4);
        fs.access(BOB, f, 0);
        assertErrno(Errno.EACCES, () -> fs.access(BOB, f, 2));
        assertErrno(Errno.EACCES, () -> fs.access(ROOT, f, 1)); // root executes only what someone may
        fs.access(ALICE, f, 6);
        fs.access(ROOT, f, 6);
    }

    @Test
    void chmodByNonOwner_eperm_byOwnerWorks() throws Exception {
        Node home = aliceHome();
        Node f = create(ALICE, home, "f", 0644).entry().cookie();
        assertErrno(Errno.EPERM, () -> fs.setAttr(BOB, f, null, SetAttributes.mode(0777)));
        fs.setAttr(ALICE, f, null, SetAttributes.mode(0600));
        assertThat(mode(f)).isEqualTo(0600);
    }

    @Test
    void chownToOtherUser_onlyPrivileged() throws Exception {
        Node home = aliceHome();
        Node f = create(ALICE, home, "f", 0644).entry().cookie();
        assertErrno(Errno.EPERM, () -> fs.setAttr(ALICE, f, null, chown(1001, -1)));
        assertErrno(Errno.EPERM, () -> fs.setAttr(BOB, f, null, chown(1001, -1)));
        fs.setAttr(ALICE, f, null, chown(1000, -1)); // to oneself: allowed
        fs.setAttr(ROOT, f, null, chown(1001, -1));
        assertThat(f.attributes().uid()).isEqualTo(1001);
    }

    @Test
    void chgrp_ownerToOwnGroupsOnly() throws Exception {
        Node home = aliceHome();
        Node f = create(ALICE_IN_STAFF, home, "f", 0644).entry().cookie();
        assertErrno(Errno.EPERM, () -> fs.setAttr(ALICE_IN_STAFF, f, null, chown(-1, 60)));
        fs.setAttr(ALICE_IN_STAFF, f, null, chown(-1, 50));
        assertThat(f.attributes().gid()).isEqualTo(50);
        assertErrno(Errno.EPERM, () -> fs.setAttr(TestCaller.of(1001, 1001, 50), f, null, chown(-1, 50)));
    }

    // The expected modes below are what Linux 6.18 gives on tmpfs for the same steps (checked with setpriv).

    @Test
    void write_byNonRoot_clearsSetuid_andSetgidWithGroupExec() throws Exception {
        Node home = aliceHome();
        Node f = create(ALICE, home, "f", 0666).entry().cookie();
        fs.setAttr(ALICE, f, null, SetAttributes.mode(06777));
        fs.write(BOB, f, null, 0, ByteBuffer.wrap(new byte[] {1}));
        assertThat(mode(f)).isEqualTo(0777);
    }

    @Test
    void write_setgidWithoutGroupExec_keptForGroupMember_droppedForOthers() throws Exception {
        Node home = aliceHome();
        Node f = create(ALICE, home, "f", 0666).entry().cookie();
        fs.setAttr(ALICE, f, null, SetAttributes.mode(02666));
        fs.write(TestCaller.of(1002, 1000), f, null, 0, ByteBuffer.wrap(new byte[] {1}));
        assertThat(mode(f)).isEqualTo(02666);
        fs.write(BOB, f, null, 0, ByteBuffer.wrap(new byte[] {1}));
        assertThat(mode(f)).isEqualTo(0666);
    }

    @Test
    void kernelsKillChmod_byNonOwnerWriter_allowedOnlyToDropSetIdBits() throws Exception {
        Node home = aliceHome();
        Node f = create(ALICE, home, "f", 0666).entry().cookie();
        fs.setAttr(ALICE, f, null, SetAttributes.mode(06776));
        // what the kernel sends for Bob's write without handle_killpriv (Bob is outside the group)
        fs.setAttr(BOB, f, null, SetAttributes.mode(0776));
        assertThat(mode(f)).isEqualTo(0776);
        fs.setAttr(ALICE, f, null, SetAttributes.mode(06776));
        assertErrno(Errno.EPERM, () -> fs.setAttr(BOB, f, null, SetAttributes.mode(02777)));
        assertErrno(Errno.EPERM, () -> fs.setAttr(BOB, f, null, SetAttributes.mode(06776)));
        // only a caller who may write the file gets the kernel's kill-chmod through
        fs.setAttr(ALICE, f, null, SetAttributes.mode(06774));
        assertErrno(Errno.EPERM, () -> fs.setAttr(BOB, f, null, SetAttributes.mode(0774)));
    }

    @Test
    void write_byRoot_keepsSetIdBits() throws Exception {
        Node f = file(root, "f");
        fs.setAttr(ROOT, f, null, SetAttributes.mode(06755));
        write(f, 0, "x");
        assertThat(mode(f)).isEqualTo(06755);
    }

    @Test
    void truncate_byNonRoot_clearsSetuid_andSetgidOutsideGroup() throws Exception {
        Node home = aliceHome();
        Node f = create(ALICE, home, "f", 0644).entry().cookie();
        fs.setAttr(ALICE, f, null, SetAttributes.mode(04755));
        fs.setAttr(ALICE, f, null, SetAttributes.size(0));
        assertThat(mode(f)).isEqualTo(0755);
        fs.setAttr(ALICE, f, null, SetAttributes.mode(02666));
        fs.setAttr(BOB, f, null, SetAttributes.size(0));
        assertThat(mode(f)).isEqualTo(0666);
    }

    @Test
    void chown_ofNonDirectory_clearsSetIdEvenByRoot_directoryKeepsThem() throws Exception {
        Node f = file(root, "f");
        fs.setAttr(ROOT, f, null, SetAttributes.mode(06755));
        fs.setAttr(ROOT, f, null, chown(1000, -1));
        assertThat(mode(f)).isEqualTo(0755);
        Node g = file(root, "g");
        fs.setAttr(ROOT, g, null, SetAttributes.mode(02745));
        fs.setAttr(ROOT, g, null, chown(1000, 1000));
        assertThat(mode(g)).isEqualTo(02745); // set-gid without group-execute survives root's chown
        Node d = mkdir(root, "d");
        fs.setAttr(ROOT, d, null, SetAttributes.mode(02755));
        fs.setAttr(ROOT, d, null, chown(1000, 1000));
        assertThat(mode(d)).isEqualTo(02755);
    }

    @Test
    void chgrpByOwner_dropsSetgidOnlyWithGroupExec() throws Exception {
        Node home = aliceHome();
        Node c = create(ALICE_IN_STAFF, home, "c", 0644).entry().cookie();
        Node e = create(ALICE_IN_STAFF, home, "e", 0644).entry().cookie();
        fs.setAttr(ALICE_IN_STAFF, c, null, SetAttributes.mode(02644));
        fs.setAttr(ALICE_IN_STAFF, e, null, SetAttributes.mode(02654));
        fs.setAttr(ALICE_IN_STAFF, c, null, chown(-1, 50));
        fs.setAttr(ALICE_IN_STAFF, e, null, chown(-1, 50));
        assertThat(mode(c)).isEqualTo(02644);
        assertThat(mode(e)).isEqualTo(0654);
    }

    @Test
    void chmodByOwnerOutsideGroup_dropsSetgid_insideKeepsIt() throws Exception {
        Node f = file(root, "f");
        fs.setAttr(ROOT, f, null, chown(1000, 50));
        fs.setAttr(ALICE, f, null, SetAttributes.mode(02755));
        assertThat(mode(f)).isEqualTo(0755);
        fs.setAttr(ALICE_IN_STAFF, f, null, SetAttributes.mode(02755));
        assertThat(mode(f)).isEqualTo(02755);
    }

    @Test
    void setgidDirectory_passesGroupAndBitToSubdirectories() throws Exception {
        Node shared = mkdir(root, "shared");
        fs.setAttr(ROOT, shared, null, chown(-1, 50));
        fs.setAttr(ROOT, shared, null, SetAttributes.mode(02777));
        Node f = create(ALICE, shared, "f", 0644).entry().cookie();
        Node sub = mkdir(ALICE, shared, "sub", 0755);
        assertThat(f.attributes().gid()).isEqualTo(50);
        assertThat(mode(f)).isEqualTo(0644);
        assertThat(sub.attributes().gid()).isEqualTo(50);
        assertThat(mode(sub)).isEqualTo(02755);
        Node plain = mkdir(ALICE, aliceHome(), "plain", 0755);
        assertThat(plain.attributes().gid()).isEqualTo(1000);
    }

    @Test
    void stickyDirectory_restrictsUnlinkAndRename_toOwners() throws Exception {
        Node tmp = mkdir(ROOT, root, "tmp", 01777);
        create(ALICE, tmp, "alices", 0666);
        create(BOB, tmp, "bobs", 0666);
        assertErrno(Errno.EPERM, () -> fs.unlink(BOB, tmp, n("alices")));
        assertErrno(Errno.EPERM, () -> fs.rename(BOB, tmp, n("alices"), tmp, n("x"), Set.of()));
        assertErrno(Errno.EPERM, () -> fs.rename(BOB, tmp, n("bobs"), tmp, n("alices"), Set.of()));
        fs.rename(BOB, tmp, n("bobs"), tmp, n("bobs2"), Set.of());
        fs.unlink(ALICE, tmp, n("alices"));
        fs.unlink(ROOT, tmp, n("bobs2"));
        assertThat(names(tmp)).containsExactly(".", "..");
    }

    @Test
    void nonStickyWritableDirectory_letsAnyoneUnlink() throws Exception {
        Node pub = mkdir(ROOT, root, "pub", 0777);
        create(ALICE, pub, "alices", 0600);
        fs.unlink(BOB, pub, n("alices"));
    }

    @Test
    void utimes_explicitTimesOwnerOnly_nowNeedsWrite() throws Exception {
        Node home = aliceHome();
        Node f = create(ALICE, home, "f", 0646).entry().cookie();
        Instant t = Instant.parse("2001-02-03T04:05:06.123456789Z");
        assertErrno(Errno.EPERM, () -> fs.setAttr(BOB, f, null, times(Set.of(AttrField.ATIME, AttrField.MTIME), t)));
        fs.setAttr(ALICE, f, null, times(Set.of(AttrField.ATIME, AttrField.MTIME), t));
        assertThat(f.attributes().mtime()).isEqualTo(t);
        assertThat(f.attributes().atime()).isEqualTo(t);
        fs.setAttr(BOB, f, null, times(Set.of(AttrField.ATIME_NOW, AttrField.MTIME_NOW), null));
        assertThat(f.attributes().mtime()).isAfter(t);
        fs.setAttr(ALICE, f, null, SetAttributes.mode(0644));
        assertErrno(Errno.EACCES,
                () -> fs.setAttr(BOB, f, null, times(Set.of(AttrField.ATIME_NOW, AttrField.MTIME_NOW), null)));
    }

    @Test
    void utimes_omittedTimeStays_ctimeMoves() throws Exception {
        Node f = file(root, "f");
        Instant t = Instant.parse("2001-02-03T04:05:06.000000001Z");
        fs.setAttr(ROOT, f, null, times(Set.of(AttrField.MTIME), t));
        var a = f.attributes();
        assertThat(a.mtime()).isEqualTo(t);
        assertThat(a.atime()).isNotEqualTo(t);
        assertThat(a.ctime()).isAfter(t);
    }

    @Test
    void truncateWithoutWritePermission_eacces_throughWritableHandleWorks() throws Exception {
        Node home = aliceHome();
        Node f = create(ALICE, home, "f", 0644).entry().cookie();
        assertErrno(Errno.EACCES, () -> fs.setAttr(BOB, f, null, SetAttributes.size(0)));
        Object h = fs.open(ALICE, f, WRONLY).handle();
        fs.setAttr(BOB, f, h, SetAttributes.size(10));
        assertThat(f.attributes().size()).isEqualTo(10);
    }

    @Test
    void hardLinkToForeignFile_protected_ownFileWorks() throws Exception {
        Node pub = mkdir(ROOT, root, "pub", 0777);
        Node secret = create(ALICE, pub, "secret", 0600).entry().cookie();
        assertErrno(Errno.EPERM, () -> fs.link(BOB, secret, pub, n("mine")));
        fs.link(ALICE, secret, pub, n("alias"));
    }

    @Test
    void renameDirectoryToOtherParent_needsWriteOnIt() throws Exception {
        Node pub = mkdir(ROOT, root, "pub", 0777);
        Node a = mkdir(ROOT, pub, "a", 0755);
        Node b = mkdir(ROOT, pub, "b", 0777);
        assertErrno(Errno.EACCES, () -> fs.rename(BOB, pub, n("a"), b, n("a"), Set.of()));
        fs.setAttr(ROOT, a, null, SetAttributes.mode(0777));
        fs.rename(BOB, pub, n("a"), b, n("a"), Set.of());
    }
}
