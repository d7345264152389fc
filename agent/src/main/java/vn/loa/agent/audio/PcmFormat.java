package vn.loa.agent.audio;

/**
 * Interleaved signed 16-bit PCM: a sample rate and a channel count (1 = mono, 2 = stereo). The output format
 * of the whole engine is one of these (by default 48 kHz stereo); decoders report theirs and the
 * {@link Resampler} converts.
 */
public record PcmFormat(int sampleRate, int channels) {

    /** The engine's default output: 48 kHz, 16-bit, stereo. */
    public static final PcmFormat DEFAULT_OUTPUT = new PcmFormat(48_000, 2);

    public PcmFormat {
        if (sampleRate < 4_000 || sampleRate > 192_000) {
            throw new IllegalArgumentException("sample rate " + sampleRate + " Hz outside 4000..192000");
        }
        if (channels < 1 || channels > 2) {
            throw new IllegalArgumentException("channel count " + channels + " is not 1 (mono) or 2 (stereo)");
        }
    }

    /** Frames (one sample per channel) in {@code millis} milliseconds. */
    public int framesIn(long millis) {
        return (int) (sampleRate * millis / 1000);
    }

    public int bytesPerFrame() {
        return 2 * channels;
    }

    @Override public String toString() {
        return sampleRate + " Hz " + (channels == 1 ? "mono" : "stereo");
    }
}
