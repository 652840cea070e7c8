package org.jpuffs.memfs;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jpuffs.FileType;

/**
 * How a memfs is set up: the {@code -o} options of {@code jpuffs mount memfs}.
 *
 * @param sizeBytes the most bytes of file data ({@code size=}: bytes, with k/m/g/t suffixes, or a
 *     percentage of RAM such as {@code 50%}); default half the RAM, as tmpfs
 * @param inodes the most nodes, the root included ({@code inodes=}, k/m/g suffixes allowed); default one
 *     per 8 KiB of RAM, as tmpfs
 * @param rootType the root's type ({@code roottype=}: dir, file, symlink is refused, fifo, socket,
 *     chr, blk); default a directory
 * @param rootMode the root's permission bits ({@code mode=}, octal); default 01777 for a directory
 *     (like tmpfs), 0644 otherwise
 * @param uid the root's owner ({@code uid=}); default the server process's uid
 * @param gid the root's group ({@code gid=}); default the server process's gid
 * @param writeback whether the kernel serving memfs runs the writeback cache ({@code writeback=true},
 *     set by {@code jpuffs mount} when {@code -o writeback_cache} is given); default false. See
 *     {@link MemFs}'s class comment for what changes then.
 */
public record MemFsOptions(long sizeBytes, long inodes, FileType rootType, int rootMode, int uid, int gid,
        boolean writeback) {

    /** The option keys {@link #parse} accepts. */
    public static final List<String> KEYS = List.of("size", "inodes", "roottype", "mode", "uid", "gid", "writeback");

    /**
     * Checks the values.
     *
     * @param sizeBytes the data limit
     * @param inodes the node limit
     * @param rootType the root's type
     * @param rootMode the root's permission bits
     * @param uid the root's owner
     * @param gid the root's group
     * @param writeback whether the kernel runs the writeback cache
     */
    public MemFsOptions {
        Objects.requireNonNull(rootType, "rootType");
        if (sizeBytes < 0 || inodes < 1) {
            throw new IllegalArgumentException("size must be >= 0 and inodes >= 1");
        }
        if (rootType == FileType.SYMLINK) {
            throw new IllegalArgumentException("roottype=symlink is not supported: a root needs no target");
        }
        if ((rootMode & ~07777) != 0) {
            throw new IllegalArgumentException("mode must be octal 0 to 07777");
        }
    }

    /**
     * Options without the writeback cache.
     *
     * @param sizeBytes the data limit
     * @param inodes the node limit
     * @param rootType the root's type
     * @param rootMode the root's permission bits
     * @param uid the root's owner
     * @param gid the root's group
     */
    public MemFsOptions(long sizeBytes, long inodes, FileType rootType, int rootMode, int uid, int gid) {
        this(sizeBytes, inodes, rootType, rootMode, uid, gid, false);
    }

    /**
     * The defaults: half the RAM for data, one node per 8 KiB of RAM, a 01777 root directory owned by
     * the server process.
     *
     * @return the defaults
     */
    public static MemFsOptions defaults() {
        long ram = totalMemory();
        int[] ids = processIds();
        return new MemFsOptions(ram / 2, Math.max(1024, ram / 8192), FileType.DIRECTORY, 01777, ids[0], ids[1]);
    }

    /**
     * A copy with another data limit.
     *
     * @param bytes the limit
     * @return the copy
     */
    public MemFsOptions withSize(long bytes) {
        return new MemFsOptions(bytes, inodes, rootType, rootMode, uid, gid, writeback);
    }

    /**
     * A copy with another node limit.
     *
     * @param count the limit
     * @return the copy
     */
    public MemFsOptions withInodes(long count) {
        return new MemFsOptions(sizeBytes, count, rootType, rootMode, uid, gid, writeback);
    }

    /**
     * A copy with another root type and mode.
     *
     * @param type the root's type
     * @param mode the root's permission bits
     * @return the copy
     */
    public MemFsOptions withRoot(FileType type, int mode) {
        return new MemFsOptions(sizeBytes, inodes, type, mode, uid, gid, writeback);
    }

    /**
     * A copy with another root owner.
     *
     * @param newUid the owner
     * @param newGid the group
     * @return the copy
     */
    public MemFsOptions withOwner(int newUid, int newGid) {
        return new MemFsOptions(sizeBytes, inodes, rootType, rootMode, newUid, newGid, writeback);
    }

    /**
     * A copy that does or does not expect the kernel's writeback cache.
     *
     * @param on whether the kernel runs the writeback cache
     * @return the copy
     */
    public MemFsOptions withWriteback(boolean on) {
        return new MemFsOptions(sizeBytes, inodes, rootType, rootMode, uid, gid, on);
    }

    /**
     * Parses {@code key=value} options over the defaults ({@code -o size=1g,mode=0755}).
     *
     * @param options the options, each {@code key=value}
     * @return the options
     * @throws IllegalArgumentException naming the bad option, and the valid keys for an unknown one
     */
    public static MemFsOptions parse(List<String> options) {
        MemFsOptions o = defaults();
        boolean modeGiven = false;
        for (String option : options) {
            int eq = option.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("memfs option '" + option + "' is not key=value; valid keys: "
                        + String.join(", ", KEYS));
            }
            String key = option.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = option.substring(eq + 1).trim();
            try {
                o = switch (key) {
                    case "size" -> o.withSize(parseSize(value, true));
                    case "inodes" -> o.withInodes(parseSize(value, false));
                    case "roottype" -> o.withRoot(parseType(value), modeGiven ? o.rootMode
                            : parseType(value) == FileType.DIRECTORY ? 01777 : 0644);
                    case "mode" -> {
                        modeGiven = true;
                        yield o.withRoot(o.rootType, Integer.parseInt(value, 8));
                    }
                    case "uid" -> o.withOwner(Integer.parseInt(value), o.gid);
                    case "gid" -> o.withOwner(o.uid, Integer.parseInt(value));
                    case "writeback" -> o.withWriteback(parseBoolean(value));
                    default -> throw new IllegalArgumentException("unknown memfs option '" + key + "'; valid keys: "
                            + String.join(", ", KEYS));
                };
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("memfs option " + key + "=" + value + ": not a number", e);
            }
        }
        return o;
    }

    /**
     * Parses options given as a map (the NIO environment map).
     *
     * @param options key to value
     * @return the options
     * @throws IllegalArgumentException for an unknown key or a bad value
     */
    public static MemFsOptions parse(Map<String, String> options) {
        return parse(options.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    private static boolean parseBoolean(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("memfs option writeback=" + value + ": not true or false");
        };
    }

    private static long parseSize(String value, boolean percentAllowed) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.endsWith("%")) {
            if (!percentAllowed) {
                throw new IllegalArgumentException("a percentage is allowed for size only");
            }
            long pct = Long.parseLong(v.substring(0, v.length() - 1));
            if (pct < 1 || pct > 100) {
                throw new IllegalArgumentException("size percentage must be 1 to 100");
            }
            return totalMemory() / 100 * pct;
        }
        int shift = switch (v.isEmpty() ? ' ' : v.charAt(v.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        long n = Long.parseLong(shift == 0 ? v : v.substring(0, v.length() - 1));
        if (n < 0 || n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("size out of range: " + value);
        }
        return n << shift;
    }

    private static FileType parseType(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "dir", "directory" -> FileType.DIRECTORY;
            case "file", "reg", "regular" -> FileType.REGULAR;
            case "fifo" -> FileType.FIFO;
            case "socket", "sock" -> FileType.SOCKET;
            case "chr", "char" -> FileType.CHARACTER_DEVICE;
            case "blk", "block" -> FileType.BLOCK_DEVICE;
            default -> throw new IllegalArgumentException("roottype=" + value
                    + " is not one of dir, file, fifo, socket, chr, blk (the mountpoint must have the same type)");
        };
    }

    private static long totalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 1L << 30;
    }

    private static int[] processIds() {
        try {
            int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            int gid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
            return new int[] {uid, gid};
        } catch (IOException | UnsupportedOperationException e) {
            return new int[] {0, 0};
        }
    }
}
