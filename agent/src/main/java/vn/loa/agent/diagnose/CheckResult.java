package vn.loa.agent.diagnose;

import java.util.Objects;

/**
 * What one check found. A pass states what was verified; a warning or failure also states the likely cause
 * and what the technician should do, in words a non-developer can act on.
 *
 * @param detail what was seen, quoting values ({@code "12 MB free on /var/lib/loa, less than 50 MB"})
 * @param cause the likely cause; empty for a pass
 * @param remedy what to do next; empty for a pass
 */
public record CheckResult(Status status, String detail, String cause, String remedy) {

    public CheckResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(remedy, "remedy");
        if (detail == null || detail.isBlank()) throw new IllegalArgumentException("a check result needs a detail");
        if (status != Status.PASS && (cause.isBlank() || remedy.isBlank())) {
            throw new IllegalArgumentException(status + " '" + detail + "' needs a likely cause and a remedy");
        }
    }

    public static CheckResult pass(String detail) {
        return new CheckResult(Status.PASS, detail, "", "");
    }

    public static CheckResult warn(String detail, String cause, String remedy) {
        return new CheckResult(Status.WARN, detail, cause, remedy);
    }

    public static CheckResult fail(String detail, String cause, String remedy) {
        return new CheckResult(Status.FAIL, detail, cause, remedy);
    }
}
