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
        if (looksLikeText(head) || ct.startsWith("text/") || ct.contains("html")) {
            throw new AudioFormatException(where + ": is not audio but " + (ct.isEmpty() ? "text" : "'" + ct + "'")
                    + ", starting '" + quote(head) + "'");
        }
        if (startsWith(head, "OggS")) return new OggOpusDecoder(in, where);
        if (startsWith(head, "RIFF") && head.length >= 12 && new String(head, 8, 4, StandardCharsets.ISO_8859_1).equals("WAVE")) {
            return new WavDecoder(in, where);
        }
        if (startsWith(head, "ID3") || isMpegSync(head) || ct.contains("mpeg") || ct.contains("mp3")) {
            return new Mp3Decoder(in, where);
        }
        throw new AudioFormatException(where + ": unknown audio format" + (ct.isEmpty() ? "" : " '" + ct + "'")
                + " starting with bytes " + hex(head) + " (Loa plays MP3, Opus in Ogg and WAV; HLS/AAC need ffmpeg)");
    }

    private static boolean startsWith(byte[] b, String magic) {
        if (b.length < magic.length()) return false;
        for (int i = 0; i < magic.length(); i++) if (b[i] != magic.charAt(i)) return false;
        return true;
    }

    private static boolean isMpegSync(byte[] b) {
        for (int i = 0; i + 1 < b.length; i++) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xE0) == 0xE0) return true;
        }
        return false;
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
