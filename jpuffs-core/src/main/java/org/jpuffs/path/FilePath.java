package org.jpuffs.path;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileName;

/**
 * A full path inside a file system, from its root: the exact bytes of each component, so names that
 * are not valid UTF-8 round-trip. The root is the path with no components, shown as {@code "/"}.
 * Immutable; equal when the components are equal.
 *
 * @param components the names from the root down, each a valid {@link FileName}
 */
public record FilePath(List<FileName> components) {
    /** The root of the file system. */
    public static final FilePath ROOT = new FilePath(List.of());

    /**
     * Copies the component list.
     *
     * @param components the names from the root down
     */
    public FilePath {
        components = List.copyOf(components);
    }

    /**
     * Parses a path written with {@code '/'} separators, encoded as UTF-8; empty components (a
     * leading, trailing or doubled {@code '/'}) are skipped, so {@code "/a//b/"} is {@code /a/b}.
     *
     * @param path the path, for example {@code "/a/b"}
     * @return the path
     * @throws ErrnoException ENAMETOOLONG when a component is longer than {@value FileName#MAX_LENGTH} bytes,
     *     EINVAL when one contains NUL
     */
    public static FilePath of(String path) throws ErrnoException {
        List<FileName> names = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                names.add(FileName.of(part));
            }
        }
        return names.isEmpty() ? ROOT : new FilePath(names);
    }

    /**
     * The path of {@code name} in this directory.
     *
     * @param name a name
     * @return this path with {@code name} appended
     */
    public FilePath resolve(FileName name) {
        FileName[] names = components.toArray(new FileName[components.size() + 1]);
        names[names.length - 1] = name;
        return new FilePath(List.of(names));
    }

    /**
     * The directory this path is in.
     *
     * @return the path without its last component; the root for the root
     */
    public FilePath parent() {
        return components.size() <= 1 ? ROOT : new FilePath(components.subList(0, components.size() - 1));
    }

    /**
     * The last component.
     *
     * @return the file name, or {@code null} for the root
     */
    public FileName fileName() {
        return components.isEmpty() ? null : components.getLast();
    }

    /**
     * Whether this is the root.
     *
     * @return true when there are no components
     */
    public boolean isRoot() {
        return components.isEmpty();
    }

    /**
     * Whether this path is {@code prefix} or lies below it.
     *
     * @param prefix a directory's path
     * @return true when {@code prefix}'s components begin this path's
     */
    public boolean startsWith(FilePath prefix) {
        return prefix.components.size() <= components.size()
                && components.subList(0, prefix.components.size()).equals(prefix.components);
    }

    /**
     * The path as bytes with {@code '/'} separators, beginning with {@code '/'}, without a
     * terminating NUL: what a path syscall would take.
     *
     * @return the bytes; {@code "/"} for the root
     */
    public byte[] bytes() {
        if (components.isEmpty()) {
            return new byte[] {'/'};
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (FileName name : components) {
            out.write('/');
            out.writeBytes(name.bytes());
        }
        return out.toByteArray();
    }

    /**
     * The path relative to the root, as bytes: {@link #bytes()} without the leading {@code '/'},
     * empty for the root. Suited to resolving against a backing directory.
     *
     * @return the relative bytes
     */
    public byte[] relativeBytes() {
        byte[] all = bytes();
        return components.isEmpty() ? new byte[0] : java.util.Arrays.copyOfRange(all, 1, all.length);
    }

    /** The path decoded as UTF-8, for display only (invalid bytes are replaced). */
    @Override
    public String toString() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }
}
