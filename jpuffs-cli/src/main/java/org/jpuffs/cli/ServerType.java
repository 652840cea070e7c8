package org.jpuffs.cli;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jpuffs.FileServer;

/** A kind of file server the command can mount, made from the server-specific {@code -o} options. */
interface ServerType {
    /** The name used on the command line, e.g. {@code memfs}. */
    String name();

    /** One line for --help. */
    String description();

    /** The option keys this server understands (passed on from {@code -o}). */
    Set<String> optionKeys();

    /** Creates the server; throws UsageException with a one-line reason for a bad option value. */
    FileServer<?> create(Map<String, String> options) throws UsageException;

    /**
     * Mount options this server is mounted with unless {@code -o} says otherwise (given first, so a
     * later {@code -o} overrides them): capabilities the server is written to support.
     */
    default List<String> defaultMountOptions() {
        return List.of();
    }

    /** Whether the server's root will be a directory with these options (the mountpoint must match). */
    default boolean rootIsDirectory(Map<String, String> options) {
        return true;
    }
}
