package vn.loa.testbench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.testbench.LoaMain;

/** Starts the simulated station as a real process and stops it with real signals. */
class SimProcessIT {

    @TempDir Path dir;

    private Process start(Path out) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LoaMain.class.getName(),
                "sim", "--data", dir.resolve("data").toString(), "--port", "0", "--tones", "--no-console")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    private void stopsSafelyOn(String signal) throws Exception {
        Path out = dir.resolve("out.txt");
        Process p = start(out);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Files.readString(out).contains("receivers registered"));
            assertThat(Files.readString(out)).containsPattern("Dashboard: http://127\\.0\\.0\\.1:\\d+/")
                    .containsPattern("(?m)^3 receivers registered \\(\\d+\\.\\d s\\)$")
                    .contains("amp main OFF").contains("mute=on");
            List<ProcessHandle> children = p.toHandle().descendants().toList();
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exits after SIG" + signal).isTrue();
            for (ProcessHandle c : children) {
                assertThat(c.onExit()).as("child " + c.pid() + " ends too").succeedsWithin(Duration.ofSeconds(10));
            }
            String log = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(log).contains("stop requested; going to the safe state")
                    .contains("safe state: amplifiers off, FM gate closed, audio muted")
                    .contains("outputs at their shutdown states, GPIO released")
                    .contains("simulated station stopped: 3 receiver(s) at their safe state");
            assertThat(log.split("safe state: amplifiers off, FM gate closed, audio muted", -1)).as("every receiver safe").hasSize(4);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void sigterm_stops_the_station_with_amplifiers_off() throws Exception {
        stopsSafelyOn("TERM");
    }

    @Test
    void ctrl_c_stops_the_station_with_amplifiers_off() throws Exception {
        stopsSafelyOn("INT");
    }

    @Test
    void unknown_command_lists_the_commands_and_fails() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LoaMain.class.getName(), "nope")
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(text).contains("unknown command 'nope'").contains("sim ").contains("play ").contains("run ");
        assertThat(List.of(text.split("\n"))).anyMatch(l -> l.trim().startsWith("test "));
    }
}
