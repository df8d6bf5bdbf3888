package io.switchboard.common.prompt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A 16-bit PCM RIFF/WAVE file written as it goes; the two sizes in the header are filled in by
 * {@link #close()}, so a file cut short by a crash still plays up to where the header says.
 */
public final class WavWriter implements AutoCloseable {
    public static final int HEADER_BYTES = 44;
    private final FileChannel file;
    private final int channels;
    private final int sampleRate;
    private final ByteBuffer out = ByteBuffer.allocate(16 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    private long dataBytes;

    public WavWriter(Path path, int channels, int sampleRate) throws IOException {
        this.channels = channels;
        this.sampleRate = sampleRate;
        this.file = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            writeFully(header(0));
        } catch (IOException e) {
            file.close();
            throw e;
        }
    }

    private ByteBuffer header(long data) {
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) (36 + data))
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) data);
        return h.flip();
    }

    /** Appends {@code n} mono samples (a file opened with one channel). */
    public void samples(short[] pcm, int off, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            if (out.remaining() < 2) {
                flush();
            }
            out.putShort(pcm[off + i]);
        }
        dataBytes += 2L * n;
    }

    /** Appends one frame (one sample per channel). */
    public void frame(short left, short right) throws IOException {
        if (out.remaining() < 4) {
            flush();
        }
        out.putShort(left).putShort(right);
        dataBytes += 4;
    }

    private void flush() throws IOException {
        out.flip();
        writeFully(out);
        out.clear();
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            file.write(b);
        }
    }

    public long frames() {
        return dataBytes / (2L * channels);
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
            ByteBuffer h = header(dataBytes);
            while (h.hasRemaining()) {
                file.write(h, h.position());
            }
        } finally {
            file.close();
        }
    }
}
