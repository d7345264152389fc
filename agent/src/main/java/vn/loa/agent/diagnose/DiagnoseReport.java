package vn.loa.agent.diagnose;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Every check's result in the order they ran, and when. Immutable. */
public record DiagnoseReport(Instant at, List<Entry> entries) {

    /** One check's result and how long it took. */
    public record Entry(String check, CheckResult result, Duration took) {
        public Entry {
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(took, "took");
        }
    }

    public DiagnoseReport {
        Objects.requireNonNull(at, "at");
        entries = List.copyOf(entries);
    }

    /** The most severe status; {@link Status#PASS} when there is nothing to report. */
    public Status worst() {
        return entries.stream().map(e -> e.result().status()).max(Comparator.comparingInt(DiagnoseReport::severity))
                .orElse(Status.PASS);
    }

    /** {@link Status#exitCode()} of {@link #worst()}. */
    public int exitCode() {
        return worst().exitCode();
    }

    public long count(Status s) {
        return entries.stream().filter(e -> e.result().status() == s).count();
    }

    private static int severity(Status s) {
        return switch (s) {
            case PASS -> 0;
            case WARN -> 1;
            case FAIL -> 2;
        };
    }

    /**
     * One line per check, e.g. {@code FAIL amplifier  fault input active: amplifier overheated or shorted -> check
     * fan and speaker line, then 'loa diagnose' again}; a pass shows its detail only. Names are padded to line up.
     */
    public List<String> lines() {
        int w = entries.stream().mapToInt(e -> e.check().length()).max().orElse(0);
        return entries.stream().map(e -> {
            CheckResult r = e.result();
            String head = String.format("%-4s %-" + w + "s  ", r.status(), e.check());
            if (r.status() == Status.PASS) return head + r.detail();
            return head + r.detail() + ": " + r.cause() + " -> " + r.remedy() + ", then 'loa diagnose' again";
        }).toList();
    }

    /** The closing line: counts and the verdict. */
    public String summary() {
        return switch (worst()) {
            case PASS -> "All " + entries.size() + " checks passed.";
            case WARN -> count(Status.WARN) + " warning(s), no failures, " + count(Status.PASS) + " passed.";
            case FAIL -> count(Status.FAIL) + " failed, " + count(Status.WARN) + " warning(s), " + count(Status.PASS)
                    + " passed: this receiver needs attention.";
        };
    }
}
