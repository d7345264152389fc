package vn.loa.testbench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario shipped in {@code testbench/scenarios} runs on the real simulated station (embedded Leshan headend,
 * real agents on simulated boards, DTLS over loopback through the fault proxies) and every expectation in it holds;
 * a deliberately broken expectation fails the run with one readable line.
 */
class ShippedScenariosIT {

    @TempDir Path dir;

    static Stream<Path> shipped() throws IOException {
        try (Stream<Path> files = Files.list(ScenarioParserTest.shippedScenarios())) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void the_shipped_scenario_passes(Path file) throws Exception {
        Scenario s = new ScenarioParser().read(file);

        ScenarioReport r = new ScenarioRunner(SimScenarioStation::open).run(s, dir);
        r.write(Path.of("target", "scenario-reports", s.name() + ".json"));

        assertThat(r.failures()).as(s.name() + " (report in target/scenario-reports)").isEmpty();
        assertThat(r.outcomes()).hasSameSizeAs(s.expectations());
    }

    @Test void a_broken_expectation_fails_the_scenario_with_a_readable_line_and_exit_1() throws Exception {
        Path original = ScenarioParserTest.shippedScenarios().resolve("mains-loss.json");
        Path broken = dir.resolve("mains-loss-broken.json");
        Files.writeString(broken, Files.readString(original).replace(
                "{\"expect\": \"diagnose\", \"check\": \"mains\", \"status\": \"fail\"}",
                "{\"expect\": \"diagnose\", \"check\": \"mains\", \"status\": \"pass\"}"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int rc = new ScenarioCli(SimScenarioStation::open).run(broken, dir.resolve("report.json"), dir.resolve("data"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(rc).isEqualTo(ScenarioCli.FAILED);
        List<String> failed = err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("FAILED")).toList();
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0)).startsWith("FAILED expect[1] diagnose on rx-1: expected diagnose check 'mains' PASS; actual: "
                + "rx-1 mains FAIL at ").contains("; step: step[2] at 6.00s (diagnose rx-1)");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("scenario mains-loss-broken: FAILED (1 of 3 expectation(s) failed)");
        assertThat(Files.readString(dir.resolve("report.json"))).contains("\"passed\" : false");
    }
}
