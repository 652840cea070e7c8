package org.jpuffs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import org.jpuffs.FileServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream savedErr;
    private PrintStream savedOut;
    private final List<String> mounted = new ArrayList<>();
    private final List<String> created = new ArrayList<>();

    @BeforeEach
    void capture() {
        savedErr = System.err;
        savedOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(savedErr);
        System.setOut(savedOut);
    }

    private int run(String... args) {
        ServerType fake = new ServerType() {
            @Override
            public String name() {
                return "fakefs";
            }

            @Override
            public String description() {
                return "a test server";
            }

            @Override
            public Set<String> optionKeys() {
                return Set.of("size", "writeback");
            }

            @Override
            public FileServer<?> create(Map<String, String> options) throws UsageException {
                if (options.containsKey("size") && !options.get("size").matches("\\d+")) {
                    throw new UsageException("size must be a number, not '" + options.get("size") + "'");
                }
                created.add(new TreeMap<>(options).toString());
                return () -> "root";
            }
        };
        MountBackend backend = new MountBackend() {
            @Override
            public Set<String> optionNames() {
                return Set.of("allow_other", "debug", "writeback_cache");
            }

            @Override
            public void validate(List<String> mountOptions) {
            }

            @Override
            public Served mount(FileServer<?> server, String serverName, Path mountpoint, List<String> opts) {
                mounted.add(serverName + " " + mountpoint + " " + opts);
                CountDownLatch ended = new CountDownLatch(0);
                return new Served() {
                    @Override
                    public void awaitEnd() throws InterruptedException {
                        ended.await();
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
        return Main.run(new ServerCatalog(List.of(fake)), () -> backend, args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void missingMountpoint_exits2WithOneLine() {
        assertThat(run("mount", "fakefs", tmp.resolve("absent").toString())).isEqualTo(2);
        assertThat(err()).contains("does not exist").contains("mkdir -p").hasLineCount(1);
        assertThat(mounted).isEmpty();
    }

    @Test
    void mountpointNotADirectory_exits2() throws Exception {
        Path f = Files.createFile(tmp.resolve("file"));
        assertThat(run("mount", "fakefs", f.toString())).isEqualTo(2);
        assertThat(err()).contains("is not a directory");
    }

    @Test
    void nonEmptyMountpoint_refusedUnlessNonempty() throws Exception {
        Files.createFile(tmp.resolve("x"));
        assertThat(run("mount", "fakefs", tmp.toString())).isEqualTo(2);
        assertThat(err()).contains("is not empty").contains("-o nonempty");
        assertThat(mounted).isEmpty();

        assertThat(run("mount", "-o", "nonempty,debug", "fakefs", tmp.toString())).isZero();
        assertThat(mounted).containsExactly("fakefs " + tmp.toAbsolutePath() + " [nonempty, debug]");
    }

    @Test
    void alreadyAMount_refused() {
        assertThat(run("mount", "fakefs", "/proc")).isEqualTo(2);
        assertThat(err()).contains("already a mount");
    }

    @Test
    void unknownServer_listsAvailable() {
        assertThat(run("mount", "nosuchfs", tmp.toString())).isEqualTo(2);
        assertThat(err()).contains("unknown file server 'nosuchfs'").contains("available: fakefs");
    }

    @Test
    void unknownOption_listsValidOnes() {
        assertThat(run("mount", "-o", "bogus=1", "fakefs", tmp.toString())).isEqualTo(2);
        assertThat(err()).contains("unknown option 'bogus'").contains("allow_other, debug, nonempty, size, writeback, writeback_cache");
    }

    @Test
    void badServerOptionValue_oneLine() {
        assertThat(run("mount", "-o", "size=big", "fakefs", tmp.toString())).isEqualTo(2);
        assertThat(err()).contains("size must be a number").hasLineCount(1);
    }

    @Test
    void serverOptionsGoToServerNotToMount() {
        assertThat(run("mount", "-o", "size=5", "-o", "allow_other", "fakefs", tmp.toString())).isZero();
        assertThat(mounted).containsExactly("fakefs " + tmp.toAbsolutePath() + " [allow_other]");
    }

    @Test
    void writebackCache_tellsAServerThatKnowsIt() {
        assertThat(run("mount", "-o", "writeback_cache,size=5", "fakefs", tmp.toString())).isZero();
        assertThat(created).containsExactly("{size=5, writeback=true}");
        assertThat(mounted).containsExactly("fakefs " + tmp.toAbsolutePath() + " [writeback_cache]");
    }

    @Test
    void noWritebackCache_serverNotTold() {
        assertThat(run("mount", "-o", "size=5", "fakefs", tmp.toString())).isZero();
        assertThat(created).containsExactly("{size=5}");
    }

    @Test
    void unknownSubcommand_exits2() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err()).contains("frobnicate");
    }

    @Test
    void version_printsJavaVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("jpuffs ").contains("Java");
    }
}
