package vn.loa.agent.audio;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import vn.loa.agent.broadcast.Level;
import org.tinylog.Logger;

/**
 * One item's pipeline: a fetch thread runs the {@link ByteSource} into a bounded compressed {@link ByteRing};
 * a decode thread decodes each segment, resamples to the output format and fills a {@link PcmRing} of
 * {@value #PCM_RING_MS} ms; the audio thread pulls PCM through {@link #read} and never waits.
 *
 * <p>Underrun: when the buffer runs dry while playing, what is left is faded out, the underrun and the
 * silence are counted, and playback resumes with a fade-in once the fill is back at the target. Drift: for a
 * live source the decode thread nudges the resampler's speed by up to ±{@value Resampler#MAX_SPEED_PPM} ppm
 * so the fill stays near the target.
 *
 * <p>Undecodable input: a track whose decoder went through {@value #NO_AUDIO_BYTES} bytes, or that has been receiving for
 * {@value #NO_AUDIO_SECONDS} s (on the clock given), without a single decoded frame fails with a reason naming
 * the source and the last decode error, instead of buffering forever with the amplifier on. A live stream
 * whose segment cannot be decoded is drained meanwhile, so its fetcher keeps delivering and reconnecting.
 */
public final class Track implements Playback {

    /** Decoded audio kept ready for the audio thread (≥ 500 ms against JIT warm-up stalls). */
    public static final int PCM_RING_MS = 1000;
    /** Fill above target × this speeds playback up by the maximum drift correction. */
    static final double DRIFT_HIGH = 1.3;
    /** Fill below target × this slows playback down by the maximum drift correction. */
    static final double DRIFT_LOW = 0.7;
    /** Bytes read by the decoder without one decoded frame after which the track fails (16 s of 128 kb/s). */
    public static final long NO_AUDIO_BYTES = 256 * 1024;
    /** Seconds since the first byte arrived without one decoded frame after which the track fails. */
    public static final long NO_AUDIO_SECONDS = 20;

    private final String itemId;
    private final ByteSource source;
    private final PcmFormat out;
    private final BufferSettings buffer;
    private final Mixer mixer;
    private final ByteRing ring;
    private final PcmRing pcm;
    private final Resampler resampler;
    private final int fadeFrames;
    private final vn.loa.hal.time.Clock clock;
    private volatile long decodedTotal;
    private long firstByteNanos = -1; // read and written under phase()'s lock

    private volatile Phase phase = Phase.BUFFERING;
    private volatile String failure;
    private volatile boolean decodeDone;
    private volatile boolean fetchDone;
    private volatile boolean closed;
    private volatile double bytesPerSecond = 16_000;
    private volatile String codec = "";
    private volatile int corruptFrames;
    private volatile int underruns;
    private volatile long underrunFrames;
    private volatile long playedFrames;
    private volatile long unheardFrames;
    private volatile String unheardReason = "";
    private volatile boolean everPlayed;
    private volatile Mixer.Channel channel;
    private Thread fetchThread;
    private Thread decodeThread;
    // audio-thread state
    private int fadeInLeft;

    /** {@code clock} times the {@value #NO_AUDIO_SECONDS} s no-audio limit. */
    public Track(String itemId, ByteSource source, PcmFormat out, BufferSettings buffer, Mixer mixer, Duration fade,
                 vn.loa.hal.time.Clock clock) {
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
        this.itemId = itemId;
        this.source = source;
        this.out = out;
        this.buffer = buffer;
        this.mixer = mixer;
        this.ring = new ByteRing(buffer.capacityBytes());
        this.pcm = new PcmRing(out.framesIn(PCM_RING_MS) * out.channels());
        this.resampler = new Resampler(out);
        this.fadeFrames = Math.max(1, out.framesIn(fade.toMillis()));
    }

    /** Starts the fetch and decode threads. Called once, by whoever opened the track. */
    public void start() {
        fetchThread = new Thread(this::fetchLoop, "loa-fetch-" + itemId);
        decodeThread = new Thread(this::decodeLoop, "loa-decode-" + itemId);
        fetchThread.setDaemon(true);
        decodeThread.setDaemon(true);
        fetchThread.start();
        decodeThread.start();
    }

    private void fetchLoop() {
        try {
            source.fetch(ring);
            fetchDone = true;
        } catch (InterruptedIOException e) {
            // closed
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                fail(e.getMessage() == null ? e.toString() : e.getMessage());
            }
        } finally {
            ring.finish();
        }
    }

    private void decodeLoop() {
        long decodedFrames = 0;
        long bytesBefore = 0;
        try {
            ByteRing.Segment seg;
            while (!closed && (seg = ring.nextSegment()) != null) {
                try (PcmDecoder dec = PcmDecoder.open(seg.stream(), seg.contentType(), seg.where())) {
                    codec = dec.codec();
                    PcmChunk chunk;
                    int corruptBefore = corruptFrames;
                    while (!closed && (chunk = dec.next()) != null) {
                        decodedFrames += chunk.frames();
                        decodedTotal = decodedFrames;
                        long bytes = bytesBefore + dec.bytesConsumed();
                        double secs = decodedFrames / (double) chunk.format().sampleRate();
                        if (secs > 0.5) bytesPerSecond = Math.max(1000, bytes / secs);
                        corruptFrames = corruptBefore + dec.corruptFrames();
                        if (source.live()) correctDrift();
                        if (!pcm.write(resampler.convert(chunk))) return;
                    }
                    corruptFrames = corruptBefore + dec.corruptFrames();
                    bytesBefore += dec.bytesConsumed();
                } catch (AudioFormatException e) {
                    if (!source.live()) {
                        fail(e.getMessage());
                        ring.close();
                        return;
                    }
                    source.stats().error(e.getMessage());
                    Logger.tag("audio").warn("{}: {}", itemId, e.getMessage());
                    // let the fetcher go on (and reconnect); the no-audio limit ends this if nothing decodes
                    seg.stream().transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
        } catch (InterruptedIOException e) {
            // closed
        } catch (IOException | RuntimeException e) {
            if (!closed) fail(e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            decodeDone = true;
        }
    }

    private void correctDrift() {
        if (!everPlayed || phase != Phase.PLAYING) {
            resampler.setSpeedPpm(0);
            return;
        }
        double fill = fillSeconds();
        double target = buffer.targetSeconds();
        if (fill > target * DRIFT_HIGH) resampler.setSpeedPpm(Resampler.MAX_SPEED_PPM);
        else if (fill < target * DRIFT_LOW) resampler.setSpeedPpm(-Resampler.MAX_SPEED_PPM);
        else if (Math.abs(fill - target) < target * 0.1) resampler.setSpeedPpm(0);
    }

    private void fail(String reason) {
        if (failure == null) {
            failure = reason;
            Logger.tag("audio").warn("{}: {}", itemId, reason);
        }
    }

    /** Seconds of audio buffered ahead: decoded PCM plus compressed bytes at the measured byte rate. */
    public double fillSeconds() {
        return pcm.available() / (double) out.channels() / out.sampleRate() + ring.buffered() / bytesPerSecond;
    }

    private boolean inputComplete() {
        return decodeDone;
    }

    /**
     * A playback may start only once the decoder is {@value #DECODED_AHEAD_SECONDS} s ahead (or has a quarter of its
     * ring), whatever the compressed fill says: a stored bulletin is fetched whole at once, long before the decoder
     * has caught up, and the byte-rate estimate behind the fill is a guess until audio has been decoded.
     */
    private boolean decodedAhead() {
        int ahead = (int) Math.min(pcm.capacity() / 4L, (long) (DECODED_AHEAD_SECONDS * out.sampleRate()) * out.channels());
        return pcm.available() >= ahead;
    }

    static final double DECODED_AHEAD_SECONDS = 0.2;

    @Override public String itemId() {
        return itemId;
    }

    /**
     * Fails and closes the track when the no-audio limit is reached; true when it did. Called from
     * {@link #phase()}, which whoever drives the track polls.
     */
    private synchronized boolean noAudioLimitReached() {
        if (decodedTotal > 0 || closed) return false;
        if (ring.totalWritten() == 0) return false;
        long bytes = ring.totalRead(); // what the decoder went through: a file fetched at once is not yet a failure
        long now = clock.monotonicNanos();
        if (firstByteNanos < 0) firstByteNanos = now;
        long secs = (now - firstByteNanos) / 1_000_000_000L;
        if (bytes < NO_AUDIO_BYTES && secs < NO_AUDIO_SECONDS) return false;
        String last = source.stats().lastError();
        fail(source.describe() + ": no audio decoded from " + bytes + " bytes in " + secs + " s"
                + (last.isEmpty() ? "" : " (" + last + ")") + "; giving up");
        close();
        return true;
    }

    @Override public Phase phase() {
        Phase p = phase;
        if (p == Phase.BUFFERING && noAudioLimitReached()) return Phase.FAILED;
        if (p == Phase.BUFFERING) {
            if (failure != null && decodeDone && pcm.available() == 0) return Phase.FAILED;
            // the fill counts compressed bytes at an estimated rate: audio must also be decoded ahead, or a file
            // fetched at once would be READY with nothing decoded and start with silence
            boolean enough = fillSeconds() >= buffer.startSeconds() || (fetchDone && failure == null);
            if (inputComplete() || (enough && decodedAhead())) {
                if (inputComplete() && pcm.available() == 0) return failure != null ? Phase.FAILED : Phase.ENDED;
                return Phase.READY;
            }
        }
        return p;
    }

    @Override public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    @Override public PlaybackStats stats() {
        FetchStats f = source.stats();
        return new PlaybackStats(fillSeconds(), underruns, underrunFrames / (double) out.sampleRate(),
                playedFrames / (double) out.sampleRate(), corruptFrames, codec, resampler.speedPpm(),
                f.reconnects(), f.failovers(), f.currentUrl(), f.title(),
                failure != null ? failure : f.lastError(), unheardFrames / (double) out.sampleRate(), unheardReason);
    }

    /** Audio thread: the block this track was last mixed into did not reach the sound card ({@code why}). */
    void notHeard(int frames, String why) {
        unheardFrames += frames;
        unheardReason = why;
    }

    @Override public void play(Level level, OptionalInt volume, Duration fadeIn) {
        if (channel != null || closed) return;
        everPlayed = true;
        phase = Phase.PLAYING;
        fadeInLeft = 0;
        channel = mixer.add(this, level, volume, Math.max(0, out.framesIn(fadeIn.toMillis())));
    }

    @Override public void fadeOutAndClose(Duration fade) {
        Mixer.Channel c = channel;
        if (c == null) {
            close();
            return;
        }
        c.fadeOut(Math.max(1, out.framesIn(fade.toMillis())));
    }

    @Override public boolean silent() {
        Mixer.Channel c = channel;
        return c == null || c.removed();
    }

    @Override public void close() {
        if (closed) return;
        closed = true;
        Mixer.Channel c = channel;
        if (c != null) c.remove();
        ring.close();
        pcm.close();
        source.abort();
        if (fetchThread != null) fetchThread.interrupt();
        if (decodeThread != null) decodeThread.interrupt();
        if (phase != Phase.FAILED && phase != Phase.ENDED) phase = failure != null ? Phase.FAILED : Phase.ENDED;
    }

    /**
     * True when the next {@code frames} can be read without an underrun (or the content is all fetched).
     * Lets a test that drives the clock faster than real time wait for the decode thread.
     */
    boolean canSupply(int frames) {
        if (closed || decodeDone || fetchDone) return true;
        return pcm.available() >= Math.min(pcm.capacity() / 4, frames * out.channels()); // read() will not run dry
    }

    /** After an underrun: buffered back to the target, or nothing more will come. */
    boolean refilled() {
        return fillSeconds() >= buffer.targetSeconds() || inputComplete() || fetchDone;
    }

    /** True once the track was closed (stopped, faded out, ended). */
    public boolean closed() {
        return closed;
    }

    /**
     * Audio thread: fills {@code dst} with up to {@code frames} frames, zero-padding the rest; returns false
     * when the track has ended (or failed) and everything was played. Never blocks, never throws.
     */
    boolean read(short[] dst, int frames) {
        int ch = out.channels();
        int want = frames * ch;
        if (phase == Phase.REBUFFERING) {
            if (refilled()) {
                phase = Phase.PLAYING;
                fadeInLeft = fadeFrames;
                Logger.tag("audio").info("{}: buffer refilled to {} s; fading back in", itemId,
                        String.format("%.1f", fillSeconds()));
            } else {
                java.util.Arrays.fill(dst, 0, want, (short) 0);
                underrunFrames += frames;
                return true;
            }
        }
        int avail = pcm.available();
        boolean ending = inputComplete() && avail <= want;
        // only a real shortage is an underrun: bytes may sit in the decoder's own buffers, invisible here
        boolean runningDry = !ending && !fetchDone && avail < want;
        int got = pcm.read(dst, 0, Math.min(want, avail));
        if (got < want) java.util.Arrays.fill(dst, got, want, (short) 0);
        int gotFrames = got / ch;
        playedFrames += gotFrames;
        if (fadeInLeft > 0) {
            for (int f = 0; f < gotFrames && fadeInLeft > 0; f++, fadeInLeft--) {
                float g = 1f - fadeInLeft / (float) fadeFrames;
                for (int c = 0; c < ch; c++) dst[f * ch + c] = (short) (dst[f * ch + c] * g);
            }
        }
        if (ending) {
            if (got == avail && pcm.available() == 0) {
                phase = failure != null ? Phase.FAILED : Phase.ENDED;
                return false;
            }
            return true;
        }
        if (runningDry) {
            for (int f = 0; f < gotFrames; f++) {
                float g = 1f - (f + 1) / (float) gotFrames;
                for (int c = 0; c < ch; c++) dst[f * ch + c] = (short) (dst[f * ch + c] * g);
            }
            underruns++;
            underrunFrames += frames - gotFrames;
            phase = Phase.REBUFFERING;
            Logger.tag("audio").warn("{}: buffer underrun #{}; rebuffering to {} s", itemId, underruns,
                    buffer.targetSeconds());
        }
        return true;
    }
}
