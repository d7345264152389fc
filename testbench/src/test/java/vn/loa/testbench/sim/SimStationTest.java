package vn.loa.testbench.sim;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimStationTest {

    @Test
    void out_of_range_options_are_refused_with_the_value_and_the_range() {
        assertThatThrownBy(() -> SimStation.builder().receivers(0)).hasMessage("receivers 0 outside 1..20");
        assertThatThrownBy(() -> SimStation.builder().receivers(21)).hasMessage("receivers 21 outside 1..20");
        assertThatThrownBy(() -> SimStation.builder().port(70000)).hasMessage("port 70000 outside 0..65535");
        assertThatThrownBy(() -> SimStation.builder().schedulePeriod(Duration.ofSeconds(90)))
                .hasMessage("schedule period PT1M30S must be whole minutes from 1 minute to 1 day, or 0 for none");
        assertThatThrownBy(() -> SimStation.builder().updatePeriod(Duration.ofSeconds(200)))
                .hasMessage("update period 200 s must be 1..100 s");
    }
}
