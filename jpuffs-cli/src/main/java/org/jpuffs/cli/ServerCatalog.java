package org.jpuffs.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The file servers the command knows. */
record ServerCatalog(List<ServerType> types) {

    /** The servers that ship with jpuffs. */
    static ServerCatalog standard() {
        return new ServerCatalog(List.of(new MemFsType()));
    }

    ServerType find(String name) throws UsageException {
        for (ServerType t : types) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        List<String> names = new ArrayList<>();
        types.forEach(t -> names.add(t.name()));
        throw new UsageException("unknown file server '" + name + "'; available: " + String.join(", ", names));
    }

    /** Completion candidates for --help. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return standard().types().stream().map(ServerType::name).iterator();
        }
    }
}
