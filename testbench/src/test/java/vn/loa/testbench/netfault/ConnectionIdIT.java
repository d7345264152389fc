package vn.loa.testbench.netfault;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.loa.agent.lwm2m.BenchServer;
import vn.loa.agent.lwm2m.Lwm2mConfig;
import vn.loa.agent.lwm2m.Lwm2mSecrets;
import vn.loa.agent.lwm2m.StationLwm2mClient;
import vn.loa.agent.lwm2m.TrafficCounter;

/**
 * DTLS Connection ID against a carrier NAT that rebinds: the receiver's next registration update arrives from a new
 * source port, and the server still finds the session by the CID it issued, so the update goes through with no new
 * handshake (a handshake costs ~1 KB on a metered SIM; without CID the server drops the records until the client gives
 * up on the request and handshakes again).
 */
class ConnectionIdIT {

    static final String EP = "loa-cid-1";
    static final byte[] KEY = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    BenchServer server;
    FaultProxy nat;
    StationLwm2mClient client;

    @AfterEach
    void tearDown() {
        if (client != null) client.stop();
        if (nat != null) nat.close();
        if (server != null) server.close();
    }

    @Test
    void after_a_nat_rebinding_the_next_update_goes_through_on_the_same_dtls_session() throws Exception {
        server = BenchServer.start(EP, EP, KEY);
        nat = FaultProxy.builder(FaultProxy.Protocol.UDP, new java.net.InetSocketAddress(server.uri().getHost(),
                server.uri().getPort())).seed(1).build();
        URI viaNat = URI.create("coaps://127.0.0.1:" + nat.address().getPort());
        Lwm2mConfig cfg = Lwm2mConfig.builder(EP, viaNat).updatePeriod(Duration.ofSeconds(1))
                .lifetime(Duration.ofSeconds(60)).requestTimeout(Duration.ofSeconds(20)).build();
        client = StationLwm2mClient.builder(cfg, Lwm2mSecrets.psk(EP, KEY)).build();
        client.start();
        assertThat(server.nextRegistration(Duration.ofSeconds(20))).as("registered through the NAT").isNotNull();
        assertThat(server.nextUpdate(Duration.ofSeconds(10))).as("a first update").isNotNull();

        TrafficCounter.Snapshot before = client.traffic().snapshot();
        nat.rebindNat();
        assertThat(server.nextUpdate(Duration.ofSeconds(5))).as("an update from the new source port within 5 s").isNotNull();
        TrafficCounter.Snapshot spent = client.traffic().snapshot().minus(before);

        assertThat(nat.stats().natRebinds()).isEqualTo(1);
        assertThat(server.nextRegistration(Duration.ZERO)).as("no new registration").isNull();
        assertThat(spent.wireBytes()).as("an update or two, no ~1 KB handshake: " + spent).isLessThan(600);
    }
}
