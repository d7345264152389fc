package vn.loa.agent.schedule;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The receiver's remote kill switch: while held "out of service" nothing plays, emergencies included, and the
 * amplifiers stay off (a loudspeaker that howls or beeps must be silenced from the headend, not after a drive to
 * the pole). Set and cleared by the headend (Object 33000 resource 9) and kept across restarts; the station's
 * {@link PlayGate} refuses every item while it is held. Thread-safe.
 */
public final class ServiceHold {

    /** Who took the receiver out of service, and since when. */
    public record Held(String by, Instant since) {
        public Held {
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(since, "since");
        }
    }

    private volatile Held held;

    /** The hold, or empty while the receiver is in service. */
    public Optional<Held> held() {
        return Optional.ofNullable(held);
    }

    public void hold(Held h) {
        held = Objects.requireNonNull(h, "h");
    }

    public void release() {
        held = null;
    }

    /** Why an item may not play now, or empty. */
    public Optional<String> refusal() {
        Held h = held;
        if (h == null) return Optional.empty();
        return Optional.of("out of service since " + h.since() + " (set by " + h.by() + "): amplifiers held off until "
                + "the headend puts the receiver back in service");
    }
}
