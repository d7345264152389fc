package vn.loa.hal.time;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The station's notion of time: a wall clock (which may jump when NTP or the server sets it) and a
 * monotonic clock (which never does). Timeouts, debounce and state-machine durations use
 * {@link #monotonicNanos()}; schedules and logs use {@link #now()}.
 *
 * <p>Implementations are thread-safe. Agent and OTA code never read the JDK clocks directly; they take a
 * {@code Clock}, so tests drive time with {@link ManualScheduler}.
 */
public interface Clock {

    /** Wall-clock time. */
    Instant now();

    /** Monotonic nanoseconds from an arbitrary origin; only differences are meaningful. */
    long monotonicNanos();

    /** The station's time zone (by default {@code Asia/Ho_Chi_Minh}). */
    ZoneId zone();

    default ZonedDateTime localNow() {
        return now().atZone(zone());
    }

    /** The real clocks of the machine, in the given zone. */
    static Clock system(ZoneId zone) {
        return new Clock() {
            @Override public Instant now() { return Instant.now(); }
            @Override public long monotonicNanos() { return System.nanoTime(); }
            @Override public ZoneId zone() { return zone; }
        };
    }

    ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
}
