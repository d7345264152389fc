package vn.loa.agent.audio;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * RIFF/WAVE with integer PCM (format 1, or WAVE_FORMAT_EXTENSIBLE with a PCM sub-format), 8/16/24/32-bit,
 * mono or stereo. A data chunk with size 0 or 0xFFFFFFFF (written by a live encoder) is read to the end of
 * the stream; a truncated data chunk ends where the bytes end.
 */
public final class WavDecoder implements PcmDecoder {

    private static final int CHUNK_FRAMES = 1024;

    private final CountingInputStream counted;
    private final DataInputStream in;
    private final String where;
    private PcmFormat format;
    private int bytesPerSample;
    private long remaining;

    public WavDecoder(InputStream in, String where) {
        this.counted = new CountingInputStream(in);
        this.in = new DataInputStream(counted);
        this.where = where;
    }

    private void readHeader() throws IOException {
        byte[] riff = new byte[12];
        in.readFully(riff);
        if (!new String(riff, 0, 4, StandardCharsets.ISO_8859_1).equals("RIFF")
                || !new String(riff, 8, 4, StandardCharsets.ISO_8859_1).equals("WAVE")) {
            throw new AudioFormatException(where + ": not a RIFF/WAVE file");
        }
        while (true) {
            byte[] id = new byte[4];
            try {
                in.readFully(id);
            } catch (EOFException e) {
                throw new AudioFormatException(where + ": WAV file has no data chunk");
            }
            long size = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            String name = new String(id, StandardCharsets.ISO_8859_1);
            if (name.equals("fmt ")) {
                byte[] fmt = new byte[(int) size];
                in.readFully(fmt);
                if ((size & 1) == 1) in.skipBytes(1);
                int tag = u16(fmt, 0);
                int channels = u16(fmt, 2);
                int rate = (int) (u16(fmt, 4) | (long) u16(fmt, 6) << 16);
                int bits = u16(fmt, 14);
                if (tag == 0xFFFE && size >= 26) tag = u16(fmt, 24);
                if (tag != 1) {
                    throw new AudioFormatException(where + ": WAV format tag " + tag + " is not integer PCM (1)");
                }
                if (bits != 8 && bits != 16 && bits != 24 && bits != 32) {
                    throw new AudioFormatException(where + ": WAV with " + bits + " bits per sample is not supported");
                }
                try {
                    format = new PcmFormat(rate, channels);
                } catch (IllegalArgumentException e) {
                    throw new AudioFormatException(where + ": WAV " + e.getMessage());
                }
                bytesPerSample = bits / 8;
            } else if (name.equals("data")) {
                if (format == null) throw new AudioFormatException(where + ": WAV data chunk before its fmt chunk");
                remaining = size == 0 || size == 0xFFFFFFFFL ? Long.MAX_VALUE : size;
                return;
            } else {
                in.skipNBytes(size + (size & 1));
            }
        }
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    @Override public PcmChunk next() throws IOException {
        if (format == null) readHeader();
        int frameBytes = bytesPerSample * format.channels();
        long want = Math.min(remaining, (long) CHUNK_FRAMES * frameBytes);
        want -= want % frameBytes;
        if (want <= 0) return null;
        byte[] raw = in.readNBytes((int) want);
        int frames = raw.length / frameBytes;
        if (frames == 0) return null;
        remaining -= raw.length;
        short[] out = new short[frames * format.channels()];
        for (int i = 0; i < out.length; i++) {
            int p = i * bytesPerSample;
            out[i] = switch (bytesPerSample) {
                case 1 -> (short) (((raw[p] & 0xFF) - 128) << 8);
                case 2 -> (short) ((raw[p] & 0xFF) | raw[p + 1] << 8);
                case 3 -> (short) ((raw[p + 1] & 0xFF) | raw[p + 2] << 8);
                default -> (short) ((raw[p + 2] & 0xFF) | raw[p + 3] << 8);
            };
        }
        return new PcmChunk(out, frames, format);
    }

    @Override public int corruptFrames() {
        return 0;
    }

    @Override public long bytesConsumed() {
        return counted.count();
    }

    @Override public String codec() {
        return "wav";
    }

    @Override public void close() throws IOException {
        in.close();
    }
}
