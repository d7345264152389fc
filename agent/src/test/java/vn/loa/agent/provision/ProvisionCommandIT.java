package vn.loa.agent.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.cli.Args;
import vn.loa.agent.config.LoaConfig;
import vn.loa.agent.lwm2m.ConnectionCheck;
import vn.loa.agent.lwm2m.Lwm2mConfig;
import vn.loa.agent.lwm2m.ProvisioningTestServer;
import vn.loa.hal.time.ManualScheduler;

/** {@code ./loa provision --check} against a real Leshan server over DTLS/PSK on loopback. */
class ProvisionCommandIT {

    static final String ENDPOINT = "loa-xa-an-binh-07";
    static final String IDENTITY = "an-binh-07";
    static final String KEY_HEX = "00112233445566778899aabbccddeeff";
    static final String WRONG_KEY_HEX = "ffeeddccbbaa99887766554433221100";

    @TempDir Path dir;
    ProvisioningTestServer server;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) server.close();
    }

    /** Not root, no user 'loa': the files keep the test's own owner unless --owner says otherwise. */
    static final SecretsOwner.Accounts NOT_ROOT = new SecretsOwner.Accounts() {
        @Override public boolean runningAsRoot() {
            return false;
        }

        @Override public Optional<UserPrincipal> user(String name) throws IOException {
            return SecretsOwner.Accounts.SYSTEM.user(name);
        }
    };

    int run(ConnectionCheck.Resolver resolver, String... args) throws Exception {
        out.reset();
        err.reset();
        ProvisionCommand c = new ProvisionCommand(new ManualScheduler(), resolver,
                cfg -> cfg.toBuilder().dtlsRetransmission(Duration.ofMillis(200), 2).requestTimeout(Duration.ofSeconds(2)).build(),
                new ByteArrayInputStream(new byte[0]), NOT_ROOT);
        return c.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String[] args(String server, String keyHex, String... more) {
        return argsWithIdentity(server, IDENTITY, keyHex, more);
    }

    String[] argsWithIdentity(String server, String identity, String keyHex, String... more) {
        List<String> a = new ArrayList<>(List.of("--endpoint", ENDPOINT, "--server", server, "--psk-identity", identity,
                "--psk-key", keyHex, "--board", "raspberry-pi-4", "--lat", "10.53", "--lon", "106.41",
                "--config-dir", dir.resolve("etc").toString(), "--state-dir", dir.resolve("var").toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    String all() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void check_registers_then_writes_the_config_and_a_0600_secrets_file_and_a_rerun_writes_the_same() throws Exception {
        server = ProvisioningTestServer.start(ENDPOINT, IDENTITY, HexFormat.of().parseHex(KEY_HEX));
        int rc = run(ConnectionCheck.Resolver.SYSTEM, args(server.uri(), KEY_HEX, "--check"));
        assertThat(rc).as(all()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("PROVISIONED OK endpoint=" + ENDPOINT + " server=" + server.uri());
        assertThat(all()).doesNotContain(KEY_HEX);
        Path secrets = dir.resolve("var/lwm2m-secrets.json");
        Path config = dir.resolve("etc/lwm2m.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rw-------");
        assertThat(Files.readString(secrets)).contains(KEY_HEX);
        assertThat(Files.readString(config)).doesNotContain(KEY_HEX).contains("\"endpoint\" : \"" + ENDPOINT + "\"");
        Lwm2mConfig read = Lwm2mConfig.readSection(config);
        assertThat(read.endpoint()).isEqualTo(ENDPOINT);
        assertThat(read.secretsFile()).isEqualTo(secrets);
        byte[] firstConfig = Files.readAllBytes(config);
        byte[] firstLoaJson = Files.readAllBytes(dir.resolve("etc/loa.json"));

        assertThat(run(ConnectionCheck.Resolver.SYSTEM, args(server.uri(), KEY_HEX, "--check"))).as(all()).isZero();
        assertThat(Files.readAllBytes(config)).isEqualTo(firstConfig);
        assertThat(Files.readAllBytes(dir.resolve("etc/loa.json"))).isEqualTo(firstLoaJson);
        try (var files = Files.list(dir.resolve("etc"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("lwm2m.json", "loa.json");
        }
    }

    @Test
    void after_provisioning_loa_run_reads_the_provisioned_board_and_reports_it_as_the_device_model() throws Exception {
        assertThat(run(ConnectionCheck.Resolver.SYSTEM, args("coaps://lwm2m.example.vn", KEY_HEX))).as(all()).isZero();
        LoaConfig c = LoaConfig.load(dir.resolve("etc/loa.json"), dir.resolve("elsewhere"));
        assertThat(c.board().profile()).isEqualTo("raspberry-pi-4");
        assertThat(c.station().name()).isEqualTo(ENDPOINT);
        assertThat(c.paths().data()).isEqualTo(dir.resolve("var"));
        assertThat(c.lwm2m()).isPresent();
        assertThat(c.lwm2m().get().boardProfile()).isEqualTo("raspberry-pi-4");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(dir.resolve("etc/loa.json") + " now names board raspberry-pi-4")
                .contains("systemctl restart loa");
    }

    @Test
    void an_existing_loa_json_keeps_every_other_section_and_only_its_board_changes() throws Exception {
        Path loaJson = Files.createDirectories(dir.resolve("etc")).resolve("loa.json");
        Files.writeString(loaJson, """
                {"station": {"name": "an-binh", "timezone": "Asia/Ho_Chi_Minh"},
                 "board": {"profile": "simulated"},
                 "log": {"level": "debug", "console": false},
                 "quietHours": {"start": "22:30", "end": "05:00"}}
                """);
        assertThat(run(ConnectionCheck.Resolver.SYSTEM, args("coaps://lwm2m.example.vn", KEY_HEX))).as(all()).isZero();

        Map<String, Object> after = JSON.std.mapFrom(Files.readString(loaJson));
        assertThat(after).containsOnlyKeys("station", "board", "log", "quietHours");
        assertThat(after.get("board")).isEqualTo(Map.of("profile", "raspberry-pi-4"));
        assertThat(after.get("station")).isEqualTo(Map.of("name", "an-binh", "timezone", "Asia/Ho_Chi_Minh"));
        assertThat(after.get("log")).isEqualTo(Map.of("level", "debug", "console", false));
        assertThat(after.get("quietHours")).isEqualTo(Map.of("start", "22:30", "end", "05:00"));
        LoaConfig c = LoaConfig.load(loaJson, dir);
        assertThat(c.board().profile()).isEqualTo("raspberry-pi-4");
        assertThat(c.log().level()).isEqualTo("debug");
    }

    @Test
    void without_board_the_board_loa_json_names_is_kept_and_reported_and_loa_json_is_not_rewritten() throws Exception {
        Path loaJson = Files.createDirectories(dir.resolve("etc")).resolve("loa.json");
        Files.writeString(loaJson, "{\"board\": {\"profile\": \"raspberry-pi-5\"}}\n");
        byte[] before = Files.readAllBytes(loaJson);
        assertThat(run(ConnectionCheck.Resolver.SYSTEM, "--endpoint", ENDPOINT, "--server", "coaps://lwm2m.example.vn",
                "--psk-identity", IDENTITY, "--psk-key", KEY_HEX, "--config-dir", dir.resolve("etc").toString(),
                "--state-dir", dir.resolve("var").toString())).as(all()).isZero();
        assertThat(Files.readAllBytes(loaJson)).isEqualTo(before);
        assertThat(Lwm2mConfig.readSection(dir.resolve("etc/lwm2m.json")).boardProfile()).isEqualTo("raspberry-pi-5");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(loaJson + " already named board raspberry-pi-5");
    }

    @Test
    void without_board_and_without_loa_json_provisioning_asks_for_the_board_and_writes_nothing() throws Exception {
        int rc = run(ConnectionCheck.Resolver.SYSTEM, "--endpoint", ENDPOINT, "--server", "coaps://lwm2m.example.vn",
                "--psk-identity", IDENTITY, "--psk-key", KEY_HEX, "--config-dir", dir.resolve("etc").toString(),
                "--state-dir", dir.resolve("var").toString());
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("PROVISIONING FAILED: provisioning data: no board profile: "
                + dir.resolve("etc/loa.json") + " does not exist yet and loa run needs it to name the board; give --board PROFILE");
        assertThat(dir.resolve("etc")).doesNotExist();
        assertThat(dir.resolve("var")).doesNotExist();
    }

    @Test
    void a_board_that_is_neither_built_in_nor_a_file_is_refused_before_anything_is_written() throws Exception {
        List<String> a = new ArrayList<>(List.of(args("coaps://lwm2m.example.vn", KEY_HEX)));
        a.set(a.indexOf("raspberry-pi-4"), "raspbery-pi-4");
        int rc = run(ConnectionCheck.Resolver.SYSTEM, a.toArray(String[]::new));
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("PROVISIONING FAILED: provisioning data: board profile "
                + "'raspbery-pi-4' is neither built in (raspberry-pi-4, raspberry-pi-5, simulated) nor a profile file");
        assertThat(dir.resolve("etc")).doesNotExist();
    }

    @Test
    void a_broken_loa_json_is_not_overwritten_and_nothing_is_written() throws Exception {
        Path loaJson = Files.createDirectories(dir.resolve("etc")).resolve("loa.json");
        Files.writeString(loaJson, "{\"board\": {\"profile\": \"simulated\"},\n");
        byte[] before = Files.readAllBytes(loaJson);
        int rc = run(ConnectionCheck.Resolver.SYSTEM, args("coaps://lwm2m.example.vn", KEY_HEX));
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("PROVISIONING FAILED: existing " + loaJson
                + " cannot be kept: " + loaJson + ": is not valid JSON").contains("Nothing was written");
        assertThat(Files.readAllBytes(loaJson)).isEqualTo(before);
        assertThat(dir.resolve("etc/lwm2m.json")).doesNotExist();
        assertThat(dir.resolve("var/lwm2m-secrets.json")).doesNotExist();
    }

    @Test
    void a_loa_json_with_invalid_settings_or_its_own_lwm2m_section_is_named_and_left_alone() throws Exception {
        Path loaJson = Files.createDirectories(dir.resolve("etc")).resolve("loa.json");
        Files.writeString(loaJson, "{\"log\": {\"level\": \"loud\"}}");
        assertThat(run(ConnectionCheck.Resolver.SYSTEM, args("coaps://lwm2m.example.vn", KEY_HEX))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(loaJson + ": log.level 'loud' is not one of trace, debug, info, warn, error");

        Files.writeString(loaJson, "{\"lwm2m\": {\"endpoint\": \"old\", \"serverUri\": \"coaps://old.example.vn\"}}");
        assertThat(run(ConnectionCheck.Resolver.SYSTEM, args("coaps://lwm2m.example.vn", KEY_HEX))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(loaJson + ": lwm2m is set here, but ./loa provision writes it to "
                + dir.resolve("etc/lwm2m.json") + " and the agent refuses both at once");
        assertThat(Files.readString(loaJson)).contains("old.example.vn");
        assertThat(dir.resolve("etc/lwm2m.json")).doesNotExist();
    }

    @Test
    void owner_gives_the_secrets_and_the_state_folder_to_that_user_and_says_so() throws Exception {
        String me = Files.getOwner(dir).getName();
        assertThat(run(ConnectionCheck.Resolver.SYSTEM, args("coaps://lwm2m.example.vn", KEY_HEX, "--owner", me))).as(all()).isZero();
        assertThat(Files.getOwner(dir.resolve("var/lwm2m-secrets.json")).getName()).isEqualTo(me);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("(0600, owner " + me + ")")
                .contains("state folder " + dir.resolve("var") + " owned by " + me + "\n");
    }

    @Test
    void an_unknown_owner_is_a_usage_error_naming_it_before_anything_is_written() {
        assertThatThrownBy(() -> run(ConnectionCheck.Resolver.SYSTEM, args("coaps://lwm2m.example.vn", KEY_HEX,
                "--owner", "no-such-user-loa-test")))
                .isInstanceOf(Args.UsageException.class)
                .hasMessage("--owner 'no-such-user-loa-test': no such user on this system; the agent's service runs as "
                        + "'loa' (create it, or name the user the agent runs as)");
        assertThat(dir.resolve("var")).doesNotExist();
    }

    @Test
    void files_that_cannot_be_written_exit_1_and_say_which_and_why() throws Exception {
        Path inTheWay = Files.writeString(dir.resolve("not-a-folder"), "x");
        int rc = run(ConnectionCheck.Resolver.SYSTEM, "--endpoint", ENDPOINT, "--server", "coaps://lwm2m.example.vn",
                "--psk-identity", IDENTITY, "--psk-key", KEY_HEX, "--board", "simulated",
                "--config-dir", dir.resolve("etc").toString(), "--state-dir", inTheWay.resolve("var").toString());
        assertThat(rc).isEqualTo(ProvisionCommand.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("PROVISIONING FAILED: writing files: cannot write "
                + inTheWay).contains("Nothing was written");
        assertThat(dir.resolve("etc")).doesNotExist();

        rc = run(ConnectionCheck.Resolver.SYSTEM, "--endpoint", ENDPOINT, "--server", "coaps://lwm2m.example.vn",
                "--psk-identity", IDENTITY, "--psk-key", KEY_HEX, "--board", "simulated",
                "--config-dir", inTheWay.resolve("etc").toString(), "--state-dir", dir.resolve("var").toString());
        assertThat(rc).isEqualTo(ProvisionCommand.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("PROVISIONING FAILED: writing files: cannot write "
                + inTheWay).contains("Written before the failure: [" + dir.resolve("var/lwm2m-secrets.json") + "]");
    }

    @Test
    void allow_sources_go_into_loa_json_keeping_its_other_audio_settings_and_a_bad_one_writes_nothing() throws Exception {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/loa.json"), "{\"board\": {\"profile\": \"raspberry-pi-4\"}, \"audio\": {\"volume\": 60}}");
        int rc = run(ConnectionCheck.Resolver.SYSTEM, args("coaps://lwm2m.example.vn", KEY_HEX,
                "--allow-source", "https://content.xa-an-binh.vn/", "--allow-source", "http://10.8.0.1:8000/live"));
        assertThat(rc).as(all()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("audio only from: https://content.xa-an-binh.vn/, "
                + "http://10.8.0.1:8000/live (audio.allowSources in " + dir.resolve("etc/loa.json") + ")");
        LoaConfig c = LoaConfig.load(dir.resolve("etc/loa.json"), dir.resolve("elsewhere"));
        assertThat(c.audio().http().allow().patterns()).containsExactly("https://content.xa-an-binh.vn/", "http://10.8.0.1:8000/live");
        assertThat(c.audio().mixer().masterVolume()).isEqualTo(60);
        assertThat(run(ConnectionCheck.Resolver.SYSTEM, args("coaps://lwm2m.example.vn", KEY_HEX,
                "--allow-source", "https://content.xa-an-binh.vn/"))).as(all()).isZero();
        assertThat(LoaConfig.load(dir.resolve("etc/loa.json"), dir).audio().http().allow().patterns())
                .as("the list given replaces the old one").containsExactly("https://content.xa-an-binh.vn/");

        byte[] beforeFailure = Files.readAllBytes(dir.resolve("etc/loa.json"));
        byte[] secretsBefore = Files.readAllBytes(dir.resolve("var/lwm2m-secrets.json"));
        rc = run(ConnectionCheck.Resolver.SYSTEM, args("coaps://lwm2m.example.vn", WRONG_KEY_HEX, "--allow-source", "content.vn"));
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith(
                "PROVISIONING FAILED: provisioning data: allow-source [0] 'content.vn' must start with http:// or https://");
        assertThat(Files.readAllBytes(dir.resolve("etc/loa.json"))).as("untouched by the failed run").isEqualTo(beforeFailure);
        assertThat(Files.readAllBytes(dir.resolve("var/lwm2m-secrets.json"))).isEqualTo(secretsBefore);

        assertThat(run(ConnectionCheck.Resolver.SYSTEM, args("coaps://lwm2m.example.vn", KEY_HEX))).as(all()).isZero();
        assertThat(LoaConfig.load(dir.resolve("etc/loa.json"), dir).audio().http().allow().patterns())
                .as("no --allow-source keeps the list").containsExactly("https://content.xa-an-binh.vn/");
    }

    @Test
    void a_wrong_psk_identity_fails_the_check_with_the_handshake_reason_and_writes_nothing() throws Exception {
        server = ProvisioningTestServer.start(ENDPOINT, IDENTITY, HexFormat.of().parseHex(KEY_HEX));
        int rc = run(ConnectionCheck.Resolver.SYSTEM, argsWithIdentity(server.uri(), "an-binh-70", KEY_HEX, "--check"));
        assertThat(rc).as(all()).isEqualTo(ProvisionCommand.HANDSHAKE_FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("PROVISIONING FAILED: handshake failed: ")
                .contains("likely a wrong PSK identity or key");
        assertThat(all()).doesNotContain(KEY_HEX);
        assertThat(dir.resolve("var/lwm2m-secrets.json")).doesNotExist();
        assertThat(dir.resolve("etc/loa.json")).doesNotExist();
    }

    @Test
    void wrong_psk_fails_the_check_with_the_handshake_reason_and_keeps_the_old_config() throws Exception {
        server = ProvisioningTestServer.start(ENDPOINT, IDENTITY, HexFormat.of().parseHex(KEY_HEX));
        assertThat(run(ConnectionCheck.Resolver.SYSTEM, args(server.uri(), KEY_HEX, "--check"))).as(all()).isZero();
        byte[] oldSecrets = Files.readAllBytes(dir.resolve("var/lwm2m-secrets.json"));

        int rc = run(ConnectionCheck.Resolver.SYSTEM, args(server.uri(), WRONG_KEY_HEX, "--check"));
        assertThat(rc).as(all()).isEqualTo(ProvisionCommand.HANDSHAKE_FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("PROVISIONING FAILED: handshake failed: ")
                .contains("likely a wrong PSK identity or key");
        assertThat(all()).doesNotContain(WRONG_KEY_HEX).doesNotContain(KEY_HEX);
        assertThat(Files.readAllBytes(dir.resolve("var/lwm2m-secrets.json"))).isEqualTo(oldSecrets);
    }

    @Test
    void a_server_that_does_not_know_the_endpoint_rejects_the_registration_with_exit_13() throws Exception {
        server = ProvisioningTestServer.start("loa-someone-else", IDENTITY, HexFormat.of().parseHex(KEY_HEX));
        int rc = run(ConnectionCheck.Resolver.SYSTEM, args(server.uri(), KEY_HEX, "--check"));
        assertThat(rc).as(all()).isEqualTo(ProvisionCommand.REJECTED);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("PROVISIONING FAILED: registration rejected: ")
                .contains("403");
        assertThat(dir.resolve("etc/lwm2m.json")).doesNotExist();
        assertThat(dir.resolve("var/lwm2m-secrets.json")).doesNotExist();
    }

    @Test
    void a_server_that_handshakes_but_never_answers_the_registration_times_out_with_exit_14() throws Exception {
        server = ProvisioningTestServer.silentAfterHandshake(IDENTITY, HexFormat.of().parseHex(KEY_HEX));
        int rc = run(ConnectionCheck.Resolver.SYSTEM, args(server.uri(), KEY_HEX, "--check", "--timeout", "20"));
        assertThat(rc).as(all()).isEqualTo(ProvisionCommand.TIMED_OUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("PROVISIONING FAILED: timed out: ");
        assertThat(server.applicationDatagrams()).as("the Register reached the server over the completed handshake").isPositive();
        assertThat(dir.resolve("etc/lwm2m.json")).doesNotExist();
    }

    @Test
    void a_name_that_does_not_resolve_fails_at_the_dns_step() throws Exception {
        ConnectionCheck.Resolver none = host -> {
            throw new UnknownHostException(host);
        };
        int rc = run(none, args("coaps://lwm2m.example.invalid:5684", KEY_HEX, "--check"));
        assertThat(rc).isEqualTo(ProvisionCommand.DNS_FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("PROVISIONING FAILED: DNS: the name 'lwm2m.example.invalid' does not resolve");
        assertThat(dir.resolve("etc/lwm2m.json")).doesNotExist();
    }

    @Test
    void a_silent_port_fails_as_unreachable() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        int rc = run(ConnectionCheck.Resolver.SYSTEM, args("coaps://127.0.0.1:" + port, KEY_HEX, "--check", "--timeout", "20"));
        assertThat(rc).as(all()).isEqualTo(ProvisionCommand.UNREACHABLE);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("PROVISIONING FAILED: server unreachable: no DTLS answer from 127.0.0.1:" + port);
    }

    @Test
    void bad_provisioning_data_is_a_usage_error_naming_the_value_and_writes_nothing() throws Exception {
        int rc = run(ConnectionCheck.Resolver.SYSTEM, "--endpoint", "bad name!", "--server", "coaps://h:5684",
                "--psk-identity", "x", "--psk-key", KEY_HEX, "--config-dir", dir.resolve("etc").toString(),
                "--state-dir", dir.resolve("var").toString());
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("endpoint 'bad name!' must be 1-64 of");
        assertThat(dir.resolve("etc")).doesNotExist();
    }

    @Test
    void provisioning_json_from_stdin_is_read_like_a_qr_code() throws Exception {
        String json = "{\"endpoint\": \"" + ENDPOINT + "\", \"serverUri\": \"coaps://lwm2m.example.vn\", \"pskIdentity\": \""
                + IDENTITY + "\", \"pskKey\": \"" + KEY_HEX + "\", \"boardProfile\": \"raspberry-pi-4\", \"location\": {\"latitude\": 10.5, \"longitude\": 106.4}}";
        ProvisionCommand c = new ProvisionCommand(new ManualScheduler(), ConnectionCheck.Resolver.SYSTEM, cfg -> cfg,
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), NOT_ROOT);
        int rc = c.run(List.of("--from", "-", "--config-dir", dir.resolve("etc").toString(), "--state-dir", dir.resolve("var").toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).as(all()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("provisioned (not checked) endpoint=" + ENDPOINT);
        assertThat(Files.readString(dir.resolve("etc/lwm2m.json"))).contains("\"measuredAt\" : \"2026-01-05T01:00:00Z\"");
        assertThat(all()).doesNotContain(KEY_HEX);
    }
}
