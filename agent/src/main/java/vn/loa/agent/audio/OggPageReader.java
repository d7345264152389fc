package vn.loa.agent.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads packets out of an Ogg bitstream (RFC 3533): finds "OggS" pages, checks each page's CRC, and joins
 * lacing segments into packets across page boundaries. A page with a bad CRC or a broken header is skipped
 * (counted in {@link #badPages()}) and reading resynchronises on the next capture pattern. One logical
 * stream is followed at a time: a chained stream (a new beginning-of-stream page with another serial, as
 * radio encoders send at a track change) takes over, and {@link #takeNewStream()} says so once; pages of
 * other serials multiplexed in are skipped. Single reader thread.
 */
final class OggPageReader {

    private static final int[] CRC_TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int j = 0; j < 8; j++) r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04c11db7 : r << 1;
            CRC_TABLE[i] = r;
        }
    }

    private final InputStream in;
    private final String where;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private byte[] segments = new byte[0];
    private byte[] body = new byte[0];
    private int segIndex;
    private int bodyPos;
    private long serial = -1;
    private int badPages;
    private boolean eos;
    private boolean newStream;

    OggPageReader(InputStream in, String where) {
        this.in = in;
        this.where = where;
    }

    /** True once after a chained stream took over: the next packet is that stream's first header. */
    boolean takeNewStream() {
        boolean n = newStream;
        newStream = false;
        return n;
    }

    int badPages() {
        return badPages;
    }

    /** The next whole packet, or {@code null} at the end of the stream. */
    byte[] nextPacket() throws IOException {
        while (true) {
            while (segIndex < segments.length) {
                int len = segments[segIndex++] & 0xFF;
                partial.write(body, bodyPos, len);
                bodyPos += len;
                if (len < 255) {
                    byte[] p = partial.toByteArray();
                    partial.reset();
                    return p;
                }
            }
            if (!readPage()) return null;
        }
    }

    private boolean readPage() throws IOException {
        while (true) {
            if (!syncToCapture()) return false;
            byte[] hdr = new byte[27];
            hdr[0] = 'O'; hdr[1] = 'g'; hdr[2] = 'g'; hdr[3] = 'S';
            if (!readFully(hdr, 4, 23)) return false;
            if (hdr[4] != 0) {
                badPages++;
                continue;
            }
            int flags = hdr[5] & 0xFF;
            long pageSerial = le32(hdr, 14);
            int nseg = hdr[26] & 0xFF;
            byte[] lacing = new byte[nseg];
            if (!readFully(lacing, 0, nseg)) return false;
            int size = 0;
            for (byte b : lacing) size += b & 0xFF;
            byte[] data = new byte[size];
            if (!readFully(data, 0, size)) return false;
            int expected = (int) le32(hdr, 22);
            hdr[22] = hdr[23] = hdr[24] = hdr[25] = 0;
            int crc = crc(0, hdr, 0, 27);
            crc = crc(crc, lacing, 0, nseg);
            crc = crc(crc, data, 0, size);
            if (crc != expected) {
                badPages++;
                partial.reset();
                continue;
            }
            boolean bos = (flags & 0x02) != 0;
            if (serial == -1) {
                serial = pageSerial;
            } else if (pageSerial != serial) {
                if (!bos) continue;
                serial = pageSerial; // a chained stream begins
                partial.reset();
                newStream = true;
                eos = false;
            }
            if ((flags & 0x01) == 0) partial.reset(); // not a continuation: drop any half packet
            segments = lacing;
            body = data;
            segIndex = 0;
            bodyPos = 0;
            return true;
        }
    }

    private boolean syncToCapture() throws IOException {
        int state = 0;
        long skipped = 0;
        while (true) {
            int b = in.read();
            if (b < 0) return false;
            char want = "OggS".charAt(state);
            if (b == want) {
                state++;
                if (state == 4) {
                    if (skipped > 0) badPages++;
                    return true;
                }
            } else {
                skipped++;
                state = b == 'O' ? 1 : 0;
            }
        }
    }

    private boolean readFully(byte[] b, int off, int len) throws IOException {
        int n = in.readNBytes(b, off, len);
        if (n < len) {
            if (n > 0) badPages++;
            return false;
        }
        return true;
    }

    private static long le32(byte[] b, int off) {
        return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24;
    }

    static int crc(int crc, byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) crc = (crc << 8) ^ CRC_TABLE[((crc >>> 24) & 0xFF) ^ (b[i] & 0xFF)];
        return crc;
    }

    String where() {
        return where;
    }
}
