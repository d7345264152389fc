package vn.loa.agent.audio;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import vn.loa.agent.broadcast.Level;

/**
 * One item's audio as the arbiter drives it: opened (buffering starts at once, silently), made audible with
 * {@link #play}, faded out or cut. Methods are safe from any thread and never block; the audio itself moves
 * on the audio thread.
 */
public interface Playback {

    enum Phase {
        /** Filling the buffer; not audible. */
        BUFFERING,
        /** Buffered to the start threshold (or the whole content is in); waiting for {@link #play}. */
        READY,
        /** Audible. */
        PLAYING,
        /** Ran dry while playing: faded out, refilling, fades back in at the target fill. */
        REBUFFERING,
        /** The content ended and everything buffered was played (or faded out). */
        ENDED,
        /** The source gave up or the content cannot be decoded; {@link #failure()} says why. */
        FAILED
    }

    String itemId();

    Phase phase();

    /** Why it failed, naming the source, when {@link #phase()} is FAILED. */
    Optional<String> failure();

    PlaybackStats stats();

    /**
     * Makes it audible in the mixer at {@code level} (for ducking and the emergency minimum volume), with
     * the item's volume override or the master volume, fading in over {@code fadeIn} (zero: at once).
     */
    void play(Level level, OptionalInt volume, Duration fadeIn);

    /** Fades out over {@code fade}, then ends and releases its threads, sockets and processes. */
    void fadeOutAndClose(Duration fade);

    /** True once a fade-out started with {@link #fadeOutAndClose} has reached silence (or it never played). */
    boolean silent();

    /** Stops at once (no fade) and releases everything. Idempotent. */
    void close();
}
