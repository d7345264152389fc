package vn.loa.agent.broadcast;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When and how an item aired, for the play log.
 *
 * @param submitted       when the arbiter accepted it
 * @param started         first audible, or empty when it never was
 * @param ended           when it ended
 * @param airtime         time audible in all (repeats included, interruptions excluded)
 * @param plays           plays begun (repeats and resumptions count)
 * @param underruns       buffer underruns while it played
 * @param underrunSeconds silence those underruns caused
 * @param source          the source URL it last played from (the stored fallback when that aired), empty when no
 *                        source connected
 * @param corruptFrames   corrupt frames its decoders skipped (and resynchronised after)
 */
public record ItemTiming(Instant submitted, Optional<Instant> started, Instant ended, Duration airtime, int plays,
                         int underruns, double underrunSeconds, String source, int corruptFrames) {

    public ItemTiming {
        if (source == null) source = "";
    }

    /** No corrupt frames skipped. */
    public ItemTiming(Instant submitted, Optional<Instant> started, Instant ended, Duration airtime, int plays,
                      int underruns, double underrunSeconds, String source) {
        this(submitted, started, ended, airtime, plays, underruns, underrunSeconds, source, 0);
    }

    /** An item that never reached a player: no source. */
    public ItemTiming(Instant submitted, Optional<Instant> started, Instant ended, Duration airtime, int plays,
                      int underruns, double underrunSeconds) {
        this(submitted, started, ended, airtime, plays, underruns, underrunSeconds, "");
    }
}
