package vn.loa.hal.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {

    private final ManualScheduler s = new ManualScheduler();

    @Test
    void tasks_run_in_due_order_and_see_their_due_time() {
        List<String> seen = new ArrayList<>();
        long t0 = s.monotonicNanos();
        s.schedule(Duration.ofSeconds(2), () -> seen.add("b@" + (s.monotonicNanos() - t0) / 1_000_000));
        s.schedule(Duration.ofSeconds(1), () -> seen.add("a@" + (s.monotonicNanos() - t0) / 1_000_000));
        s.execute(() -> seen.add("now"));
        s.advance(Duration.ofSeconds(5));
        assertThat(seen).containsExactly("now", "a@1000", "b@2000");
        assertThat(s.monotonicNanos() - t0).isEqualTo(Duration.ofSeconds(5).toNanos());
    }

    @Test
    void periodic_task_runs_each_period_until_cancelled() {
        int[] runs = {0};
        Cancellable c = s.scheduleAtFixedRate(Duration.ZERO, Duration.ofMillis(20), () -> runs[0]++);
        s.advance(Duration.ofMillis(100));
        assertThat(runs[0]).isEqualTo(6);
        c.cancel();
        s.advance(Duration.ofSeconds(1));
        assertThat(runs[0]).isEqualTo(6);
    }

    @Test
    void cancelled_task_never_runs() {
        boolean[] ran = {false};
        Cancellable c = s.schedule(Duration.ofSeconds(1), () -> ran[0] = true);
        c.cancel();
        s.advance(Duration.ofSeconds(2));
        assertThat(ran[0]).isFalse();
    }

    @Test
    void wall_clock_steps_without_moving_monotonic_time() {
        long mono = s.monotonicNanos();
        s.setWallClock(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(s.monotonicNanos()).isEqualTo(mono);
        s.advance(Duration.ofSeconds(3));
        assertThat(s.now()).isEqualTo(Instant.parse("2030-01-01T00:00:03Z"));
    }

    @Test
    void failing_task_is_reported_after_the_others_ran() {
        boolean[] later = {false};
        s.execute(() -> { throw new IllegalStateException("boom"); });
        s.schedule(Duration.ofMillis(1), () -> later[0] = true);
        assertThatThrownBy(() -> s.advance(Duration.ofSeconds(1))).hasMessageContaining("boom");
        assertThat(later[0]).isTrue();
    }
}
