package vn.loa.agent.audio;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fetch sink that keeps what it gets and stops itself after {@code limit} bytes. */
final class CollectingSink implements FetchSink {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<String> segments = new CopyOnWriteArrayList<>();
    private final int limit;
    private volatile boolean stopped;

    CollectingSink(int limit) {
        this.limit = limit;
    }

    @Override public void beginSegment(String contentType, String where) {
        segments.add(where + " " + contentType);
    }

    @Override public synchronized void write(byte[] b, int off, int len) {
        bytes.write(b, off, Math.min(len, limit - bytes.size()));
        if (bytes.size() >= limit) stopped = true;
    }

    synchronized int size() {
        return bytes.size();
    }

    @Override public boolean stopped() {
        return stopped;
    }

    void stop() {
        stopped = true;
    }
}
