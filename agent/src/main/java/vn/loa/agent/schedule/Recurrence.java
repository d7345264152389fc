package vn.loa.agent.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * When a schedule entry plays, in the station's local time. Occurrences are computed in the zone passed in
 * (the station's, {@code Asia/Ho_Chi_Minh} by default, which has no daylight saving; a local time that a zone
 * skips is moved forward by the gap, as {@link ZonedDateTime#of} does).
 */
public sealed interface Recurrence {

    /** The first occurrence strictly after {@code after} (in {@code after}'s zone), or empty when none is left. */
    Optional<ZonedDateTime> nextAfter(ZonedDateTime after);

    /** The local times of day it plays at (for the quiet-hours warning when an entry is set). */
    List<LocalTime> timesOfDay();

    /** Plays once at a local date and time. */
    record Once(LocalDateTime at) implements Recurrence {
        public Once {
            Objects.requireNonNull(at, "at");
        }

        @Override public Optional<ZonedDateTime> nextAfter(ZonedDateTime after) {
            ZonedDateTime z = ZonedDateTime.of(at, after.getZone());
            return z.isAfter(after) ? Optional.of(z) : Optional.empty();
        }

        @Override public List<LocalTime> timesOfDay() {
            return List.of(at.toLocalTime());
        }
    }

    /**
     * Plays on the given days of the week at the given times, from {@code validFrom} to {@code validUntil}
     * inclusive (either may be {@code null}: open-ended).
     */
    record Weekly(Set<DayOfWeek> days, List<LocalTime> times, LocalDate validFrom, LocalDate validUntil)
            implements Recurrence {
        public Weekly {
            if (days == null || days.isEmpty()) throw new IllegalArgumentException("weekly recurrence needs at least one day");
            if (times == null || times.isEmpty()) throw new IllegalArgumentException("weekly recurrence needs at least one time");
            days = Set.copyOf(EnumSet.copyOf(days));
            times = List.copyOf(new TreeSet<>(times));
            if (validFrom != null && validUntil != null && validUntil.isBefore(validFrom)) {
                throw new IllegalArgumentException("validity window ends " + validUntil + " before it starts " + validFrom);
            }
        }

        @Override public Optional<ZonedDateTime> nextAfter(ZonedDateTime after) {
            LocalDate day = after.toLocalDate();
            if (validFrom != null && validFrom.isAfter(day)) day = validFrom;
            for (int i = 0; i < 8; i++, day = day.plusDays(1)) {
                if (validUntil != null && day.isAfter(validUntil)) return Optional.empty();
                if (!days.contains(day.getDayOfWeek())) continue;
                for (LocalTime t : times) {
                    ZonedDateTime z = ZonedDateTime.of(day, t, after.getZone());
                    if (z.isAfter(after)) return Optional.of(z);
                }
            }
            return Optional.empty();
        }

        @Override public List<LocalTime> timesOfDay() {
            return new ArrayList<>(times);
        }
    }
}
