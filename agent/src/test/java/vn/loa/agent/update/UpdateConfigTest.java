package vn.loa.agent.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vn.loa.hal.json.JsonNode;

class UpdateConfigTest {

    @Test
    void an_absent_section_takes_the_documented_defaults() throws Exception {
        JsonNode root = JsonNode.parse("{}", "loa.json");
        UpdateConfig c = UpdateConfig.from(root.object("update"));
        assertThat(root.problems().all()).isEmpty();
        assertThat(c).isEqualTo(UpdateConfig.defaults());
        assertThat(c.root()).isEqualTo(Path.of("/opt/loa"));
        assertThat(c.stateDir()).isEqualTo(Path.of("/var/lib/loa/ota"));
        assertThat(c.trustDir()).isEqualTo(Path.of("/etc/loa/trust"));
        assertThat(c.window()).contains(new UpdateConfig.Window(LocalTime.of(23, 0), LocalTime.of(5, 0)));
        assertThat(c.heartbeat()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.layout().stateFile()).isEqualTo(Path.of("/var/lib/loa/ota/launcher.properties"));
    }

    @Test
    void keys_are_read_and_any_means_no_window() throws Exception {
        JsonNode root = JsonNode.parse("""
                {"update": {"root": "/srv/loa", "stateDir": "/srv/state", "trustDir": "/srv/trust",
                 "maintenanceWindow": "any", "heartbeatSeconds": 2, "downloadTimeoutSeconds": 60}}""", "loa.json");
        UpdateConfig c = UpdateConfig.from(root.object("update"));
        assertThat(root.problems().all()).isEmpty();
        assertThat(c).isEqualTo(new UpdateConfig(Path.of("/srv/loa"), Path.of("/srv/state"), Path.of("/srv/trust"),
                Optional.empty(), Duration.ofSeconds(2), Duration.ofSeconds(60)));
        JsonNode other = JsonNode.parse("{\"update\": {\"maintenanceWindow\": \"01:30-04:00\"}}", "loa.json");
        assertThat(UpdateConfig.from(other.object("update")).window())
                .contains(new UpdateConfig.Window(LocalTime.of(1, 30), LocalTime.of(4, 0)));
    }

    @Test
    void bad_values_are_named_with_their_path_and_quoted() throws Exception {
        JsonNode root = JsonNode.parse("""
                {"update": {"root": "", "maintenanceWindow": "late", "heartbeatSeconds": 60, "trialWindow": 600}}""",
                "loa.json");
        UpdateConfig c = UpdateConfig.from(root.object("update"));
        assertThat(root.problems().all()).containsExactly(
                "loa.json: update.root '' must not be empty",
                "loa.json: update.maintenanceWindow 'late' is not a window HH:mm-HH:mm (or \"any\")",
                "loa.json: update.heartbeatSeconds 60 is outside 1..10",
                "loa.json: update.trialWindow is not a known key");
        assertThat(c.root()).isEqualTo(Path.of("/opt/loa"));
        JsonNode empty = JsonNode.parse("{\"update\": {\"maintenanceWindow\": \"02:00-02:00\"}}", "loa.json");
        UpdateConfig.from(empty.object("update"));
        assertThat(empty.problems().all()).containsExactly(
                "loa.json: update.maintenanceWindow '02:00-02:00' is an empty window; say \"any\" for no window");
    }
}
