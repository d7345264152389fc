package vn.loa.ota.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class HealthReporterTest {

    @Test
    void beats_reach_the_launcher_socket_with_rising_sequence_numbers() throws Exception {
        try (DatagramSocket launcher = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             HealthReporter r = new HealthReporter(new InetSocketAddress("127.0.0.1", launcher.getLocalPort()), "tok")) {
            launcher.setSoTimeout(5000);
            r.beat(HealthReport.AudioSelfTest.PENDING, false);
            r.beat(HealthReport.AudioSelfTest.PASSED, true);
            byte[] buf = new byte[512];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            launcher.receive(p);
            assertThat(HealthReport.decode(p.getData(), p.getLength(), "tok"))
                    .contains(new HealthReport(1, HealthReport.AudioSelfTest.PENDING, false));
            launcher.receive(p);
            assertThat(HealthReport.decode(p.getData(), p.getLength(), "tok"))
                    .contains(new HealthReport(2, HealthReport.AudioSelfTest.PASSED, true));
        }
    }

    @Test
    void without_a_launcher_there_is_no_reporter() throws Exception {
        System.clearProperty(HealthReport.ADDRESS_PROPERTY);
        assertThat(HealthReporter.fromEnvironment()).isEmpty();
    }
}
