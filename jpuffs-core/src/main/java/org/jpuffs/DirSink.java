package org.jpuffs;

/**
 * Where {@link FileServer#readDir} puts entries. The sink fills one reply buffer; when an entry no
 * longer fits, {@link #add} returns false and the server stops: the kernel asks again from that
 * entry's predecessor's {@code nextOffset}.
 */
@FunctionalInterface
public interface DirSink {
    /**
     * Adds one entry.
     *
     * @param entry the entry
     * @return true when it was taken; false when the reply is full (the entry was not taken)
     * @throws ErrnoException when the entry is invalid (zero offset)
     */
    boolean add(DirEntry entry) throws ErrnoException;
}
