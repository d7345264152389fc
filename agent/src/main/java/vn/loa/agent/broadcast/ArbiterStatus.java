package vn.loa.agent.broadcast;

import java.util.Optional;
import vn.loa.hal.Amplifier;

/**
 * A snapshot for status pages and {@code ./loa play}: what is on air, how full its buffer is, and the
 * amplifier.
 *
 * @param currentId      the item being prepared or played, if any
 * @param level          its level, if any
 * @param phase          {@code idle}, {@code waiting-amplifier}, {@code buffering}, {@code playing},
 *                       {@code rebuffering}
 * @param bufferSeconds  audio buffered ahead
 * @param underruns      underruns of the current play
 * @param reconnects     stream reconnects of the current play
 * @param title          the ICY stream title, or empty
 * @param amplifier      the amplifier's state
 * @param queued         items waiting
 * @param lastError      the source's latest error, or empty
 * @param codec          the current play's decoder as {@link vn.loa.agent.audio.PlaybackStats#codec()} names it, or empty
 * @param corruptFrames  corrupt frames the current play's decoder skipped
 */
public record ArbiterStatus(Optional<String> currentId, Optional<Level> level, String phase, double bufferSeconds,
                            int underruns, int reconnects, String title, Amplifier.State amplifier, int queued,
                            String lastError, String codec, int corruptFrames) {

    /** Nothing decoded yet: no codec, no corrupt frames. */
    public ArbiterStatus(Optional<String> currentId, Optional<Level> level, String phase, double bufferSeconds,
                         int underruns, int reconnects, String title, Amplifier.State amplifier, int queued,
                         String lastError) {
        this(currentId, level, phase, bufferSeconds, underruns, reconnects, title, amplifier, queued, lastError, "", 0);
    }
}
