package org.jpuffs.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The file servers the command knows, and the front end it mounts them with. */
final class ServerCatalog {
    private static final List<ServerType> TYPES = List.of();

    private ServerCatalog() {
    }

    static ServerType find(String name) throws UsageException {
        for (ServerType t : TYPES) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        List<String> names = new ArrayList<>();
        TYPES.forEach(t -> names.add(t.name()));
        throw new UsageException("unknown file server '" + name + "'; available: " + String.join(", ", names));
    }

    static MountBackend backend() {
        throw new IllegalStateException("the FUSE front end is not wired yet");
    }

    /** Completion candidates for --help. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return TYPES.stream().map(ServerType::name).iterator();
        }
    }
}
