package vn.loa.agent.audio;

/** Measures test captures: Goertzel power at a frequency, zero-crossing frequency, RMS, gaps of silence. */
public final class ToneAnalysis {

    private ToneAnalysis() {
    }

    /** Relative power of {@code hz} in s[from, from+n) (normalised by n², full-scale sine ≈ 0.25). */
    public static double goertzel(short[] s, int from, int n, int rate, double hz) {
        double k = 2 * Math.cos(2 * Math.PI * hz / rate);
        double s1 = 0, s2 = 0;
        for (int i = from; i < from + n; i++) {
            double x = s[i] / 32768.0;
            double s0 = x + k * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double p = s1 * s1 + s2 * s2 - k * s1 * s2;
        return p / ((double) n * n);
    }

    /** Frequency estimated from zero crossings (rising) over s[from, from+n). */
    public static double zeroCrossingHz(short[] s, int from, int n, int rate) {
        int rising = 0;
        int first = -1, last = -1;
        for (int i = from + 1; i < from + n; i++) {
            if (s[i - 1] < 0 && s[i] >= 0) {
                rising++;
                if (first < 0) first = i;
                last = i;
            }
        }
        if (rising < 2) return 0;
        return (rising - 1) * (double) rate / (last - first);
    }

    public static double rms(short[] s, int from, int n) {
        double sum = 0;
        for (int i = from; i < from + n; i++) sum += (s[i] / 32768.0) * (s[i] / 32768.0);
        return Math.sqrt(sum / Math.max(1, n));
    }

    /** The longest run (in samples) of |x| below {@code threshold} inside s[from, to). */
    public static int longestSilence(short[] s, int from, int to, int threshold) {
        int best = 0, run = 0;
        for (int i = from; i < to; i++) {
            if (Math.abs(s[i]) < threshold) {
                run++;
                best = Math.max(best, run);
            } else {
                run = 0;
            }
        }
        return best;
    }

    /** Index of the first sample with |x| ≥ threshold at or after {@code from}, or -1. */
    public static int firstSound(short[] s, int from, int threshold) {
        for (int i = from; i < s.length; i++) if (Math.abs(s[i]) >= threshold) return i;
        return -1;
    }
}
