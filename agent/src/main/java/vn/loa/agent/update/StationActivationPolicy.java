package vn.loa.agent.update;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import vn.loa.agent.broadcast.ArbiterStatus;
import vn.loa.agent.broadcast.Level;
import vn.loa.hal.time.Clock;
import vn.loa.ota.ActivationPolicy;
import vn.loa.ota.MaintenanceWindowPolicy;

/**
 * When the station may restart into a downloaded update, judged from what is on air ({@link ArbiterStatus}):
 * <ul>
 *   <li>an EMERGENCY or PRIORITY item is live: never ("EMERGENCY item 'storm-1' is on air");</li>
 *   <li>a NORMAL (or background) item is live: only inside the maintenance window, if one is configured
 *       ({@link MaintenanceWindowPolicy}); with no window, at once;</li>
 *   <li>nothing is live: at once (the restart interrupts nobody).</li>
 * </ul>
 * Called on the control loop (the update service asks again every 30 s and when {@link StationUpdates} sees the
 * answer may have changed); reads the arbiter status and the clock, never blocks.
 */
public final class StationActivationPolicy implements ActivationPolicy {

    private final Supplier<ArbiterStatus> arbiter;
    private final Optional<MaintenanceWindowPolicy> window;

    public StationActivationPolicy(Supplier<ArbiterStatus> arbiter, Clock clock, Optional<UpdateConfig.Window> window) {
        this.arbiter = Objects.requireNonNull(arbiter, "arbiter");
        this.window = window.map(w -> new MaintenanceWindowPolicy(clock, w.from(), w.to(), Optional::empty));
    }

    @Override public Decision mayActivateNow() {
        ArbiterStatus s = arbiter.get();
        if (s.currentId().isEmpty()) return new Decision.Allowed();
        Level level = s.level().orElse(Level.NORMAL);
        String item = level.name() + " item '" + s.currentId().get() + "' is on air";
        if (level == Level.EMERGENCY || level == Level.PRIORITY) return new Decision.Deferred(item);
        if (window.isEmpty()) return new Decision.Allowed();
        return switch (window.get().mayActivateNow()) {
            case Decision.Allowed a -> a;
            case Decision.Deferred d -> new Decision.Deferred(item + " and the station is " + d.reason());
        };
    }
}
