package vn.loa.agent.audio;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Opus in Ogg (RFC 7845) through Concentus 1.0.2, a pure-Java port of libopus (about as fast once warm).
 * Reads the OpusHead and OpusTags packets, honours the pre-skip, and decodes at 48 kHz with the stream's
 * channel count (mono or stereo; multichannel mappings are refused). A packet Concentus rejects is counted
 * as corrupt and replaced by packet-loss concealment. A chained stream (new headers mid-stream, as radio
 * encoders send at a track change) re-initialises the decoder.
 */
public final class OggOpusDecoder implements PcmDecoder {

    private static final int MAX_FRAME = 5760; // 120 ms at 48 kHz

    private final CountingInputStream in;
    private final OggPageReader pages;
    private final String where;
    private OpusDecoder decoder;
    private PcmFormat format;
    private int preSkip;
    private int corrupt;

    public OggOpusDecoder(InputStream in, String where) {
        this.in = new CountingInputStream(in);
        this.pages = new OggPageReader(this.in, where);
        this.where = where;
    }

    private void readHeaders(byte[] head) throws IOException {
        if (head == null) throw new AudioFormatException(where + ": Ogg stream has no packets");
        if (head.length < 19 || !new String(head, 0, 8, StandardCharsets.ISO_8859_1).equals("OpusHead")) {
            throw new AudioFormatException(where + ": Ogg stream is not Opus (first packet starts '"
                    + PcmDecoder.quote(java.util.Arrays.copyOf(head, Math.min(8, head.length))) + "'; Vorbis is not supported)");
        }
        int channels = head[9] & 0xFF;
        preSkip = (head[10] & 0xFF) | (head[11] & 0xFF) << 8;
        int mapping = head[18] & 0xFF;
        if (channels < 1 || channels > 2 || mapping != 0) {
            throw new AudioFormatException(where + ": Opus stream with " + channels + " channels (mapping family "
                    + mapping + ") is not supported; only mono and stereo");
        }
        byte[] tags = pages.nextPacket();
        if (tags == null || tags.length < 8 || !new String(tags, 0, 8, StandardCharsets.ISO_8859_1).equals("OpusTags")) {
            throw new AudioFormatException(where + ": Opus stream lacks its OpusTags header packet");
        }
        format = new PcmFormat(48_000, channels);
        try {
            decoder = new OpusDecoder(48_000, channels);
        } catch (OpusException e) {
            throw new AudioFormatException(where + ": Opus decoder refused " + channels + " channels: " + e.getMessage());
        }
    }

    @Override public PcmChunk next() throws IOException {
        if (decoder == null) readHeaders(pages.nextPacket());
        while (true) {
            byte[] packet = pages.nextPacket();
            if (packet == null) return null;
            if (pages.takeNewStream()) { // chained stream (track change): its own headers, pre-skip and channels
                readHeaders(packet);
                continue;
            }
            if (packet.length == 0) continue;
            short[] pcm = new short[MAX_FRAME * format.channels()];
            int frames;
            try {
                frames = decoder.decode(packet, 0, packet.length, pcm, 0, MAX_FRAME, false);
            } catch (OpusException | RuntimeException e) {
                corrupt++;
                try {
                    frames = decoder.decode(null, 0, 0, pcm, 0, 960, false);
                } catch (OpusException | RuntimeException e2) {
                    continue;
                }
            }
            if (frames <= 0) continue;
            if (preSkip > 0) {
                int skip = Math.min(preSkip, frames);
                preSkip -= skip;
                frames -= skip;
                if (frames == 0) continue;
                short[] rest = new short[frames * format.channels()];
                System.arraycopy(pcm, skip * format.channels(), rest, 0, rest.length);
                pcm = rest;
            }
            return new PcmChunk(pcm, frames, format);
        }
    }

    @Override public int corruptFrames() {
        return corrupt + pages.badPages();
    }

    @Override public long bytesConsumed() {
        return in.count();
    }

    @Override public String codec() {
        return "opus";
    }

    @Override public void close() throws IOException {
        in.close();
    }
}
