package vn.loa.ota;

import java.time.LocalTime;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import vn.loa.hal.time.Clock;

/**
 * An {@link ActivationPolicy}: never while something the station must not interrupt is live (the agent's
 * {@code blocker} names it, e.g. "EMERGENCY item 'storm warning' is playing"), and otherwise only inside a
 * daily maintenance window in the station's time zone (which may wrap midnight, e.g. 23:00-04:00). A window
 * whose start equals its end means "any time". Reads the clock on each call; called on the control loop.
 */
public final class MaintenanceWindowPolicy implements ActivationPolicy {

    private final Clock clock;
    private final LocalTime from;
    private final LocalTime to;
    private final Supplier<Optional<String>> blocker;

    public MaintenanceWindowPolicy(Clock clock, LocalTime from, LocalTime to, Supplier<Optional<String>> blocker) {
        this.clock = Objects.requireNonNull(clock);
        this.from = Objects.requireNonNull(from);
        this.to = Objects.requireNonNull(to);
        this.blocker = Objects.requireNonNull(blocker);
    }

    @Override public Decision mayActivateNow() {
        Optional<String> busy = blocker.get();
        if (busy.isPresent()) return new Decision.Deferred(busy.get());
        if (from.equals(to)) return new Decision.Allowed();
        LocalTime now = clock.localNow().toLocalTime();
        boolean inside = from.isBefore(to) ? !now.isBefore(from) && now.isBefore(to) : !now.isBefore(from) || now.isBefore(to);
        if (inside) return new Decision.Allowed();
        return new Decision.Deferred("outside the maintenance window " + from + "-" + to + " (now "
                + now.withNano(0) + " " + clock.zone() + ")");
    }
}
