package io.switchboard.signaling.directory;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A CSV of {@code lines} users generated as it is read ({@code <n>,Gx7q-<n>-vZr4,<name>} from
 * {@code first}, the name padded to {@code nameLength}), so a large import test holds no file in
 * memory or on disk.
 */
public final class GeneratedCsv extends InputStream {

    private final int end;
    private final String padding;
    private int next;
    private byte[] line = new byte[0];
    private int pos;

    public GeneratedCsv(int lines, int first) {
        this(lines, first, 0);
    }

    public GeneratedCsv(int lines, int first, int nameLength) {
        this.next = first;
        this.end = first + lines;
        this.padding = "x".repeat(Math.max(0, nameLength - 12));
    }

    @Override
    public int read() {
        if (pos == line.length && !advance()) {
            return -1;
        }
        return line[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (pos == line.length && !advance()) {
            return -1;
        }
        int n = Math.min(len, line.length - pos);
        System.arraycopy(line, pos, b, off, n);
        pos += n;
        return n;
    }

    private boolean advance() {
        if (next >= end) {
            return false;
        }
        line = (next + ",Gx7q-" + next + "-vZr4,User " + next + padding + "\n").getBytes(StandardCharsets.US_ASCII);
        pos = 0;
        next++;
        return true;
    }
}
