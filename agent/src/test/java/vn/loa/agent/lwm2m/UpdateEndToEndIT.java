package vn.loa.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.update.UpdateFixture;
import vn.loa.hal.time.Clock;
import vn.loa.ota.launcher.BootPlan;
import vn.loa.ota.launcher.BootPlanner;
import vn.loa.ota.launcher.HealthReport;
import vn.loa.ota.launcher.HealthReport.AudioSelfTest;
import vn.loa.ota.launcher.HealthReporter;
import vn.loa.ota.launcher.LauncherState;
import vn.loa.ota.launcher.RealFileOps;
import vn.loa.ota.launcher.TrialMonitor;
import vn.loa.ota.launcher.TrialPolicy;

/**
 * The whole update path on loopback: a Leshan server writes a Package URI pointing at a JDK HTTP server with a bundle
 * built and signed by the release tool; the agent downloads, verifies, installs into a temp slot tree and exits 75. The
 * test then plays the launcher with its own classes ({@link BootPlanner}, {@link TrialMonitor}, {@link LauncherState})
 * and a real health socket: a healthy new agent is committed and reports the new version and Update Result 1; one
 * whose control loop hangs is rolled back, and the old version, started again, reports Update Result 8.
 */
class UpdateEndToEndIT {

    /** The launcher's limits, shrunk so a trial takes about two seconds. */
    static final TrialPolicy FAST = new TrialPolicy(Duration.ofMillis(1500), Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofMillis(1500));
    static final String TOKEN = "e2e-health-token-7f3a";

    @TempDir Path tmp;
    final Clock clock = Clock.system(Clock.VIETNAM);
    final List<TestAgent> agents = new ArrayList<>();
    UpdateFixture device;
    TestServer server;
    DatagramSocket launcherSocket;
    BootPlanner planner;

    @BeforeEach
    void setUp() throws Exception {
        device = new UpdateFixture(tmp);
        server = TestServer.start(TestAgent.ENDPOINT, TestAgent.IDENTITY, TestAgent.KEY);
        launcherSocket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        launcherSocket.setSoTimeout(100);
        planner = new BootPlanner(device.layout, new RealFileOps(), 2, () -> clock.now().toString());
    }

    @AfterEach
    void tearDown() {
        agents.forEach(TestAgent::close);
        launcherSocket.close();
        server.close();
        device.close();
    }

    private TestAgent start(String version, boolean launched) throws Exception {
        Optional<HealthReporter> health = launched ? Optional.of(HealthReporter.to(new InetSocketAddress(
                InetAddress.getLoopbackAddress(), launcherSocket.getLocalPort()), TOKEN)) : Optional.empty();
        TestAgent a = new TestAgent(device, server.uri(), version, health, () -> AudioSelfTest.PASSED);
        agents.add(a);
        return a;
    }

    private Object read(Registration reg, int object, int resource) throws InterruptedException {
        ReadResponse r = server.send(reg, new ReadRequest(object, 0, resource));
        assertThat(r.isSuccess()).as("read /%d/0/%d: %s", object, resource, r).isTrue();
        return ((LwM2mSingleResource) r.getContent()).getValue();
    }

    /** The headend's part: Package URI, wait for Downloaded, execute Update; the agent exits 75 after its safe shutdown. */
    private void installOneOneZero() throws Exception {
        TestAgent old = start("1.0.0", false);
        Registration reg = server.awaitRegistration();
        await().atMost(10, TimeUnit.SECONDS).until(old.client::isRegistered);
        assertThat(server.send(reg, new WriteRequest(5, 0, FirmwareUpdateEnabler.PACKAGE_URI, device.publish("1.1.0")))
                .getCode()).isEqualTo(ResponseCode.CHANGED);
        await().atMost(15, TimeUnit.SECONDS).until(() -> (Long) read(reg, 5, FirmwareUpdateEnabler.STATE) == 2L);
        assertThat(server.send(reg, new ExecuteRequest(5, 0, FirmwareUpdateEnabler.UPDATE)).getCode())
                .isEqualTo(ResponseCode.CHANGED);
        assertThat(old.exit.get(10, TimeUnit.SECONDS)).isEqualTo(TrialMonitor.EXIT_RESTART);
        assertThat(server.deregistrations.poll(5, TimeUnit.SECONDS)).as("deregistered in its safe shutdown").isNotNull();
    }

    /** The launcher's supervision of a trial: heartbeats from the socket into a {@link TrialMonitor} until it decides. */
    private TrialMonitor.Decision superviseTrial(BootPlan.Launch launch, long startNanos) throws Exception {
        TrialMonitor monitor = new TrialMonitor(FAST, launch.mode(), launch.state().requireRegistration(), startNanos);
        long deadline = clock.monotonicNanos() + Duration.ofSeconds(20).toNanos();
        byte[] buf = new byte[512];
        while (clock.monotonicNanos() < deadline) {
            TrialMonitor.Decision d;
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                launcherSocket.receive(p);
                Optional<HealthReport> r = HealthReport.decode(p.getData(), p.getLength(), TOKEN);
                d = r.isPresent() ? monitor.onHealth(clock.monotonicNanos(), r.get()) : monitor.onTick(clock.monotonicNanos());
            } catch (SocketTimeoutException quiet) {
                d = monitor.onTick(clock.monotonicNanos());
            }
            if (!(d instanceof TrialMonitor.Decision.Continue)) return d;
        }
        throw new AssertionError("the trial was not decided within 20 s; gates passed: " + monitor.passedGates());
    }

    private BootPlan.Launch bootTrial() throws Exception {
        BootPlan.Launch trial = (BootPlan.Launch) planner.plan();
        assertThat(trial.mode()).isEqualTo(BootPlan.Mode.TRIAL);
        assertThat(trial.slot()).isEqualTo("B");
        assertThat(trial.spec().version()).isEqualTo("1.1.0");
        assertThat(trial.state().requireRegistration()).as("the old agent was registered when it installed").isTrue();
        return trial;
    }

    @Test
    void a_healthy_new_version_passes_its_trial_and_reports_itself_with_update_result_success() throws Exception {
        installOneOneZero();
        BootPlan.Launch trial = bootTrial();
        long started = clock.monotonicNanos();
        TestAgent next = start(trial.spec().version(), true);
        Registration reg = server.awaitRegistration();
        assertThat(read(reg, 5, FirmwareUpdateEnabler.STATE)).as("on trial: Updating").isEqualTo(3L);
        assertThat(read(reg, 3, DeviceEnabler.FIRMWARE_VERSION)).as("not committed yet").isEqualTo("1.0.0");
        assertThat(read(reg, 3, DeviceEnabler.SOFTWARE_VERSION)).as("running").isEqualTo("1.1.0");
        assertThat(server.send(reg, new ObserveRequest(3, 0, DeviceEnabler.FIRMWARE_VERSION)).isSuccess()).isTrue();
        server.notifications.clear();

        TrialMonitor.Decision d = superviseTrial(trial, started);
        assertThat(d).isInstanceOf(TrialMonitor.Decision.Commit.class);
        planner.commit(trial.state());

        assertThat(FirmwareUpdateIT.notifiedValues(server, "1.1.0")).as("Firmware Version notified on commit").isNotEmpty();
        assertThat(read(reg, 5, FirmwareUpdateEnabler.UPDATE_RESULT)).as("success").isEqualTo(1L);
        assertThat(read(reg, 5, FirmwareUpdateEnabler.STATE)).isEqualTo(0L);
        assertThat(read(reg, 3, DeviceEnabler.FIRMWARE_VERSION)).isEqualTo("1.1.0");
        assertThat(device.launcherState().committedVersion()).isEqualTo("1.1.0");
        assertThat(device.layout.currentSlot()).contains("B");
        assertThat(next.exit).isNotDone();
    }

    @Test
    void a_new_version_that_stops_beating_is_rolled_back_and_the_old_one_reports_the_failed_update() throws Exception {
        installOneOneZero();
        BootPlan.Launch trial = bootTrial();
        long started = clock.monotonicNanos();
        TestAgent hung = start(trial.spec().version(), true);
        server.awaitRegistration();
        hung.hangControlLoop();

        TrialMonitor.Decision d = superviseTrial(trial, started);
        assertThat(d).isInstanceOf(TrialMonitor.Decision.Rollback.class);
        String reason = ((TrialMonitor.Decision.Rollback) d).reason();
        assertThat(reason).startsWith("no heartbeat for");
        hung.close();
        planner.rollback(trial.state(), reason);

        BootPlan.Launch back = (BootPlan.Launch) planner.plan();
        assertThat(back.mode()).isEqualTo(BootPlan.Mode.COMMITTED);
        assertThat(back.spec().version()).isEqualTo("1.0.0");
        TestAgent old = start(back.spec().version(), false);
        Registration reg = server.awaitRegistration();
        assertThat(read(reg, 5, FirmwareUpdateEnabler.UPDATE_RESULT)).as("update failed").isEqualTo(8L);
        assertThat(read(reg, 5, FirmwareUpdateEnabler.STATE)).isEqualTo(0L);
        assertThat(read(reg, 3, DeviceEnabler.FIRMWARE_VERSION)).isEqualTo("1.0.0");
        assertThat(old.updates.service().snapshot().detail()).isEqualTo("rolled back from 1.1.0: " + reason);
        assertThat(device.layout.currentSlot()).contains("A");
    }
}
