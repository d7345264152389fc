package vn.loa.agent.store;

import java.time.Instant;
import java.util.Objects;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.Level;

/**
 * How one item's turn on air ended: the play log's input. Whoever ends an item (the arbiter's listener,
 * or the schedule when it refuses or cannot start an occurrence) builds one. Immutable.
 *
 * @param itemId         the item's id (a schedule occurrence is {@code ENTRY@yyyy-MM-ddTHH:mm})
 * @param level          its level
 * @param origin         who asked for it (server short id, {@code schedule}, {@code cli})
 * @param scheduledStart when the schedule wanted it, or {@code null} for an item sent to play now
 * @param actualStart    when audio started, or {@code null} if it never did (refused, failed before start)
 * @param end            when it ended (or was refused)
 * @param result         how it ended
 * @param source         the source that actually played ({@code cache:SHA256}, a URL), or {@code null}
 * @param underruns      audio buffer underruns while it played
 * @param amplifier      the amplifier state when it ended ({@code ON}, {@code FAULT}, ...), or {@code null}
 * @param volume         the volume it played at 0..100, or -1 when it never played
 */
public record PlayEvent(String itemId, Level level, String origin, Instant scheduledStart, Instant actualStart,
                        Instant end, ItemResult result, String source, long underruns, String amplifier,
                        int volume) {

    public PlayEvent {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(result, "result");
        if (origin == null) origin = "unknown";
        if (underruns < 0) throw new IllegalArgumentException("item " + itemId + ": underruns " + underruns + " < 0");
        if (volume < -1 || volume > 100) throw new IllegalArgumentException("item " + itemId + ": volume " + volume + " outside -1..100");
        if (actualStart != null && end.isBefore(actualStart)) {
            throw new IllegalArgumentException("item " + itemId + ": end " + end + " before start " + actualStart);
        }
    }

    /** An occurrence that never aired: refused or failed before audio, at {@code when}. */
    public static PlayEvent notAired(String itemId, Level level, String origin, Instant scheduledStart,
                                     Instant when, ItemResult result) {
        return new PlayEvent(itemId, level, origin, scheduledStart, null, when, result, null, 0, null, -1);
    }
}
