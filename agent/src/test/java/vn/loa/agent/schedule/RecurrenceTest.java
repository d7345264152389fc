package vn.loa.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecurrenceTest {

    private static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");

    private static ZonedDateTime at(String local) {
        return LocalDateTime.parse(local).atZone(VN);
    }

    @Test
    void weekly_next_crosses_midnight_and_the_end_of_the_week() {
        Recurrence r = new Recurrence.Weekly(Set.of(DayOfWeek.MONDAY, DayOfWeek.SUNDAY),
                List.of(LocalTime.of(23, 50), LocalTime.of(0, 10)), null, null);
        // 2026-01-04 is a Sunday.
        assertThat(r.nextAfter(at("2026-01-04T23:00"))).contains(at("2026-01-04T23:50"));
        assertThat(r.nextAfter(at("2026-01-04T23:50"))).as("strictly after").contains(at("2026-01-05T00:10"));
        assertThat(r.nextAfter(at("2026-01-05T23:50"))).as("Monday 23:50 to next Sunday 00:10").contains(at("2026-01-11T00:10"));
    }

    @Test
    void weekly_respects_its_validity_window() {
        Recurrence r = new Recurrence.Weekly(Set.of(DayOfWeek.values()), List.of(LocalTime.of(6, 0)),
                LocalDate.parse("2026-01-10"), LocalDate.parse("2026-01-11"));
        assertThat(r.nextAfter(at("2026-01-05T00:00"))).contains(at("2026-01-10T06:00"));
        assertThat(r.nextAfter(at("2026-01-10T06:00"))).contains(at("2026-01-11T06:00"));
        assertThat(r.nextAfter(at("2026-01-11T06:00"))).isEmpty();
    }

    @Test
    void once_plays_once() {
        Recurrence r = new Recurrence.Once(LocalDateTime.parse("2026-01-05T03:15"));
        assertThat(r.nextAfter(at("2026-01-05T03:00"))).contains(at("2026-01-05T03:15"));
        assertThat(r.nextAfter(at("2026-01-05T03:15"))).isEmpty();
    }

    @Test
    void a_window_that_ends_before_it_starts_is_refused_with_both_dates() {
        assertThatThrownBy(() -> new Recurrence.Weekly(Set.of(DayOfWeek.MONDAY), List.of(LocalTime.NOON),
                LocalDate.parse("2026-02-01"), LocalDate.parse("2026-01-01")))
                .hasMessage("validity window ends 2026-01-01 before it starts 2026-02-01");
    }
}
