package org.jpuffs;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OpInventoryTest {

    /** A server with a generic cookie type: its overrides exist only as compiler bridge methods. */
    static final class StringServer implements FileServer<String> {
        @Override
        public String root() {
            return "/";
        }

        @Override
        public Attributes getAttr(CallContext ctx, String node, Object handle) {
            return null;
        }
    }

    /** Overrides through an intermediate interface still count. */
    interface ReadOnly<C> extends FileServer<C> {
        @Override
        default void access(CallContext ctx, C node, int mask) {
        }
    }

    static final class ReadOnlyServer implements ReadOnly<Integer> {
        @Override
        public Integer root() {
            return 1;
        }
    }

    static Method op(String name) {
        return Arrays.stream(FileServer.class.getMethods()).filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow();
    }

    @Test
    void overriddenOp_isImplemented_evenThroughABridgeMethod() {
        OpInventory inventory = OpInventory.of(new StringServer());

        assertThat(inventory.implementsOp(op("getAttr"))).isTrue();
        assertThat(inventory.implementsOp(op("root"))).isTrue();
    }

    @Test
    void defaultOp_isNotImplemented() {
        OpInventory inventory = OpInventory.of(new StringServer());

        assertThat(inventory.implementsOp(op("setLock"))).isFalse();
        assertThat(inventory.implementsOp(op("open"))).isFalse();
        assertThat(inventory.implementsOp(op("reclaim"))).isFalse();
    }

    @Test
    void defaultFromAnIntermediateInterface_isImplemented() {
        OpInventory inventory = OpInventory.of(new ReadOnlyServer());

        assertThat(inventory.implementsOp(op("access"))).isTrue();
        assertThat(inventory.implementsOp(op("lookup"))).isFalse();
    }

    @Test
    void serverWithItsOwnInventory_answersForItself() {
        final class Forwarder implements FileServer<String>, OpInventory {
            @Override
            public String root() {
                return "/";
            }

            @Override
            public boolean implementsOp(Method m) {
                return m.getName().equals("setLock");
            }
        }
        Forwarder forwarder = new Forwarder();

        assertThat(OpInventory.of(forwarder)).isSameAs(forwarder);
    }
}
