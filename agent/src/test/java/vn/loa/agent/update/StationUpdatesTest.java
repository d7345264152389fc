package vn.loa.agent.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.broadcast.ArbiterStatus;
import vn.loa.agent.broadcast.Level;
import vn.loa.hal.time.ManualScheduler;
import vn.loa.ota.UpdateService;
import vn.loa.ota.UpdateState;
import vn.loa.ota.launcher.HealthReport;
import vn.loa.ota.launcher.HealthReport.AudioSelfTest;
import vn.loa.ota.launcher.HealthReporter;

class StationUpdatesTest {

    static final String TOKEN = "0123456789abcdef";

    @TempDir Path tmp;
    final ManualScheduler loop = new ManualScheduler();
    final AtomicReference<ArbiterStatus> onAir = new AtomicReference<>(UpdateFixture.IDLE);
    final AtomicReference<AudioSelfTest> audio = new AtomicReference<>(AudioSelfTest.PENDING);
    final AtomicBoolean registered = new AtomicBoolean();
    final List<String> restarts = new CopyOnWriteArrayList<>();
    UpdateFixture device;
    DatagramSocket launcher;
    StationUpdates updates;

    @BeforeEach
    void setUp() throws Exception {
        device = new UpdateFixture(tmp);
        launcher = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        launcher.setSoTimeout(5000);
        HealthReporter health = HealthReporter.to(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                launcher.getLocalPort()), TOKEN);
        updates = StationUpdates.builder(device.config(), loop, onAir::get, audio::get, restarts::add)
                .registered(registered::get).board(UpdateFixture.BOARD).runningVersion("1.0.0").launcherVersion("1.0.0")
                .health(Optional.of(health)).open();
    }

    @AfterEach
    void tearDown() {
        updates.close();
        launcher.close();
        device.close();
    }

    private HealthReport nextBeat() throws Exception {
        byte[] buf = new byte[512];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        launcher.receive(p);
        return HealthReport.decode(p.getData(), p.getLength(), TOKEN).orElseThrow();
    }

    @Test
    void the_control_loop_sends_health_beats_with_the_audio_self_test_and_registration() throws Exception {
        loop.runDue();
        assertThat(nextBeat()).isEqualTo(new HealthReport(1, AudioSelfTest.PENDING, false));
        audio.set(AudioSelfTest.PASSED);
        registered.set(true);
        loop.advance(Duration.ofMillis(100));
        assertThat(nextBeat()).isEqualTo(new HealthReport(2, AudioSelfTest.PASSED, true));
        updates.close();
        loop.advance(Duration.ofSeconds(1));
        assertThat(loop.pending()).as("no beat is scheduled after close").isZero();
    }

    @Test
    void activation_waits_for_the_emergency_to_end_and_happens_at_the_next_beat() throws Exception {
        UpdateService service = updates.service();
        service.writePackageUri(device.publish("1.1.0"));
        await().atMost(15, TimeUnit.SECONDS).until(() -> {
            loop.runDue();
            return service.snapshot().state() == UpdateState.DOWNLOADED;
        });
        onAir.set(StationActivationPolicyTest.playing("storm-1", Level.EMERGENCY));
        service.executeUpdate();
        loop.advance(Duration.ofSeconds(10));
        assertThat(service.snapshot().detail()).isEqualTo("activation deferred: EMERGENCY item 'storm-1' is on air");
        assertThat(restarts).isEmpty();
        onAir.set(UpdateFixture.IDLE);
        loop.advance(Duration.ofMillis(100));
        await().atMost(10, TimeUnit.SECONDS).until(() -> {
            loop.runDue();
            return !restarts.isEmpty();
        });
        assertThat(restarts).containsExactly("1.1.0");
        assertThat(device.layout.currentSlot()).contains("B");
    }
}
