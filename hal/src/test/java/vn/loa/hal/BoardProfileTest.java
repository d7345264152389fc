package vn.loa.hal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.loa.hal.BoardProfile.AudioOut;
import vn.loa.hal.BoardProfile.BoardModel;
import vn.loa.hal.BoardProfile.InputRole;
import vn.loa.hal.BoardProfile.OutputRole;
import vn.loa.hal.BoardProfile.Pull;
import vn.loa.hal.json.ConfigException;

class BoardProfileTest {

    @ParameterizedTest
    @ValueSource(strings = {"raspberry-pi-4", "raspberry-pi-5", "simulated"})
    void every_built_in_profile_loads(String name) throws Exception {
        BoardProfile p = BoardProfile.load(name);
        assertThat(p.board().key()).isEqualTo(name);
        assertThat(p.source()).isEqualTo(name + " (built-in)");
        assertThat(p.amplifiers()).isNotEmpty();
        assertThat(p.outputs()).containsKeys(OutputRole.FM_GATE, OutputRole.MUTE);
        assertThat(p.outputs().get(OutputRole.MUTE).initialOn()).isTrue();
        assertThat(p.amplifiers()).allSatisfy(z -> assertThat(z.relay().initialOn()).isFalse());
    }

    @Test
    void raspberry_pi_4_profile_reads_as_written() throws Exception {
        BoardProfile p = BoardProfile.builtIn("raspberry-pi-4");
        assertThat(p.board()).isEqualTo(BoardModel.RASPBERRY_PI_4);
        assertThat(p.audioOut()).isEqualTo(AudioOut.I2S_DAC);
        assertThat(p.gpioChip()).as("Pi4J picks the pinctrl chip").isEmpty();
        BoardProfile.Zone main = p.zone("main").orElseThrow();
        assertThat(main.relay()).isEqualTo(new BoardProfile.OutputPin(17, true, false, false));
        assertThat(main.fault()).contains(new BoardProfile.InputPin(27, true, Pull.UP, Duration.ofMillis(100)));
        assertThat(main.settings()).isEqualTo(AmplifierSettings.DEFAULTS);
        assertThat(p.inputs().get(InputRole.MAINS_PRESENT).debounce()).isEqualTo(Duration.ofMillis(500));
        assertThat(p.inputsByRole().keySet()).containsExactly("amp.main.fault", "mainsPresent", "doorOpen");
    }

    @Test
    void a_minimal_profile_gets_documented_defaults() throws Exception {
        BoardProfile p = BoardProfile.parse("""
                {"board": "raspberry-pi-5", "amplifiers": [{"zone": "main", "relay": {"pin": 17}}]}
                """, "min.json");
        assertThat(p.audioOut()).isEqualTo(AudioOut.USB);
        assertThat(p.zone("main").orElseThrow().relay()).isEqualTo(new BoardProfile.OutputPin(17, false, false, false));
        assertThat(p.zone("main").orElseThrow().fault()).isEmpty();
        assertThat(p.zone("main").orElseThrow().settings()).isEqualTo(AmplifierSettings.DEFAULTS);
        assertThat(p.inputs()).isEmpty();
        assertThat(p.outputs()).isEmpty();
    }

    @Test
    void loads_a_file_by_path(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("board.json");
        Files.writeString(file, """
                {"board": "raspberry-pi-4", "amplifiers": [{"zone": "main", "relay": {"pin": 17}}]}
                """);
        assertThat(BoardProfile.load(file.toString()).source()).isEqualTo(file.toString());
    }

    @Test
    void a_missing_file_is_named() {
        assertThatThrownBy(() -> BoardProfile.load("/nonexistent/board.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("board profile /nonexistent/board.json: file not found; amplifiers stay off");
    }
}
