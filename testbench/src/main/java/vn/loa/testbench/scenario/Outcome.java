package vn.loa.testbench.scenario;

import java.util.Objects;

/**
 * The verdict on one expectation: whether it held, what was expected, what was seen, and the step it is about
 * (the step that fired the item, or {@code station start}, ...).
 */
public record Outcome(Expectation expectation, boolean held, String expected, String actual, String step) {

    public Outcome {
        Objects.requireNonNull(expectation);
        Objects.requireNonNull(expected);
        Objects.requireNonNull(actual);
        Objects.requireNonNull(step);
    }

    /**
     * One readable line: {@code FAILED expect[2] aired on rx-1: expected 'storm' completed ...; actual: never
     * audible; step: step[1] at 5.00s (fire emergency 'storm' ...)}.
     */
    public String line() {
        return (held ? "held   " : "FAILED ") + "expect[" + expectation.index() + "] " + expectation.word() + " on "
                + String.join(", ", expectation.receivers()) + ": expected " + expected + "; actual: " + actual + "; step: " + step;
    }
}
