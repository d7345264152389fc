package vn.loa.agent.audio;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A single-producer single-consumer ring of interleaved samples between a decode thread and the audio
 * thread. {@link #read} never blocks (the audio thread's rule); {@link #write} waits for room, waking when
 * the reader frees some or {@link #close()} is called.
 */
final class PcmRing {

    private final short[] data;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong read = new AtomicLong();
    private volatile Thread waitingWriter;
    private volatile boolean closed;

    PcmRing(int capacitySamples) {
        data = new short[capacitySamples];
    }

    int capacity() {
        return data.length;
    }

    /** Samples ready to read. Any thread. */
    int available() {
        return (int) (written.get() - read.get());
    }

    /** Copies up to {@code len} samples out; returns how many. Audio thread; never blocks. */
    int read(short[] dst, int off, int len) {
        long r = read.get();
        int n = (int) Math.min(len, written.get() - r);
        for (int i = 0; i < n; i++) dst[off + i] = data[(int) ((r + i) % data.length)];
        read.set(r + n);
        Thread w = waitingWriter;
        if (n > 0 && w != null) LockSupport.unpark(w);
        return n;
    }

    /** Drops everything buffered (the reader's side; used on stop). */
    void clear() {
        read.set(written.get());
        Thread w = waitingWriter;
        if (w != null) LockSupport.unpark(w);
    }

    /**
     * Writes all of {@code src}, waiting for room. Returns false when the ring was closed first.
     * Decode thread only; an interrupt also ends the wait (and keeps the flag set).
     */
    boolean write(short[] src) {
        int off = 0;
        while (off < src.length) {
            if (closed || Thread.currentThread().isInterrupted()) return false;
            long w = written.get();
            int room = data.length - (int) (w - read.get());
            if (room == 0) {
                waitingWriter = Thread.currentThread();
                if (data.length - (int) (written.get() - read.get()) == 0 && !closed) {
                    LockSupport.parkNanos(this, 50_000_000L);
                }
                waitingWriter = null;
                continue;
            }
            int n = Math.min(room, src.length - off);
            for (int i = 0; i < n; i++) data[(int) ((w + i) % data.length)] = src[off + i];
            written.set(w + n);
            off += n;
        }
        return true;
    }

    void close() {
        closed = true;
        Thread w = waitingWriter;
        if (w != null) LockSupport.unpark(w);
    }
}
