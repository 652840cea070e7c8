package org.jpuffs.fuse;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.jpuffs.CallContext;
import org.jpuffs.OpenFlags;
import org.jpuffs.Opened;
import org.jpuffs.fuse.mount.MountOptions;

/**
 * The serving side of {@code bench/fuse-first.sh}: mounts a {@link MemoryTree} at {@code args[0]}
 * (options {@code args[1]}), prints {@code MOUNTED}, serves until stdin ends or says {@code close},
 * then unmounts and prints {@code CLOSED}. Opens are stateful but do not keep the page cache, so a
 * read after a write reaches the server instead of the kernel's cache (tmpfs is all cache; the
 * comparison is meant to show the cost of the trip through the server).
 */
public final class BenchServe {
    private BenchServe() {
    }

    /** The tree with a plain open: the kernel drops the file's cached pages at every open. */
    static final class Tree extends MemoryTree {
        Tree() {
            super(Duration.ofSeconds(1));
        }

        @Override
        public Opened open(CallContext ctx, Long node, OpenFlags flags) {
            return Opened.stateless();
        }
    }

    public static void main(String[] args) throws Exception {
        Path mnt = Path.of(args[0]);
        MountOptions options = MountOptions.parse("fsname=bench,subtype=jpuffs-bench", args.length > 1 ? args[1] : "");
        try (Mount m = Fuse.mount(new Tree(), mnt, options)) {
            System.out.println("MOUNTED " + m.connectionNumber());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("close")) {
                // serve
            }
        }
        System.out.println("CLOSED");
        System.out.flush();
    }
}
