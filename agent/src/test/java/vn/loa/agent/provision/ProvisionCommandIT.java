package vn.loa.agent.provision;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    int run(ConnectionCheck.Resolver resolver, String... args) throws Exception {
        out.reset();
        err.reset();
        ProvisionCommand c = new ProvisionCommand(new ManualScheduler(), resolver,
                cfg -> cfg.toBuilder().dtlsRetransmission(Duration.ofMillis(200), 2).requestTimeout(Duration.ofSeconds(2)).build(),
                new ByteArrayInputStream(new byte[0]));
        return c.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String[] args(String server, String keyHex, String... more) {
        List<String> a = new ArrayList<>(List.of("--endpoint", ENDPOINT, "--server", server, "--psk-identity", IDENTITY,
                "--psk-key", keyHex, "--board", "raspberry-pi-4-loa", "--lat", "10.53", "--lon", "106.41",
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

        assertThat(run(ConnectionCheck.Resolver.SYSTEM, args(server.uri(), KEY_HEX, "--check"))).as(all()).isZero();
        assertThat(Files.readAllBytes(config)).isEqualTo(firstConfig);
        try (var files = Files.list(dir.resolve("etc"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("lwm2m.json");
        }
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
                + IDENTITY + "\", \"pskKey\": \"" + KEY_HEX + "\", \"boardProfile\": \"pi4\", \"location\": {\"latitude\": 10.5, \"longitude\": 106.4}}";
        ProvisionCommand c = new ProvisionCommand(new ManualScheduler(), ConnectionCheck.Resolver.SYSTEM, cfg -> cfg,
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        int rc = c.run(List.of("--from", "-", "--config-dir", dir.resolve("etc").toString(), "--state-dir", dir.resolve("var").toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).as(all()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("provisioned (not checked) endpoint=" + ENDPOINT);
        assertThat(Files.readString(dir.resolve("etc/lwm2m.json"))).contains("\"measuredAt\" : \"2026-01-05T01:00:00Z\"");
        assertThat(all()).doesNotContain(KEY_HEX);
    }
}
