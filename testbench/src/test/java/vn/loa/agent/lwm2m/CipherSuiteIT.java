package vn.loa.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The station offers exactly the cipher suites its config lists, no library defaults behind them: with only a suite the
 * server does not accept (CBC, outside Californium's recommended set that the server keeps to) there is no
 * registration; with the shipped list it registers.
 */
class CipherSuiteIT {

    static final String EP = "loa-suites-1";
    static final byte[] KEY = HexFormat.of().parseHex("0f0e0d0c0b0a09080706050403020100");

    BenchServer server;
    StationLwm2mClient client;

    @AfterEach
    void tearDown() {
        if (client != null) client.stop();
        if (server != null) server.close();
    }

    private void start(List<String> suites) {
        server = BenchServer.start(EP, EP, KEY);
        Lwm2mConfig cfg = Lwm2mConfig.builder(EP, server.uri()).cipherSuites(suites)
                .dtlsRetransmission(Duration.ofMillis(500), 1).build();
        client = StationLwm2mClient.builder(cfg, Lwm2mSecrets.psk(EP, KEY)).build();
        client.start();
    }

    @Test
    void the_shipped_suites_register() throws Exception {
        start(Lwm2mConfig.DEFAULT_PSK_CIPHER_SUITES);
        assertThat(server.nextRegistration(Duration.ofSeconds(20))).isNotNull();
    }

    @Test
    void a_configured_suite_the_server_refuses_is_all_the_station_offers() throws Exception {
        start(List.of("TLS_PSK_WITH_AES_128_CBC_SHA256"));
        assertThat(server.nextRegistration(Duration.ofSeconds(4)))
                .as("no registration: the station must not fall back to suites it was not configured with").isNull();
    }
}
