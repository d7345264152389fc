package vn.loa.agent.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.cli.AgentCommands;
import vn.loa.agent.cli.Command;
import vn.loa.agent.cli.CommandLine;
import vn.loa.agent.lwm2m.ConnectionCheck;
import vn.loa.agent.lwm2m.ProvisioningTestServer;
import vn.loa.agent.store.PlayEvent;
import vn.loa.agent.store.PlayLog;
import vn.loa.agent.store.RealDisk;
import vn.loa.hal.BoardOpenException;
import vn.loa.hal.Boards;
import vn.loa.hal.SimulatedBoard;
import vn.loa.hal.time.Clock;
import vn.loa.ota.launcher.LauncherState;

class DeviceDiagnoseCommandTest {

    private static final String KEY_HEX = "000102030405060708090a0b0c0d0e0f";
    private static final String WRONG_KEY_HEX = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

    @TempDir Path dir;
    private final List<AutoCloseable> closeLater = new ArrayList<>();
    private final AtomicReference<SimulatedBoard> opened = new AtomicReference<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeLater) c.close();
    }

    private record Run(int rc, String out, String err) {
    }

    private DeviceDiagnoseCommand command(BoardChecks.Opener opener) {
        return new DeviceDiagnoseCommand(new DeviceDiagnoseCommand.Seams(Clock.system(Clock.VIETNAM), () -> Optional.of(true),
                opener, ConnectionCheck.Resolver.SYSTEM, p -> 3L << 30));
    }

    /** Opens the simulated board as the device would, keeping a handle to read its outputs afterwards. */
    private Board simulatedOpener() {
        return new Board();
    }

    private final class Board implements BoardChecks.Opener {
        @Override public vn.loa.hal.Board open(vn.loa.hal.BoardProfile profile, vn.loa.hal.time.Scheduler loop) {
            SimulatedBoard b = Boards.simulated(profile, loop);
            opened.set(b);
            return b;
        }
    }

    private Run run(BoardChecks.Opener opener, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new CommandLine("loa", List.of(command(opener))).run(List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path config(String extra) throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path f = dir.resolve("loa.json");
        Files.writeString(f, "{\n  \"board\": { \"profile\": \"simulated\" },\n  \"paths\": { \"data\": \"" + data + "\" },\n"
                + "  \"update\": { \"stateDir\": \"" + dir.resolve("ota") + "\" }" + extra + "\n}\n");
        return f;
    }

    private static String line(String status, String check) {
        return String.format("%s %-10s  ", status, check);
    }

    @Test
    void diagnose_is_a_command_of_the_receiver() {
        assertThat(AgentCommands.all()).extracting(Command::name).contains("diagnose");
    }

    @Test
    void a_healthy_receiver_on_the_simulated_board_passes_every_check_exits_zero_and_leaves_the_amplifiers_off() throws Exception {
        Run r = run(simulatedOpener(), "diagnose", "--config", config("").toString());
        assertThat(r.rc()).as(r.out()).isZero();
        assertThat(r.out()).startsWith("Loa diagnose: this receiver (loa)\n")
                .contains(line("PASS", "config") + dir.resolve("loa.json") + " is valid")
                .contains(line("PASS", "service") + "in service (never taken out of service)")
                .contains(line("PASS", "sources") + "any audio source (no audio.allowSources; simulated board)")
                .contains(line("PASS", "board") + "profile 'simulated' (simulated): 6 input and 8 output line(s) claimed, outputs safe")
                .contains(line("PASS", "amplifier") + "main: fault input clear, market: fault input clear")
                .contains(line("PASS", "speaker") + "speaker line closed on zone(s) main, market")
                .contains(line("PASS", "mains") + "mains present")
                .contains(line("PASS", "tamper") + "door closed")
                .contains(line("PASS", "sound") + "simulated board")
                .contains(line("PASS", "tone") + "1 kHz test tone written to WAV capture")
                .contains("read back at 1000 Hz")
                .contains(line("PASS", "clock"), line("PASS", "disk"))
                .contains(line("PASS", "cache") + "no stored bulletins yet")
                .contains(line("PASS", "update") + "no update taken yet")
                .contains(line("PASS", "underruns") + "nothing played yet")
                .contains(line("PASS", "safe-state") + "amplifiers off, FM gate closed, mute on; GPIO lines released")
                .doesNotContain("dtls", "registered")
                .endsWith("All 16 checks passed.\n");
        SimulatedBoard b = opened.get();
        assertThat(b.outputActive("amp.main.relay")).isFalse();
        assertThat(b.outputActive("amp.market.relay")).isFalse();
    }

    @Test
    void gpio_lines_held_by_the_running_agent_warn_and_the_inputs_say_they_were_not_read() throws Exception {
        BoardChecks.Opener busy = (p, l) -> {
            throw new BoardOpenException("board profile simulated: GPIO could not be opened: line 17 busy", null);
        };
        Run r = run(busy, "diagnose", "--config", config("").toString());
        assertThat(r.rc()).as(r.out()).isEqualTo(3);
        assertThat(r.out()).contains(line("WARN", "board") + "GPIO lines of profile 'simulated' are in use")
                .contains("-> to test the lines, 'systemctl stop loa', run 'loa diagnose' again")
                .contains(line("WARN", "amplifier") + "amplifier fault inputs not read: the GPIO lines are held by the running agent")
                .contains(line("PASS", "safe-state") + "nothing was switched");
    }

    @Test
    void a_board_that_cannot_be_opened_fails_naming_why() throws Exception {
        BoardChecks.Opener none = (p, l) -> {
            throw new BoardOpenException("board profile raspberry-pi-4: this machine is not a Raspberry Pi", null);
        };
        Run r = run(none, "diagnose", "--config", config("").toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.out()).contains(line("FAIL", "board") + "GPIO of profile 'simulated' cannot be opened: board profile "
                + "raspberry-pi-4: this machine is not a Raspberry Pi: wrong board profile for this machine");
    }

    @Test
    void a_receiver_the_headend_took_out_of_service_warns_first_with_who_and_since() throws Exception {
        Path cfg = config("");
        new vn.loa.agent.store.AudioSettingsStore(RealDisk.INSTANCE, dir.resolve("data/audio.json")).save(
                new vn.loa.agent.store.AudioSettingsStore.Settings(80, false, 90, 80, 90, "lwm2m:1",
                        Instant.parse("2026-11-20T02:00:00Z"), java.util.Optional.of(new vn.loa.agent.schedule.ServiceHold.Held(
                        "lwm2m:1", Instant.parse("2026-11-20T02:00:00Z")))));
        Run r = run(simulatedOpener(), "diagnose", "--config", cfg.toString());
        assertThat(r.rc()).as(r.out()).isEqualTo(3);
        assertThat(r.out()).contains(line("WARN", "service") + "OUT OF SERVICE since 2026-11-20T02:00:00Z (set by lwm2m:1): "
                + "nothing plays, emergencies included, amplifiers held off");
    }

    @Test
    void a_rolled_back_update_and_many_underruns_warn_with_version_reason_and_worst_item() throws Exception {
        Path cfg = config("");
        Path ota = dir.resolve("ota");
        Files.createDirectories(ota);
        Files.write(ota.resolve("launcher.properties"), LauncherState.committed("A", "2.0.0").startTrial("B", "2.1.0", true)
                .bootedTrial().rollingBack("crashed 3 times in a row", "2026-11-20T02:00:00Z").rolledBack().toBytes());
        PlayLog log = PlayLog.open(RealDisk.INSTANCE, dir.resolve("data/playlog"), 64 * 1024, 8);
        Instant t = Instant.now().minus(Duration.ofHours(1));
        log.append(new PlayEvent("live-news", Level.NORMAL, "server", null, t, t.plusSeconds(60), new ItemResult.Completed(),
                "http://radio.example/live", 25, "ON", 80));
        Run r = run(simulatedOpener(), "diagnose", "--config", cfg.toString());
        assertThat(r.rc()).as(r.out()).isEqualTo(3);
        assertThat(r.out()).contains(line("WARN", "update") + "update to version 2.1.0 rolled back at 2026-11-20T02:00:00Z: "
                        + "crashed 3 times in a row; running 2.0.0 again")
                .contains(line("WARN", "underruns") + "25 underrun(s) in the last 24 h over 1 item(s), above 10 (worst: live-news with 25)");
    }

    @Test
    void an_open_speaker_line_fails_the_speaker_check_naming_the_zone() throws Exception {
        BoardChecks.Opener lineCut = (profile, loop) -> {
            vn.loa.hal.time.ManualScheduler gpio = new vn.loa.hal.time.ManualScheduler();
            SimulatedBoard b = Boards.simulated(profile, gpio);
            b.setInput("amp.market.lineOpen", true);
            gpio.advance(Duration.ofSeconds(1)); // past the input's debounce
            return b;
        };
        Run r = run(lineCut, "diagnose", "--config", config("").toString());
        assertThat(r.rc()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains(line("FAIL", "speaker") + "speaker line open on zone(s) market (closed: main): the cable "
                + "to the loudspeakers is cut, a loudspeaker was disconnected or stolen, or a terminal is loose -> walk the line");
    }

    @Test
    void a_damaged_stored_bulletin_fails_the_cache_check() throws Exception {
        Path cfg = config("");
        Path cache = dir.resolve("data/cache");
        Files.createDirectories(cache);
        Files.writeString(cache.resolve("a".repeat(64)), "not what the name promises");
        Run r = run(simulatedOpener(), "diagnose", "--config", cfg.toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.out()).contains(line("FAIL", "cache") + "1 of 1 stored bulletin(s) damaged in " + cache);
    }

    @Test
    void a_refused_stream_fails_with_the_fetchers_reason() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Run r = run(simulatedOpener(), "diagnose", "--config", config("").toString(), "--stream",
                "http://127.0.0.1:" + port + "/live.mp3");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.out()).contains(line("FAIL", "stream") + "stream dead: http://127.0.0.1:" + port + "/live.mp3")
                .contains("refused");
    }

    private String lwm2mSection(String uri, String keyHex) throws Exception {
        Path secrets = dir.resolve("secrets.json");
        Files.writeString(secrets, "{ \"pskIdentity\": \"rx-1\", \"pskKey\": \"" + keyHex + "\" }");
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
        return ",\n  \"lwm2m\": { \"endpoint\": \"rx-1\", \"serverUri\": \"" + uri + "\", \"secretsFile\": \"" + secrets
                + "\", \"nonceFile\": \"" + dir.resolve("nonces.json") + "\", \"dtlsRetransmissionMillis\": 200, "
                + "\"dtlsMaxRetransmissions\": 2, \"requestTimeoutMillis\": 2000 }";
    }

    @Test
    void with_an_lwm2m_section_a_real_handshake_and_registration_pass() throws Exception {
        ProvisioningTestServer server = ProvisioningTestServer.start("rx-1", "rx-1", HexFormat.of().parseHex(KEY_HEX));
        closeLater.add(server);
        Run r = run(simulatedOpener(), "diagnose", "--config", config(lwm2mSection(server.uri(), KEY_HEX)).toString());
        assertThat(r.out()).contains(line("PASS", "dtls") + "DTLS handshake with " + server.uri() + " completed")
                .contains(line("PASS", "registered") + "registered with ").contains("as 'rx-1'");
        assertThat(r.out() + r.err()).doesNotContain(KEY_HEX);
    }

    @Test
    void a_wrong_psk_is_named_as_a_rejected_handshake_with_provision_check_as_the_remedy() throws Exception {
        ProvisioningTestServer server = ProvisioningTestServer.start("rx-1", "rx-1", HexFormat.of().parseHex(KEY_HEX));
        closeLater.add(server);
        Run r = run(simulatedOpener(), "diagnose", "--config", config(lwm2mSection(server.uri(), WRONG_KEY_HEX)).toString(),
                "--json");
        assertThat(r.rc()).isEqualTo(1);
        Map<String, Object> json = JSON.std.mapFrom(r.out());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> checks = (List<Map<String, Object>>) json.get("checks");
        Map<String, Object> dtls = checks.stream().filter(c -> c.get("check").equals("dtls")).findFirst().orElseThrow();
        assertThat(dtls).containsEntry("status", "FAIL")
                .containsEntry("cause", "likely a wrong PSK identity or key (the server does not know this receiver's keys)")
                .containsEntry("remedy", "re-provision the receiver with the keys the headend holds: './loa provision ... --check'");
        assertThat((String) dtls.get("detail")).startsWith("DTLS handshake with " + server.uri() + " rejected (");
        assertThat(r.out()).doesNotContain(WRONG_KEY_HEX).doesNotContain(KEY_HEX);
    }

    @Test
    void secrets_others_may_read_fail_both_lwm2m_lines_without_showing_the_key() throws Exception {
        Path cfg = config(lwm2mSection("coaps://127.0.0.1:5684", KEY_HEX));
        Files.setPosixFilePermissions(dir.resolve("secrets.json"), PosixFilePermissions.fromString("rw-r--r--"));
        Run r = run(simulatedOpener(), "diagnose", "--config", cfg.toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.out()).contains(line("FAIL", "dtls") + "the LwM2M secrets cannot be used: " + dir.resolve("secrets.json")
                        + ": is readable by others").contains(line("FAIL", "registered")).doesNotContain(KEY_HEX);
    }

    @Test
    void an_endpoint_the_server_does_not_know_is_not_registered() throws Exception {
        ProvisioningTestServer server = ProvisioningTestServer.start("someone-else", "rx-1", HexFormat.of().parseHex(KEY_HEX));
        closeLater.add(server);
        Run r = run(simulatedOpener(), "diagnose", "--config", config(lwm2mSection(server.uri(), KEY_HEX)).toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.out()).contains(line("PASS", "dtls"))
                .contains(line("FAIL", "registered") + "not registered: " + server.uri() + " refused endpoint 'rx-1'");
    }
}
