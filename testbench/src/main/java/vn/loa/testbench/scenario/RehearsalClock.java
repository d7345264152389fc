package vn.loa.testbench.scenario;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import vn.loa.hal.time.Clock;

/**
 * The wall clock a scenario's station runs on: the machine's clock moved so that the scenario starts at a chosen
 * local time of day (by default 10:00, outside the receivers' quiet hours), whatever the hour it is run at. Monotonic
 * time is the machine's, untouched: only what reads the date and time of day (schedules, quiet hours, logs) sees the
 * shift. Without it a scenario run in the evening would have its normal bulletins refused by the quiet hours.
 *
 * <p>Immutable; thread-safe.
 */
public final class RehearsalClock implements Clock {

    private final Clock base;
    private final Duration shift;

    private RehearsalClock(Clock base, Duration shift) {
        this.base = base;
        this.shift = shift;
    }

    /** A clock that reads {@code localTime} today (in {@code base}'s zone) now, and runs on from there. */
    public static RehearsalClock startingAt(LocalTime localTime, Clock base) {
        ZonedDateTime now = base.now().atZone(base.zone());
        ZonedDateTime target = now.with(localTime);
        return new RehearsalClock(base, Duration.between(now, target));
    }

    @Override public Instant now() {
        return base.now().plus(shift);
    }

    @Override public long monotonicNanos() {
        return base.monotonicNanos();
    }

    @Override public ZoneId zone() {
        return base.zone();
    }

    /** How far this clock is moved from the machine's. */
    public Duration shift() {
        return shift;
    }
}
