package vn.loa.agent.audio;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import vn.loa.hal.json.JsonNode;

/**
 * The {@code audio} section of loa.json, with every default in {@link Builder}. Immutable.
 *
 * @param output             the output PCM format ({@code sampleRate}, {@code channels})
 * @param device             sound device name part ({@code device}; empty = system default)
 * @param tick               the mixer tick ({@code tickMs})
 * @param fade               fade-in/out and preemption fade ({@code fadeMs})
 * @param mixer              volume, emergency minimum, ducking, limiter
 * @param buffer             start/target/max buffer seconds
 * @param emergencyStartSeconds fill at which an EMERGENCY item may start ({@code emergencyStartSeconds})
 * @param http               stream client timeouts, redirects, back-off and where streams may come from
 *                           ({@code allowSources}: URL patterns, see {@link SourceAllowList})
 * @param cacheDir           where {@code cache:SHA256} sources live ({@code cacheDir})
 * @param ffmpeg             the ffmpeg binary for HLS/AAC ({@code ffmpeg})
 * @param sinkRetry          first delay before reopening a failed sound card ({@code sinkRetryMs}); doubles to 10 s
 * @param fallbackAfter      a stream not connected after this plays the item's stored fallback instead
 *                           ({@code fallbackAfterSeconds})
 */
public record AudioConfig(PcmFormat output, String device, Duration tick, Duration fade, MixerSettings mixer,
                          BufferSettings buffer, double emergencyStartSeconds, HttpSettings http, Path cacheDir,
                          String ffmpeg, Duration sinkRetry, Duration fallbackAfter) {

    public AudioConfig {
        if (tick.toMillis() < 5 || tick.toMillis() > 100) throw new IllegalArgumentException("tick " + tick.toMillis() + " ms outside 5..100");
        if (emergencyStartSeconds < 0 || emergencyStartSeconds > buffer.targetSeconds()) {
            throw new IllegalArgumentException("emergencyStartSeconds " + emergencyStartSeconds + " outside 0..target "
                    + buffer.targetSeconds());
        }
    }

    /** Frames in one tick. */
    public int tickFrames() {
        return output.framesIn(tick.toMillis());
    }

    public static AudioConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the {@code audio} section (pass the section node itself; an absent section gives the defaults).
     * Problems (type, range, unknown key) are collected on the node with their JSON path; the caller throws
     * them all at once with {@code problems().throwIfAny()}.
     */
    public static AudioConfig from(JsonNode s) {
        Builder b = builder();
        b.sampleRate = s.intValue("sampleRate", b.sampleRate, 8_000, 96_000);
        b.channels = s.intValue("channels", b.channels, 1, 2);
        b.device = s.string("device", b.device);
        b.tickMs = s.intValue("tickMs", b.tickMs, 5, 100);
        b.fadeMs = s.intValue("fadeMs", b.fadeMs, 0, 5_000);
        b.volume = s.intValue("volume", b.volume, 0, 100);
        b.emergencyMinVolume = s.intValue("emergencyMinVolume", b.emergencyMinVolume, 0, 100);
        b.duckGain = s.number("duckGain", b.duckGain, 0, 1);
        b.limiterPeak = s.number("limiterPeak", b.limiterPeak, 0.1, 1);
        b.bufferTargetSeconds = s.number("bufferTargetSeconds", b.bufferTargetSeconds, 0.1, 60);
        b.bufferMaxSeconds = s.number("bufferMaxSeconds", b.bufferMaxSeconds, 1, 600);
        b.emergencyStartSeconds = s.number("emergencyStartSeconds", b.emergencyStartSeconds, 0, 60);
        b.connectTimeoutMs = s.intValue("connectTimeoutMs", b.connectTimeoutMs, 100, 120_000);
        b.noDataTimeoutMs = s.intValue("noDataTimeoutMs", b.noDataTimeoutMs, 100, 120_000);
        b.minBytesPerSecond = s.intValue("minBytesPerSecond", b.minBytesPerSecond, 0, 1_000_000);
        b.maxRedirects = s.intValue("maxRedirects", b.maxRedirects, 0, 20);
        b.backoffInitialMs = s.intValue("backoffInitialMs", b.backoffInitialMs, 10, 600_000);
        b.backoffMaxMs = s.intValue("backoffMaxMs", b.backoffMaxMs, 10, 3_600_000);
        b.primaryRetrySeconds = s.intValue("primaryRetrySeconds", b.primaryRetrySeconds, 1, 86_400);
        b.cacheDir = Path.of(s.string("cacheDir", b.cacheDir.toString()));
        b.ffmpeg = s.string("ffmpeg", b.ffmpeg);
        b.sinkRetryMs = s.intValue("sinkRetryMs", b.sinkRetryMs, 10, 60_000);
        b.fallbackAfterSeconds = s.intValue("fallbackAfterSeconds", b.fallbackAfterSeconds, 1, 3_600);
        List<JsonNode> allow = s.array("allowSources");
        List<String> patterns = new java.util.ArrayList<>();
        for (JsonNode n : allow) n.asString().ifPresent(patterns::add);
        if (patterns.size() == allow.size()) {
            try {
                b.allowSources = SourceAllowList.of(patterns);
            } catch (IllegalArgumentException e) {
                s.problem("allowSources", e.getMessage());
            }
        }
        if (b.bufferTargetSeconds > b.bufferMaxSeconds) {
            s.problem("bufferTargetSeconds", b.bufferTargetSeconds + " is above bufferMaxSeconds " + b.bufferMaxSeconds);
            b.bufferTargetSeconds = Math.min(3, b.bufferMaxSeconds);
        }
        if (b.emergencyStartSeconds > b.bufferTargetSeconds) {
            s.problem("emergencyStartSeconds", b.emergencyStartSeconds + " is above bufferTargetSeconds " + b.bufferTargetSeconds);
            b.emergencyStartSeconds = b.bufferTargetSeconds;
        }
        if (b.backoffInitialMs > b.backoffMaxMs) {
            s.problem("backoffInitialMs", b.backoffInitialMs + " is above backoffMaxMs " + b.backoffMaxMs);
            b.backoffInitialMs = b.backoffMaxMs;
        }
        s.rejectUnknownKeys();
        return b.build();
    }

    /** Defaults are the field initialisers below, the one place they are set. */
    public static final class Builder {
        /** 48 kHz. */ int sampleRate = 48_000;
        /** Stereo (1 for mono boards). */ int channels = 2;
        /** The system default device. */ String device = "";
        /** 20 ms. */ int tickMs = 20;
        /** 300 ms. */ int fadeMs = 300;
        /** 80 of 100. */ int volume = 80;
        /** 90 of 100. */ int emergencyMinVolume = 90;
        /** -20 dB. */ double duckGain = 0.1;
        /** -0.5 dBFS. */ double limiterPeak = 0.944;
        /** 3 s. */ double bufferTargetSeconds = 3;
        /** 60 s. */ double bufferMaxSeconds = 60;
        /** 1 s. */ double emergencyStartSeconds = 1;
        /** 5 s. */ int connectTimeoutMs = 5_000;
        /** 8 s. */ int noDataTimeoutMs = 8_000;
        /** 1000 B/s (8 kb/s) averaged over the no-data timeout. */ int minBytesPerSecond = 1_000;
        /** 5. */ int maxRedirects = 5;
        /** 1 s. */ int backoffInitialMs = 1_000;
        /** 30 s. */ int backoffMaxMs = 30_000;
        /** 60 s. */ int primaryRetrySeconds = 60;
        /** /var/lib/loa/cache. */ Path cacheDir = Path.of("/var/lib/loa/cache");
        /** "ffmpeg" on the PATH. */ String ffmpeg = "ffmpeg";
        /** 1 s. */ int sinkRetryMs = 1_000;
        /** 15 s. */ int fallbackAfterSeconds = 15;
        /** Any source (no list). */ SourceAllowList allowSources = SourceAllowList.ANY;

        public Builder output(PcmFormat f) { sampleRate = f.sampleRate(); channels = f.channels(); return this; }
        public Builder device(String d) { device = d; return this; }
        public Builder tickMs(int ms) { tickMs = ms; return this; }
        public Builder fadeMs(int ms) { fadeMs = ms; return this; }
        public Builder volume(int v) { volume = v; return this; }
        public Builder emergencyMinVolume(int v) { emergencyMinVolume = v; return this; }
        public Builder duckGain(double g) { duckGain = g; return this; }
        public Builder bufferSeconds(double target, double max) { bufferTargetSeconds = target; bufferMaxSeconds = max; return this; }
        public Builder emergencyStartSeconds(double s) { emergencyStartSeconds = s; return this; }
        public Builder connectTimeoutMs(int ms) { connectTimeoutMs = ms; return this; }
        public Builder noDataTimeoutMs(int ms) { noDataTimeoutMs = ms; return this; }
        public Builder minBytesPerSecond(int b) { minBytesPerSecond = b; return this; }
        public Builder backoff(int initialMs, int maxMs) { backoffInitialMs = initialMs; backoffMaxMs = maxMs; return this; }
        public Builder primaryRetrySeconds(int s) { primaryRetrySeconds = s; return this; }
        public Builder cacheDir(Path p) { cacheDir = p; return this; }
        public Builder ffmpeg(String path) { ffmpeg = path; return this; }
        public Builder sinkRetryMs(int ms) { sinkRetryMs = ms; return this; }
        public Builder fallbackAfterSeconds(int s) { fallbackAfterSeconds = s; return this; }
        public Builder allowSources(SourceAllowList a) { allowSources = a; return this; }

        public AudioConfig build() {
            PcmFormat out = new PcmFormat(sampleRate, channels);
            return new AudioConfig(out, device, Duration.ofMillis(tickMs), Duration.ofMillis(fadeMs),
                    new MixerSettings(volume, emergencyMinVolume, duckGain, Math.max(1, out.framesIn(fadeMs)), limiterPeak),
                    new BufferSettings(bufferTargetSeconds, bufferTargetSeconds, bufferMaxSeconds), emergencyStartSeconds,
                    new HttpSettings(Duration.ofMillis(connectTimeoutMs), Duration.ofMillis(noDataTimeoutMs),
                            minBytesPerSecond, maxRedirects, Duration.ofMillis(backoffInitialMs),
                            Duration.ofMillis(backoffMaxMs), Duration.ofSeconds(primaryRetrySeconds), allowSources),
                    cacheDir, ffmpeg, Duration.ofMillis(sinkRetryMs), Duration.ofSeconds(fallbackAfterSeconds));
        }
    }
}
