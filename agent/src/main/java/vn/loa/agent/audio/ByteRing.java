package vn.loa.agent.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;

/**
 * The bounded compressed-data buffer between a fetcher thread (writer) and a decode thread (reader). The
 * writer cuts the data into segments, one per connection or file, each with its content type, so that the
 * reader opens a fresh decoder after a reconnect. Writes wait while the buffer is full; reads wait while it
 * is empty. {@link #close()} (the track was stopped) makes both sides end promptly.
 */
final class ByteRing implements FetchSink {

    /** A connection's worth of bytes, as the decode thread sees it. */
    record Segment(String contentType, String where, InputStream stream) { }

    private record Mark(long start, String contentType, String where) { }

    private final byte[] data;
    private final ArrayDeque<Mark> marks = new ArrayDeque<>();
    // written under the monitor, volatile so the audio thread reads the fill without taking the lock
    private volatile long written;
    private volatile long read;
    private boolean finished;
    private boolean closed;
    private Mark current;

    ByteRing(int capacity) {
        data = new byte[capacity];
    }

    int capacity() {
        return data.length;
    }

    /** Bytes buffered and not yet read by the decoder. Any thread; never blocks. */
    int buffered() {
        long r = read; // read first: it never passes written, so the difference is never negative
        return (int) (written - r);
    }

    /** Bytes written since the ring was made. Any thread; never blocks. */
    long totalWritten() {
        return written;
    }

    /** Bytes the reader consumed (or skipped) since the ring was made. Any thread; never blocks. */
    long totalRead() {
        return read;
    }

    synchronized boolean finished() {
        return finished;
    }

    /** Writer: starts a new segment at the current write position. */
    @Override public synchronized void beginSegment(String contentType, String where) {
        marks.add(new Mark(written, contentType, where));
        notifyAll();
    }

    /** Writer: appends bytes, waiting for room. Throws when the ring was closed (the track ended). */
    @Override public void write(byte[] b, int off, int len) throws IOException {
        synchronized (this) {
            while (len > 0) {
                if (closed) throw new InterruptedIOException("track closed");
                int room = data.length - (int) (written - read);
                if (room == 0) {
                    try {
                        wait(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("fetcher interrupted");
                    }
                    continue;
                }
                int n = Math.min(room, len);
                for (int i = 0; i < n; i++) data[(int) ((written + i) % data.length)] = b[off + i];
                written += n;
                off += n;
                len -= n;
                notifyAll();
            }
        }
    }

    /** Writer: no more data will come. */
    synchronized void finish() {
        finished = true;
        notifyAll();
    }

    /** Either side: stop now; waiting calls return. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    @Override public synchronized boolean stopped() {
        return closed;
    }

    /** Reader: waits for the next segment; {@code null} when the writer finished or the ring was closed. */
    synchronized Segment nextSegment() throws InterruptedIOException {
        while (true) {
            if (closed) return null;
            if (!marks.isEmpty()) {
                Mark m = marks.poll();
                read = Math.max(read, m.start);
                current = m;
                return new Segment(m.contentType, m.where, new SegmentStream(m));
            }
            if (finished) return null;
            await();
        }
    }

    private void await() throws InterruptedIOException {
        try {
            wait(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("decoder interrupted");
        }
    }

    private final class SegmentStream extends InputStream {
        private final Mark mark;

        SegmentStream(Mark mark) {
            this.mark = mark;
        }

        @Override public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            synchronized (ByteRing.this) {
                while (true) {
                    if (closed || current != mark) return -1;
                    long end = marks.isEmpty() ? written : marks.peek().start;
                    int avail = (int) (end - read);
                    if (avail > 0) {
                        int n = Math.min(avail, len);
                        for (int i = 0; i < n; i++) b[off + i] = data[(int) ((read + i) % data.length)];
                        read += n;
                        ByteRing.this.notifyAll();
                        return n;
                    }
                    if (!marks.isEmpty() || finished) return -1;
                    await();
                }
            }
        }

        @Override public int available() {
            synchronized (ByteRing.this) {
                long end = marks.isEmpty() ? written : marks.peek().start;
                return (int) Math.max(0, end - read);
            }
        }
    }
}
