package vn.loa.testbench.sim;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.hal.json.ConfigException;

/** A receiver's own loa.json is read as the technician left it; one that cannot run in the sim is named. */
class SimStationConfigIT {

    @TempDir Path dir;

    @Test
    void a_receiver_config_naming_a_real_board_is_refused_with_its_file_and_value() throws Exception {
        Path rx = Files.createDirectories(dir.resolve("rx-1"));
        Files.writeString(rx.resolve("loa.json"), "{\"station\": {\"name\": \"rx-1\"}, \"board\": {\"profile\": \"raspberry-pi-4\"}}");
        assertThatThrownBy(() -> SimStation.builder().receivers(1).dataDir(dir).port(0).speech(false).start())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(rx.resolve("loa.json").toAbsolutePath()
                        + ": board.profile 'raspberry-pi-4' is not 'simulated'; a simulated receiver runs on the simulated board");
    }

    @Test
    void a_damaged_receiver_config_is_named_with_its_file() throws Exception {
        Path rx = Files.createDirectories(dir.resolve("rx-1"));
        Files.writeString(rx.resolve("loa.json"), "{\"station\": {\"name\": ");
        assertThatThrownBy(() -> SimStation.builder().receivers(1).dataDir(dir).port(0).speech(false).start())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(rx.resolve("loa.json").toAbsolutePath().toString());
    }
}
