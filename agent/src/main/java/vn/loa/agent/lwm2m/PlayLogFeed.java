package vn.loa.agent.lwm2m;

import java.util.List;

/**
 * The station's play log as the management plane sees it (Object 33003): the oldest records the headend has not
 * acknowledged, and the cumulative acknowledgement. Implemented over {@code vn.loa.agent.store.PlayLog}.
 *
 * <p>Thread contract: every method may be called from a protocol thread and returns quickly (the log keeps its
 * pending records in memory; an acknowledgement is one small durable write). Listeners are called after each new
 * record, from the thread that wrote it, and must not block.
 */
public interface PlayLogFeed {

    /** One pending record: its sequence number and its JSON text. */
    record Pending(long seq, String json) {
        public Pending {
            if (seq < 1) throw new IllegalArgumentException("seq " + seq + " < 1");
            java.util.Objects.requireNonNull(json, "json");
        }
    }

    /** What an acknowledgement did. */
    sealed interface Ack {
        /** Records up to {@code upTo} are now acknowledged (or already were). */
        record Accepted(long upTo) implements Ack { }

        /** Refused with the reason; nothing changed. */
        record Refused(String reason) implements Ack { }
    }

    /** The oldest {@code limit} unacknowledged records, oldest first. */
    List<Pending> pending(int limit);

    int pendingCount();

    long lastSeq();

    long acknowledgedUpTo();

    /** Cumulative: acknowledges every record up to and including {@code upTo}. */
    Ack acknowledge(long upTo);

    void addAppendListener(Runnable listener);
}
