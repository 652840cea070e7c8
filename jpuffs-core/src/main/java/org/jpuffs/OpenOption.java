package org.jpuffs;

/** How the kernel treats one open file or directory (FUSE's {@code FOPEN_*} reply flags). */
public enum OpenOption {
    /** Bypass the page cache: every read and write reaches the server; needed when the size is unknown. */
    DIRECT_IO,
    /** Keep cached data from earlier opens (the server vouches it is still valid). */
    KEEP_CACHE,
    /** The file is not seekable ({@code lseek} fails with ESPIPE). */
    NONSEEKABLE,
    /** A stream: no file position at all (pipes, sockets). */
    STREAM,
    /** Cache the directory's listing (for {@code openDir}). */
    CACHE_DIR,
    /** No FLUSH on close for this open. */
    NOFLUSH,
    /** Allow parallel direct writes to the file. */
    PARALLEL_DIRECT_WRITES
}
