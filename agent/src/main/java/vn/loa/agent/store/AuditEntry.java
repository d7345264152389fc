package vn.loa.agent.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the audit log: who did or was refused what, and when.
 *
 * @param at     station wall-clock time
 * @param who    a server short id, {@code schedule}, {@code cli}, {@code power}, ... (never a secret)
 * @param action a short word: {@code schedule.put}, {@code schedule.remove}, {@code refused.quiet-hours}, ...
 * @param detail a readable sentence quoting the values involved
 */
public record AuditEntry(Instant at, String who, String action, String detail) {
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        if (who == null || who.isBlank()) who = "unknown";
        if (detail == null) detail = "";
    }
}
