package io.switchboard.signaling.directory;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A CSV of {@code lines} users generated as it is read ({@code <n>,pw-<n>,User <n>} from
 * {@code first}), so a large import test holds no file in memory or on disk.
 */
public final class GeneratedCsv extends InputStream {

    private final int end;
    private int next;
    private byte[] line = new byte[0];
    private int pos;

    public GeneratedCsv(int lines, int first) {
        this.next = first;
        this.end = first + lines;
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
        line = (next + ",pw-" + next + ",User " + next + "\n").getBytes(StandardCharsets.US_ASCII);
        pos = 0;
        next++;
        return true;
    }
}
