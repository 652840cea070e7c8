package org.jpuffs.memfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.jpuffs.Attributes;
import org.jpuffs.DirEntry;
import org.jpuffs.Entry;
import org.jpuffs.Errno;
import org.jpuffs.FileName;
import org.jpuffs.FileType;
import org.jpuffs.Lookup;
import org.jpuffs.OpenFlags;
import org.junit.jupiter.api.Test;

class MemFsNamespaceTest extends MemFsFixture {

    @Test
    void root_isDirectoryWithTwoLinks() {
        Attributes a = fs.getAttr(ROOT, root, null);
        assertThat(a.type()).isEqualTo(FileType.DIRECTORY);
        assertThat(a.nlink()).isEqualTo(2);
        assertThat(a.permissions()).isEqualTo(01777);
    }

    @Test
    void lookup_absentName_isAbsentNotError() throws Exception {
        assertThat(fs.lookup(ROOT, root, n("nothing"))).isInstanceOf(Lookup.Absent.class);
    }

    @Test
    void lookup_dotAndDotDot_resolve() throws Exception {
        Node d = mkdir(root, "d");
        assertThat(lookup(d, ".")).isSameAs(d);
        assertThat(lookup(d, "..")).isSameAs(root);
        assertThat(lookup(root, "..")).isSameAs(root);
    }

    @Test
    void lookup_inFile_failsEnotdir() throws Exception {
        Node f = file(root, "f");
        assertErrno(Errno.ENOTDIR, () -> fs.lookup(ROOT, f, n("x")));
    }

    @Test
    void mkdir_countsParentLinkAndSetsTimes() throws Exception {
        Attributes before = fs.getAttr(ROOT, root, null);
        Thread.sleep(2);
        Node d = mkdir(root, "d");
        Attributes after = fs.getAttr(ROOT, root, null);
        assertThat(after.nlink()).isEqualTo(3);
        assertThat(after.mtime()).isAfter(before.mtime());
        assertThat(after.ctime()).isAfter(before.ctime());
        assertThat(d.attributes().nlink()).isEqualTo(2);
        assertThat(d.attributes().uid()).isZero();
    }

    @Test
    void mkdir_existingName_failsEexist() throws Exception {
        mkdir(root, "d");
        assertErrno(Errno.EEXIST, () -> mkdir(root, "d"));
        file(root, "f");
        assertErrno(Errno.EEXIST, () -> mkdir(root, "f"));
    }

    @Test
    void create_thenLookup_sameNode() throws Exception {
        Node f = file(root, "f");
        assertThat(lookup(root, "f")).isSameAs(f);
        assertThat(f.attributes().type()).isEqualTo(FileType.REGULAR);
        assertThat(f.attributes().nlink()).isEqualTo(1);
    }

    @Test
    void create_existingWithExcl_failsEexist_withoutExclOpensIt() throws Exception {
        Node f = file(root, "f");
        assertErrno(Errno.EEXIST, () -> fs.create(ROOT, root, n("f"), 0644,
                new OpenFlags(OpenFlags.O_RDWR | OpenFlags.O_CREAT | OpenFlags.O_EXCL)));
        assertThat(create(ROOT, root, "f", 0644).entry().cookie()).isSameAs(f);
    }

    @Test
    void unlink_removesNameAndLink() throws Exception {
        Node f = file(root, "f");
        fs.unlink(ROOT, root, n("f"));
        assertThat(lookup(root, "f")).isNull();
        assertThat(f.attributes().nlink()).isZero();
    }

    @Test
    void unlink_errors() throws Exception {
        mkdir(root, "d");
        assertErrno(Errno.ENOENT, () -> fs.unlink(ROOT, root, n("nothing")));
        assertErrno(Errno.EISDIR, () -> fs.unlink(ROOT, root, n("d")));
        Node f = file(root, "f");
        assertErrno(Errno.ENOTDIR, () -> fs.unlink(ROOT, f, n("x")));
    }

    @Test
    void rmdir_errors() throws Exception {
        Node d = mkdir(root, "d");
        file(d, "f");
        file(root, "g");
        assertErrno(Errno.ENOTEMPTY, () -> fs.rmdir(ROOT, root, n("d")));
        assertErrno(Errno.ENOTDIR, () -> fs.rmdir(ROOT, root, n("g")));
        assertErrno(Errno.ENOENT, () -> fs.rmdir(ROOT, root, n("nothing")));
        assertErrno(Errno.EINVAL, () -> fs.rmdir(ROOT, d, FileName.dot()));
        assertErrno(Errno.ENOTEMPTY, () -> fs.rmdir(ROOT, d, FileName.dotDot()));
        fs.unlink(ROOT, d, n("f"));
        fs.rmdir(ROOT, root, n("d"));
        assertThat(root.attributes().nlink()).isEqualTo(2);
        assertThat(d.attributes().nlink()).isZero();
    }

    @Test
    void createInRemovedDirectory_failsEnoent() throws Exception {
        Node d = mkdir(root, "d");
        fs.rmdir(ROOT, root, n("d"));
        assertErrno(Errno.ENOENT, () -> file(d, "f"));
    }

    @Test
    void link_addsNameAndCount_ctimeChanges() throws Exception {
        Node f = file(root, "f");
        Attributes before = f.attributes();
        Thread.sleep(2);
        Entry<Node> e = fs.link(ROOT, f, root, n("g"));
        assertThat(e.cookie()).isSameAs(f);
        assertThat(e.attributes().nlink()).isEqualTo(2);
        assertThat(e.attributes().ctime()).isAfter(before.ctime());
        assertThat(lookup(root, "g")).isSameAs(f);
        fs.unlink(ROOT, root, n("f"));
        assertThat(f.attributes().nlink()).isEqualTo(1);
    }

    @Test
    void link_errors() throws Exception {
        Node d = mkdir(root, "d");
        Node f = file(root, "f");
        assertErrno(Errno.EPERM, () -> fs.link(ROOT, d, root, n("d2")));
        assertErrno(Errno.EEXIST, () -> fs.link(ROOT, f, root, n("d")));
        assertErrno(Errno.ENOTDIR, () -> fs.link(ROOT, f, f, n("x")));
        fs.unlink(ROOT, root, n("f"));
        assertErrno(Errno.ENOENT, () -> fs.link(ROOT, f, root, n("again")));
    }

    @Test
    void symlink_readLinkReturnsTarget() throws Exception {
        Entry<Node> e = fs.symlink(ROOT, root, n("s"), "some/where".getBytes(StandardCharsets.UTF_8));
        assertThat(e.attributes().type()).isEqualTo(FileType.SYMLINK);
        assertThat(e.attributes().size()).isEqualTo(10);
        assertThat(new String(fs.readLink(ROOT, e.cookie()), StandardCharsets.UTF_8)).isEqualTo("some/where");
        assertErrno(Errno.EINVAL, () -> fs.readLink(ROOT, root));
        assertErrno(Errno.ENOENT, () -> fs.symlink(ROOT, root, n("empty"), new byte[0]));
        assertErrno(Errno.ENAMETOOLONG, () -> fs.symlink(ROOT, root, n("long"), new byte[4096]));
        assertErrno(Errno.EEXIST, () -> fs.symlink(ROOT, root, n("s"), new byte[] {'x'}));
    }

    @Test
    void mknod_fifoSocketDevices() throws Exception {
        Entry<Node> fifo = fs.mknod(ROOT, root, n("p"), FileType.FIFO.mode(0644), 0);
        Entry<Node> sock = fs.mknod(ROOT, root, n("s"), FileType.SOCKET.mode(0644), 0);
        Entry<Node> chr = fs.mknod(ROOT, root, n("c"), FileType.CHARACTER_DEVICE.mode(0600), 0x0103);
        Entry<Node> blk = fs.mknod(ROOT, root, n("b"), FileType.BLOCK_DEVICE.mode(0600), 0x0801);
        Entry<Node> reg = fs.mknod(ROOT, root, n("r"), 0644, 0);
        assertThat(fifo.attributes().type()).isEqualTo(FileType.FIFO);
        assertThat(sock.attributes().type()).isEqualTo(FileType.SOCKET);
        assertThat(chr.attributes().rdev()).isEqualTo(0x0103);
        assertThat(blk.attributes().type()).isEqualTo(FileType.BLOCK_DEVICE);
        assertThat(reg.attributes().type()).isEqualTo(FileType.REGULAR);
        assertErrno(Errno.EPERM, () -> fs.mknod(ALICE, root, n("c2"), FileType.CHARACTER_DEVICE.mode(0600), 1));
        assertErrno(Errno.EPERM, () -> fs.mknod(ROOT, root, n("dir"), FileType.DIRECTORY.mode(0755), 0));
        assertErrno(Errno.EINVAL, () -> fs.read(ROOT, fifo.cookie(), null, 0, java.nio.ByteBuffer.allocate(1)));
    }

    @Test
    void fileName_tooLong_isFileNamesEnametoolong() {
        assertErrno(Errno.ENAMETOOLONG, () -> FileName.of("x".repeat(256)));
    }

    @Test
    void name255Bytes_works() throws Exception {
        String longName = "n".repeat(255);
        Node f = file(root, longName);
        assertThat(lookup(root, longName)).isSameAs(f);
    }

    @Test
    void readDir_listsDotDotDotThenEntries() throws Exception {
        Node d = mkdir(root, "d");
        file(d, "a");
        mkdir(d, "b");
        assertThat(names(d)).containsExactly(".", "..", "a", "b");
        var entries = list(d, 0);
        assertThat(entries.get(0).ino()).isEqualTo(d.ino);
        assertThat(entries.get(1).ino()).isEqualTo(root.ino);
        assertThat(entries.get(3).type()).isEqualTo(FileType.DIRECTORY);
    }

    @Test
    void readDir_resumesAfterOffset_survivorsNeitherSkippedNorRepeated() throws Exception {
        for (int i = 0; i < 10; i++) {
            file(root, "f" + i);
        }
        var all = list(root, 0);
        long resume = all.get(5).nextOffset(); // after f3
        fs.unlink(ROOT, root, n("f2"));
        fs.unlink(ROOT, root, n("f5"));
        file(root, "late");
        var rest = list(root, resume);
        assertThat(rest.stream().map(e -> e.name().toString()))
                .containsExactly("f4", "f6", "f7", "f8", "f9", "late");
    }

    @Test
    void readDir_sinkFull_stopsAndResumes() throws Exception {
        for (int i = 0; i < 300; i++) {
            file(root, "f" + i);
        }
        java.util.List<String> seen = new java.util.ArrayList<>();
        long offset = 0;
        while (true) {
            java.util.List<DirEntry> page = new java.util.ArrayList<>();
            fs.readDir(ROOT, root, null, offset, e -> page.size() < 7 && page.add(e));
            if (page.isEmpty()) {
                break;
            }
            page.forEach(e -> seen.add(e.name().toString()));
            offset = page.getLast().nextOffset();
        }
        assertThat(seen).hasSize(302).doesNotHaveDuplicates();
    }

    @Test
    void readDir_onFile_failsEnotdir() throws Exception {
        Node f = file(root, "f");
        assertErrno(Errno.ENOTDIR, () -> fs.readDir(ROOT, f, null, 0, e -> true));
        assertErrno(Errno.ENOTDIR, () -> fs.openDir(ROOT, f, RDONLY));
    }

    @Test
    void tmpfile_unnamedUntilLinked() throws Exception {
        var c = fs.tmpfile(ROOT, root, 0600, RDWR);
        Node t = c.entry().cookie();
        assertThat(t.attributes().nlink()).isZero();
        assertThat(names(root)).containsExactly(".", "..");
        write(t, 0, "data");
        fs.link(ROOT, t, root, n("named"));
        assertThat(lookup(root, "named")).isSameAs(t);
        assertThat(t.attributes().nlink()).isEqualTo(1);
        assertThat(readString(t)).isEqualTo("data");
    }

    @Test
    void tmpfileWithExcl_cannotBeLinked() throws Exception {
        var c = fs.tmpfile(ROOT, root, 0600, new OpenFlags(OpenFlags.O_RDWR | OpenFlags.O_EXCL));
        assertErrno(Errno.ENOENT, () -> fs.link(ROOT, c.entry().cookie(), root, n("x")));
    }

    @Test
    void inodeLimit_enospc_andStatFsReportsIt() throws Exception {
        fs = new MemFs(MemFsOptions.defaults().withSize(1 << 20).withInodes(3).withOwner(0, 0));
        root = fs.root();
        file(root, "a");
        mkdir(root, "b");
        assertErrno(Errno.ENOSPC, () -> file(root, "c"));
        assertErrno(Errno.ENOSPC, () -> fs.tmpfile(ROOT, root, 0600, RDWR));
        assertThat(lookup(root, "c")).isNull();
        var st = fs.statFs(ROOT, root);
        assertThat(st.files()).isEqualTo(3);
        assertThat(st.filesFree()).isZero();
        assertThat(st.blocks()).isEqualTo(256);
        assertThat(st.nameMax()).isEqualTo(255);
        Node a = lookup(root, "a");
        fs.unlink(ROOT, root, n("a"));
        fs.reclaim(a);
        file(root, "c");
    }

    @Test
    void reclaimOfLinkedNode_keepsIt() throws Exception {
        Node f = file(root, "f");
        write(f, 0, "keep");
        fs.reclaim(f);
        assertThat(lookup(root, "f")).isSameAs(f);
        assertThat(readString(f)).isEqualTo("keep");
        assertThat(fs.usedBytes()).isEqualTo(4096);
    }

    @Test
    void rootOfOtherType_byOption() throws Exception {
        MemFs fileRoot = new MemFs(MemFsOptions.parse(java.util.List.of("roottype=file", "mode=0600")));
        try {
            Node r = fileRoot.root();
            assertThat(r.attributes().type()).isEqualTo(FileType.REGULAR);
            assertThat(r.attributes().permissions()).isEqualTo(0600);
            fileRoot.write(ROOT, r, null, 0, java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertThat(r.attributes().size()).isEqualTo(3);
            assertErrno(Errno.ENOTDIR, () -> fileRoot.lookup(ROOT, r, n("x")));
        } finally {
            fileRoot.destroy();
        }
        MemFs fifoRoot = new MemFs(MemFsOptions.parse(java.util.List.of("roottype=fifo")));
        assertThat(fifoRoot.root().attributes().type()).isEqualTo(FileType.FIFO);
    }

    @Test
    void open_directoryForWrite_failsEisdir() {
        assertErrno(Errno.EISDIR, () -> fs.open(ROOT, root, RDWR));
        assertErrno(Errno.EISDIR, () -> fs.write(ROOT, root, null, 0, java.nio.ByteBuffer.allocate(1)));
    }

    @Test
    void rename_flags_validated() throws Exception {
        file(root, "a");
        assertErrno(Errno.EINVAL, () -> fs.rename(ROOT, root, n("a"), root, n("b"),
                Set.of(org.jpuffs.RenameFlag.EXCHANGE, org.jpuffs.RenameFlag.NOREPLACE)));
    }
}
