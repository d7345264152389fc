package vn.loa.agent.lwm2m;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The text forms of Object 33001's recurrence resources: days of week {@code "mon,wed,fri"} (or {@code "daily"},
 * empty for none), times of day {@code "06:00,17:30"} (24 h, at most 24), dates {@code "2026-12-01"} (empty: open).
 * Parse errors quote the bad part and say what is expected.
 */
final class RecurrenceText {

    static final int MAX_TIMES = 24;
    private static final List<String> DAY_WORDS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    private RecurrenceText() {
    }

    static Set<DayOfWeek> parseDays(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) return Set.of();
        if (t.equals("daily")) return EnumSet.allOf(DayOfWeek.class);
        EnumSet<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (String part : t.split(",")) {
            int i = DAY_WORDS.indexOf(part.trim());
            if (i < 0) {
                throw new IllegalArgumentException("days of week: '" + part.trim() + "' is not one of "
                        + String.join(", ", DAY_WORDS) + " (or 'daily')");
            }
            out.add(DayOfWeek.of(i + 1));
        }
        return out;
    }

    static List<LocalTime> parseTimes(String text) {
        String t = text.trim();
        if (t.isEmpty()) return List.of();
        TreeSet<LocalTime> out = new TreeSet<>();
        for (String part : t.split(",")) {
            String p = part.trim();
            if (!p.matches("\\d{2}:\\d{2}")) {
                throw new IllegalArgumentException("times of day: '" + p + "' is not HH:mm (24 h, e.g. 06:00)");
            }
            try {
                out.add(LocalTime.parse(p));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("times of day: '" + p + "' is not a time of day (00:00 .. 23:59)");
            }
        }
        if (out.size() > MAX_TIMES) throw new IllegalArgumentException("times of day: " + out.size() + " times, at most " + MAX_TIMES);
        return List.copyOf(out);
    }

    static LocalDate parseDate(String text, String what) {
        String t = text.trim();
        if (t.isEmpty()) return null;
        try {
            return LocalDate.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + ": '" + t + "' is not a date (yyyy-MM-dd, e.g. 2026-12-01)");
        }
    }

    static String days(Set<DayOfWeek> days) {
        if (days.size() == 7) return "daily";
        return new TreeSet<>(days).stream().map(d -> DAY_WORDS.get(d.getValue() - 1)).collect(Collectors.joining(","));
    }

    static String times(List<LocalTime> times) {
        List<String> out = new ArrayList<>();
        for (LocalTime t : times) out.add(String.format("%02d:%02d", t.getHour(), t.getMinute()));
        return String.join(",", out);
    }

    static String describe(ScheduleControl.When when) {
        return switch (when) {
            case ScheduleControl.When.Once o -> "once at " + o.at();
            case ScheduleControl.When.Weekly w -> days(w.days()) + " at " + times(w.times())
                    + (w.from() != null ? " from " + w.from() : "") + (w.until() != null ? " until " + w.until() : "");
        };
    }
}
