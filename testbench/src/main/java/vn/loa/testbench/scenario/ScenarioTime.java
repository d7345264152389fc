package vn.loa.testbench.scenario;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times in scenario files: an offset from the scenario's start written as minutes, seconds and milliseconds,
 * largest first, e.g. {@code "2s"}, {@code "1m30s"}, {@code "500ms"}, {@code "1s250ms"}, {@code "0s"}.
 */
public final class ScenarioTime {

    /** The longest offset a scenario may use: scenarios are rehearsals, not soak tests. */
    public static final Duration MAX = Duration.ofMinutes(30);

    private static final Pattern FORM = Pattern.compile("(?:(\\d{1,4})m(?!s))?(?:(\\d{1,6})s)?(?:(\\d{1,7})ms)?");

    private ScenarioTime() {
    }

    /**
     * Parses {@code text}; the exception's message says what is wrong without repeating the value (the JSON
     * reader quotes it): {@code is not a time (use e.g. "2s", "1m30s", "500ms")}.
     */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (text.isBlank() || !m.matches() || (m.group(1) == null && m.group(2) == null && m.group(3) == null)) {
            throw new IllegalArgumentException("is not a time (use e.g. \"2s\", \"1m30s\", \"500ms\")");
        }
        Duration d = Duration.ZERO;
        if (m.group(1) != null) d = d.plusMinutes(Long.parseLong(m.group(1)));
        if (m.group(2) != null) d = d.plusSeconds(Long.parseLong(m.group(2)));
        if (m.group(3) != null) d = d.plusMillis(Long.parseLong(m.group(3)));
        if (d.compareTo(MAX) > 0) throw new IllegalArgumentException("is longer than the 30 minutes a scenario may last");
        return d;
    }

    /** Seconds with millisecond precision, for reports and messages: {@code 1.25s}, {@code -0.8s}. */
    public static String format(Duration d) {
        return String.format(Locale.ROOT, "%.2fs", seconds(d));
    }

    /** Seconds as a number with millisecond precision (for the JSON report). */
    public static double seconds(Duration d) {
        return Math.round(d.toNanos() / 1_000_000.0) / 1000.0;
    }
}
