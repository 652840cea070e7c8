package org.jpuffs.fuse.mount;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;

/**
 * The options of one FUSE mount, parsed from {@code -o a,b=c} strings. Two kinds live here:
 *
 * <ul>
 *   <li>kernel options, the only ones mount(2) (or fusermount3) ever sees: {@code fsname} (the
 *       mount's source), {@code subtype} (its type becomes {@code fuse.<subtype>}), {@code allow_other},
 *       {@code default_permissions}, {@code max_read}, {@code rootmode} and the generic flags
 *       ({@code ro}, {@code nosuid}, {@code nodev}, {@code noexec}, {@code sync}, {@code dirsync},
 *       {@code noatime}, and their opposites);
 *   <li>userspace options consumed by jpuffs: {@code auto_unmount}, {@code debug}, {@code nonempty},
 *       {@code writeback_cache}, the TTLs ({@code entry_timeout}, {@code attr_timeout},
 *       {@code negative_timeout}, in seconds), {@code max_write}, {@code max_background},
 *       {@code congestion_threshold}, {@code readers} (reader threads), {@code drain_timeout}
 *       (seconds {@code close()} waits for requests in flight before unmounting anyway) and
 *       {@code handle_killpriv_v2} (the server clears set-id bits and security.capability on write,
 *       truncate and chown itself, so the kernel stops asking for security.capability before every
 *       write), {@code posix_acl} (the kernel enforces the POSIX ACLs the server keeps in
 *       {@code system.posix_acl_*} xattrs), {@code virtual_threads} (every handler on a virtual thread:
 *       for network-bound servers) and {@code watchdog} (seconds after which an unanswered request is
 *       logged with its op and caller).
 * </ul>
 *
 * <p>{@code default_permissions} (the kernel checks modes against the caller) is on whenever
 * {@code allow_other} is, unless {@code no_default_permissions} turns it off explicitly: without it,
 * every user could reach every file of a server that does not check permissions itself.
 *
 * @param fsname the mount's source, shown by /proc/mounts and df
 * @param subtype the type suffix ({@code fuse.<subtype>}); empty for plain {@code fuse}
 * @param allowOther whether users other than the mounting one may use the mount
 * @param defaultPermissions whether the kernel checks permissions from the file modes
 * @param flags the generic mount flags
 * @param maxRead the largest read the kernel sends, in bytes; 0 for the kernel's default
 * @param rootMode the root's file type bits ({@code S_IFDIR} = 040000 by default); the session sets it
 *     from the server's root attributes
 * @param autoUnmount whether the mount disappears when the serving JVM dies, even on kill -9
 * @param debug whether each request and reply is logged (one line each)
 * @param nonempty whether mounting over a non-empty directory is allowed
 * @param writebackCache whether the kernel caches writes (the writeback cache capability)
 * @param entryTimeout how long the kernel may cache a name lookup, overriding the file server's entry
 *     TTLs; {@code null} (the default) lets the server decide per entry
 * @param attrTimeout how long the kernel may cache attributes, overriding the server's; {@code null}
 *     lets the server decide
 * @param negativeTimeout how long the kernel may cache the absence of a name, overriding the server's;
 *     {@code null} lets the server decide
 * @param maxWrite the largest write the kernel sends, in bytes; 0 for the largest the transport reads
 * @param maxBackground the most background requests (readahead, writeback); 0 for the default
 * @param congestionThreshold background requests at which the kernel sees congestion; 0 for default
 * @param readers reader threads; 0 for one per core, at least 2
 * @param drainTimeout how long close() waits for requests in flight, and then for the kernel to end the
 *     connection, before it aborts the connection
 * @param handleKillprivV2 whether to negotiate FUSE_HANDLE_KILLPRIV_V2: only for a server that clears
 *     S_ISUID, S_ISGID (as Linux decides) and security.capability on write, truncate and chown itself
 * @param virtualThreads whether every handler runs on a virtual thread instead of the reader thread
 * @param watchdog log any request unanswered this long; {@code null} for no watchdog
 * @param posixAcl whether to negotiate FUSE_POSIX_ACL: only for a server that implements POSIX ACLs
 *     itself (keeps {@code system.posix_acl_access/_default}, couples the access ACL to the mode on
 *     chmod and setxattr, inherits default ACLs on create); without it the kernel's
 *     default_permissions checks ignore ACLs altogether
 */
public record MountOptions(
        String fsname,
        String subtype,
        boolean allowOther,
        boolean defaultPermissions,
        Set<MountFlag> flags,
        int maxRead,
        int rootMode,
        boolean autoUnmount,
        boolean debug,
        boolean nonempty,
        boolean writebackCache,
        Duration entryTimeout,
        Duration attrTimeout,
        Duration negativeTimeout,
        int maxWrite,
        int maxBackground,
        int congestionThreshold,
        int readers,
        Duration drainTimeout,
        boolean handleKillprivV2,
        boolean virtualThreads,
        Duration watchdog,
        boolean posixAcl) {

    /** {@code S_IFDIR}. */
    public static final int DIRECTORY_MODE = 0040000;
    private static final int S_IFMT = 0170000;

    private static final List<String> NAMES = List.of(
            "fsname=", "subtype=", "allow_other", "default_permissions", "no_default_permissions", "max_read=",
            "rootmode=", "ro", "rw", "nosuid", "suid", "nodev", "dev", "noexec", "exec", "sync", "async", "dirsync",
            "noatime", "atime", "auto_unmount", "debug", "nonempty", "writeback_cache", "no_writeback_cache",
            "entry_timeout=", "attr_timeout=", "negative_timeout=", "max_write=", "max_background=",
            "congestion_threshold=", "readers=", "drain_timeout=", "handle_killpriv_v2", "no_handle_killpriv_v2",
            "virtual_threads", "watchdog=", "posix_acl", "no_posix_acl");

    /**
     * The option names {@link #parse} accepts, without their values ({@code "fsname"}, {@code "debug"}).
     *
     * @return the names
     */
    public static Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (String n : NAMES) {
            names.add(n.endsWith("=") ? n.substring(0, n.length() - 1) : n);
        }
        return names;
    }

    /** Checks the values and copies the flag set. */
    public MountOptions {
        checkName("fsname", fsname, false);
        checkName("subtype", subtype, true);
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
        if ((rootMode & ~S_IFMT) != 0 || rootMode == 0) {
            throw new IllegalArgumentException("rootmode must be a file type (for example 40000), not "
                    + Integer.toOctalString(rootMode));
        }
        for (int v : new int[] {maxRead, maxWrite, maxBackground, congestionThreshold, readers}) {
            if (v < 0) {
                throw new IllegalArgumentException("negative size or count in mount options");
            }
        }
        for (Duration d : new Duration[] {entryTimeout, attrTimeout, negativeTimeout, drainTimeout}) {
            if (d != null && d.isNegative()) {
                throw new IllegalArgumentException("negative timeout in mount options");
            }
        }
    }

    private static void checkName(String option, String value, boolean mayBeEmpty) {
        if ((!mayBeEmpty && value.isEmpty()) || value.indexOf(',') >= 0 || value.indexOf('\0') >= 0
                || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(option + " must be " + (mayBeEmpty ? "" : "a non-empty ")
                    + "word without commas or spaces, not '" + value + "'");
        }
    }

    /**
     * The defaults: fsname {@code jpuffs}, no subtype, {@code nosuid,nodev}, a directory root, the file
     * server's own TTLs, a five-second drain.
     *
     * @return the default options
     */
    public static MountOptions defaults() {
        return new MountOptions("jpuffs", "", false, false, EnumSet.of(MountFlag.NO_SUID, MountFlag.NO_DEV), 0,
                DIRECTORY_MODE, false, false, false, false, null, null, null, 0, 0, 0, 0, Duration.ofSeconds(5), false,
                false, null, false);
    }

    /**
     * Parses option strings as given to {@code -o} (each a comma-separated list; later options win).
     *
     * @param optionLists the lists, for example {@code "allow_other,fsname=memfs"}
     * @return the options, starting from {@link #defaults()}
     * @throws IllegalArgumentException for an unknown option or a bad value, naming the valid options
     */
    public static MountOptions parse(String... optionLists) {
        return defaults().with(optionLists);
    }

    /**
     * These options with further option strings applied on top.
     *
     * @param optionLists comma-separated lists
     * @return the combined options
     * @throws IllegalArgumentException for an unknown option or a bad value, naming the valid options
     */
    public MountOptions with(String... optionLists) {
        Parser p = new Parser(this);
        for (String list : optionLists) {
            for (String option : list.split(",")) {
                if (!option.isBlank()) {
                    p.apply(option.strip());
                }
            }
        }
        return p.build();
    }

    /**
     * These options with another root file type.
     *
     * @param mode the root's mode (only its file type bits are used)
     * @return the options
     */
    public MountOptions withRootMode(int mode) {
        return new MountOptions(fsname, subtype, allowOther, defaultPermissions, flags, maxRead, mode & S_IFMT,
                autoUnmount, debug, nonempty, writebackCache, entryTimeout, attrTimeout, negativeTimeout, maxWrite,
                maxBackground, congestionThreshold, readers, drainTimeout, handleKillprivV2, virtualThreads, watchdog,
                posixAcl);
    }

    /**
     * The mount(2) type: {@code fuse}, or {@code fuse.<subtype>}.
     *
     * @return the type
     */
    public String type() {
        return subtype.isEmpty() ? "fuse" : "fuse." + subtype;
    }

    /**
     * The {@code MS_*} flags for mount(2).
     *
     * @return the flag bits
     */
    public long mountFlags() {
        long bits = 0;
        for (MountFlag f : flags) {
            bits |= f.bit();
        }
        return bits;
    }

    /**
     * The data string for mount(2): kernel options only.
     *
     * @param fd the {@code /dev/fuse} fd
     * @param uid the mount owner
     * @param gid the mount owner's group
     * @return the option string
     */
    public String kernelData(int fd, int uid, int gid) {
        StringJoiner j = new StringJoiner(",");
        j.add("fd=" + fd).add("rootmode=" + Integer.toOctalString(rootMode)).add("user_id=" + uid)
                .add("group_id=" + gid);
        if (defaultPermissions) {
            j.add("default_permissions");
        }
        if (allowOther) {
            j.add("allow_other");
        }
        if (maxRead > 0) {
            j.add("max_read=" + maxRead);
        }
        return j.toString();
    }

    /**
     * The {@code -o} string for fusermount3, which adds fd, rootmode (from the mountpoint), user_id
     * and group_id itself.
     *
     * @return the option string
     */
    public String fusermountOptions() {
        StringJoiner j = new StringJoiner(",");
        j.add("fsname=" + fsname);
        if (!subtype.isEmpty()) {
            j.add("subtype=" + subtype);
        }
        if (defaultPermissions) {
            j.add("default_permissions");
        }
        if (allowOther) {
            j.add("allow_other");
        }
        if (maxRead > 0) {
            j.add("max_read=" + maxRead);
        }
        for (MountFlag f : sortedFlags()) {
            j.add(f.option());
        }
        if (autoUnmount) {
            j.add("auto_unmount");
        }
        return j.toString();
    }

    private Set<MountFlag> sortedFlags() {
        return flags.isEmpty() ? Set.of() : EnumSet.copyOf(flags);
    }

    /** Applies options one at a time, remembering whether default_permissions was set explicitly. */
    private static final class Parser {
        String fsname;
        String subtype;
        boolean allowOther;
        Boolean defaultPermissions;
        final EnumSet<MountFlag> flags = EnumSet.noneOf(MountFlag.class);
        int maxRead;
        int rootMode;
        boolean autoUnmount;
        boolean debug;
        boolean nonempty;
        boolean writebackCache;
        Duration entryTimeout;
        Duration attrTimeout;
        Duration negativeTimeout;
        int maxWrite;
        int maxBackground;
        int congestionThreshold;
        int readers;
        Duration drainTimeout;
        boolean handleKillprivV2;
        boolean virtualThreads;
        Duration watchdog;
        boolean posixAcl;

        Parser(MountOptions o) {
            fsname = o.fsname;
            subtype = o.subtype;
            allowOther = o.allowOther;
            // with allow_other, a stored 'true' is the automatic one and a 'false' an explicit opt-out
            if (o.allowOther) {
                defaultPermissions = o.defaultPermissions ? null : Boolean.FALSE;
            } else {
                defaultPermissions = o.defaultPermissions ? Boolean.TRUE : null;
            }
            flags.addAll(o.flags);
            maxRead = o.maxRead;
            rootMode = o.rootMode;
            autoUnmount = o.autoUnmount;
            debug = o.debug;
            nonempty = o.nonempty;
            writebackCache = o.writebackCache;
            entryTimeout = o.entryTimeout;
            attrTimeout = o.attrTimeout;
            negativeTimeout = o.negativeTimeout;
            maxWrite = o.maxWrite;
            maxBackground = o.maxBackground;
            congestionThreshold = o.congestionThreshold;
            readers = o.readers;
            drainTimeout = o.drainTimeout;
            handleKillprivV2 = o.handleKillprivV2;
            virtualThreads = o.virtualThreads;
            watchdog = o.watchdog;
            posixAcl = o.posixAcl;
        }

        void apply(String option) {
            int eq = option.indexOf('=');
            String key = (eq < 0 ? option : option.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : option.substring(eq + 1);
            boolean hasValue = value != null;
            if (key.equals("blksize")) {
                throw new IllegalArgumentException("mount option " + option + ": the kernel takes blksize only for"
                        + " fuseblk (block-device) mounts, and jpuffs makes plain fuse mounts");
            }
            if (hasValue != NAMES.contains(key + "=") || (!hasValue && !NAMES.contains(key))) {
                throw unknown(option);
            }
            switch (key) {
                case "fsname" -> fsname = value;
                case "subtype" -> subtype = value;
                case "allow_other" -> allowOther = true;
                case "default_permissions" -> defaultPermissions = true;
                case "no_default_permissions" -> defaultPermissions = false;
                case "max_read" -> maxRead = size(option, value);
                case "rootmode" -> rootMode = octal(option, value);
                case "ro" -> flags.add(MountFlag.READ_ONLY);
                case "rw" -> flags.remove(MountFlag.READ_ONLY);
                case "nosuid" -> flags.add(MountFlag.NO_SUID);
                case "suid" -> flags.remove(MountFlag.NO_SUID);
                case "nodev" -> flags.add(MountFlag.NO_DEV);
                case "dev" -> flags.remove(MountFlag.NO_DEV);
                case "noexec" -> flags.add(MountFlag.NO_EXEC);
                case "exec" -> flags.remove(MountFlag.NO_EXEC);
                case "sync" -> flags.add(MountFlag.SYNCHRONOUS);
                case "async" -> flags.remove(MountFlag.SYNCHRONOUS);
                case "dirsync" -> flags.add(MountFlag.DIR_SYNC);
                case "noatime" -> flags.add(MountFlag.NO_ATIME);
                case "atime" -> flags.remove(MountFlag.NO_ATIME);
                case "auto_unmount" -> autoUnmount = true;
                case "debug" -> debug = true;
                case "nonempty" -> nonempty = true;
                case "writeback_cache" -> writebackCache = true;
                case "no_writeback_cache" -> writebackCache = false;
                case "entry_timeout" -> entryTimeout = seconds(option, value);
                case "attr_timeout" -> attrTimeout = seconds(option, value);
                case "negative_timeout" -> negativeTimeout = seconds(option, value);
                case "max_write" -> maxWrite = size(option, value);
                case "max_background" -> maxBackground = size(option, value);
                case "congestion_threshold" -> congestionThreshold = size(option, value);
                case "readers" -> readers = size(option, value);
                case "drain_timeout" -> drainTimeout = seconds(option, value);
                case "handle_killpriv_v2" -> handleKillprivV2 = true;
                case "no_handle_killpriv_v2" -> handleKillprivV2 = false;
                case "virtual_threads" -> virtualThreads = true;
                case "watchdog" -> watchdog = seconds(option, value);
                case "posix_acl" -> posixAcl = true;
                case "no_posix_acl" -> posixAcl = false;
                default -> throw unknown(option);
            }
        }

        MountOptions build() {
            boolean permissions = defaultPermissions != null ? defaultPermissions : allowOther;
            return new MountOptions(fsname, subtype, allowOther, permissions, flags, maxRead, rootMode, autoUnmount,
                    debug, nonempty, writebackCache, entryTimeout, attrTimeout, negativeTimeout, maxWrite,
                    maxBackground, congestionThreshold, readers, drainTimeout, handleKillprivV2, virtualThreads, watchdog,
                    posixAcl);
        }

        private static IllegalArgumentException unknown(String option) {
            List<String> valid = new ArrayList<>(new TreeSet<>(NAMES.stream().map(n -> n.endsWith("=") ? n + "..." : n)
                    .toList()));
            return new IllegalArgumentException("unknown mount option '" + option + "'; valid options: "
                    + String.join(", ", valid));
        }

        private static int size(String option, String value) {
            try {
                int v = Integer.parseInt(value);
                if (v < 0) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("mount option " + option + ": expected a non-negative integer");
            }
        }

        private static int octal(String option, String value) {
            try {
                return Integer.parseInt(value, 8);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("mount option " + option + ": expected an octal number");
            }
        }

        private static Duration seconds(String option, String value) {
            try {
                double s = Double.parseDouble(value);
                if (!(s >= 0) || Double.isInfinite(s)) {
                    throw new NumberFormatException();
                }
                return Duration.ofNanos(Math.round(s * 1e9));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("mount option " + option + ": expected seconds, for example 1.5");
            }
        }
    }
}
