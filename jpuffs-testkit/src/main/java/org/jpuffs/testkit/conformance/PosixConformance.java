package org.jpuffs.testkit.conformance;

import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/**
 * The POSIX conformance suite: every check group, run as nested classes against the directory a
 * concrete subclass supplies. A file server's test module subclasses it once per mount:
 *
 * <pre>{@code
 * class MemfsConformanceTest extends PosixConformance {
 *     static Mount mount;                       // mounted in @BeforeAll with allow_other,
 *                                               // unmounted in @AfterAll
 *     @Override protected Path root() { return mount.mountpoint(); }
 *     @Override protected Capabilities capabilities() {
 *         return Capabilities.all().withMaxFileSize(8L << 40);
 *     }
 * }
 * }</pre>
 *
 * The suite runs as root and drives the file system with raw syscalls ({@link
 * org.jpuffs.testkit.posix.Syscalls}); permission checks run in a child process as the unprivileged
 * user {@value UnprivilegedCaller#USER}, each beside a positive control. Every test works in a fresh
 * directory under {@link #root()} and removes it afterwards.
 */
public abstract class PosixConformance {

    /** Creates the suite. */
    protected PosixConformance() {
    }

    /**
     * The directory to test: a mount's root or a directory inside it. Other users must be able to
     * traverse it (and its parents) unless UNPRIVILEGED_CALLER is left out of the capabilities.
     *
     * @return an existing directory
     */
    protected abstract Path root();

    /**
     * What the file system supports; tmpfs's set by default.
     *
     * @return the capabilities
     */
    protected Capabilities capabilities() {
        return Capabilities.tmpfs();
    }

    /** Files: open, read, write, truncate, lseek, fallocate, copy_file_range, O_TMPFILE. */
    @Nested
    class Files extends FileChecks {
        @Override
        protected Path root() {
            return PosixConformance.this.root();
        }

        @Override
        protected Capabilities capabilities() {
            return PosixConformance.this.capabilities();
        }
    }

    /** Directories: mkdir, rmdir, unlink, listings, byte-exact names. */
    @Nested
    class Directories extends DirectoryChecks {
        @Override
        protected Path root() {
            return PosixConformance.this.root();
        }

        @Override
        protected Capabilities capabilities() {
            return PosixConformance.this.capabilities();
        }
    }

    /** Hard links, symlinks, special files. */
    @Nested
    class Links extends LinkChecks {
        @Override
        protected Path root() {
            return PosixConformance.this.root();
        }

        @Override
        protected Capabilities capabilities() {
            return PosixConformance.this.capabilities();
        }
    }

    /** rename and renameat2. */
    @Nested
    class Renames extends RenameChecks {
        @Override
        protected Path root() {
            return PosixConformance.this.root();
        }

        @Override
        protected Capabilities capabilities() {
            return PosixConformance.this.capabilities();
        }
    }

    /** Timestamp update rules. */
    @Nested
    class Times extends TimeChecks {
        @Override
        protected Path root() {
            return PosixConformance.this.root();
        }

        @Override
        protected Capabilities capabilities() {
            return PosixConformance.this.capabilities();
        }
    }

    /** chmod, chown, setgid directories. */
    @Nested
    class Ownership extends OwnershipChecks {
        @Override
        protected Path root() {
            return PosixConformance.this.root();
        }

        @Override
        protected Capabilities capabilities() {
            return PosixConformance.this.capabilities();
        }
    }

    /** Permission checks as an unprivileged user. */
    @Nested
    class Permissions extends PermissionChecks {
        @Override
        protected Path root() {
            return PosixConformance.this.root();
        }

        @Override
        protected Capabilities capabilities() {
            return PosixConformance.this.capabilities();
        }
    }

    /** Extended attributes and ACLs. */
    @Nested
    class Xattrs extends XattrChecks {
        @Override
        protected Path root() {
            return PosixConformance.this.root();
        }

        @Override
        protected Capabilities capabilities() {
            return PosixConformance.this.capabilities();
        }
    }

    /** Record locks and flock. */
    @Nested
    class Locks extends LockChecks {
        @Override
        protected Path root() {
            return PosixConformance.this.root();
        }

        @Override
        protected Capabilities capabilities() {
            return PosixConformance.this.capabilities();
        }
    }

    /** statfs, access, stat fields. */
    @Nested
    class Statfs extends StatfsChecks {
        @Override
        protected Path root() {
            return PosixConformance.this.root();
        }

        @Override
        protected Capabilities capabilities() {
            return PosixConformance.this.capabilities();
        }
    }

    /** Coreutils on the file system. */
    @Nested
    class Coreutils extends CoreutilsChecks {
        @Override
        protected Path root() {
            return PosixConformance.this.root();
        }

        @Override
        protected Capabilities capabilities() {
            return PosixConformance.this.capabilities();
        }
    }
}
