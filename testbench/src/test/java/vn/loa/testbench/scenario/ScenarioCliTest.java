package vn.loa.testbench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.cli.Args;
import vn.loa.testbench.sim.SimCommand;

class ScenarioCliTest {

    @TempDir Path dir;

    @Test void an_invalid_scenario_lists_every_problem_starts_nothing_and_exits_2() throws Exception {
        Path file = dir.resolve("typo.json");
        Files.writeString(file, """
                {"receivers": 1, "steps": [{"at": "soon", "do": "wait"}, {"at": "1s", "do": "jump"}],
                 "expect": [{"expect": "registered", "receiver": "rx-2"}]}
                """);
        AtomicInteger opened = new AtomicInteger();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int rc = new ScenarioCli((s, b, d, r, c) -> {
            opened.incrementAndGet();
            throw new AssertionError("must not be opened");
        }).run(file, null, dir.resolve("data"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(rc).isEqualTo(ScenarioCli.INVALID);
        assertThat(opened).hasValue(0);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("scenario " + file + " is not valid; nothing was run:\n"
                + "  " + file + ": steps[0].at 'soon' is not a time (use e.g. \"2s\", \"1m30s\", \"500ms\")\n"
                + "  " + file + ": steps[1].do 'jump' is not a step (fire, stop, schedule, net, mains, door, ampFault, disk, volume, "
                + "update, diagnose, wait)\n"
                + "  " + file + ": expect[0].receiver 'rx-2' is not a receiver of this scenario (rx-1)\n");
    }

    @Test void loa_sim_takes_a_scenario_and_a_report_only_with_it() throws Exception {
        Path file = dir.resolve("typo.json");
        Files.writeString(file, "{\"receivers\": 1, \"steps\": [{\"at\": \"1s\", \"do\": \"jump\"}], \"expect\": [{\"expect\": \"noUnderruns\"}]}");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int rc = new SimCommand().run(List.of("--scenario", file.toString(), "--data", dir.resolve("d").toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(rc).isEqualTo(ScenarioCli.INVALID);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(file + ": steps[0].do 'jump' is not a step");
        assertThatThrownBy(() -> new SimCommand().run(List.of("--report", "r.json"), System.out, System.err))
                .isInstanceOf(Args.UsageException.class).hasMessage("--report goes with --scenario");
    }

    @Test void a_station_that_cannot_start_is_exit_3_with_the_reason() throws Exception {
        Path file = dir.resolve("ok.json");
        Files.writeString(file, """
                {"receivers": 1, "steps": [{"at": "1s", "do": "wait"}], "expect": [{"expect": "registered"}]}
                """);
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int rc = new ScenarioCli((s, b, d, r, c) -> {
            throw new java.io.IOException("port 5684 in use");
        }).run(file, null, dir.resolve("data"), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(rc).isEqualTo(ScenarioCli.NOT_RUN);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("scenario ok could not be run: port 5684 in use\n");
    }
}
