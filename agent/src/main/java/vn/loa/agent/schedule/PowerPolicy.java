package vn.loa.agent.schedule;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tinylog.Logger;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.store.AuditLog;

/**
 * What may play on battery: on mains loss BACKGROUND is refused (and NORMAL when
 * {@link PowerConfig#skipNormalOnBattery()}), the emergency path is kept; each change is logged, audited and
 * told to listeners (the schedule and the station stop what may no longer play, whoever sent it; the status
 * object reports it); on return everything resumes. Each refusal is audited. Call on the control loop.
 */
public final class PowerPolicy {

    /** Told after each mains change. */
    @FunctionalInterface
    public interface Listener {
        void onPowerChanged(boolean onMains);
    }

    private final PowerConfig config;
    private final AuditLog audit;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean onMains;

    /** Follows {@code source} from now on; starts from its present state. */
    public PowerPolicy(PowerConfig config, PowerSource source, AuditLog audit) {
        this.config = config;
        this.audit = audit;
        this.onMains = source.mainsPresent();
        source.addListener(this::mainsChanged);
        if (!onMains) Logger.tag("power").warn("starting on battery: {}", refusedText());
    }

    public boolean onMains() {
        return onMains;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** Whether {@code item} may start now; a refusal is audited (who: the item's origin) before this returns. */
    public Admission admit(BroadcastItem item) {
        if (onMains || !refused(item.level())) return Admission.ADMITTED;
        String reason = "on battery (mains lost): " + refusedText();
        audit.record(item.origin(), "refused.power", item.level().lower() + " item " + item.id() + ": " + reason);
        return new Admission.Refused(reason);
    }

    /** True if {@code level} may not play on battery. */
    public boolean refused(Level level) {
        return level == Level.BACKGROUND || (level == Level.NORMAL && config.skipNormalOnBattery());
    }

    private String refusedText() {
        return config.skipNormalOnBattery() ? "background and normal items are skipped" : "background items are skipped";
    }

    void mainsChanged(boolean present) {
        if (present == onMains) return;
        onMains = present;
        if (present) {
            Logger.tag("power").info("mains back: every level plays again");
            audit.record("power", "power.mains-back", "mains power back; every level plays again");
        } else {
            Logger.tag("power").warn("mains lost, on battery: {}; emergency and priority keep playing", refusedText());
            audit.record("power", "power.mains-lost", "mains power lost; " + refusedText());
        }
        for (Listener l : listeners) l.onPowerChanged(present);
    }
}
