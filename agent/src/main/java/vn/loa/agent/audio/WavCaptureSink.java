package vn.loa.agent.audio;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * Writes the output to a 16-bit PCM WAV file, for tests, the testbench and {@code ./loa play --out}. The
 * RIFF sizes are patched at {@link #close()} and every {@value #PATCH_EVERY_TICKS} writes, so a capture cut
 * short is still readable.
 */
public final class WavCaptureSink implements AudioSink {

    static final int PATCH_EVERY_TICKS = 50;

    private final Path file;
    private RandomAccessFile raf;
    private PcmFormat format;
    private byte[] bytes = new byte[0];
    private long dataBytes;
    private int writes;

    public WavCaptureSink(Path file) {
        this.file = file;
    }

    @Override public void open(PcmFormat format) throws AudioSinkException {
        this.format = format;
        try {
            raf = new RandomAccessFile(file.toFile(), "rw");
            raf.setLength(0);
            raf.write(header(format, 0));
            dataBytes = 0;
        } catch (IOException e) {
            throw new AudioSinkException("WAV capture " + file + ": cannot be opened: " + e.getMessage(), e);
        }
    }

    static byte[] header(PcmFormat f, long dataBytes) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) (36 + dataBytes));
        b.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1);
        b.putShort((short) f.channels()).putInt(f.sampleRate()).putInt(f.sampleRate() * f.bytesPerFrame());
        b.putShort((short) f.bytesPerFrame()).putShort((short) 16);
        b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        return b.array();
    }

    @Override public void write(short[] samples, int frames) throws AudioSinkException {
        if (raf == null) throw new AudioSinkException("WAV capture " + file + ": not open");
        int n = frames * format.channels();
        if (bytes.length < n * 2) bytes = new byte[n * 2];
        for (int i = 0; i < n; i++) {
            bytes[2 * i] = (byte) samples[i];
            bytes[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        try {
            raf.write(bytes, 0, n * 2);
            dataBytes += n * 2L;
            if (++writes % PATCH_EVERY_TICKS == 0) patch();
        } catch (IOException e) {
            throw new AudioSinkException("WAV capture " + file + ": write failed: " + e.getMessage(), e);
        }
    }

    private void patch() throws IOException {
        long pos = raf.getFilePointer();
        raf.seek(0);
        raf.write(header(format, dataBytes));
        raf.seek(pos);
    }

    @Override public void close() {
        if (raf == null) return;
        try {
            patch();
            raf.close();
        } catch (IOException e) {
            org.tinylog.Logger.tag("audio").warn("WAV capture {}: closing failed: {}", file, e.getMessage());
        }
        raf = null;
    }

    @Override public String describe() {
        return "WAV capture " + file;
    }
}
