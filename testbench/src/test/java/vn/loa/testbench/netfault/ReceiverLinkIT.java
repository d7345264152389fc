package vn.loa.testbench.netfault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReceiverLinkIT {

    @Test
    void cutting_blackholes_both_paths_and_restoring_brings_back_the_earlier_impairment() throws IOException {
        try (UdpPeer coap = new UdpPeer(true);
             ServerSocket http = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
             ReceiverLink link = ReceiverLink.open("rx-1", coap.address(), (InetSocketAddress) http.getLocalSocketAddress(), 7);
             DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            Impairment slow = Impairment.NONE.withDelay(Duration.ofMillis(20));
            link.impair(slow);
            link.cut();
            assertThat(link.isUp()).isFalse();
            assertThat(link.udp().impairment().blackhole()).isTrue();
            assertThat(link.tcp().impairment()).isEqualTo(slow.withBlackhole(true));
            client.send(new DatagramPacket(new byte[] {1}, 1, link.managementAddress()));
            await().atMost(Duration.ofSeconds(5)).until(() -> link.udp().stats().blackholed() == 1);
            assertThat(coap.arrivals).isEmpty();

            link.restore();
            assertThat(link.udp().impairment()).isEqualTo(slow);
            assertThat(link.tcp().impairment()).isEqualTo(slow);
            client.send(new DatagramPacket(new byte[] {2}, 1, link.managementAddress()));
            await().atMost(Duration.ofSeconds(5)).until(() -> coap.arrivals.size() == 1);
            assertThat(link.contentAddress().getAddress().isLoopbackAddress()).isTrue();
        }
    }

    /** The console's net jitter, bandwidth and blackhole are one impairment on both proxies; a blackhole set so outlives a cut. */
    @Test
    void jitter_bandwidth_and_blackhole_reach_both_proxies_and_a_blackhole_outlives_cut_and_restore() throws IOException {
        try (UdpPeer coap = new UdpPeer(true);
             ServerSocket http = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
             ReceiverLink link = ReceiverLink.open("rx-1", coap.address(), (InetSocketAddress) http.getLocalSocketAddress(), 7);
             DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            Impairment shaky = Impairment.NONE.withJitter(Duration.ofMillis(5)).withBandwidth(100_000).withBlackhole(true);
            link.impair(shaky);
            assertThat(link.udp().impairment()).isEqualTo(shaky);
            assertThat(link.tcp().impairment()).isEqualTo(shaky);
            link.cut();
            link.restore();
            assertThat(link.udp().impairment().blackhole()).isTrue();
            client.send(new DatagramPacket(new byte[] {1}, 1, link.managementAddress()));
            await().atMost(Duration.ofSeconds(5)).until(() -> link.udp().stats().blackholed() == 1);
            assertThat(coap.arrivals).isEmpty();
            link.impair(shaky.withBlackhole(false));
            client.send(new DatagramPacket(new byte[] {2}, 1, link.managementAddress()));
            await().atMost(Duration.ofSeconds(5)).until(() -> coap.arrivals.size() == 1);
        }
    }

    @Test
    void rebinding_moves_the_receiver_to_a_new_source_port_and_resets_its_tcp_connections() throws IOException {
        try (UdpPeer coap = new UdpPeer(true);
             ServerSocket http = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
             ReceiverLink link = ReceiverLink.open("rx-1", coap.address(), (InetSocketAddress) http.getLocalSocketAddress(), 7);
             DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             Socket tcp = new Socket(link.contentAddress().getAddress(), link.contentAddress().getPort());
             Socket served = http.accept()) {
            client.send(new DatagramPacket(new byte[] {1}, 1, link.managementAddress()));
            await().atMost(Duration.ofSeconds(5)).until(() -> coap.arrivals.size() == 1);
            link.rebindNat();
            client.send(new DatagramPacket(new byte[] {2}, 1, link.managementAddress()));
            await().atMost(Duration.ofSeconds(5)).until(() -> coap.arrivals.size() == 2);
            assertThat(coap.arrivals.get(1).sourcePort()).isNotEqualTo(coap.arrivals.get(0).sourcePort());
            tcp.setSoTimeout(5000);
            assertThatThrownBy(() -> tcp.getInputStream().read()).isInstanceOf(IOException.class);
            assertThat(link.udp().stats().natRebinds()).isEqualTo(1);
            assertThat(link.tcp().stats().natRebinds()).isEqualTo(1);
        }
    }

    @Test
    void a_connection_reset_resets_every_tcp_connection_and_new_ones_work() throws IOException {
        try (UdpPeer coap = new UdpPeer(true);
             ServerSocket http = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
             ReceiverLink link = ReceiverLink.open("rx-1", coap.address(), (InetSocketAddress) http.getLocalSocketAddress(), 7)) {
            try (Socket tcp = new Socket(link.contentAddress().getAddress(), link.contentAddress().getPort());
                 Socket served = http.accept()) {
                tcp.getOutputStream().write(1);
                assertThat(served.getInputStream().read()).isEqualTo(1);
                link.resetConnections();
                tcp.setSoTimeout(5000);
                assertThatThrownBy(() -> tcp.getInputStream().read()).isInstanceOf(IOException.class).hasMessageContaining("reset");
            }
            assertThat(link.tcp().stats().resets()).isEqualTo(1);
            try (Socket tcp = new Socket(link.contentAddress().getAddress(), link.contentAddress().getPort());
                 Socket served = http.accept()) {
                tcp.getOutputStream().write(2);
                assertThat(served.getInputStream().read()).isEqualTo(2);
            }
        }
    }
}
