package vn.loa.testbench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimConsoleTest {

    @TempDir Path dir;

    @Test
    void console_flips_inputs_reports_status_and_refuses_bad_words() throws Exception {
        String script = "status\nmains off\ndoor open\nmains sideways\nvolume 140\nfire loud\nbogus\nquit\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = new SimCommand(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)))
                .run(List.of("--data", dir.toString()), new PrintStream(out, true), System.err);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(rc).isZero();
        assertThat(text).contains("amplifier: OFF, on air: nothing")
                .contains("mainsPresent -> inactive")
                .contains("doorOpen -> active")
                .contains("console: expected 'on' or 'off' but was 'sideways'")
                .contains("console: volume 140 outside 0..100")
                .contains("console: is not a level (background, normal, priority, emergency)")
                .contains("unknown command 'bogus'")
                .contains("stopped: amplifiers off");
        assertThat(dir.resolve("bulletins/emergency-1khz.wav")).exists();
    }
}
