package vn.loa.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.audio.WavCaptureSink;
import vn.loa.agent.config.LoaConfig;
import vn.loa.hal.Amplifier;

class OsRebootTest {

    @TempDir Path tmp;

    Station station() throws Exception {
        return Station.builder(LoaConfig.defaults(tmp.resolve("data"), "simulated"))
                .sink(new WavCaptureSink(tmp.resolve("c.wav"))).syncProbe(() -> Optional.of(true)).start();
    }

    @Test
    void a_reboot_puts_the_station_safe_before_the_os_command_runs() throws Exception {
        Station s = station();
        List<String> seen = new ArrayList<>();
        OsReboot r = new OsReboot(() -> s, List.of("systemctl", "reboot"), cmd -> {
            seen.add(String.join(" ", cmd) + " after safe state: "
                    + s.snapshot().amplifiers().values().stream().allMatch(a -> a == Amplifier.State.OFF)
                    + ", closed: " + s.board().output("mute").map(m -> m.active()).orElse(false));
            return 0;
        });
        r.reboot("lwm2m:1");
        assertThat(seen).containsExactly("systemctl reboot after safe state: true, closed: true");
    }

    @Test
    void a_failing_reboot_command_is_logged_and_leaves_the_station_stopped_safe() throws Exception {
        Station s = station();
        OsReboot r = new OsReboot(() -> s, OsReboot.DEFAULT_COMMAND, cmd -> {
            throw new IOException("systemctl: not found");
        });
        r.reboot("lwm2m:1");
        assertThat(s.snapshot().amplifiers().values()).containsOnly(Amplifier.State.OFF);
        OsReboot exit1 = new OsReboot(() -> null, OsReboot.DEFAULT_COMMAND, cmd -> 1);
        exit1.reboot("lwm2m:1"); // no station yet: the command still runs, nothing throws
    }

    @Test
    void an_empty_command_is_refused() {
        assertThatThrownBy(() -> new OsReboot(() -> null, List.of(), cmd -> 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
