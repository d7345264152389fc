package vn.loa.agent.schedule;

import java.util.Objects;
import java.util.Optional;
import vn.loa.agent.audio.SourceAllowList;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.store.AuditLog;
import vn.loa.hal.time.Clock;

/**
 * The station's rules for an item sent to play now (a headend Play, the console), before it reaches the
 * arbiter: the remote kill switch ({@link ServiceHold}: nothing plays while out of service), its sources against {@code audio.allowSources} (every level: a stream an attacker pointed the receiver
 * to is refused, emergency or not), the power policy, then quiet hours (refusals audited with the item's origin). The schedule applies
 * the same rules to its own occurrences. A refusal's reason is what the headend should get back
 * ({@code refused: REASON}). The station also makes it the arbiter's start guard, so it is asked again each time an
 * item is about to start or resume. Call on the control loop.
 */
public final class PlayGate {

    private final QuietHoursGuard quiet;
    private final PowerPolicy power;
    private final Clock clock;

    private final SourceAllowList sources;
    private final AuditLog audit;

    /** {@code power} may be {@code null}: the station is then treated as always on mains. Every source allowed. */
    public PlayGate(QuietHoursGuard quiet, PowerPolicy power, Clock clock) {
        this(quiet, power, clock, SourceAllowList.ANY, null);
    }

    private final ServiceHold service;

    /** {@code audit} records source refusals; it may be {@code null} only when {@code sources} allows all. */
    public PlayGate(QuietHoursGuard quiet, PowerPolicy power, Clock clock, SourceAllowList sources, AuditLog audit) {
        this(quiet, power, clock, sources, audit, null);
    }

    /**
     * As above; while {@code service} is held every item is refused first, emergencies too, audited
     * ({@code refused.out-of-service}). {@code service} may be {@code null} (never held); {@code audit} is then
     * required.
     */
    public PlayGate(QuietHoursGuard quiet, PowerPolicy power, Clock clock, SourceAllowList sources, AuditLog audit,
                    ServiceHold service) {
        this.service = service;
        if (service != null && audit == null) throw new IllegalArgumentException("a service hold needs an audit log");
        this.quiet = Objects.requireNonNull(quiet, "quiet");
        this.power = power;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sources = Objects.requireNonNull(sources, "sources");
        if (audit == null && !sources.allowsAll()) throw new IllegalArgumentException("an allow-list needs an audit log");
        this.audit = audit;
    }

    public Admission admit(BroadcastItem item) {
        Optional<String> held = service == null ? Optional.empty() : service.refusal();
        if (held.isPresent()) {
            String reason = item.level().lower() + " item " + item.id() + ": " + held.get();
            audit.record(item.origin(), "refused.out-of-service", reason);
            return new Admission.Refused(reason);
        }
        Optional<String> refused = sources.refusal(item.sources());
        if (refused.isPresent()) {
            String reason = item.level().lower() + " item " + item.id() + ": " + refused.get();
            audit.record(item.origin(), "refused.source", reason);
            return new Admission.Refused(reason);
        }
        if (power != null) {
            Admission a = power.admit(item);
            if (!a.admitted()) return a;
        }
        return quiet.admit(item, clock.now());
    }
}
