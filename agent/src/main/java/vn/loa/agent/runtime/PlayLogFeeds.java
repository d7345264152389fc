package vn.loa.agent.runtime;

import java.io.IOException;
import java.util.List;
import vn.loa.agent.lwm2m.PlayLogFeed;
import vn.loa.agent.store.AckOutcome;
import vn.loa.agent.store.PlayLog;

/** The station's {@link PlayLog} offered to the headend (Object 33003). */
final class PlayLogFeeds implements PlayLogFeed {

    private final PlayLog log;

    PlayLogFeeds(PlayLog log) {
        this.log = log;
    }

    @Override public List<Pending> pending(int limit) {
        return log.unacknowledged(limit).stream().map(r -> new Pending(r.seq(), PlayLog.encode(r))).toList();
    }

    @Override public int pendingCount() {
        return log.unacknowledgedCount();
    }

    @Override public long lastSeq() {
        return log.lastSeq();
    }

    @Override public long acknowledgedUpTo() {
        return log.acknowledgedUpTo();
    }

    @Override public Ack acknowledge(long upTo) {
        try {
            return switch (log.acknowledge(upTo)) {
                case AckOutcome.Advanced a -> new Ack.Accepted(a.to());
                case AckOutcome.AlreadyAcknowledged a -> new Ack.Accepted(a.ackedUpTo());
                case AckOutcome.Beyond b -> new Ack.Refused("acknowledgement up to " + b.requested()
                        + " is beyond the last record " + b.lastSeq() + "; nothing changed");
            };
        } catch (IOException e) {
            return new Ack.Refused("the station could not store the acknowledgement (" + e.getMessage()
                    + "); the records stay pending");
        }
    }

    @Override public void addAppendListener(Runnable listener) {
        log.addAppendListener(listener);
    }
}
