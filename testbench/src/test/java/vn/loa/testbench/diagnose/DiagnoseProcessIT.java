package vn.loa.testbench.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.testbench.LoaMain;

/** The acceptance of issue 8 for diagnose, through the very entry point {@code ./loa} runs, as a process. */
class DiagnoseProcessIT {

    @TempDir Path dir;

    private record Result(int rc, String out, String err) {
    }

    private Result loa(String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                LoaMain.class.getName()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("diagnose ends").isTrue();
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void loa_diagnose_simulated_with_the_amplifier_fault_names_it_with_its_remedy_and_exits_non_zero() throws Exception {
        Result r = loa("diagnose", "--simulated", "--fault", "amplifier");
        assertThat(r.rc()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).startsWith("Loa diagnose: simulated receiver (faults: amplifier)\n")
                .contains("FAIL amplifier   zone main: amplifier fault input active (amplifier off): amplifier overheated or shorted")
                .contains("-> let it cool, check the fan and the speaker line for a short, check the fault wire");
        assertThat(r.out()).as("only the report on stdout, no log lines").doesNotContain("INFO", "DEBUG", "TRACE");
    }

    @Test
    void loa_diagnose_simulated_with_no_fault_exits_zero() throws Exception {
        Result r = loa("diagnose", "--simulated");
        assertThat(r.rc()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).endsWith("All 20 checks passed.\n");
    }

    @Test
    void loa_diagnose_json_is_the_only_output_and_parses() throws Exception {
        Result r = loa("diagnose", "--simulated", "--fault", "underruns", "--json");
        assertThat(r.rc()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(r.out())).containsEntry("worst", "WARN");
    }
}
