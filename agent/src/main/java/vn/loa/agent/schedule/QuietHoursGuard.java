package vn.loa.agent.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.store.AuditLog;

/**
 * Keeps the loudspeakers quiet at night (the 2025 Nghệ An 3:15 a.m. lesson): inside the quiet-hours window
 * NORMAL, PRIORITY and BACKGROUND items are refused unless they {@code allowNight}; EMERGENCY always plays.
 * Every refusal is written to the audit log with the item's origin as "who". Used by the schedule for its
 * occurrences and meant for the arbiter too, for items the headend sends to play now.
 *
 * <p>Stateless apart from its config; thread-safe.
 */
public final class QuietHoursGuard {

    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm");

    private final QuietHoursConfig config;
    private final ZoneId zone;
    private final AuditLog audit;

    public QuietHoursGuard(QuietHoursConfig config, ZoneId zone, AuditLog audit) {
        this.config = config;
        this.zone = zone;
        this.audit = audit;
    }

    public QuietHoursConfig config() {
        return config;
    }

    /** Whether {@code item} may start at {@code at}; a refusal is audited before this returns. */
    public Admission admit(BroadcastItem item, Instant at) {
        if (item.level() == Level.EMERGENCY || item.allowNight()) return Admission.ADMITTED;
        ZonedDateTime local = at.atZone(zone);
        if (!config.contains(local.toLocalTime())) return Admission.ADMITTED;
        String reason = "quiet hours " + config + ": " + item.level().lower() + " item " + item.id() + " at "
                + local.format(HM) + " without allowNight";
        audit.record(item.origin(), "refused.quiet-hours", reason);
        return new Admission.Refused(reason);
    }
}
