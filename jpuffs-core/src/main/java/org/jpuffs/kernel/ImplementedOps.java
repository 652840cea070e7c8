package org.jpuffs.kernel;

import java.lang.reflect.Method;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.jpuffs.FileServer;
import org.jpuffs.OpInventory;

/**
 * Which {@link FileServer} ops a server implements, found once per mount through its
 * {@link OpInventory}: an op whose most specific method is still the interface's default is not.
 */
final class ImplementedOps {
    private static final Map<Op, String> METHODS = new EnumMap<>(Op.class);

    static {
        String[] names = {"init", "destroy", "statFs", "syncFs", "lookup", "reclaim", "getAttr", "setAttr", "access",
            "mknod", "mkdir", "symlink", "readLink", "link", "unlink", "rmdir", "rename", "open", "create", "tmpfile",
            "read", "write", "flush", "release", "fsync", "fallocate", "lseek", "copyFileRange", "poll", "ioctl",
            "getLock", "setLock", "openDir", "readDir", "releaseDir", "fsyncDir", "setXattr", "getXattr", "listXattr",
            "removeXattr"};
        Op[] ops = Op.values();
        if (names.length != ops.length) {
            throw new AssertionError("Op and FileServer's ops differ");
        }
        for (int i = 0; i < ops.length; i++) {
            METHODS.put(ops[i], names[i]);
        }
    }

    private ImplementedOps() {
    }

    /** The FileServer method name of an op ({@code "lookup"} for LOOKUP). */
    static String methodOf(Op op) {
        return METHODS.get(op);
    }

    /**
     * The ops {@code server} implements, as its {@link OpInventory} says: forwarding servers
     * (adapters, decorators) answer for what they forward to.
     */
    static Set<Op> of(FileServer<?> server) {
        OpInventory inventory = OpInventory.of(server);
        Set<Op> implemented = EnumSet.noneOf(Op.class);
        for (Method m : FileServer.class.getMethods()) {
            Op op = opOf(m.getName());
            if (op != null && inventory.implementsOp(m)) {
                implemented.add(op);
            }
        }
        return implemented;
    }

    private static Op opOf(String method) {
        for (Map.Entry<Op, String> e : METHODS.entrySet()) {
            if (e.getValue().equals(method)) {
                return e.getKey();
            }
        }
        return null;
    }
}
