package vn.loa.testbench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.lwm2m.HeadendServer;
import vn.loa.ota.launcher.LauncherState;
import vn.loa.testbench.dashboard.Action;
import vn.loa.testbench.dashboard.ActionResult;
import vn.loa.testbench.dashboard.ReceiverView;
import vn.loa.testbench.dashboard.Target;

/**
 * Over-the-air update in the simulator, end to end in one JVM: the headend offers the sim's signed release 1.1.0, the
 * receiver's real update service downloads, verifies and installs it into slot B, shuts down safely, and the simulated
 * launcher starts 1.1.0 on trial and commits it (Update Result 1); with the simulated defect the trial fails and the
 * old release comes back and reports the rollback (Update Result 8). Each receiver gets one update.
 */
class SimUpdateIT {

    private static final Duration REGISTER_BOUND = Duration.ofSeconds(30);
    /** Download, install, restart, registration and the sim's 4 s trial (or its 5 s start deadline), then back. */
    private static final Duration UPDATE_BOUND = Duration.ofSeconds(30);

    @TempDir static Path dir;
    static SimStation sim;

    @BeforeAll
    static void start() throws Exception {
        sim = SimStation.builder().receivers(2).dataDir(dir.resolve("sim")).port(0).speech(false).dashboard(false)
                .schedulePeriod(Duration.ZERO).start();
        await("2 receivers registered").atMost(REGISTER_BOUND).until(() -> sim.registeredCount() == 2);
    }

    @AfterAll
    static void stop() {
        if (sim != null) sim.close();
    }

    private static String read(SimReceiver r, int object, int resource) {
        HeadendServer.Outcome o = sim.headend().read(r.endpoint(), object, 0, resource);
        return o instanceof HeadendServer.Outcome.Done d ? d.detail() : "";
    }

    private static LauncherState launcherState(SimReceiver r) throws Exception {
        return LauncherState.read(r.dataDir().resolve(SimStation.OTA_DIR).resolve("var/launcher.properties")).orElseThrow();
    }

    @Test
    void an_update_pushed_from_the_headend_passes_its_trial_and_the_receiver_reports_the_new_version_with_result_success()
            throws Exception {
        SimReceiver rx = sim.receiver("rx-1").orElseThrow();
        assertThat(rx.version()).isEqualTo(SimRelease.BASE);
        assertThat(read(rx, 3, 3)).as("Object 3 Firmware Version before").isEqualTo("1.0.0");

        ActionResult r = sim.perform(new Action.PushUpdate(new Target.One("rx-1")));
        assertThat(r).isInstanceOf(ActionResult.Done.class);
        assertThat(((ActionResult.Done) r).message()).startsWith("update 1.1.0 installing on rx-1");

        await("rx-1 committed 1.1.0").atMost(UPDATE_BOUND).until(rx::updateStatus, "committed 1.1.0"::equals);
        assertThat(rx.version()).isEqualTo("1.1.0");
        await("rx-1 registered again").atMost(REGISTER_BOUND).until(() -> sim.headend().isRegistered(rx.endpoint()));
        await("the headend reads 1.1.0 and Update Result 1").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> read(rx, 3, 3).equals("1.1.0") && read(rx, 5, 5).equals("1"));
        assertThat(launcherState(rx).committedVersion()).isEqualTo("1.1.0");
        assertThat(sim.snapshot().receivers()).filteredOn(v -> v.id().equals("rx-1")).extracting(ReceiverView::version)
                .containsExactly("1.1.0");
        // The swapped-in station is the one the sim drives: the volume action reaches it.
        assertThat(sim.perform(new Action.SetVolume(new Target.One("rx-1"), 40))).isInstanceOf(ActionResult.Done.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> rx.station().snapshot().volume() == 40);
    }

    @Test
    void a_broken_update_fails_its_trial_and_the_old_version_comes_back_reporting_the_rollback() throws Exception {
        SimReceiver rx = sim.receiver("rx-2").orElseThrow();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        SimConsole console = new SimConsole(sim, new PrintStream(screen, true, StandardCharsets.UTF_8));
        console.handle("update rx-2 --broken");
        assertThat(screen.toString(StandardCharsets.UTF_8))
                .contains("broken update (simulated defect: its control loop hangs on trial) 1.1.0 installing on rx-2");

        await("rx-2 rolled back").atMost(UPDATE_BOUND).until(rx::updateStatus, s -> s.startsWith("rolled back from 1.1.0 to 1.0.0: "));
        assertThat(rx.updateStatus()).contains("heartbeat");
        assertThat(rx.version()).isEqualTo("1.0.0");
        await("rx-2 registered again").atMost(REGISTER_BOUND).until(() -> sim.headend().isRegistered(rx.endpoint()));
        await("the headend reads 1.0.0 and Update Result 8").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> read(rx, 3, 3).equals("1.0.0") && read(rx, 5, 5).equals("8"));
        assertThat(launcherState(rx).committedVersion()).isEqualTo("1.0.0");

        screen.reset();
        console.handle("list");
        assertThat(screen.toString(StandardCharsets.UTF_8)).as("the console says so").contains("rolled back from 1.1.0 to 1.0.0");
    }
}
