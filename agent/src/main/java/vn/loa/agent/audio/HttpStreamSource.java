package vn.loa.agent.audio;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.tinylog.Logger;
import vn.loa.hal.time.Clock;

/**
 * An HTTP(S), Icecast or SHOUTcast stream with failover URLs. Connects to the primary (index 0); on a drop,
 * stall or error moves to the next URL at once, and after a whole round of failures waits a capped
 * exponential back-off with jitter before the next round, forever. While on a failover URL it tries the
 * primary every {@link HttpSettings#primaryRetry()} on the side and switches back when it answers with audio.
 * A round in which every URL failed permanently (HTML page, 4xx, redirect loop) ends the fetch with an error
 * naming each; a body with a Content-Length (a file served over HTTP) ends the fetch at its end.
 *
 * <p>A body that only ffmpeg decodes (AAC/ADTS, MP4, an HLS playlist: by Content-Type or first bytes, see
 * {@link PcmDecoder#ffmpegFormat}) is handed over: the connection is closed and the rest of the fetch is the
 * ffmpeg source made for the connection's final URL (after redirects), which supervises its own restarts.
 * Without an ffmpeg factory the fetch fails at once, saying which format needs ffmpeg.
 */
public final class HttpStreamSource implements ByteSource {

    private final List<URI> urls;
    private final javax.net.ssl.SSLSocketFactory tls;
    private final HttpSettings settings;
    private final Backoff backoff;
    private final Clock clock;
    private final FetchStats stats = new FetchStats();
    private final CountDownLatch aborted = new CountDownLatch(1);
    private final AtomicReference<IcyConnection> current = new AtomicReference<>();
    private final AtomicReference<IcyConnection> primaryReady = new AtomicReference<>();
    private volatile boolean probing;
    private volatile boolean live = true;
    private final BiFunction<URI, String, ByteSource> viaFfmpeg;
    private volatile ByteSource handedTo;

    /** Without ffmpeg: an AAC, MP4 or HLS body fails the fetch. */
    public HttpStreamSource(List<URI> urls, HttpSettings settings, Random random, Clock clock) {
        this(urls, settings, random, clock, (javax.net.ssl.SSLSocketFactory) javax.net.ssl.SSLSocketFactory.getDefault());
    }

    /** With the TLS socket factory to use for {@code https} (its trust decides which servers are accepted). */
    public HttpStreamSource(List<URI> urls, HttpSettings settings, Random random, Clock clock,
                            javax.net.ssl.SSLSocketFactory tls) {
        this(urls, settings, random, clock, tls, null);
    }

    /**
     * @param viaFfmpeg makes the ffmpeg source for a final URL and the format name ({@code "AAC (ADTS)"}) that
     *                  needs it; {@code null}: such a body fails the fetch
     */
    public HttpStreamSource(List<URI> urls, HttpSettings settings, Random random, Clock clock,
                            javax.net.ssl.SSLSocketFactory tls, BiFunction<URI, String, ByteSource> viaFfmpeg) {
        this.viaFfmpeg = viaFfmpeg;
        this.tls = tls;
        if (urls.isEmpty()) throw new IllegalArgumentException("a stream source needs at least one URL");
        this.urls = List.copyOf(urls);
        this.settings = settings;
        this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax(), random);
        this.clock = clock;
    }

    @Override public void fetch(FetchSink sink) throws IOException {
        int idx = 0;
        List<String> roundErrors = new ArrayList<>();
        boolean roundAllPermanent = true;
        int triedThisRound = 0;
        while (!sink.stopped() && aborted.getCount() > 0) {
            URI url = urls.get(idx);
            IcyConnection c;
            IcyConnection handed = primaryReady.getAndSet(null);
            try {
                c = handed != null ? handed : IcyConnection.open(url, settings, tls);
                if (handed != null) idx = 0;
            } catch (StreamException e) {
                stats.error(e.getMessage());
                Logger.tag("stream").warn("{}", e.getMessage());
                roundErrors.add(e.getMessage());
                roundAllPermanent &= e.permanent();
                triedThisRound++;
                idx = (idx + 1) % urls.size();
                if (triedThisRound >= urls.size()) {
                    if (roundAllPermanent) {
                        throw new StreamException(String.join("; ", roundErrors), true);
                    }
                    Duration d = backoff.next();
                    Logger.tag("stream").info("all {} URL(s) failed; retrying in {} ms", urls.size(), d.toMillis());
                    if (aborted(d)) return;
                    roundErrors.clear();
                    roundAllPermanent = true;
                    triedThisRound = 0;
                }
                continue;
            }
            current.set(c);
            if (c.ffmpegFormat() != null) {
                c.close();
                current.set(null);
                handOff(c, sink);
                return;
            }
            stats.connected(c.url.toString());
            Logger.tag("stream").info("connected to {} ({}{})", c.url, c.contentType.isEmpty() ? "no content type" : c.contentType,
                    c.metaInt > 0 ? ", ICY metadata every " + c.metaInt + " bytes" : "");
            roundErrors.clear();
            roundAllPermanent = true;
            triedThisRound = 0;
            live = c.live;
            try {
                sink.beginSegment(c.contentType, c.url.toString());
                Outcome o = pump(c, sink, idx);
                if (o == Outcome.ENDED && !c.live) return;
                if (o == Outcome.ENDED) stats.error(c.url + ": server closed the stream");
                if (o == Outcome.SWITCH_TO_PRIMARY) {
                    idx = 0;
                    continue;
                }
            } catch (StreamException e) {
                stats.error(e.getMessage());
                Logger.tag("stream").warn("{}", e.getMessage());
                if (e.permanent() && !c.live) throw e; // a stored file arrived broken: its bytes already went on
                idx = (idx + 1) % urls.size();
            } catch (InterruptedIOException e) {
                return;
            } catch (IOException e) {
                if (sink.stopped()) return;
                stats.error(c.url + ": " + e.getMessage());
                Logger.tag("stream").warn("{}: {}", c.url, e.getMessage());
                idx = (idx + 1) % urls.size();
            } finally {
                c.close();
                current.set(null);
            }
            if (lastBody >= HEALTHY_BYTES) {
                backoff.reset();
            } else {
                Duration d = backoff.next();
                Logger.tag("stream").info("reconnecting in {} ms", d.toMillis());
                if (aborted(d)) return;
            }
        }
    }

    private void handOff(IcyConnection c, FetchSink sink) throws IOException {
        String what = c.url + " is " + c.ffmpegFormat() + (c.contentType.isEmpty() ? "" : " ('" + c.contentType + "')");
        if (viaFfmpeg == null) {
            stats.error(what + ", which needs ffmpeg");
            throw new StreamException(what + ", which needs ffmpeg; this player has no ffmpeg to hand it to", true);
        }
        Logger.tag("stream").info("{}; handing it to ffmpeg", what);
        ByteSource d = viaFfmpeg.apply(c.url, c.ffmpegFormat());
        handedTo = d;
        if (aborted.getCount() == 0) {
            d.abort();
            return;
        }
        d.fetch(sink);
    }

    /** A connection that delivered at least this much was healthy: the back-off starts again from its initial delay. */
    static final int HEALTHY_BYTES = 64 * 1024;
    private long lastBody;

    private enum Outcome { ENDED, SWITCH_TO_PRIMARY }

    private Outcome pump(IcyConnection c, FetchSink sink, int idx) throws IOException {
        byte[] buf = new byte[8192];
        long lastData = clock.monotonicNanos();
        long windowRead = 0;
        long windowBytes = 0;
        long nextProbe = clock.monotonicNanos() + settings.primaryRetry().toNanos();
        long noData = settings.noDataTimeout().toNanos();
        long body = 0;
        lastBody = 0;
        while (!sink.stopped()) {
            if (idx > 0 && primaryReady.get() != null) {
                Logger.tag("stream").info("primary {} is back; switching from {}", urls.get(0), c.url);
                return Outcome.SWITCH_TO_PRIMARY;
            }
            if (idx > 0 && !probing && clock.monotonicNanos() >= nextProbe) {
                nextProbe = clock.monotonicNanos() + settings.primaryRetry().toNanos();
                probePrimary();
            }
            long t0 = clock.monotonicNanos();
            int n = c.read(buf, 0, buf.length);
            long t1 = clock.monotonicNanos();
            windowRead += t1 - t0;
            if (n < 0) {
                if (!c.live && c.contentLength >= 0 && body < c.contentLength) {
                    throw new StreamException(c.url + ": connection closed after " + body + " of " + c.contentLength
                            + " bytes", true);
                }
                return Outcome.ENDED;
            }
            if (n == 0) {
                if (t1 - lastData >= noData) {
                    throw new StreamException(c.url + ": no data for " + settings.noDataTimeout().toMillis() + " ms", false);
                }
                continue;
            }
            lastData = t1;
            windowBytes += n;
            if (windowRead >= noData) {
                double secs = windowRead / 1e9;
                if (settings.minBytesPerSecond() > 0 && windowBytes < settings.minBytesPerSecond() * secs) {
                    throw new StreamException(String.format("%s: too slow: %d bytes in %.1f s (below %d B/s)", c.url,
                            windowBytes, secs, settings.minBytesPerSecond()), false);
                }
                windowRead = 0;
                windowBytes = 0;
            }
            stats.title(c.title());
            sink.write(buf, 0, n);
            stats.addBytes(n);
            body += n;
            lastBody = body;
            if (c.contentLength >= 0 && !c.live && body >= c.contentLength) return Outcome.ENDED;
        }
        return Outcome.ENDED;
    }

    private void probePrimary() {
        probing = true;
        Thread.ofVirtual().name("loa-probe").start(() -> {
            try {
                IcyConnection p = IcyConnection.open(urls.get(0), settings, tls);
                if (aborted.getCount() == 0 || !primaryReady.compareAndSet(null, p)) p.close();
            } catch (StreamException e) {
                Logger.tag("stream").debug("primary still down: {}", e.getMessage());
            } finally {
                probing = false;
            }
        });
    }

    private boolean aborted(Duration d) {
        try {
            return aborted.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Override public boolean live() {
        ByteSource d = handedTo;
        return d != null ? d.live() : live;
    }

    /** This source's, or after a hand-off to ffmpeg the ffmpeg source's. */
    @Override public FetchStats stats() {
        ByteSource d = handedTo;
        return d != null ? d.stats() : stats;
    }

    @Override public void abort() {
        aborted.countDown();
        ByteSource d = handedTo;
        if (d != null) d.abort();
        IcyConnection c = current.get();
        if (c != null) c.close();
        IcyConnection p = primaryReady.getAndSet(null);
        if (p != null) p.close();
    }

    @Override public String describe() {
        return urls.size() == 1 ? urls.get(0).toString() : urls.get(0) + " (+" + (urls.size() - 1) + " failover)";
    }
}
