package vn.loa.testbench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.ManualScheduler;

class RehearsalClockTest {

    @Test void a_scenario_run_in_the_evening_sees_ten_in_the_morning_and_time_runs_on_unchanged() {
        ManualScheduler machine = new ManualScheduler(Instant.parse("2026-11-23T15:30:00Z"), Clock.VIETNAM); // 22:30 local
        RehearsalClock c = RehearsalClock.startingAt(LocalTime.of(10, 0), machine);

        assertThat(c.now().atZone(Clock.VIETNAM).toLocalTime()).isEqualTo(LocalTime.of(10, 0));
        assertThat(c.shift()).isEqualTo(Duration.ofMinutes(-12 * 60 - 30));
        long mono = c.monotonicNanos();
        machine.advance(Duration.ofSeconds(7));
        assertThat(c.now().atZone(Clock.VIETNAM).toLocalTime()).isEqualTo(LocalTime.of(10, 0, 7));
        assertThat(c.monotonicNanos() - mono).isEqualTo(Duration.ofSeconds(7).toNanos());
        assertThat(c.zone()).isEqualTo(Clock.VIETNAM);
    }
}
