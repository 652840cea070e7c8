package org.jpuffs.memfs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.XattrMode;

/**
 * A node's extended attributes, within Linux's limits: names up to 255 bytes (longer: ERANGE),
 * values up to 64 KiB (larger: E2BIG), and {@link #MAX_TOTAL} bytes of names and values per node
 * (beyond: ENOSPC). Guarded by the node's lock.
 */
final class Xattrs {
    static final int MAX_NAME = 255;
    static final int MAX_VALUE = 65536;
    /** Per node; tmpfs (Linux 6.18) took 100 values of 64 KiB on one file, so this is generous too. */
    static final int MAX_TOTAL = 8 << 20;

    private final Map<String, byte[]> values = new LinkedHashMap<>();
    private int total;

    static void checkName(String name) throws ErrnoException {
        int len = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (len == 0 || len > MAX_NAME) {
            throw new ErrnoException(Errno.ERANGE, "xattr name length " + len);
        }
    }

    byte[] get(String name) {
        return values.get(name);
    }

    void set(String name, byte[] value, XattrMode mode) throws ErrnoException {
        if (value.length > MAX_VALUE) {
            throw new ErrnoException(Errno.E2BIG);
        }
        byte[] old = values.get(name);
        if (old != null && mode == XattrMode.CREATE) {
            throw new ErrnoException(Errno.EEXIST);
        }
        if (old == null && mode == XattrMode.REPLACE) {
            throw new ErrnoException(Errno.ENODATA);
        }
        int delta = value.length - (old == null ? -name.length() : old.length);
        if (total + delta > MAX_TOTAL) {
            throw new ErrnoException(Errno.ENOSPC);
        }
        values.put(name, value);
        total += delta;
    }

    boolean remove(String name) {
        byte[] old = values.remove(name);
        if (old == null) {
            return false;
        }
        total -= old.length + name.length();
        return true;
    }

    List<String> names() {
        return new ArrayList<>(values.keySet());
    }

    boolean isEmpty() {
        return values.isEmpty();
    }
}
