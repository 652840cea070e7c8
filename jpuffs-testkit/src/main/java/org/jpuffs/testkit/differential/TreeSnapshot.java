package org.jpuffs.testkit.differential;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jpuffs.testkit.posix.Dirent;
import org.jpuffs.testkit.posix.RawPath;
import org.jpuffs.testkit.posix.Stat;
import org.jpuffs.testkit.posix.SyscallException;
import org.jpuffs.testkit.posix.Syscalls;

/**
 * A normalised description of a whole tree, one line per path, for comparing the two sides after a
 * run: type, permissions, owner, group; size and link count for non-directories; content digest;
 * symlink target; device number; extended attributes with value digests; and which names are hard
 * links of one another (the partition, not inode numbers).
 */
final class TreeSnapshot {
    private TreeSnapshot() {
    }

    static Map<String, String> of(RawPath root) throws SyscallException {
        Map<String, String> out = new TreeMap<>();
        Map<Long, List<String>> byInode = new HashMap<>();
        Map<String, Long> inodeOf = new HashMap<>();
        walk(root, "", out, byInode, inodeOf);
        // hard links: each non-directory lists its other names
        for (Map.Entry<String, Long> e : inodeOf.entrySet()) {
            List<String> names = new ArrayList<>(byInode.get(e.getValue()));
            if (names.size() > 1) {
                names.remove(e.getKey());
                names.sort(null);
                out.merge(e.getKey(), " links=" + names, String::concat);
            }
        }
        return out;
    }

    private static void walk(RawPath dir, String rel, Map<String, String> out, Map<Long, List<String>> byInode,
                             Map<String, Long> inodeOf) throws SyscallException {
        List<Dirent> entries = Syscalls.listDir(dir);
        for (Dirent d : entries) {
            if (d.isDot()) {
                continue;
            }
            RawPath p = dir.resolve(d.name());
            String name = rel.isEmpty() ? d.rawName().toString() : rel + "/" + d.rawName();
            Stat st = Syscalls.lstat(p);
            StringBuilder line = new StringBuilder(Operation.describe(st));
            if (st.isRegular()) {
                line.append(' ').append(ContentDigest.of(p));
            } else if (st.isSymlink()) {
                line.append(" -> ").append(Syscalls.readlink(p));
            }
            if (!st.isSymlink()) {
                List<String> names = new ArrayList<>(Syscalls.listxattr(p, true));
                names.removeIf(n -> n.startsWith("security."));
                names.sort(null);
                for (String n : names) {
                    line.append(' ').append(n).append('=')
                            .append(ContentDigest.ofBytes(Syscalls.getxattr(p, n, true)));
                }
            }
            out.put(name, line.toString());
            if (st.isDirectory()) {
                walk(p, name, out, byInode, inodeOf);
            } else {
                byInode.computeIfAbsent(st.ino(), k -> new ArrayList<>()).add(name);
                inodeOf.put(name, st.ino());
            }
        }
    }
}
