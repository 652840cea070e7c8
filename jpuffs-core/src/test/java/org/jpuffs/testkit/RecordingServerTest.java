package org.jpuffs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jpuffs.Attributes;
import org.jpuffs.CallContext;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileName;
import org.jpuffs.FileServer;
import org.jpuffs.FileType;
import org.jpuffs.Lookup;
import org.jpuffs.OpInventory;
import org.junit.jupiter.api.Test;

class RecordingServerTest {

    private static List<Method> fileServerOps() {
        return Arrays.stream(FileServer.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .toList();
    }

    @Test
    void everyFileServerMethod_isOverridden() {
        // Fails when FileServer gains a method (even a default one) that the decorator would not
        // forward: the default would answer instead of the wrapped server, silently.
        List<String> missing = new ArrayList<>();
        for (Method op : fileServerOps()) {
            try {
                Method own = RecordingServer.class.getDeclaredMethod(op.getName(), op.getParameterTypes());
                if (own.isBridge() || own.isSynthetic()) {
                    missing.add(op.getName());
                }
            } catch (NoSuchMethodException e) {
                missing.add(op.getName());
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyOp_reachesTheWrappedServerAndIsRecordedWithItsNode() throws Exception {
        List<String> reached = new ArrayList<>();
        FileServer<Object> target = (FileServer<Object>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {FileServer.class}, (proxy, method, args) -> {
                    reached.add(method.getName());
                    return zeroOf(method.getReturnType());
                });
        RecordingServer<Object> recording = new RecordingServer<>(target);
        String node = "the-node";

        for (Method op : fileServerOps()) {
            Object[] args = new Object[op.getParameterCount()];
            Class<?>[] types = op.getParameterTypes();
            boolean cookieSeen = false;
            Object expectedNode = null;
            for (int i = 0; i < args.length; i++) {
                if (op.getGenericParameterTypes()[i] instanceof TypeVariable<?>) {
                    // the first cookie is the node the op is recorded against; later cookies differ
                    args[i] = cookieSeen ? "other" : node;
                    if (!cookieSeen) {
                        expectedNode = node;
                    }
                    cookieSeen = true;
                } else {
                    args[i] = zeroOf(types[i]);
                }
            }
            recording.clear();
            reached.clear();
            try {
                op.invoke(recording, args);
            } catch (InvocationTargetException e) {
                throw new AssertionError(op.getName() + " threw", e.getCause());
            }
            assertThat(reached).as(op.getName()).containsExactly(op.getName());
            assertThat(recording.calls()).as(op.getName())
                    .containsExactly(new RecordingServer.Call(op.getName(), expectedNode));
        }
    }

    @Test
    void failingOp_isRecordedAndItsErrnoPassesThrough() throws Exception {
        RecordingServer<String> recording = new RecordingServer<>(() -> "/");
        FileName name = FileName.of("x");

        assertThatThrownBy(() -> recording.lookup(StubCallContext.root(), "/", name))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOSYS));
        assertThat(recording.ops()).containsExactly("lookup");
        assertThat(recording.count("lookup", "/")).isEqualTo(1);
    }

    @Test
    void concurrentOps_areAllRecorded() throws Exception {
        RecordingServer<String> recording = new RecordingServer<>(new FileServer<>() {
            @Override
            public String root() {
                return "/";
            }

            @Override
            public Attributes getAttr(CallContext ctx, String node, Object handle) {
                return Attributes.of(1, FileType.DIRECTORY.mode(0755), 2, 0, 0, 0, java.time.Instant.EPOCH);
            }
        });
        int threads = 8;
        int perThread = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String node = "n" + t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        recording.getAttr(StubCallContext.root(), node, null);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(recording.count("getAttr")).isEqualTo(threads * perThread);
        assertThat(recording.count("getAttr", "n3")).isEqualTo(perThread);
        // per node, the order of one thread's calls is kept
        assertThat(recording.opsOn("n5")).hasSize(perThread);
    }

    @Test
    void assertCount_failsWithTheRecordedOps() throws Exception {
        RecordingServer<String> recording = new RecordingServer<>(() -> "/");
        recording.reclaim("a");
        recording.reclaim("b");

        recording.assertCount("reclaim", 2);
        assertThat(recording.nodesOf("reclaim")).containsExactly("a", "b");
        assertThatThrownBy(() -> recording.assertNever("reclaim"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("[reclaim, reclaim]");
    }

    @Test
    void awaitCount_returnsOnceAnotherThreadsOpArrived_andFailsOnTimeout() throws Exception {
        RecordingServer<String> recording = new RecordingServer<>(() -> "/");
        Thread later = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            recording.reclaim("n");
        });

        recording.awaitCount("reclaim", 1, java.time.Duration.ofSeconds(10));
        later.join();

        assertThat(recording.nodesOf("reclaim")).containsExactly("n");
        assertThatThrownBy(() -> recording.awaitCount("reclaim", 2, java.time.Duration.ofMillis(20)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("reclaim 2 time(s), was 1");
    }

    @Test
    void inventory_isTheWrappedServers() throws Exception {
        FileServer<String> onlyLookup = new FileServer<>() {
            @Override
            public String root() {
                return "/";
            }

            @Override
            public Lookup<String> lookup(CallContext ctx, String dir, FileName name) {
                return Lookup.absent();
            }
        };
        OpInventory inventory = OpInventory.of(new RecordingServer<>(onlyLookup));

        assertThat(inventory.implementsOp(op("lookup"))).isTrue();
        assertThat(inventory.implementsOp(op("setLock"))).isFalse();
        assertThat(inventory.implementsOp(op("open"))).isFalse();
    }

    static Method op(String name) {
        return fileServerOps().stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
    }

    private static Object zeroOf(Class<?> type) {
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == boolean.class) {
            return false;
        }
        return null;
    }
}
