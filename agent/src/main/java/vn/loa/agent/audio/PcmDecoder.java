package vn.loa.agent.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns one compressed byte stream into PCM chunks in the stream's own format. One decoder per stream;
 * used by one thread (the track's decode thread). {@link #next()} may block on the underlying stream.
 * Corrupt frames are skipped and counted, never thrown; {@link IOException} means the stream itself broke.
 */
public interface PcmDecoder extends AutoCloseable {

    /** The next chunk, or {@code null} at the end of the stream. */
    PcmChunk next() throws IOException;

    /** Frames skipped because they could not be decoded (corrupt or truncated). */
    int corruptFrames();

    /** Compressed bytes consumed so far (for the buffer's bytes-per-second estimate). */
    long bytesConsumed();

    /** A short name: {@code mp3}, {@code opus}, {@code wav}. */
    String codec();

    @Override void close() throws IOException;

    /** How many leading bytes {@link #open} looks at. */
    int SNIFF_BYTES = 64;

    /**
     * Picks the decoder from the first bytes (and the content type when the bytes are ambiguous).
     * An HTML or text body is refused with an {@link AudioFormatException} that names {@code where}, the
     * content type and quotes the first bytes.
     */
    static PcmDecoder open(InputStream raw, String contentType, String where) throws IOException {
        BufferedInputStream in = raw instanceof BufferedInputStream b ? b : new BufferedInputStream(raw, 16 * 1024);
        in.mark(SNIFF_BYTES);
        byte[] head = in.readNBytes(SNIFF_BYTES);
        in.reset();
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (head.length == 0) throw new AudioFormatException(where + ": no audio data (the body is empty)");
        String viaFfmpeg = ffmpegFormat(head, ct);
        if (viaFfmpeg != null) {
            throw new AudioFormatException(where + ": is " + viaFfmpeg + (ct.isEmpty() ? "" : " ('" + ct + "')")
                    + ", which only ffmpeg decodes; this source was not handed to ffmpeg");
        }
        if (looksLikeText(head) || ct.startsWith("text/") || ct.contains("html")) {
            throw new AudioFormatException(where + ": is not audio but " + (ct.isEmpty() ? "text" : "'" + ct + "'")
                    + ", starting '" + quote(head) + "'");
        }
        if (startsWith(head, "OggS")) return new OggOpusDecoder(in, where);
        if (startsWith(head, "RIFF") && head.length >= 12 && new String(head, 8, 4, StandardCharsets.ISO_8859_1).equals("WAVE")) {
            return new WavDecoder(in, where);
        }
        if (startsWith(head, "ID3") || isMpegAudioSync(head) || ct.contains("mpeg") || ct.contains("mp3")) {
            return new Mp3Decoder(in, where);
        }
        throw new AudioFormatException(where + ": unknown audio format" + (ct.isEmpty() ? "" : " '" + ct + "'")
                + " starting with bytes " + hex(head) + " (Loa plays MP3, Opus in Ogg and WAV; HLS, AAC and MP4 through ffmpeg)");
    }

    private static boolean startsWith(byte[] b, String magic) {
        if (b.length < magic.length()) return false;
        for (int i = 0; i < magic.length(); i++) if (b[i] != magic.charAt(i)) return false;
        return true;
    }

    /**
     * True when an MPEG audio frame header (layer I, II or III) starts somewhere in {@code b}: 11 sync bits, a
     * version other than the reserved 01, a layer other than 00 (00 is an AAC ADTS header), a bitrate index
     * other than 1111 and a sample-rate index other than 11.
     */
    static boolean isMpegAudioSync(byte[] b) {
        for (int i = 0; i + 2 < b.length; i++) {
            int b1 = b[i + 1] & 0xFF;
            int b2 = b[i + 2] & 0xFF;
            if ((b[i] & 0xFF) != 0xFF || (b1 & 0xE0) != 0xE0) continue;
            int version = (b1 >> 3) & 0x3;
            int layer = (b1 >> 1) & 0x3;
            if (version == 1 || layer == 0 || (b2 >> 4) == 0xF || ((b2 >> 2) & 0x3) == 3) continue;
            return true;
        }
        return false;
    }

    /**
     * True when {@code b} starts with an AAC ADTS header: 12 sync bits, layer 00, a sample-rate index below 13,
     * and (when the whole header is there) a frame length of at least the header's own 7 bytes.
     */
    static boolean isAdts(byte[] b) {
        if (b.length < 4) return false;
        int b1 = b[1] & 0xFF;
        if ((b[0] & 0xFF) != 0xFF || (b1 & 0xF0) != 0xF0 || ((b1 >> 1) & 0x3) != 0) return false;
        if (((b[2] & 0xFF) >> 2 & 0xF) >= 13) return false;
        if (b.length < 6) return true;
        int frameLength = ((b[3] & 0x3) << 11) | ((b[4] & 0xFF) << 3) | ((b[5] & 0xFF) >> 5);
        return frameLength >= 7;
    }

    /**
     * What ffmpeg must decode, from the first bytes or the content type: {@code "AAC (ADTS)"}, {@code "MP4/M4A"},
     * {@code "an HLS playlist"}, or {@code null} when Loa's own decoders may try it. The bytes win over the
     * content type (an Icecast AAC mount is often served as {@code audio/mpeg}); an ADTS header is told
     * apart from an MP3 one by its layer bits (00).
     */
    static String ffmpegFormat(byte[] head, String contentType) {
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (isAdts(head)) return "AAC (ADTS)";
        if (head.length >= 8 && new String(head, 4, 4, StandardCharsets.ISO_8859_1).equals("ftyp")) return "MP4/M4A";
        if (startsWith(head, "#EXTM3U")) return "an HLS playlist";
        if (startsWith(head, "ID3") || startsWith(head, "OggS") || startsWith(head, "RIFF") || isMpegAudioSync(head)) {
            return null;
        }
        if (ct.contains("mpegurl")) return "an HLS playlist";
        if (ct.contains("aac")) return "AAC";
        if (ct.startsWith("audio/mp4") || ct.startsWith("video/mp4") || ct.contains("m4a")) return "MP4/M4A";
        return null;
    }

    /** True for a body that starts like HTML/XML/JSON or is printable ASCII throughout. */
    static boolean looksLikeText(byte[] head) {
        int i = 0;
        while (i < head.length && Character.isWhitespace(head[i])) i++;
        if (i < head.length && (head[i] == '<' || head[i] == '{')) return true;
        int printable = 0;
        for (byte x : head) if ((x >= 0x20 && x < 0x7F) || x == '\n' || x == '\r' || x == '\t') printable++;
        return head.length >= 16 && printable == head.length && !startsWith(head, "RIFF") && !startsWith(head, "OggS")
                && !startsWith(head, "ID3");
    }

    static String quote(byte[] head) {
        String s = new String(head, 0, Math.min(head.length, 40), StandardCharsets.ISO_8859_1);
        return s.replaceAll("[\\r\\n\\t]+", " ").replaceAll("[^\\x20-\\x7E]", "?").strip();
    }

    static String hex(byte[] head) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, head.length); i++) sb.append(String.format("%02x ", head[i] & 0xFF));
        return sb.toString().strip();
    }
}
