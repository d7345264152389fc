package vn.loa.testbench.netfault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.ManualScheduler;

class UdpFaultProxyIT {

    private static final Duration BOUND = Duration.ofSeconds(5);

    private UdpPeer server;
    private DatagramSocket client;
    private FaultProxy proxy;

    @BeforeEach
    void setUp() throws IOException {
        client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        client.setSoTimeout((int) BOUND.toMillis());
    }

    @AfterEach
    void tearDown() {
        if (proxy != null) proxy.close();
        if (server != null) server.close();
        client.close();
    }

    private FaultProxy proxy(Impairment imp, long seed) {
        return FaultProxy.builder(FaultProxy.Protocol.UDP, server.address()).impairment(imp).seed(seed).build();
    }

    private void send(String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        client.send(new DatagramPacket(b, b.length, proxy.address()));
    }

    private String receive() throws IOException {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        client.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    @Test
    void datagrams_go_both_ways_through_one_upstream_port_per_client() throws IOException {
        server = new UdpPeer(true);
        proxy = proxy(Impairment.NONE, 1);
        assertThat(proxy.address().getAddress().isLoopbackAddress()).isTrue();
        for (int i = 0; i < 3; i++) {
            send("ping " + i);
            assertThat(receive()).isEqualTo("ping " + i);
        }
        assertThat(server.arrivals).extracting(UdpPeer.Arrival::sourcePort).containsOnly(server.arrivals.get(0).sourcePort());
        assertThat(server.arrivals.get(0).sourcePort()).isNotEqualTo(client.getLocalPort());
        assertThat(proxy.stats().sessions()).isEqualTo(1);
        // The proxy counts a datagram after sending it on: the client may read the last reply before that count.
        await("6 delivered").atMost(Duration.ofSeconds(2)).until(() -> proxy.stats().delivered() == 6);
    }

    @Test
    void nat_rebinding_makes_the_client_arrive_from_a_new_source_port() throws IOException {
        server = new UdpPeer(true);
        proxy = proxy(Impairment.NONE, 1);
        send("before");
        assertThat(receive()).isEqualTo("before");
        proxy.rebindNat();
        send("after");
        assertThat(receive()).isEqualTo("after");
        assertThat(server.arrivals).hasSize(2);
        assertThat(server.arrivals.get(1).sourcePort()).isNotEqualTo(server.arrivals.get(0).sourcePort());
        assertThat(proxy.stats().natRebinds()).isEqualTo(1);
    }

    @Test
    void after_rebinding_the_server_cannot_reach_the_client_on_the_old_port() throws IOException {
        server = new UdpPeer(false);
        proxy = proxy(Impairment.NONE, 1);
        send("hello");
        await().atMost(BOUND).until(() -> server.arrivals.size() == 1);
        InetSocketAddress oldMapping = (InetSocketAddress) server.lastSender;
        proxy.rebindNat();
        server.sendTo(oldMapping, "lost");
        client.setSoTimeout(300);
        assertThatThrownBy(this::receive).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void the_same_seed_loses_the_same_datagrams() throws IOException {
        server = new UdpPeer(false);
        Set<String> first = deliveredWithLoss(11);
        server.arrivals.clear();
        Set<String> second = deliveredWithLoss(11);
        assertThat(first).isEqualTo(second).hasSizeBetween(50, 90);
    }

    private Set<String> deliveredWithLoss(long seed) throws IOException {
        proxy = proxy(Impairment.NONE.withLoss(0.3), seed);
        for (int i = 0; i < 100; i++) send("n" + i);
        await().atMost(BOUND).until(() -> {
            LinkStats s = proxy.stats();
            return s.received() == 100 && s.inFlight() == 0 && server.arrivals.size() == s.delivered();
        });
        assertThat(proxy.stats().lost()).isEqualTo(100 - server.arrivals.size());
        proxy.close();
        return server.arrivals.stream().map(UdpPeer.Arrival::text).collect(Collectors.toSet());
    }

    @Test
    void a_blackhole_swallows_everything_until_the_link_is_restored() throws IOException {
        server = new UdpPeer(true);
        proxy = proxy(Impairment.NONE.withBlackhole(true), 1);
        for (int i = 0; i < 5; i++) send("into the void " + i);
        await().atMost(BOUND).until(() -> proxy.stats().blackholed() == 5);
        assertThat(server.arrivals).isEmpty();
        proxy.restore();
        send("back");
        assertThat(receive()).isEqualTo("back");
    }

    @Test
    void a_delay_holds_each_datagram_at_least_that_long_each_way() throws IOException {
        server = new UdpPeer(true);
        proxy = proxy(Impairment.NONE.withDelay(Duration.ofMillis(150)), 1);
        long start = System.nanoTime();
        send("slow");
        assertThat(receive()).isEqualTo("slow");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void an_idle_mapping_expires_after_the_nat_timeout() throws IOException {
        server = new UdpPeer(false);
        ManualScheduler time = new ManualScheduler(Instant.parse("2026-01-05T01:00:00Z"), Clock.VIETNAM);
        proxy = FaultProxy.builder(FaultProxy.Protocol.UDP, server.address()).clock(time)
                .impairment(Impairment.NONE.withNatTimeout(Duration.ofSeconds(60))).build();
        send("keepalive");
        await().atMost(BOUND).until(() -> server.arrivals.size() == 1);
        InetSocketAddress mapping = (InetSocketAddress) server.lastSender;
        server.sendTo(mapping, "in time");
        assertThat(receive()).isEqualTo("in time");

        time.advance(Duration.ofSeconds(61));
        server.sendTo(mapping, "too late");
        await().atMost(BOUND).until(() -> proxy.stats().expiredDropped() == 1);
        send("again");
        await().atMost(BOUND).until(() -> server.arrivals.size() == 2);
        assertThat(server.arrivals.get(1).sourcePort()).isNotEqualTo(mapping.getPort());
        assertThat(proxy.stats().sessions()).isEqualTo(2);
    }

    @Test
    void forgetting_mappings_counts_them_as_resets() throws IOException {
        server = new UdpPeer(true);
        proxy = proxy(Impairment.NONE, 1);
        send("a");
        assertThat(receive()).isEqualTo("a");
        proxy.resetConnections();
        assertThat(proxy.stats().resets()).isEqualTo(1);
        send("b");
        assertThat(receive()).isEqualTo("b");
        assertThat(server.arrivals.stream().map(UdpPeer.Arrival::sourcePort).distinct().toList()).hasSize(2);
        assertThat(List.of(proxy.stats().sessions())).containsExactly(2L);
    }
}
