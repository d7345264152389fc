package vn.loa.testbench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScenarioTimeTest {

    @Test void minutes_seconds_and_milliseconds_combine_largest_first() {
        assertThat(ScenarioTime.parse("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(ScenarioTime.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(ScenarioTime.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ScenarioTime.parse("1s250ms")).isEqualTo(Duration.ofMillis(1250));
        assertThat(ScenarioTime.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(ScenarioTime.parse("0s")).isEqualTo(Duration.ZERO);
    }

    @Test void anything_else_is_not_a_time() {
        for (String bad : new String[] {"", "5", "5 seconds", "1.5s", "-2s", "30s1m", "2h", "ms"}) {
            assertThatThrownBy(() -> ScenarioTime.parse(bad)).as(bad)
                    .hasMessage("is not a time (use e.g. \"2s\", \"1m30s\", \"500ms\")");
        }
        assertThatThrownBy(() -> ScenarioTime.parse("31m")).hasMessage("is longer than the 30 minutes a scenario may last");
    }

    @Test void formats_seconds_with_two_decimals() {
        assertThat(ScenarioTime.format(Duration.ofMillis(1250))).isEqualTo("1.25s");
        assertThat(ScenarioTime.format(Duration.ofMillis(-800))).isEqualTo("-0.80s");
        assertThat(ScenarioTime.seconds(Duration.ofNanos(1_234_567_890))).isEqualTo(1.235);
    }
}
