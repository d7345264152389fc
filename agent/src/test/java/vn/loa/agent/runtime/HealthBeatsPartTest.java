package vn.loa.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.audio.WavCaptureSink;
import vn.loa.agent.config.LoaConfig;
import vn.loa.ota.launcher.HealthReport;
import vn.loa.ota.launcher.HealthReporter;

/** {@code loa run} under the launcher beats whether or not loa.json has an {@code update} section. */
class HealthBeatsPartTest {

    static final String TOKEN = "0123abcd";

    @TempDir Path tmp;
    DatagramSocket launcher;
    Station station;

    @BeforeEach
    void listen() throws Exception {
        launcher = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        launcher.setSoTimeout(10_000);
    }

    @AfterEach
    void tearDown() {
        if (station != null) station.close();
        launcher.close();
    }

    HealthReporter reporter() throws Exception {
        return HealthReporter.to(new InetSocketAddress(InetAddress.getLoopbackAddress(), launcher.getLocalPort()), TOKEN);
    }

    Station.Builder builder(LoaConfig config) {
        return Station.builder(config).sink(new WavCaptureSink(tmp.resolve("capture.wav"))).syncProbe(() -> Optional.of(true));
    }

    /** The next heartbeat with the right token; fails after the socket's 10 s bound. */
    HealthReport nextBeat() throws Exception {
        byte[] buf = new byte[512];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            launcher.receive(p);
            Optional<HealthReport> r = HealthReport.decode(p.getData(), p.getLength(), TOKEN);
            if (r.isPresent()) return r.get();
        }
    }

    @Test
    void run_without_an_update_section_beats_to_the_launcher_that_started_it() throws Exception {
        LoaConfig config = LoaConfig.parse("{\"quietHours\": {\"enabled\": false}}", "loa.json", tmp.resolve("data"));
        assertThat(config.update()).isEmpty();
        Station.Builder b = builder(config);
        HealthReporter r = reporter();
        RunCommand.parts(b, config, () -> Optional.of(r));
        station = b.start();

        assertThat(station.part(HealthBeatsPart.class)).isPresent();
        assertThat(station.part(UpdatesPart.class)).isEmpty();
        HealthReport first = nextBeat();
        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.registered()).isFalse();
    }

    @Test
    void run_with_an_update_section_leaves_the_beats_to_the_updates_and_asks_for_no_second_reporter() throws Exception {
        String update = "\"update\": {\"root\": \"" + tmp.resolve("opt") + "\", \"stateDir\": \"" + tmp.resolve("state")
                + "\", \"trustDir\": \"" + tmp.resolve("trust") + "\"}";
        LoaConfig config = LoaConfig.parse("{\"quietHours\": {\"enabled\": false}, " + update + "}", "loa.json", tmp.resolve("data"));
        Station.Builder b = builder(config);
        AtomicInteger asked = new AtomicInteger();
        RunCommand.parts(b, config, () -> {
            asked.incrementAndGet();
            return Optional.empty();
        });
        station = b.start();

        assertThat(station.part(UpdatesPart.class)).isPresent();
        assertThat(station.part(HealthBeatsPart.class)).isEmpty();
        assertThat(asked).hasValue(0);
    }

    @Test
    void run_not_started_by_a_launcher_sends_no_beats() throws Exception {
        LoaConfig config = LoaConfig.parse("{}", "loa.json", tmp.resolve("data"));
        Station.Builder b = builder(config);
        RunCommand.parts(b, config, Optional::empty);
        station = b.start();

        assertThat(station.part(HealthBeatsPart.class)).isEmpty();
    }

    @Test
    void beats_rise_from_the_control_loop_and_report_the_audio_self_test_once_audio_flows() throws Exception {
        LoaConfig config = LoaConfig.parse("{}", "loa.json", tmp.resolve("data"));
        station = builder(config).part(HealthBeatsPart.factory(reporter(), Duration.ofMillis(50))).start();

        long last = 0;
        HealthReport r;
        do {
            r = nextBeat();
            assertThat(r.seq()).isGreaterThan(last);
            last = r.seq();
        } while (r.audio() == HealthReport.AudioSelfTest.PENDING);
        assertThat(r.audio()).isEqualTo(HealthReport.AudioSelfTest.PASSED);
        assertThat(last).isGreaterThanOrEqualTo(2);
    }

    @Test
    void closing_the_station_stops_the_beats_and_closes_the_reporter() throws Exception {
        LoaConfig config = LoaConfig.parse("{}", "loa.json", tmp.resolve("data"));
        station = builder(config).part(HealthBeatsPart.factory(reporter(), Duration.ofMillis(50))).start();
        nextBeat();
        station.close();
        launcher.setSoTimeout(300);
        // drain what was in flight, then nothing more arrives
        byte[] buf = new byte[512];
        int after = 0;
        try {
            while (after < 100) {
                launcher.receive(new DatagramPacket(buf, buf.length));
                after++;
            }
        } catch (java.net.SocketTimeoutException expected) {
            // silence: the beats stopped
        }
        assertThat(after).isLessThan(100);
    }
}
