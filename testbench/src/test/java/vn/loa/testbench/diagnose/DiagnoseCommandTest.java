package vn.loa.testbench.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.loa.agent.cli.CommandLine;

class DiagnoseCommandTest {

    @TempDir Path dir;

    private record Run(int rc, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new CommandLine("./loa", List.of(new DiagnoseCommand())).run(List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void a_healthy_simulated_receiver_passes_every_check_and_exits_zero() {
        Run r = run("diagnose", "--simulated");
        assertThat(r.rc()).as(r.out()).isZero();
        assertThat(r.out()).startsWith("Loa diagnose: simulated receiver\n")
                .contains("PASS config ", "PASS disk ", "PASS clock ", "PASS server ", "PASS mains ", "PASS tamper ")
                .endsWith("All 6 checks passed.\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "clock-wrong | FAIL clock   clock says 1970-01-01 00:00 UTC, before this software was built",
            "disk-full   | FAIL disk    12 MB free on ",
            "no-network  | FAIL server  cannot resolve 'headend.loa.sim': no network (SIM out of data, cable, Wi-Fi)",
            "bad-config  | FAIL config  ",
            "no-mains    | FAIL mains   mains absent, running on battery: a power cut"})
    void each_staged_fault_is_named_with_its_cause_and_remedy_and_exits_one(String fault, String expected) {
        Run r = run("diagnose", "--simulated", "--fault", fault);
        assertThat(r.rc()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("(faults: " + fault + ")").contains(expected).contains(" -> ")
                .contains("then 'loa diagnose' again").contains("failed");
    }

    @Test
    void an_open_door_only_warns_and_exits_three() {
        Run r = run("diagnose", "--simulated", "--fault", "tamper");
        assertThat(r.rc()).as(r.out()).isEqualTo(3);
        assertThat(r.out()).contains("WARN tamper  door open: the box is open for maintenance")
                .endsWith("1 warning(s), no failures, 5 passed.\n");
    }

    @Test
    void an_unknown_fault_is_a_usage_error_listing_the_known_ones() {
        Run r = run("diagnose", "--simulated", "--fault", "gremlins");
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("--fault 'gremlins' is not a fault this build can stage; use one of: "
                + "clock-wrong, disk-full, no-network, bad-config, no-mains, tamper");
    }

    @Test
    void a_fault_without_simulated_is_a_usage_error() {
        Run r = run("diagnose", "--fault", "disk-full");
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("--fault stages a fault on the simulated receiver; add --simulated");
    }

    @Test
    void json_output_carries_every_check_and_the_worst_status() throws IOException {
        Run r = run("diagnose", "--simulated", "--fault", "disk-full", "--json");
        assertThat(r.rc()).isEqualTo(1);
        Map<String, Object> json = JSON.std.mapFrom(r.out());
        assertThat(json).containsEntry("worst", "FAIL").containsEntry("exitCode", 1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> checks = (List<Map<String, Object>>) json.get("checks");
        assertThat(checks).extracting(c -> c.get("check")).containsExactly("config", "disk", "clock", "server", "mains", "tamper");
        assertThat(checks.get(1)).containsEntry("status", "FAIL").containsEntry("cause", "the disk is full (logs or downloads)");
    }

    @Test
    void on_this_machine_a_missing_config_fails_naming_the_file() {
        Path config = dir.resolve("config.json");
        Run r = run("diagnose", "--config", config.toString(), "--data", dir.toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL config  " + config + " not found: the receiver was never provisioned");
    }

    @Test
    void a_server_without_a_port_is_a_usage_error_quoting_it() {
        Run r = run("diagnose", "--server", "headend.example");
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("--server expects HOST:PORT (port 1..65535) but was 'headend.example'");
    }
}
