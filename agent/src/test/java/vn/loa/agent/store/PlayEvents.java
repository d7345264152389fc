package vn.loa.agent.store;

import java.time.Instant;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.Level;

/** Test events. */
final class PlayEvents {
    private PlayEvents() {
    }

    static PlayEvent completed(String id, Instant start) {
        return new PlayEvent(id, Level.NORMAL, "schedule:srv1", start, start.plusSeconds(1), start.plusSeconds(60),
                new ItemResult.Completed(), "cache:" + "a".repeat(64), 0, "ON", 70);
    }
}
