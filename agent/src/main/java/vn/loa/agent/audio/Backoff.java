package vn.loa.agent.audio;

import java.time.Duration;
import java.util.Random;

/**
 * Capped exponential back-off with jitter: attempt {@code n} (0-based) waits
 * {@code min(cap, initial × 2^n) × (1 ± jitter)}. The random source is given, so tests pass a seeded one.
 * Not thread-safe (one per fetch thread).
 */
public final class Backoff {

    /** ±20 % jitter, so receivers that lost the same server do not come back in step. */
    public static final double JITTER = 0.2;

    private final Duration initial;
    private final Duration cap;
    private final Random random;
    private int attempt;

    public Backoff(Duration initial, Duration cap, Random random) {
        this.initial = initial;
        this.cap = cap;
        this.random = random;
    }

    /** The next delay; each call counts one more failure. */
    public Duration next() {
        double base = Math.min(cap.toMillis(), initial.toMillis() * Math.pow(2, Math.min(attempt, 30)));
        attempt++;
        double j = 1 + JITTER * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.max(1, Math.round(Math.min(cap.toMillis(), base * j))));
    }

    /** After a success: the next failure waits the initial delay again. */
    public void reset() {
        attempt = 0;
    }

    public int attempts() {
        return attempt;
    }
}
