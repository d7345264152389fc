package vn.loa.agent.store;

import java.util.Objects;

/**
 * A play log record: an event and its sequence number. {@code seq} starts at 1, grows by one per record and is
 * never reused (not even after a power cut), so the headend can use (endpoint, seq) to drop duplicates.
 */
public record PlayRecord(long seq, PlayEvent event) {
    public PlayRecord {
        Objects.requireNonNull(event, "event");
        if (seq < 1) throw new IllegalArgumentException("seq " + seq + " < 1");
    }
}
