package vn.loa.agent.audio;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * Writes the output to a 16-bit PCM WAV file, for tests, the testbench and {@code ./loa play --out}. The
 * RIFF sizes are patched at {@link #close()} and every {@value #PATCH_EVERY_TICKS} writes, so a capture cut
 * short is still readable.
 *
 * <p>The engine writes silence while idle (about 11 MB a minute at 48 kHz stereo), so a capture that runs for
 * hours is bounded: when its audio data would pass {@code maxDataBytes} the file is finished, renamed to
 * {@code NAME.1.wav} (replacing the previous one) and a new one begins; the last one to two spans of audio are
 * kept. By default the bound is what a WAV header can describe (2 GiB).
 */
public final class WavCaptureSink implements AudioSink {

    static final int PATCH_EVERY_TICKS = 50;

    /** The largest data chunk a WAV header's signed 32-bit sizes describe here. */
    public static final long MAX_WAV_DATA_BYTES = Integer.MAX_VALUE - 36L;

    private final Path file;
    private final long maxDataBytes;
    private RandomAccessFile raf;
    private PcmFormat format;
    private byte[] bytes = new byte[0];
    private long dataBytes;
    private int writes;

    public WavCaptureSink(Path file) {
        this(file, MAX_WAV_DATA_BYTES);
    }

    /** @param maxDataBytes audio bytes per file before it is rotated to {@code NAME.1.wav}; 1 MiB .. 2 GiB */
    public WavCaptureSink(Path file, long maxDataBytes) {
        if (maxDataBytes < (1 << 20) || maxDataBytes > MAX_WAV_DATA_BYTES) {
            throw new IllegalArgumentException("maxDataBytes " + maxDataBytes + " outside 1 MiB .. " + MAX_WAV_DATA_BYTES);
        }
        this.file = file;
        this.maxDataBytes = maxDataBytes;
    }

    /** Where the previous span goes when the capture rotates: {@code capture.wav} → {@code capture.1.wav}. */
    public Path previousFile() {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling(dot > 0 ? name.substring(0, dot) + ".1" + name.substring(dot) : name + ".1");
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
            if (dataBytes + n * 2L > maxDataBytes) rotate();
            raf.write(bytes, 0, n * 2);
            dataBytes += n * 2L;
            if (++writes % PATCH_EVERY_TICKS == 0) patch();
        } catch (IOException e) {
            throw new AudioSinkException("WAV capture " + file + ": write failed: " + e.getMessage(), e);
        }
    }

    private void rotate() throws IOException {
        patch();
        raf.close();
        raf = null;
        java.nio.file.Files.move(file, previousFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        raf = new RandomAccessFile(file.toFile(), "rw");
        raf.setLength(0);
        raf.write(header(format, 0));
        dataBytes = 0;
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
