package vn.loa.testbench.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One immutable snapshot of a (simulated or real) station as the dashboard and console show it: every
 * receiver and the most recent play-log entries, newest last.
 *
 * @param at when the snapshot was taken (station clock)
 * @param receivers in display order; ids unique
 * @param playLog most recent entries first or last as the station keeps them; the page shows them newest first
 */
public record StationView(Instant at, List<ReceiverView> receivers, List<PlayLogEntry> playLog) {

    public StationView {
        Objects.requireNonNull(at, "at");
        receivers = List.copyOf(receivers);
        playLog = List.copyOf(playLog);
        long distinct = receivers.stream().map(ReceiverView::id).distinct().count();
        if (distinct != receivers.size()) {
            throw new IllegalArgumentException("station view: receiver ids are not unique: "
                    + receivers.stream().map(ReceiverView::id).toList());
        }
    }
}
