package org.jpuffs.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jpuffs.fuse.mount.MountOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code -o debug}: one line per request, one per reply, matched by unique id. */
@Timeout(60)
class TraceTest {
    private static final Pattern REQUEST = Pattern.compile("org\\.jpuffs\\.fuse\\.trace - -> unique (\\d+) (\\w+) ");
    private static final Pattern REPLY = Pattern.compile("org\\.jpuffs\\.fuse\\.trace - <- unique (\\d+) (\\w+) ");

    @TempDir
    Path tmp;

    private Path mnt;

    @AfterEach
    void nothingLeftMounted() throws Exception {
        try {
            assertThat(Commands.mountsAt(mnt)).isEmpty();
        } finally {
            Commands.forceUnmount(mnt);
        }
    }

    @Test
    void debugOption_tracesEveryRequestAndItsReply() throws Exception {
        mnt = Files.createDirectory(tmp.resolve("mnt"));
        MemoryTree tree = new MemoryTree(Duration.ZERO);
        tree.addFile("f", "traced".getBytes(StandardCharsets.US_ASCII));
        List<String> lines;
        try (LogCapture log = new LogCapture();
                Mount _ = Fuse.mount(tree, mnt, MountOptions.parse("fsname=trace,debug"))) {
            assertThat(Commands.run("cat", mnt.resolve("f").toString()).output()).isEqualTo("traced");
            assertThat(Commands.run("stat", "-c", "%s", mnt.resolve("absent").toString()).exit()).isNotZero();
            lines = log.lines();
        }
        Map<String, String> requests = new HashMap<>();
        Map<String, String> replies = new HashMap<>();
        for (String l : lines) {
            Matcher q = REQUEST.matcher(l);
            if (q.find()) {
                assertThat(requests.put(q.group(1), q.group(2))).as("one request line per unique: " + l).isNull();
            }
            Matcher r = REPLY.matcher(l);
            if (r.find()) {
                assertThat(replies.put(r.group(1), r.group(2))).as("one reply line per unique: " + l).isNull();
            }
        }
        assertThat(requests.values()).contains("INIT", "LOOKUP", "GETATTR", "READ");
        requests.forEach((unique, op) -> {
            if (!List.of("FORGET", "BATCH_FORGET", "INTERRUPT", "NOTIFY_REPLY").contains(op)) {
                assertThat(replies).as("the reply to " + op + " " + unique).containsEntry(unique, op);
            }
        });
        assertThat(requests).containsAllEntriesOf(replies);
        assertThat(lines).anySatisfy(l -> assertThat(l).matches(".*<- unique \\d+ READ ok, \\d+ bytes.*"));
    }
}
