package vn.loa.agent.schedule;

import java.util.Objects;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.hal.time.Clock;

/**
 * The station's rules for an item sent to play now (a headend Play, the console), before it reaches the
 * arbiter: the power policy, then quiet hours (refusals audited with the item's origin). The schedule applies
 * the same rules to its own occurrences. A refusal's reason is what the headend should get back
 * ({@code refused: REASON}). The station also makes it the arbiter's start guard, so it is asked again each time an
 * item is about to start or resume. Call on the control loop.
 */
public final class PlayGate {

    private final QuietHoursGuard quiet;
    private final PowerPolicy power;
    private final Clock clock;

    /** {@code power} may be {@code null}: the station is then treated as always on mains. */
    public PlayGate(QuietHoursGuard quiet, PowerPolicy power, Clock clock) {
        this.quiet = Objects.requireNonNull(quiet, "quiet");
        this.power = power;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Admission admit(BroadcastItem item) {
        if (power != null) {
            Admission a = power.admit(item);
            if (!a.admitted()) return a;
        }
        return quiet.admit(item, clock.now());
    }
}
