package org.jpuffs.memfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.jpuffs.Errno;
import org.jpuffs.RenameFlag;
import org.junit.jupiter.api.Test;

class MemFsRenameTest extends MemFsFixture {

    @Test
    void rename_moveFileWithinDirectory() throws Exception {
        Node f = file(root, "a");
        rename(root, "a", root, "b");
        assertThat(lookup(root, "a")).isNull();
        assertThat(lookup(root, "b")).isSameAs(f);
    }

    @Test
    void rename_overExistingFile_replacesAndUnlinksVictim() throws Exception {
        Node a = file(root, "a");
        Node b = file(root, "b");
        rename(root, "a", root, "b");
        assertThat(lookup(root, "b")).isSameAs(a);
        assertThat(b.attributes().nlink()).isZero();
        assertThat(names(root)).containsExactly(".", "..", "b");
    }

    @Test
    void rename_directoryAcrossParents_fixesLinkCountsAndDotDot() throws Exception {
        Node p = mkdir(root, "p");
        Node q = mkdir(root, "q");
        Node d = mkdir(p, "d");
        rename(p, "d", q, "d");
        assertThat(p.attributes().nlink()).isEqualTo(2);
        assertThat(q.attributes().nlink()).isEqualTo(3);
        assertThat(lookup(d, "..")).isSameAs(q);
    }

    @Test
    void rename_directoryOverEmptyDirectory_works_overNonEmpty_enotempty() throws Exception {
        Node a = mkdir(root, "a");
        Node b = mkdir(root, "b");
        rename(root, "a", root, "b");
        assertThat(lookup(root, "b")).isSameAs(a);
        assertThat(b.attributes().nlink()).isZero();
        assertThat(root.attributes().nlink()).isEqualTo(3);
        Node c = mkdir(root, "c");
        file(c, "inside");
        assertErrno(Errno.ENOTEMPTY, () -> rename(root, "b", root, "c"));
    }

    @Test
    void rename_typeMismatch_eisdirAndEnotdir() throws Exception {
        mkdir(root, "d");
        file(root, "f");
        assertErrno(Errno.EISDIR, () -> rename(root, "f", root, "d"));
        assertErrno(Errno.ENOTDIR, () -> rename(root, "d", root, "f"));
    }

    @Test
    void rename_directoryIntoOwnSubtree_einval() throws Exception {
        Node a = mkdir(root, "a");
        Node b = mkdir(a, "b");
        Node c = mkdir(b, "c");
        assertErrno(Errno.EINVAL, () -> rename(root, "a", c, "a"));
        assertErrno(Errno.EINVAL, () -> rename(root, "a", a, "x"));
        // the target an ancestor of the source: it is not empty
        assertErrno(Errno.ENOTEMPTY, () -> rename(b, "c", root, "a"));
    }

    @Test
    void rename_sameFile_isNoOp() throws Exception {
        Node f = file(root, "a");
        fs.link(ROOT, f, root, n("b"));
        rename(root, "a", root, "b");
        assertThat(lookup(root, "a")).isSameAs(f);
        assertThat(lookup(root, "b")).isSameAs(f);
        assertThat(f.attributes().nlink()).isEqualTo(2);
        rename(root, "a", root, "a");
        assertThat(lookup(root, "a")).isSameAs(f);
    }

    @Test
    void rename_missingSource_enoent_sourceNotDir_enotdir() throws Exception {
        Node f = file(root, "f");
        assertErrno(Errno.ENOENT, () -> rename(root, "nothing", root, "x"));
        assertErrno(Errno.ENOTDIR, () -> rename(f, "x", root, "y"));
        assertErrno(Errno.ENOTDIR, () -> rename(root, "f", f, "y"));
    }

    @Test
    void noReplace_existingTarget_eexist_absentTargetWorks() throws Exception {
        file(root, "a");
        file(root, "b");
        assertErrno(Errno.EEXIST, () -> rename(root, "a", root, "b", RenameFlag.NOREPLACE));
        rename(root, "a", root, "c", RenameFlag.NOREPLACE);
        assertThat(names(root)).containsExactlyInAnyOrder(".", "..", "b", "c");
    }

    @Test
    void exchange_swapsFileAndDirectoryAcrossParents() throws Exception {
        Node p = mkdir(root, "p");
        Node q = mkdir(root, "q");
        Node f = file(p, "x");
        Node d = mkdir(q, "y");
        rename(p, "x", q, "y", RenameFlag.EXCHANGE);
        assertThat(lookup(p, "x")).isSameAs(d);
        assertThat(lookup(q, "y")).isSameAs(f);
        assertThat(lookup(d, "..")).isSameAs(p);
        assertThat(p.attributes().nlink()).isEqualTo(3);
        assertThat(q.attributes().nlink()).isEqualTo(2);
        assertErrno(Errno.ENOENT, () -> rename(p, "x", q, "absent", RenameFlag.EXCHANGE));
    }

    @Test
    void exchange_directoryWithItsOwnDescendant_einval() throws Exception {
        Node a = mkdir(root, "a");
        mkdir(a, "b");
        assertErrno(Errno.EINVAL, () -> rename(root, "a", a, "b", RenameFlag.EXCHANGE));
    }

    @Test
    void rename_updatesCtimeOfNodeAndTimesOfDirectories() throws Exception {
        Node p = mkdir(root, "p");
        Node f = file(root, "f");
        var before = f.attributes();
        var pBefore = p.attributes();
        Thread.sleep(2);
        rename(root, "f", p, "f");
        assertThat(f.attributes().ctime()).isAfter(before.ctime());
        assertThat(f.attributes().mtime()).isEqualTo(before.mtime());
        assertThat(p.attributes().mtime()).isAfter(pBefore.mtime());
    }

    @Test
    void rename_dotNames_ebusy() {
        assertErrno(Errno.EBUSY, () -> fs.rename(ROOT, root, org.jpuffs.FileName.dot(), root, n("x"),
                java.util.Set.of()));
    }
}
