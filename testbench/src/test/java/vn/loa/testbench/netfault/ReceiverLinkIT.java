package vn.loa.testbench.netfault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
}
