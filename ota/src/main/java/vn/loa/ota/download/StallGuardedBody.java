package vn.loa.ota.download;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read as an {@link InputStream} that fails with an {@link IOException} when no byte arrives
 * for {@code stall} (the JDK client's own stream waits forever on a link that went silent, which cellular
 * links do). Holds at most one pending buffer list: it requests the next only when the reader took the last.
 *
 * <p>The stream is read by one thread; the HTTP client delivers on its own threads.
 */
final class StallGuardedBody extends InputStream implements HttpResponse.BodySubscriber<InputStream> {

    private static final List<ByteBuffer> END = List.of();
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Duration stall;
    private final CompletableFuture<InputStream> body = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private Iterator<ByteBuffer> current = List.<ByteBuffer>of().iterator();
    private ByteBuffer buffer;
    private boolean ended;

    StallGuardedBody(Duration stall) {
        this.stall = stall;
    }

    static HttpResponse.BodyHandler<InputStream> handler(Duration stall) {
        return info -> new StallGuardedBody(stall);
    }

    @Override public CompletionStage<InputStream> getBody() {
        return body;
    }

    @Override public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        body.complete(this);
        s.request(1);
    }

    @Override public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override public void onError(Throwable t) {
        queue.add(t);
    }

    @Override public void onComplete() {
        queue.add(END);
    }

    private boolean fill() throws IOException {
        while (buffer == null || !buffer.hasRemaining()) {
            if (current.hasNext()) {
                buffer = current.next();
                continue;
            }
            if (ended) return false;
            Object next;
            try {
                next = queue.poll(stall.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IOException("interrupted while reading the response");
            }
            if (next == null) {
                close();
                throw new IOException("no data for " + stall.toSeconds() + " s; the link stalled");
            }
            if (next instanceof Throwable t) {
                ended = true;
                throw new IOException("connection failed: " + t.getMessage(), t);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> l = (List<ByteBuffer>) next;
            if (l == END) {
                ended = true;
                return false;
            }
            current = l.iterator();
            Flow.Subscription s = subscription;
            if (s != null) s.request(1);
        }
        return true;
    }

    @Override public int read() throws IOException {
        return fill() ? buffer.get() & 0xff : -1;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!fill()) return -1;
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    @Override public void close() {
        Flow.Subscription s = subscription;
        subscription = null;
        ended = true;
        if (s != null) s.cancel();
    }
}
