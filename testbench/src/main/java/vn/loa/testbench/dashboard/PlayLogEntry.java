package vn.loa.testbench.dashboard;

import java.time.Instant;
import java.util.Objects;
import vn.loa.agent.broadcast.Level;

/**
 * One line of a receiver's play log: what was aired, at which level, and how it ended.
 *
 * @param result the outcome as {@code ItemResult.describe()} words it (e.g. {@code completed},
 *     {@code preempted by em-1}), or {@code playing} while on air
 */
public record PlayLogEntry(Instant at, String receiverId, String itemId, String title, Level level, String result) {

    public PlayLogEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(receiverId, "receiverId");
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(result, "result");
    }
}
