import java.nio.file.Path;
import ru.serce.jnrfuse.examples.MemoryFS;

/**
 * Mounts jnr-fuse's example in-memory file system ({@code MemoryFS}) at the given directory and
 * serves it until the mount goes away. The example's own main mounts at a fixed path with debug
 * output on, so the benchmark mounts it through this launcher instead: same file system, debug off,
 * and the FUSE options from the command line (the benchmark passes {@code -o big_writes}).
 *
 * <p>Run with the single-file source launcher: {@code java -cp JARS JnrMemoryFs.java DIR [fuse options]}.
 */
public class JnrMemoryFs {
  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: JnrMemoryFs MOUNTPOINT [fuse options...]");
      System.exit(2);
    }
    String[] fuseOpts = java.util.Arrays.copyOfRange(args, 1, args.length);
    MemoryFS fs = new MemoryFS();
    try {
      // blocking: returns when the kernel unmounts (the benchmark runs umount), debug off
      fs.mount(Path.of(args[0]), true, false, fuseOpts);
    } finally {
      fs.umount();
    }
  }
}
