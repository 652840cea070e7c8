package org.jpuffs.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jpuffs.FileServer;
import org.jpuffs.FileType;
import org.jpuffs.memfs.MemFs;
import org.jpuffs.memfs.MemFsOptions;

/** memfs: a POSIX file system in memory. */
final class MemFsType implements ServerType {
    @Override
    public String name() {
        return "memfs";
    }

    @Override
    public String description() {
        return "a POSIX file system in memory (options: " + String.join(", ", MemFsOptions.KEYS) + ")";
    }

    @Override
    public Set<String> optionKeys() {
        return new LinkedHashSet<>(MemFsOptions.KEYS);
    }

    /**
     * memfs clears set-id bits and security.capability itself (see MemFs), saving a GETXATTR per
     * write, and implements POSIX ACLs, so the kernel's permission checks must consult them.
     */
    @Override
    public List<String> defaultMountOptions() {
        return List.of("handle_killpriv_v2", "posix_acl");
    }

    @Override
    public FileServer<?> create(Map<String, String> options) throws UsageException {
        return new MemFs(parse(options));
    }

    @Override
    public boolean rootIsDirectory(Map<String, String> options) {
        try {
            return parse(options).rootType() == FileType.DIRECTORY;
        } catch (UsageException e) {
            return true; // create() reports the bad value
        }
    }

    private static MemFsOptions parse(Map<String, String> options) throws UsageException {
        try {
            return MemFsOptions.parse(options);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
