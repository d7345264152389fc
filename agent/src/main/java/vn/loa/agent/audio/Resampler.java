package vn.loa.agent.audio;

/**
 * Converts decoded chunks to the output format: channel count (mono to stereo by copying, stereo to mono by
 * averaging) and sample rate by linear interpolation, with a small adjustable speed offset
 * ({@link #setSpeedPpm}) that the track uses for clock-drift correction. Keeps its phase across chunks, so a
 * stream cut into chunks anywhere resamples the same as one piece. Single thread (the decode thread).
 */
public final class Resampler {

    /** The largest speed correction drift control may ask for: ±0.05 % (as Snapcast). */
    public static final int MAX_SPEED_PPM = 500;

    private final PcmFormat out;
    private float[] prev = new float[2];
    private double pos;
    private boolean started;
    private int speedPpm;
    private int inRate = -1;

    public Resampler(PcmFormat out) {
        this.out = out;
    }

    /** Plays the input {@code ppm} parts per million faster (positive) or slower; clamped to ±{@value #MAX_SPEED_PPM}. */
    public void setSpeedPpm(int ppm) {
        speedPpm = Math.max(-MAX_SPEED_PPM, Math.min(MAX_SPEED_PPM, ppm));
    }

    public int speedPpm() {
        return speedPpm;
    }

    /** Returns the chunk's audio in the output format (interleaved); may be empty for a tiny chunk. */
    public short[] convert(PcmChunk chunk) {
        PcmFormat in = chunk.format();
        int inCh = in.channels();
        int outCh = out.channels();
        int n = chunk.frames();
        short[] s = chunk.samples();
        if (in.sampleRate() != inRate) {
            inRate = in.sampleRate();
            started = false;
        }
        if (in.sampleRate() == out.sampleRate() && speedPpm == 0 && pos == 0) {
            short[] o = new short[n * outCh];
            for (int f = 0; f < n; f++) {
                for (int c = 0; c < outCh; c++) o[f * outCh + c] = (short) Math.round(sample(s, f, c, inCh, outCh));
            }
            if (n > 0) remember(s, n - 1, inCh, outCh);
            started = true;
            return o;
        }
        double step = (double) in.sampleRate() / out.sampleRate() * (1.0 + speedPpm / 1_000_000.0);
        if (!started) {
            pos = 0;
            started = true;
        }
        int estimate = (int) Math.ceil((n - pos) / step) + 2;
        short[] o = new short[Math.max(0, estimate) * outCh];
        int produced = 0;
        while (true) {
            int i0 = (int) Math.floor(pos);
            if (i0 + 1 > n - 1 || produced >= estimate) break;
            double frac = pos - i0;
            for (int c = 0; c < outCh; c++) {
                float a = i0 < 0 ? prev[c] : sample(s, i0, c, inCh, outCh);
                float b = sample(s, i0 + 1, c, inCh, outCh);
                o[produced * outCh + c] = clamp(a + (b - a) * frac);
            }
            produced++;
            pos += step;
        }
        if (n > 0) {
            remember(s, n - 1, inCh, outCh);
            pos -= n;
        }
        if (produced * outCh == o.length) return o;
        short[] trimmed = new short[produced * outCh];
        System.arraycopy(o, 0, trimmed, 0, trimmed.length);
        return trimmed;
    }

    private void remember(short[] s, int frame, int inCh, int outCh) {
        for (int c = 0; c < outCh; c++) prev[c] = sample(s, frame, c, inCh, outCh);
    }

    private static float sample(short[] s, int frame, int outChannel, int inCh, int outCh) {
        if (inCh == outCh) return s[frame * inCh + outChannel];
        if (inCh == 1) return s[frame];
        return (s[frame * 2] + s[frame * 2 + 1]) * 0.5f;
    }

    private static short clamp(double v) {
        long r = Math.round(v);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, r));
    }
}
