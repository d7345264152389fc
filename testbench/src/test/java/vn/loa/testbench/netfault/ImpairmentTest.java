package vn.loa.testbench.netfault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.json.JsonNode;

class ImpairmentTest {

    @Test
    void loss_outside_zero_to_one_is_rejected_quoting_the_value() {
        assertThatThrownBy(() -> Impairment.NONE.withLoss(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("impairment loss 1.5 outside 0..1");
    }

    @Test
    void a_negative_delay_is_rejected_quoting_the_value() {
        assertThatThrownBy(() -> Impairment.NONE.withDelay(Duration.ofMillis(-5)))
                .hasMessage("impairment delay PT-0.005S is negative");
    }

    @Test
    void a_negative_bandwidth_is_rejected_and_zero_means_unlimited() {
        assertThatThrownBy(() -> Impairment.NONE.withBandwidth(-1))
                .hasMessage("impairment bandwidthBytesPerSecond -1 is negative; use 0 for unlimited");
    }

    @Test
    void describe_names_every_setting_or_says_clean() {
        assertThat(Impairment.NONE.describe()).isEqualTo("clean");
        assertThat(Impairment.NONE.withDelay(Duration.ofMillis(100)).withJitter(Duration.ofMillis(20))
                .withLoss(0.05).withBandwidth(8000).withBlackhole(true).withNatTimeout(Duration.ofSeconds(30))
                .describe())
                .isEqualTo("blackhole delay=100ms jitter=20ms loss=5.0% bw=8000B/s natTimeout=30s");
    }

    @Test
    void the_json_form_reads_every_setting_and_defaults_to_clean() throws ConfigException {
        assertThat(Impairment.fromJson(JsonNode.parse("{}", "s"))).isEqualTo(Impairment.NONE);
        assertThat(Impairment.fromJson(JsonNode.parse("{\"delayMs\": 100, \"jitterMs\": 20, \"loss\": 0.05, "
                + "\"bandwidthBytesPerSecond\": 8000, \"blackhole\": true, \"natTimeoutSeconds\": 30}", "s")))
                .isEqualTo(new Impairment(Duration.ofMillis(100), Duration.ofMillis(20), 0.05, 8000, true, Duration.ofSeconds(30)));
    }

    @Test
    void the_json_form_reports_every_problem_with_its_path() {
        assertThatThrownBy(() -> Impairment.fromJson(JsonNode.parse("{\"loss\": 5, \"delay\": 100}", "scenario.json")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("scenario.json: loss 5.0 is outside 0.0..1.0\n"
                        + "scenario.json: delay is not a known key (did you mean 'delayMs'?)");
    }
}
