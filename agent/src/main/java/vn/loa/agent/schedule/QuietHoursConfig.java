package vn.loa.agent.schedule;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import vn.loa.hal.json.JsonNode;

/**
 * The {@code quietHours} section of {@code loa.json}: the nightly window in which only emergency items and
 * items marked {@code allowNight} may play.
 * <pre>
 * "quietHours": { "enabled": true, "start": "22:00", "end": "05:00" }   // the defaults
 * </pre>
 * The window is {@code [start, end)} in station time and wraps midnight when {@code end} is before
 * {@code start}; {@code start == end} is rejected (say {@code enabled: false} instead).
 */
public record QuietHoursConfig(boolean enabled, LocalTime start, LocalTime end) {

    public QuietHoursConfig {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (start.equals(end)) {
            throw new IllegalArgumentException("quiet hours start and end are both " + start + "; set enabled false to turn them off");
        }
    }

    public static QuietHoursConfig defaults() {
        return new QuietHoursConfig(true, LocalTime.of(22, 0), LocalTime.of(5, 0));
    }

    /** Reads the section (absent keys take the defaults); problems go to {@code section.problems()}. */
    public static QuietHoursConfig from(JsonNode section) {
        QuietHoursConfig d = defaults();
        boolean enabled = section.bool("enabled", d.enabled());
        LocalTime start = section.parsed("start", d.start(), QuietHoursConfig::time);
        LocalTime end = section.parsed("end", d.end(), QuietHoursConfig::time);
        section.rejectUnknownKeys();
        if (start.equals(end)) {
            section.problem("end", "'" + end + "' equals start; set enabled false to turn quiet hours off");
            return d;
        }
        return new QuietHoursConfig(enabled, start, end);
    }

    private static LocalTime time(String s) {
        try {
            return LocalTime.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("is not a time of day (HH:mm)");
        }
    }

    /** True when {@code t} falls inside the window (and the window is enabled). */
    public boolean contains(LocalTime t) {
        if (!enabled) return false;
        if (start.isBefore(end)) return !t.isBefore(start) && t.isBefore(end);
        return !t.isBefore(start) || t.isBefore(end);
    }

    @Override public String toString() {
        return start + "-" + end;
    }
}
