package vn.loa.testbench.scenario;

import java.time.Duration;
import java.util.Objects;

/**
 * How one step went: when it was due, when it actually ran (both from the scenario's start) and what each
 * receiver's station answered ({@code done: ...} or {@code refused: ...}, one per receiver, joined by "; ").
 */
public record StepRecord(Step step, Duration ranAt, boolean refused, String outcome) {

    public StepRecord {
        Objects.requireNonNull(step);
        Objects.requireNonNull(ranAt);
        Objects.requireNonNull(outcome);
    }
}
