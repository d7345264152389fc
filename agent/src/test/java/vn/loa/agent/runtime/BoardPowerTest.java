package vn.loa.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.hal.BoardProfile;
import vn.loa.hal.Boards;
import vn.loa.hal.SimulatedBoard;
import vn.loa.hal.time.ManualScheduler;

class BoardPowerTest {

    @TempDir Path tmp;

    @Test
    void follows_the_debounced_mains_input_once_per_change() throws Exception {
        ManualScheduler loop = new ManualScheduler();
        try (SimulatedBoard board = Boards.simulated(BoardProfile.load("simulated"), loop)) {
            BoardPower power = new BoardPower(board);
            List<Boolean> heard = new ArrayList<>();
            power.addListener(heard::add);
            assertThat(power.mainsPresent()).isTrue();
            board.setInput("mainsPresent", false);
            loop.advance(Duration.ofSeconds(1));
            board.setInput("mainsPresent", true);
            loop.advance(Duration.ofSeconds(1));
            assertThat(heard).containsExactly(false, true);
            assertThat(power.mainsPresent()).isTrue();
        }
    }

    @Test
    void a_board_without_a_mains_input_counts_as_always_on_mains() throws Exception {
        String json;
        try (InputStream in = BoardProfile.class.getResourceAsStream("/vn/loa/hal/profiles/simulated.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        json = json.replaceFirst("\"mainsPresent\": \\{[^}]*},\\s*", "");
        assertThat(json).doesNotContain("mainsPresent");
        Path profile = Files.writeString(tmp.resolve("no-mains.json"), json);
        ManualScheduler loop = new ManualScheduler();
        try (SimulatedBoard board = Boards.simulated(BoardProfile.load(profile.toString()), loop)) {
            BoardPower power = new BoardPower(board);
            List<Boolean> heard = new ArrayList<>();
            power.addListener(heard::add);
            loop.advance(Duration.ofSeconds(1));
            assertThat(power.mainsPresent()).isTrue();
            assertThat(heard).isEmpty();
        }
    }
}
