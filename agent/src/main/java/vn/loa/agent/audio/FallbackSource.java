package vn.loa.agent.audio;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.tinylog.Logger;

/**
 * A live stream with a stored fallback (a cached bulletin): when the stream has not connected within
 * {@code after}, or gives up for good, the stream is abandoned and the stored file plays instead. Once the
 * stream has connected it is the source for good (it reconnects by itself). This is how an emergency still
 * airs when the link is down.
 */
public final class FallbackSource implements ByteSource {

    private final HttpStreamSource stream;
    private final ByteSource stored;
    private final Duration after;
    private volatile ByteSource active;

    public FallbackSource(HttpStreamSource stream, ByteSource stored, Duration after) {
        this.stream = stream;
        this.stored = stored;
        this.after = after;
        this.active = stream;
    }

    @Override public void fetch(FetchSink sink) throws IOException {
        AtomicReference<IOException> streamFailure = new AtomicReference<>();
        CountDownLatch streamDone = new CountDownLatch(1);
        Thread t = Thread.ofVirtual().name("loa-fetch-primary").start(() -> {
            try {
                stream.fetch(sink);
            } catch (IOException e) {
                streamFailure.set(e);
            } finally {
                streamDone.countDown();
            }
        });
        long waitMs = after.toMillis();
        try {
            boolean ended = streamDone.await(waitMs, TimeUnit.MILLISECONDS);
            while (!ended && stream.stats().connects() > 0) {
                ended = streamDone.await(1, TimeUnit.SECONDS);
                if (sink.stopped()) {
                    stream.abort();
                    streamDone.await(5, TimeUnit.SECONDS);
                    return;
                }
            }
            if (ended && streamFailure.get() == null) return;
            if (sink.stopped()) return;
            String why = streamFailure.get() != null ? streamFailure.get().getMessage()
                    : "not connected after " + waitMs + " ms (" + stream.stats().lastError() + ")";
            stream.abort();
            t.interrupt();
            streamDone.await(5, TimeUnit.SECONDS);
            Logger.tag("stream").warn("{}: {}; playing the stored fallback {}", stream.describe(), why, stored.describe());
            stream.stats().error(why + "; playing the stored fallback");
            active = stored;
            stored.fetch(sink);
        } catch (InterruptedException e) {
            stream.abort();
            Thread.currentThread().interrupt();
        }
    }

    @Override public boolean live() {
        return active.live();
    }

    @Override public FetchStats stats() {
        return active == stored ? stored.stats() : stream.stats();
    }

    @Override public void abort() {
        stream.abort();
        stored.abort();
    }

    @Override public String describe() {
        return stream.describe() + " (stored fallback " + stored.describe() + ")";
    }
}
