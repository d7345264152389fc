package vn.loa.testbench.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.loa.agent.cli.Command;

class Lwm2mBenchIT {

    @Test
    void reports_start_to_registered_handshake_update_notification_and_idle_day_figures() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new BenchCommand().run(List.of("lwm2m", "--runs", "1", "--updates", "2", "--items", "3"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(Command.OK);
        assertThat(text).containsPattern("start-to-registered  p50 \\d+ ms  max \\d+ ms")
                .containsPattern("handshake\\+register   \\d+ B \\(\\d+ datagrams\\)")
                .containsPattern("update               \\d+ B")
                .containsPattern("notification         [1-9]\\d* B \\(\\d+\\.\\d datagrams, /33002/0 at pmax, averaged over 2\\)")
                .containsPattern("idle day             \\d+ KB at one update every 25 s and a status notification every 3600 s; "
                        + "month \\d+\\.\\d MB")
                .containsPattern("execute-to-audio     cold \\d+ ms \\(amplifier off: includes its warm-up\\); held on: p50 \\d+ ms  p99 \\d+ ms  \\(3 items\\)");
    }

    @Test
    void an_unknown_benchmark_is_a_usage_error_listing_the_known_ones() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BenchCommand().run(List.of("dns"), System.out, System.err))
                .hasMessage("no benchmark 'dns'; one of decode, lwm2m");
    }
}
