package vn.loa.agent.diagnose;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import vn.loa.agent.audio.Backoff;
import vn.loa.agent.audio.FetchSink;
import vn.loa.agent.audio.FfmpegSource;
import vn.loa.agent.audio.HttpSettings;
import vn.loa.agent.audio.HttpStreamSource;
import vn.loa.agent.audio.PcmFormat;
import vn.loa.hal.time.Clock;

/**
 * An audio stream delivers: the agent's own stream fetcher ({@link HttpStreamSource}) connects and must receive
 * audio bytes within the no-data timeout. A server that refuses, answers with an error, or accepts and stays silent
 * fails with the fetcher's own reason. The bytes are discarded; nothing is played.
 */
public final class StreamCheck implements Check {

    private final URI url;
    private final Duration noData;
    private final Clock clock;

    /** @param noData how long the stream may stay silent (also the connect timeout); a few seconds */
    public StreamCheck(URI url, Duration noData, Clock clock) {
        this.url = url;
        this.noData = noData;
        this.clock = clock;
    }

    @Override public String name() {
        return "stream";
    }

    @Override public CheckResult run() throws InterruptedException {
        HttpSettings settings = new HttpSettings(noData, noData, 0, 3, noData, noData, Duration.ofHours(1));
        // an AAC/HLS stream is checked through ffmpeg, as the receiver would play it
        HttpStreamSource source = new HttpStreamSource(List.of(url), settings, new Random(), clock,
                (javax.net.ssl.SSLSocketFactory) javax.net.ssl.SSLSocketFactory.getDefault(),
                (u, format) -> new FfmpegSource("ffmpeg", u.toString(), PcmFormat.DEFAULT_OUTPUT,
                        new Backoff(noData, noData, new Random()), format));
        CountDownLatch gotData = new CountDownLatch(1);
        AtomicLong bytes = new AtomicLong();
        CompletableFuture<String> ended = new CompletableFuture<>();
        Thread fetcher = Thread.ofVirtual().name("loa-diagnose-stream").start(() -> {
            try {
                source.fetch(new FetchSink() {
                    @Override public void beginSegment(String contentType, String where) {
                    }

                    @Override public void write(byte[] b, int off, int len) {
                        bytes.addAndGet(len);
                        gotData.countDown();
                    }

                    @Override public boolean stopped() {
                        return gotData.getCount() == 0;
                    }
                });
                ended.complete(null);
            } catch (IOException e) {
                ended.complete(e.getMessage());
            }
        });
        try {
            // connect + no data, plus a margin for the fetcher's first reconnect round
            boolean data = gotData.await(noData.toMillis() * 3 + 500, TimeUnit.MILLISECONDS);
            if (data) return CheckResult.pass(url + " delivers audio (" + bytes.get() + " bytes received)");
        } finally {
            source.abort();
            fetcher.interrupt();
            fetcher.join(noData.toMillis() + 1000);
        }
        String reason = ended.getNow(null);
        if (reason == null) reason = source.stats().lastError();
        if (reason == null || reason.isBlank()) reason = "no audio within " + noData.toMillis() + " ms";
        return CheckResult.fail("stream dead: " + reason,
                "the stream server is down, refuses the connection, or is up with no programme feeding it",
                "open " + url + " from another machine; ask the studio to restart the encoder (Icecast source); "
                        + "scheduled bulletins still play from the cache");
    }
}
