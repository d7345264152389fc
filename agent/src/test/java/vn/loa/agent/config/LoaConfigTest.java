package vn.loa.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import vn.loa.hal.json.ConfigException;

class LoaConfigTest {

    private static final Path DATA = Path.of("/var/lib/loa");

    @Test
    void empty_object_gives_device_defaults() throws Exception {
        LoaConfig c = LoaConfig.parse("{}", "loa.json", DATA);
        assertThat(c.station().zone()).isEqualTo(ZoneId.of("Asia/Ho_Chi_Minh"));
        assertThat(c.board().profile()).isEqualTo("simulated");
        assertThat(c.paths().data()).isEqualTo(DATA);
        assertThat(c.paths().logs()).isEqualTo(DATA.resolve("logs"));
        assertThat(c.log().level()).isEqualTo("info");
    }

    @Test
    void unknown_key_is_named_with_its_path_and_a_suggestion() {
        assertThatThrownBy(() -> LoaConfig.parse("{\"station\": {\"nmae\": \"x\"}}", "/etc/loa/loa.json", DATA))
                .isInstanceOf(ConfigException.class)
                .hasMessage("/etc/loa/loa.json: station.nmae is not a known key (did you mean 'name'?)");
    }

    @Test
    void unknown_section_is_rejected() {
        assertThatThrownBy(() -> LoaConfig.parse("{\"amplifer\": {}}", "loa.json", DATA))
                .hasMessageContaining("loa.json: amplifer is not a known key");
    }

    @Test
    void wrong_types_are_all_reported_together() {
        assertThatThrownBy(() -> LoaConfig.parse("""
                {"station": {"name": 7, "timezone": "Mars/Olympus"}, "log": {"console": "yes", "level": "loud"}}
                """, "loa.json", DATA))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "loa.json: station.name must be a string but was the number 7",
                        "loa.json: station.timezone 'Mars/Olympus' is not a time zone (e.g. Asia/Ho_Chi_Minh)",
                        "loa.json: log.level 'loud' is not one of trace, debug, info, warn, error",
                        "loa.json: log.console must be true or false but was the string \"yes\""));
    }

    @Test
    void bad_station_name_is_refused_with_the_value() {
        assertThatThrownBy(() -> LoaConfig.parse("{\"station\": {\"name\": \"a b\"}}", "loa.json", DATA))
                .hasMessage("loa.json: station.name 'a b' must be 1-64 letters, digits, '.', '_' or '-'");
    }

    @Test
    void not_json_is_reported_with_the_file() {
        assertThatThrownBy(() -> LoaConfig.parse("{", "loa.json", DATA)).hasMessageStartingWith("loa.json: is not valid JSON");
    }

    @Test
    void missing_file_is_named() {
        assertThatThrownBy(() -> LoaConfig.load(Path.of("/nonexistent/loa.json"), DATA))
                .hasMessage("/nonexistent/loa.json: file not found");
    }
}
