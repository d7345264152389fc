package vn.loa.agent.audio;

import java.io.IOException;
import java.io.InputStream;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;
import org.tinylog.Logger;

/**
 * MPEG-1/2/2.5 layer I-III through JLayer 1.0.1 (pure Java; the figures in FIGURES.md show it fast enough
 * once warm). JLayer only sees whole frames: {@link Mp3FrameFilter} drops the bytes between them (garbage,
 * a broken frame) and counts them, since JLayer would resynchronise silently. A frame JLayer cannot decode
 * is skipped and counted too; {@value #MAX_CONSECUTIVE_CORRUPT} corrupt frames in a row end the stream with
 * an error, since by then it is not MP3. {@link #corruptFrames()} is both counts together.
 */
public final class Mp3Decoder implements PcmDecoder {

    /** Corrupt frames in a row after which the stream is declared undecodable. */
    public static final int MAX_CONSECUTIVE_CORRUPT = 100;

    private final CountingInputStream in;
    private final Mp3FrameFilter frames;
    private final Bitstream bitstream;
    private final Decoder decoder = new Decoder();
    private final String where;
    private int corrupt;
    private int consecutiveCorrupt;
    private long goodFrames;

    public Mp3Decoder(InputStream in, String where) {
        this.in = new CountingInputStream(in);
        this.frames = new Mp3FrameFilter(this.in);
        this.bitstream = new Bitstream(frames);
        this.where = where;
    }

    @Override public PcmChunk next() throws IOException {
        while (true) {
            Header h;
            try {
                h = bitstream.readFrame();
            } catch (BitstreamException e) {
                if (e.getCause() instanceof IOException io) throw io;
                // A truncated last frame or lost sync at the very end: count it and end cleanly.
                corrupt++;
                Logger.tag("audio").warn("{}: MP3 stream ends inside a frame ({}); {} corrupt frame(s) in all", where,
                        e.getMessage(), corruptFrames());
                return null;
            } catch (RuntimeException e) {
                corrupt++;
                return null;
            }
            if (h == null) {
                if (goodFrames == 0) {
                    throw new AudioFormatException(where + ": no decodable MP3 frame found ("
                            + in.count() + " bytes read)");
                }
                return null;
            }
            try {
                SampleBuffer out = (SampleBuffer) decoder.decodeFrame(h, bitstream);
                int channels = out.getChannelCount();
                int len = out.getBufferLength();
                int rate = out.getSampleFrequency();
                short[] copy = new short[len];
                System.arraycopy(out.getBuffer(), 0, copy, 0, len);
                consecutiveCorrupt = 0;
                goodFrames++;
                return new PcmChunk(copy, len / channels, new PcmFormat(rate, channels));
            } catch (DecoderException | RuntimeException e) {
                corrupt++;
                consecutiveCorrupt++;
                if (consecutiveCorrupt >= MAX_CONSECUTIVE_CORRUPT) {
                    throw new AudioFormatException(where + ": " + consecutiveCorrupt
                            + " corrupt MP3 frames in a row; this is not a playable MP3 stream");
                }
            } finally {
                bitstream.closeFrame();
            }
        }
    }

    @Override public int corruptFrames() {
        return corrupt + frames.skippedFrames();
    }

    /** Bytes dropped between frames (garbage, broken or truncated frames). */
    public long skippedBytes() {
        return frames.skippedBytes();
    }

    @Override public long bytesConsumed() {
        return in.count();
    }

    @Override public String codec() {
        return "mp3";
    }

    @Override public void close() throws IOException {
        try {
            bitstream.close();
        } catch (BitstreamException e) {
            throw new IOException(where + ": closing MP3 stream: " + e.getMessage(), e);
        }
    }
}
