package org.jpuffs.testkit.mount;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension for tests that mount: hands out empty mountpoints and, after each test, fails it
 * if anything is still mounted there (after unmounting it lazily, so the next test is not hung).
 *
 * <pre>{@code
 * @RegisterExtension
 * final MountpointExtension mounts = new MountpointExtension();
 *
 * @Test
 * @Timeout(30)
 * void mountsAndUnmounts() throws Exception {
 *     Path mp = mounts.create("memfs");
 *     try (var m = ...mount on mp...) { ... }
 * }
 * }</pre>
 */
public final class MountpointExtension implements BeforeEachCallback, AfterEachCallback {
    private Mountpoints current;

    /** Creates the extension; register it per instance with {@code @RegisterExtension}. */
    public MountpointExtension() {
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        current = new Mountpoints();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Mountpoints m = current;
        current = null;
        if (m != null) {
            m.release();
        }
    }

    /**
     * A new empty mountpoint directory for the running test.
     *
     * @param name a readable name
     * @return the directory, mode 0755 in a 0755 parent
     * @throws IOException if it cannot be created
     */
    public Path create(String name) throws IOException {
        if (current == null) {
            throw new IllegalStateException("MountpointExtension used outside a test");
        }
        return current.create(name);
    }
}
