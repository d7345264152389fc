package vn.loa.agent.audio;

import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import vn.loa.agent.broadcast.Level;

/**
 * Sums the audible tracks into one output block per tick: per-track fade envelope, volume (override or
 * master, never under the emergency minimum for EMERGENCY), ducking of lower levels under a higher audible
 * one, then a peak limiter so the sum never clips. {@link #mix} runs on the audio thread (or the test's
 * thread when a test drives the clock), allocates nothing and never throws; channels are added and faded
 * from any thread.
 */
public final class Mixer {

    /** How fast the limiter lets go after a peak: fraction of the remaining distance to unity per tick. */
    static final float LIMITER_RELEASE = 0.05f;

    private final PcmFormat format;
    private final CopyOnWriteArrayList<Channel> channels = new CopyOnWriteArrayList<>();
    private final float[] mix;
    private short[] scratch;
    private volatile int masterVolume;
    private volatile int emergencyMinVolume;
    private volatile boolean muted;
    private final float duckGain;
    private final int duckFrames;
    private final float limitPeak;
    private float limiterGain = 1f;
    private volatile long clippedSamples;
    private volatile double lastPeak;

    /** @param maxFrames the largest block {@link #mix} will be asked for */
    public Mixer(PcmFormat format, MixerSettings settings, int maxFrames) {
        this.format = format;
        this.masterVolume = settings.masterVolume();
        this.emergencyMinVolume = settings.emergencyMinVolume();
        this.duckGain = (float) settings.duckGain();
        this.duckFrames = settings.duckFrames();
        this.limitPeak = (float) settings.limitPeak();
        this.mix = new float[maxFrames * format.channels()];
        this.scratch = new short[maxFrames * format.channels()];
    }

    public PcmFormat format() {
        return format;
    }

    /** One audible track. */
    public final class Channel {
        final Track track;
        final Level level;
        final OptionalInt volume;
        private float env;
        private volatile float envTarget = 1f;
        private volatile float envStep;
        private float duck = 1f;
        private volatile boolean fadingOut;
        private volatile boolean removed;

        Channel(Track track, Level level, OptionalInt volume, int fadeInFrames) {
            this.track = track;
            this.level = level;
            this.volume = volume;
            if (fadeInFrames <= 0) {
                env = 1f;
                envStep = 1f;
            } else {
                env = 0f;
                envStep = 1f / fadeInFrames;
            }
        }

        /** Fades to silence over {@code frames}, then leaves the mixer and closes the track. */
        public void fadeOut(int frames) {
            envStep = 1f / Math.max(1, frames);
            envTarget = 0f;
            fadingOut = true;
        }

        /** Leaves the mixer at once. */
        void remove() {
            removed = true;
            channels.remove(this);
        }

        public boolean removed() {
            return removed;
        }

        public Level level() {
            return level;
        }
    }

    Channel add(Track track, Level level, OptionalInt volume, int fadeInFrames) {
        Channel c = new Channel(track, level, volume, fadeInFrames);
        channels.add(c);
        return c;
    }

    public void setMasterVolume(int v) {
        if (v < 0 || v > 100) throw new IllegalArgumentException("volume " + v + " outside 0..100");
        masterVolume = v;
    }

    public int masterVolume() {
        return masterVolume;
    }

    public void setEmergencyMinVolume(int v) {
        if (v < 0 || v > 100) throw new IllegalArgumentException("emergency minimum volume " + v + " outside 0..100");
        emergencyMinVolume = v;
    }

    /**
     * Master mute: every non-EMERGENCY track is silenced (volume overrides included); EMERGENCY keeps its volume,
     * never under the emergency minimum. Any thread; applies from the next block.
     */
    public void setMuted(boolean m) {
        muted = m;
    }

    public boolean muted() {
        return muted;
    }

    /**
     * Audio thread: the block last mixed did not reach the sink ({@code why}); every track in the mix counts
     * {@code frames} as not heard. Allocates nothing, never throws.
     */
    void notHeard(int frames, String why) {
        for (Channel c : channels) c.track.notHeard(frames, why);
    }

    /** Tracks currently in the mix. */
    public int audibleCount() {
        return channels.size();
    }

    /** Samples that would have clipped even after the limiter (should stay 0). */
    public long clippedSamples() {
        return clippedSamples;
    }

    /** Peak of the last block, 0..1 of full scale. */
    public double lastPeak() {
        return lastPeak;
    }

    /** Volume 0..100 to a gain: a square law, so 50 is about -12 dB. */
    static float volumeGain(int v) {
        float x = v / 100f;
        return x * x;
    }

    /**
     * Audio thread: mixes {@code frames} frames into {@code out} (interleaved, output format). Never blocks or
     * throws; with nothing audible it writes silence.
     */
    public void mix(short[] out, int frames) {
        int ch = format.channels();
        int n = frames * ch;
        if (scratch.length < n) scratch = new short[n];
        java.util.Arrays.fill(mix, 0, n, 0f);
        Level top = null;
        for (Channel c : channels) {
            if (!c.fadingOut && (top == null || c.level.outranks(top))) top = c.level;
        }
        for (Channel c : channels) {
            boolean more;
            try {
                more = c.track.read(scratch, frames);
            } catch (RuntimeException e) {
                more = false;
            }
            int vol = c.volume.orElse(masterVolume);
            if (c.level == Level.EMERGENCY) vol = Math.max(vol, emergencyMinVolume);
            else if (muted) vol = 0;
            float vg = volumeGain(vol);
            float duckTarget = top != null && top.outranks(c.level) ? duckGain : 1f;
            float duckStep = 1f / duckFrames;
            float target = c.envTarget;
            float step = c.envStep;
            for (int f = 0; f < frames; f++) {
                if (c.env < target) c.env = Math.min(target, c.env + step);
                else if (c.env > target) c.env = Math.max(target, c.env - step);
                if (c.duck < duckTarget) c.duck = Math.min(duckTarget, c.duck + duckStep);
                else if (c.duck > duckTarget) c.duck = Math.max(duckTarget, c.duck - duckStep);
                float g = vg * c.env * c.duck;
                for (int k = 0; k < ch; k++) mix[f * ch + k] += scratch[f * ch + k] * g;
            }
            if (!more || (c.fadingOut && c.env <= 0f)) {
                c.remove();
                if (c.fadingOut) c.track.close();
            }
        }
        limit(out, n);
    }

    private void limit(short[] out, int n) {
        float peak = 0f;
        for (int i = 0; i < n; i++) peak = Math.max(peak, Math.abs(mix[i]));
        float ceiling = limitPeak * 32767f;
        float target = peak * limiterGain > ceiling ? ceiling / peak : limiterGain + (1f - limiterGain) * LIMITER_RELEASE;
        if (peak > 0 && peak * target > ceiling) target = ceiling / peak;
        target = Math.min(1f, target);
        float start = Math.min(limiterGain, target); // attack at once, release over the block
        long clipped = 0;
        for (int i = 0; i < n; i++) {
            float g = start + (target - start) * i / n;
            float v = mix[i] * g;
            if (v > 32767f) { v = 32767f; clipped++; }
            else if (v < -32768f) { v = -32768f; clipped++; }
            out[i] = (short) Math.round(v);
        }
        limiterGain = target;
        if (clipped > 0) clippedSamples += clipped;
        lastPeak = peak * target / 32768f;
    }
}
