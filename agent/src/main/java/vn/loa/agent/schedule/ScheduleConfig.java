package vn.loa.agent.schedule;

import java.time.Duration;
import java.time.ZoneId;
import vn.loa.hal.time.Clock;
import vn.loa.hal.json.JsonNode;

/**
 * The {@code schedule} section of {@code loa.json}.
 * <pre>
 * "schedule": {
 *   "zone": "Asia/Ho_Chi_Minh",        // the station's time zone for every schedule
 *   "prefetchAheadHours": 72,          // stored bulletins due within this are downloaded ahead and kept from eviction
 *   "prefetchEveryMinutes": 15,        // how often the prefetcher looks (and retries failures)
 *   "lateStartMinutes": 10,            // an occurrence may start this late (reboot, slow fetch), then it is missed
 *   "clockToleranceSeconds": 120       // server time vs ours, and wall-clock jumps, before trust is withdrawn
 * }</pre>
 */
public record ScheduleConfig(ZoneId zone, Duration prefetchAhead, Duration prefetchEvery, Duration lateStart,
                             Duration clockTolerance) {

    /** Three days: a station cut off by a storm still has every distinct bulletin of the next three days stored. */
    public static final int DEFAULT_PREFETCH_AHEAD_HOURS = 72;

    public ScheduleConfig {
        if (zone == null) throw new IllegalArgumentException("schedule.zone is required");
        for (Duration d : new Duration[] {prefetchAhead, prefetchEvery, lateStart, clockTolerance}) {
            if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException("schedule durations must be positive but one was " + d);
        }
    }

    public static ScheduleConfig defaults() {
        return new ScheduleConfig(Clock.VIETNAM, Duration.ofHours(DEFAULT_PREFETCH_AHEAD_HOURS), Duration.ofMinutes(15), Duration.ofMinutes(10),
                Duration.ofSeconds(120));
    }

    /** Reads the section (absent keys take the defaults above); problems go to {@code section.problems()}. */
    public static ScheduleConfig from(JsonNode section) {
        ZoneId zone = section.parsed("zone", Clock.VIETNAM, s -> {
            try {
                return ZoneId.of(s);
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("is not a time zone (e.g. Asia/Ho_Chi_Minh)");
            }
        });
        int ahead = section.intValue("prefetchAheadHours", DEFAULT_PREFETCH_AHEAD_HOURS, 1, 24 * 14);
        int every = section.intValue("prefetchEveryMinutes", 15, 1, 24 * 60);
        int late = section.intValue("lateStartMinutes", 10, 1, 24 * 60);
        int tol = section.intValue("clockToleranceSeconds", 120, 1, 24 * 3600);
        section.rejectUnknownKeys();
        return new ScheduleConfig(zone, Duration.ofHours(ahead), Duration.ofMinutes(every), Duration.ofMinutes(late),
                Duration.ofSeconds(tol));
    }
}
