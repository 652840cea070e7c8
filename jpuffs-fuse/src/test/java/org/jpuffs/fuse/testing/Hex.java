package org.jpuffs.fuse.testing;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Hex text blocks for golden frames: one field per line, {@code #} starts a comment. */
public final class Hex {
    private Hex() {
    }

    public static byte[] parse(String block) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : block.split("\n")) {
            int hash = line.indexOf('#');
            String hex = (hash >= 0 ? line.substring(0, hash) : line).replaceAll("\\s+", "");
            if (!hex.isEmpty()) {
                out.writeBytes(HexFormat.of().parseHex(hex));
            }
        }
        return out.toByteArray();
    }

    public static String format(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bytes.length; i += 8) {
            sb.append(HexFormat.of().formatHex(bytes, i, Math.min(bytes.length, i + 8))).append('\n');
        }
        return sb.toString();
    }
}
