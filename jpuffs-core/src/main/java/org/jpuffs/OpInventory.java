package org.jpuffs;

import java.lang.reflect.Method;

/**
 * Which ops of a {@link FileServer} are really implemented, as opposed to answered by the
 * interface's default. jpuffs offers the kernel only the capabilities that implemented ops can serve
 * (no lock capability without {@code setLock}, and so on), so that a missing op never breaks a
 * syscall the kernel could have served itself.
 *
 * <p>For an ordinary server the answer follows from which methods its class overrides, and
 * {@link #of(FileServer)} works it out. A server that overrides every method only to forward it
 * (an adapter such as {@code org.jpuffs.path.PathAdapter}, a test decorator) implements this
 * interface itself and answers for what it forwards to.
 */
public interface OpInventory {

    /**
     * Whether calls of {@code op} reach an implementation rather than {@link FileServer}'s default.
     *
     * @param op a method declared by {@link FileServer}
     * @return true when the server implements it
     */
    boolean implementsOp(Method op);

    /**
     * The inventory of {@code server}: the server itself when it is an {@code OpInventory},
     * otherwise one that looks at which {@link FileServer} methods its class overrides.
     *
     * @param server a file server
     * @return its inventory
     */
    static OpInventory of(FileServer<?> server) {
        if (server instanceof OpInventory own) {
            return own;
        }
        return op -> overrides(server.getClass(), op, FileServer.class);
    }

    /**
     * Whether {@code type} overrides {@code op}, a method declared by {@code declaring}: true when the
     * implementation {@code type} inherits is declared anywhere but in {@code declaring} itself.
     * Generic cookie parameters are erased, so the compiler's bridge methods are what is found.
     *
     * @param type a class implementing {@code declaring}
     * @param op a method of {@code declaring}
     * @param declaring the interface whose defaults do not count as implementations
     * @return true when {@code type} provides its own implementation
     */
    static boolean overrides(Class<?> type, Method op, Class<?> declaring) {
        try {
            Method found = type.getMethod(op.getName(), op.getParameterTypes());
            return found.getDeclaringClass() != declaring;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
