package org.jpuffs.fuse.mount;

/** The generic mount flags a FUSE mount may carry (the {@code MS_*} bits of mount(2)). */
public enum MountFlag {
    /** {@code ro}: read-only. */
    READ_ONLY(1, "ro"),
    /** {@code nosuid}: set-user-id bits are ignored (on by default, as libfuse does). */
    NO_SUID(2, "nosuid"),
    /** {@code nodev}: device nodes cannot be opened (on by default, as libfuse does). */
    NO_DEV(4, "nodev"),
    /** {@code noexec}: nothing can be executed. */
    NO_EXEC(8, "noexec"),
    /** {@code sync}: writes are synchronous. */
    SYNCHRONOUS(16, "sync"),
    /** {@code dirsync}: directory changes are synchronous. */
    DIR_SYNC(128, "dirsync"),
    /** {@code noatime}: access times are not updated. */
    NO_ATIME(1024, "noatime");

    private final long bit;
    private final String option;

    MountFlag(long bit, String option) {
        this.bit = bit;
        this.option = option;
    }

    /**
     * The {@code MS_*} bit.
     *
     * @return the bit
     */
    public long bit() {
        return bit;
    }

    /**
     * The option's name, as in {@code -o}.
     *
     * @return the name
     */
    public String option() {
        return option;
    }
}
