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
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.loa.agent.cli.CommandLine;
import vn.loa.agent.diagnose.DeviceDiagnoseCommand;
import vn.loa.agent.diagnose.DiskSpaceCheck;
import vn.loa.agent.lwm2m.ConnectionCheck;
import vn.loa.hal.Boards;
import vn.loa.hal.time.Clock;

class DiagnoseCommandTest {

    @TempDir Path dir;

    private record Run(int rc, String out, String err) {
    }

    /** The device command with NTP said synchronised (this machine's timedatectl is not under test). */
    static DeviceDiagnoseCommand device() {
        return new DeviceDiagnoseCommand(new DeviceDiagnoseCommand.Seams(Clock.system(Clock.VIETNAM), () -> Optional.of(true),
                Boards::open, ConnectionCheck.Resolver.SYSTEM, DiskSpaceCheck.FreeSpace.SYSTEM));
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DiagnoseCommand diagnose = new DiagnoseCommand(Clock.system(Clock.VIETNAM), device());
        int rc = new CommandLine("./loa", List.of(diagnose)).run(List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The start of a report line: status and the check's name padded as the report pads them. */
    static String line(String status, String check) {
        return String.format("%s %-10s  ", status, check);
    }

    @Test
    void a_healthy_simulated_receiver_passes_every_check_and_exits_zero() {
        Run r = run("diagnose", "--simulated");
        assertThat(r.rc()).as(r.out()).isZero();
        assertThat(r.out()).startsWith("Loa diagnose: simulated receiver\n")
                .contains(line("PASS", "config"), line("PASS", "service"), line("PASS", "sources"), line("PASS", "board"), line("PASS", "amplifier"), line("PASS", "mains"),
                        line("PASS", "tamper"), line("PASS", "sound"), line("PASS", "tone"), line("PASS", "clock"), line("PASS", "disk"),
                        line("PASS", "cache"), line("PASS", "server"), line("PASS", "underruns"))
                .contains(line("PASS", "dtls") + "DTLS handshake with coaps://127.0.0.1:")
                .contains(line("PASS", "registered") + "registered with coaps://127.0.0.1:")
                .contains(line("PASS", "stream") + "http://127.0.0.1:")
                .contains(line("PASS", "update") + "running version 1.5.0 (slot B), last update committed")
                .contains(line("PASS", "safe-state") + "amplifiers off, FM gate closed, mute on; GPIO lines released")
                .endsWith("All 20 checks passed.\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "clock-wrong        | FAIL | clock      | clock says 1970-01-01 00:00 UTC, before this software was built",
            "disk-full          | FAIL | disk       | 12 MB free on ",
            "no-network         | FAIL | server     | cannot resolve 'headend.loa.sim': no network (SIM out of data, cable, Wi-Fi)",
            "bad-config         | FAIL | config     | ''",
            "no-mains           | FAIL | mains      | mains absent, running on battery: a power cut",
            "amplifier          | FAIL | amplifier  | zone main: amplifier fault input active (amplifier off): amplifier overheated or shorted, or the speaker line is shorted",
            "dtls-rejected      | FAIL | dtls       | DTLS handshake with coaps://127.0.0.1:",
            "not-registered     | FAIL | registered | not registered: coaps://127.0.0.1:",
            "stream-dead        | FAIL | stream     | stream dead: http://127.0.0.1:",
            "speaker-open       | FAIL | speaker    | speaker line open on zone(s) market (closed: main)"})
    void each_staged_failure_is_named_with_its_cause_and_remedy_and_exits_one(String fault, String status, String check,
                                                                             String expected) {
        Run r = run("diagnose", "--simulated", "--fault", fault);
        assertThat(r.rc()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("(faults: " + fault + ")").contains(line(status, check) + expected)
                .contains(" -> ").contains("then 'loa diagnose' again").contains("failed")
                .contains(line("PASS", "safe-state"));
        if (fault.equals("bad-config")) assertThat(r.out()).contains("config.json: is not valid JSON");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "tamper             | tamper    | door open: the box is open for maintenance",
            "update-rolled-back | update    | update to version 1.5.0 rolled back at ",
            "underruns          | underruns | 42 underrun(s) in the last 24 h over 2 item(s), above 10 (worst: noon-bulletin with 42)",
            "out-of-service     | service   | OUT OF SERVICE since "})
    void each_staged_warning_is_named_with_its_cause_and_remedy_and_exits_three(String fault, String check, String expected) {
        Run r = run("diagnose", "--simulated", "--fault", fault);
        assertThat(r.rc()).as(r.out()).isEqualTo(3);
        assertThat(r.out()).contains(line("WARN", check) + expected).contains(" -> ")
                .endsWith("1 warning(s), no failures, 19 passed.\n");
    }

    @Test
    void rehearsing_the_amplifier_fault_names_it_with_its_remedy_and_keeps_the_amplifiers_off() {
        Run r = run("diagnose", "--simulated", "--fault", "amplifier");
        assertThat(r.rc()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains(line("FAIL", "amplifier") + "zone main: amplifier fault input active (amplifier off): "
                        + "amplifier overheated or shorted, or the speaker line is shorted (or its fault wire is loose) -> let it "
                        + "cool, check the fan and the speaker line for a short, check the fault wire, then 'loa diagnose' again")
                .contains(line("PASS", "safe-state") + "amplifiers off")
                .endsWith("1 failed, 0 warning(s), 19 passed: this receiver needs attention.\n");
    }

    @Test
    void a_rejected_dtls_handshake_says_wrong_psk_and_to_provision_again_with_check() {
        Run r = run("diagnose", "--simulated", "--fault", "dtls-rejected");
        assertThat(r.out()).containsPattern("FAIL dtls        DTLS handshake with coaps://127\\.0\\.0\\.1:\\d+ rejected \\(.+\\): "
                        + "likely a wrong PSK identity or key .*-> re-provision the receiver with the keys the headend holds: "
                        + "'\\./loa provision \\.\\.\\. --check'")
                .contains(line("FAIL", "registered") + "not registered: no secure connection");
    }

    @Test
    void a_dead_stream_reports_the_fetchers_own_reason() {
        Run r = run("diagnose", "--simulated", "--fault", "stream-dead");
        assertThat(r.out()).containsPattern("FAIL stream      stream dead: http://127\\.0\\.0\\.1:\\d+/live\\.mp3: no answer within 1000 ms: "
                + "the stream server is down");
    }

    @Test
    void a_rolled_back_update_names_the_version_the_reason_and_what_runs_now() {
        Run r = run("diagnose", "--simulated", "--fault", "update-rolled-back");
        assertThat(r.out()).containsPattern("WARN update      update to version 1\\.5\\.0 rolled back at \\S+Z: no health report "
                + "within 120 s after 2 boots; running 1\\.4\\.2 again: the new version did not prove healthy");
    }

    @Test
    void several_faults_are_reported_together_and_the_worst_decides_the_exit_code() {
        Run r = run("diagnose", "--simulated", "--fault", "tamper", "--fault", "no-mains");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.out()).contains(line("WARN", "tamper"), line("FAIL", "mains"));
    }

    @Test
    void an_unknown_fault_is_a_usage_error_listing_the_known_ones() {
        Run r = run("diagnose", "--simulated", "--fault", "gremlins");
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("--fault 'gremlins' is not a fault this build can stage; use one of: "
                + "clock-wrong, disk-full, no-network, bad-config, no-mains, tamper, amplifier, dtls-rejected, "
                + "not-registered, stream-dead, update-rolled-back, underruns, out-of-service, speaker-open");
    }

    @Test
    void a_fault_without_simulated_is_a_usage_error() {
        Run r = run("diagnose", "--fault", "disk-full");
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("--fault stages a fault on the simulated receiver; add --simulated");
    }

    @Test
    void json_output_parses_and_carries_every_check_and_the_worst_status() throws IOException {
        Run r = run("diagnose", "--simulated", "--fault", "disk-full", "--json");
        assertThat(r.rc()).isEqualTo(1);
        Map<String, Object> json = JSON.std.mapFrom(r.out());
        assertThat(json).containsEntry("worst", "FAIL").containsEntry("exitCode", 1)
                .containsEntry("receiver", "simulated receiver (faults: disk-full)");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> checks = (List<Map<String, Object>>) json.get("checks");
        assertThat(checks).extracting(c -> c.get("check")).containsExactly("config", "service", "sources", "board", "amplifier",
                "speaker", "mains", "tamper", "sound", "tone", "clock", "disk", "cache", "server", "dtls", "registered", "stream", "update", "underruns", "safe-state");
        assertThat(checks.get(11)).containsEntry("status", "FAIL").containsEntry("cause", "the disk is full (logs or downloads)");
    }

    @Test
    void simulated_and_this_machines_options_do_not_mix() {
        Run r = run("diagnose", "--simulated", "--config", "/etc/loa/loa.json");
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("--simulated diagnoses a simulated receiver; --config, --data, --server and --stream are for this machine");
    }

    @Test
    void on_this_machine_a_missing_config_fails_naming_the_file() {
        Path config = dir.resolve("loa.json");
        Run r = run("diagnose", "--config", config.toString(), "--data", dir.toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.out()).contains(line("FAIL", "config") + config + " not found: the receiver was never provisioned");
    }

    @Test
    void a_server_without_a_port_is_a_usage_error_quoting_it() {
        Run r = run("diagnose", "--server", "headend.example");
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("--server expects HOST:PORT (port 1..65535) but was 'headend.example'");
    }
}
