package vn.loa.hal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.loa.hal.time.ManualScheduler;

class DebouncedInputTest {

    private final ManualScheduler loop = new ManualScheduler();
    private final DebouncedInput door = new DebouncedInput("doorOpen", Duration.ofMillis(200), false, loop);
    private final List<Boolean> changes = new ArrayList<>();

    {
        door.addListener((in, active) -> changes.add(active));
    }

    @Test
    void a_change_is_reported_once_after_the_debounce_time() {
        door.rawChanged(true);
        loop.advance(Duration.ofMillis(199));
        assertThat(changes).isEmpty();
        assertThat(door.active()).isFalse();
        loop.advance(Duration.ofMillis(1));
        assertThat(changes).containsExactly(true);
        assertThat(door.active()).isTrue();
        loop.advance(Duration.ofSeconds(10));
        assertThat(changes).containsExactly(true);
    }

    @Test
    void flapping_shorter_than_the_debounce_is_never_reported() {
        for (int i = 0; i < 50; i++) {
            door.rawChanged(i % 2 == 0);
            loop.advance(Duration.ofMillis(150));
        }
        door.rawChanged(false);
        loop.advance(Duration.ofSeconds(1));
        assertThat(changes).isEmpty();
        assertThat(door.active()).isFalse();
    }

    @Test
    void the_debounce_restarts_at_each_bounce_and_the_last_level_wins() {
        door.rawChanged(true);
        loop.advance(Duration.ofMillis(150));
        door.rawChanged(false);
        loop.advance(Duration.ofMillis(10));
        door.rawChanged(true);
        loop.advance(Duration.ofMillis(199));
        assertThat(changes).isEmpty();
        loop.advance(Duration.ofMillis(1));
        assertThat(changes).containsExactly(true);
    }

    @Test
    void repeated_raw_levels_are_harmless() {
        door.rawChanged(false);
        door.rawChanged(false);
        loop.advance(Duration.ofSeconds(1));
        assertThat(changes).isEmpty();
        door.rawChanged(true);
        loop.advance(Duration.ofMillis(100));
        door.rawChanged(true);
        loop.advance(Duration.ofMillis(100));
        assertThat(changes).as("a repeat of the same level does not restart the debounce").containsExactly(true);
    }

    @Test
    void zero_debounce_reports_on_the_next_loop_turn() {
        DebouncedInput mains = new DebouncedInput("mainsPresent", Duration.ZERO, true, loop);
        List<Boolean> seen = new ArrayList<>();
        mains.addListener((in, active) -> seen.add(active));
        mains.rawChanged(false);
        assertThat(seen).isEmpty();
        loop.runDue();
        assertThat(seen).containsExactly(false);
    }

    @Test
    void raw_levels_from_another_thread_are_handled_on_the_loop() throws Exception {
        Thread driver = Thread.ofPlatform().start(() -> door.rawChanged(true));
        driver.join(Duration.ofSeconds(5));
        assertThat(changes).isEmpty();
        loop.advance(Duration.ofMillis(200));
        assertThat(changes).containsExactly(true);
    }
}
