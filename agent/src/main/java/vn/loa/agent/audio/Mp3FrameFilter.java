package vn.loa.agent.audio;

import java.io.IOException;
import java.io.InputStream;

/**
 * Passes only whole MPEG audio frames (layer I-III) on to JLayer and counts what it drops between them, since
 * JLayer resynchronises silently. A frame is taken when its header is valid and, while searching (at the start
 * and after a drop), when the next frame's header follows it with the same version, layer and sample rate (or
 * the stream ends right after it). Dropped runs between frames and a truncated last frame are corruption;
 * bytes before the first frame (a stream joined mid-frame), a leading ID3v2 tag and a trailing ID3v1, APE or
 * Lyrics tag (ending within 16 KiB) are not. Free-format (bitrate index 0) streams are not supported. One reader thread.
 */
final class Mp3FrameFilter extends InputStream {

    /** Largest frame: MPEG-1 layer II at 384 kb/s and 32 kHz, with padding. */
    static final int MAX_FRAME_BYTES = 1729;
    /** Header bits that stay the same from frame to frame: sync, version, layer, sample-rate index. */
    private static final int SAME_STREAM_MASK = 0xFFFE0C00;

    private static final int[][] KBPS = {
            {32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448}, // MPEG-1 layer I
            {32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},    // MPEG-1 layer II
            {32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},     // MPEG-1 layer III
            {32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},    // MPEG-2/2.5 layer I
            {8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},         // MPEG-2/2.5 layers II, III
    };
    private static final int[] SAMPLE_RATES = {44_100, 48_000, 32_000};

    private final InputStream in;
    private final byte[] buf = new byte[16 * 1024];
    private int start;
    private int end;
    private boolean eof;
    /** Bytes of the current frame still to hand out, from {@link #start}. */
    private int frameLeft;
    private int lockedHeader;
    private boolean locked;
    private int lastFrameBytes;
    private long skippedBytes;
    private int skippedFrames;
    private long leadingBytes;

    Mp3FrameFilter(InputStream in) {
        this.in = in;
    }

    /** Bytes dropped between frames (and a truncated last frame). */
    long skippedBytes() {
        return skippedBytes;
    }

    /** Dropped runs counted in frames: each run is its length in frames of the last good size, at least one. */
    int skippedFrames() {
        return skippedFrames;
    }

    /** Bytes before the first frame (not corruption: a stream joined mid-frame). */
    long leadingBytes() {
        return leadingBytes;
    }

    /**
     * The length of the frame whose 4-byte header is {@code h}, header included, or -1 when {@code h} is not a
     * valid MPEG audio header (reserved version or layer, free-format or bad bitrate, reserved sample rate).
     */
    static int frameBytes(int h) {
        if ((h >>> 21) != 0x7FF) return -1;
        int version = (h >>> 19) & 3; // 0: MPEG-2.5, 1: reserved, 2: MPEG-2, 3: MPEG-1
        int layer = (h >>> 17) & 3;   // 1: III, 2: II, 3: I
        int bitrateIndex = (h >>> 12) & 0xF;
        int rateIndex = (h >>> 10) & 3;
        int padding = (h >>> 9) & 1;
        if (version == 1 || layer == 0 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) return -1;
        int rate = SAMPLE_RATES[rateIndex] >> (version == 3 ? 0 : version == 2 ? 1 : 2);
        int table = version == 3 ? 3 - layer : layer == 3 ? 3 : 4;
        int bitrate = KBPS[table][bitrateIndex - 1] * 1000;
        if (layer == 3) return (12 * bitrate / rate + padding) * 4;
        if (layer == 2 || version == 3) return 144 * bitrate / rate + padding;
        return 72 * bitrate / rate + padding;
    }

    @Override public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (frameLeft == 0 && !nextFrame()) return -1;
        int n = Math.min(len, frameLeft);
        System.arraycopy(buf, start, b, off, n);
        start += n;
        frameLeft -= n;
        return n;
    }

    /** Positions {@link #start} on the next good frame, whole in the buffer; false at the end. */
    private boolean nextFrame() throws IOException {
        long skipped = 0;
        while (true) {
            fill(10);
            int avail = end - start;
            if (avail < 4) return endOfStream(skipped, avail);
            if (!locked && skipped == 0 && leadingBytes == 0 && startsWith("ID3") && avail >= 10) {
                skipId3v2();
                continue;
            }
            boolean searching = !locked || skipped > 0;
            if (!searching && (startsWith("TAG") || startsWith("APETAGEX") || startsWith("LYRICS"))) {
                fill(buf.length);
                if (eof) { // a trailing tag, not audio
                    start = end;
                    return false;
                }
            }
            int h = header(start);
            int size = frameBytes(h);
            if (size > 0 && (!locked || (h & SAME_STREAM_MASK) == lockedHeader)) {
                fill(size + 4);
                avail = end - start;
                boolean accept;
                if (!searching) {
                    accept = avail >= size;
                } else if (avail >= size + 4) {
                    int next = header(start + size);
                    accept = frameBytes(next) > 0 && (next & SAME_STREAM_MASK) == (h & SAME_STREAM_MASK);
                } else {
                    accept = avail == size && eof; // the last frame, ending exactly at the end
                }
                if (accept) {
                    if (skipped > 0) {
                        if (locked) dropped(skipped);
                        else leadingBytes += skipped;
                    }
                    locked = true;
                    lockedHeader = h & SAME_STREAM_MASK;
                    lastFrameBytes = size;
                    frameLeft = size;
                    return true;
                }
                if (avail < size && eof && !searching) return endOfStream(skipped, avail); // truncated last frame
            }
            start++;
            skipped++;
        }
    }

    private boolean endOfStream(long skipped, int avail) {
        long left = skipped + avail;
        if (left > 0 && locked) dropped(left);
        start = end;
        return false;
    }

    private void dropped(long bytes) {
        skippedBytes += bytes;
        skippedFrames += (int) Math.max(1, bytes / Math.max(1, lastFrameBytes));
    }

    private void skipId3v2() throws IOException {
        int size = ((buf[start + 6] & 0x7F) << 21) | ((buf[start + 7] & 0x7F) << 14) | ((buf[start + 8] & 0x7F) << 7)
                | (buf[start + 9] & 0x7F);
        long total = 10L + size + ((buf[start + 5] & 0x10) != 0 ? 10 : 0);
        long inBuf = Math.min(total, end - start);
        start += (int) inBuf;
        long rest = total - inBuf;
        while (rest > 0) {
            long s = in.skip(rest);
            if (s <= 0) {
                if (in.read() < 0) {
                    eof = true;
                    return;
                }
                s = 1;
            }
            rest -= s;
        }
    }

    private boolean startsWith(String magic) {
        if (end - start < magic.length()) return false;
        for (int i = 0; i < magic.length(); i++) if (buf[start + i] != magic.charAt(i)) return false;
        return true;
    }

    private int header(int at) {
        return ((buf[at] & 0xFF) << 24) | ((buf[at + 1] & 0xFF) << 16) | ((buf[at + 2] & 0xFF) << 8) | (buf[at + 3] & 0xFF);
    }

    /** Reads until {@code n} bytes are buffered from {@link #start} or the input ends. */
    private void fill(int n) throws IOException {
        if (end - start >= n || eof) return;
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        while (end < n && !eof) {
            int r = in.read(buf, end, buf.length - end);
            if (r < 0) eof = true;
            else end += r;
        }
    }

    @Override public void close() throws IOException {
        in.close();
    }
}
