package vn.loa.ota.slots;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.ota.launcher.BootPlan;
import vn.loa.ota.launcher.BootPlanner;
import vn.loa.ota.launcher.CrashingFileOps;
import vn.loa.ota.launcher.LaunchSpec;
import vn.loa.ota.launcher.LauncherState;
import vn.loa.ota.launcher.RealFileOps;

/**
 * Stops the updater and the launcher before every single file-system step in turn, "reboots", and checks the
 * device then boots a good slot: the old version committed, or the new one on trial, never anything else.
 */
class CrashPointTest {

    @TempDir Path tmp;

    private static final int MAX_STEPS = 200;

    private BootPlan.Launch reboot(Device d) throws Exception {
        BootPlan plan = new BootPlanner(d.layout, new RealFileOps(), 2, () -> "2026-01-05T01:00:00Z").plan();
        assertThat(plan).isInstanceOf(BootPlan.Launch.class);
        BootPlan.Launch l = (BootPlan.Launch) plan;
        assertThat(LaunchSpec.check(d.layout.slot(l.slot()))).isInstanceOf(LaunchSpec.SlotCheck.Bootable.class);
        assertThat(d.layout.currentSlot()).contains(l.slot());
        return l;
    }

    @Test
    void a_power_cut_at_any_step_of_an_install_leaves_a_bootable_device() throws Exception {
        int steps = 0;
        boolean sawOld = false;
        boolean sawNew = false;
        for (int crashAt = 0; crashAt < MAX_STEPS; crashAt++) {
            Device d = new Device(Files.createDirectories(tmp.resolve("install-" + crashAt))).withCommitted("1.0.0", 1);
            Device.Staged s = d.stage("1.1.0", 2, 3);
            CrashingFileOps ops = new CrashingFileOps(crashAt);
            boolean finished;
            try {
                new SlotInstaller(d.layout, ops).install(s.manifest(), s.manifest().toJson(), "sig".getBytes(), false);
                finished = true;
            } catch (CrashingFileOps.PowerCut cut) {
                finished = false;
            }
            BootPlan.Launch l = reboot(d);
            if (l.mode() == BootPlan.Mode.TRIAL) {
                assertThat(l.spec().version()).as("after %s", ops.steps()).isEqualTo("1.1.0");
                sawNew = true;
            } else {
                assertThat(l.spec().version()).as("after %s", ops.steps()).isEqualTo("1.0.0");
                assertThat(l.slot()).isEqualTo("A");
                sawOld = true;
            }
            if (finished) {
                steps = crashAt;
                break;
            }
        }
        assertThat(steps).as("the install finished within %d steps", MAX_STEPS).isBetween(10, MAX_STEPS - 1);
        assertThat(sawOld).isTrue();
        assertThat(sawNew).isTrue();
    }

    @Test
    void a_power_cut_at_any_step_of_a_rollback_leaves_a_bootable_device_and_the_reason_once_done() throws Exception {
        for (int crashAt = 0; crashAt < MAX_STEPS; crashAt++) {
            Device d = new Device(Files.createDirectories(tmp.resolve("rollback-" + crashAt))).withCommitted("1.0.0", 1);
            Device.Staged s = d.stage("1.1.0", 2, 3);
            d.installer.install(s.manifest(), s.manifest().toJson(), "sig".getBytes(), false);
            BootPlan.Launch trial = reboot(d);
            assertThat(trial.mode()).isEqualTo(BootPlan.Mode.TRIAL);
            CrashingFileOps ops = new CrashingFileOps(crashAt);
            boolean finished;
            try {
                new BootPlanner(d.layout, ops, 2, () -> "t").rollback(trial.state(), "audio self-test failed");
                finished = true;
            } catch (CrashingFileOps.PowerCut cut) {
                finished = false;
            }
            BootPlan.Launch l = reboot(d);
            LauncherState st = LauncherState.read(d.layout.stateFile()).orElseThrow();
            if (l.mode() == BootPlan.Mode.COMMITTED) {
                assertThat(l.spec().version()).isEqualTo("1.0.0");
                assertThat(st.rollback()).isPresent();
            } else {
                assertThat(l.spec().version()).isEqualTo("1.1.0");
                assertThat(st.trialBoots()).isEqualTo(2);
            }
            if (finished) {
                assertThat(l.mode()).isEqualTo(BootPlan.Mode.COMMITTED);
                assertThat(st.rollback().orElseThrow().reason()).isEqualTo("audio self-test failed");
                return;
            }
        }
        throw new AssertionError("the rollback never finished within " + MAX_STEPS + " steps");
    }

    @Test
    void a_power_cut_while_the_launcher_repairs_state_still_boots() throws Exception {
        for (int crashAt = 0; crashAt < MAX_STEPS; crashAt++) {
            Device d = new Device(Files.createDirectories(tmp.resolve("plan-" + crashAt))).withCommitted("1.0.0", 1);
            Device.Staged s = d.stage("1.1.0", 2, 3);
            d.installer.install(s.manifest(), s.manifest().toJson(), "sig".getBytes(), false);
            // two boots used up: the next plan must roll back by itself
            LauncherState st = LauncherState.read(d.layout.stateFile()).orElseThrow().bootedTrial().bootedTrial();
            st.write(new RealFileOps(), d.layout.stateFile());
            boolean finished;
            try {
                new BootPlanner(d.layout, new CrashingFileOps(crashAt), 2, () -> "t").plan();
                finished = true;
            } catch (CrashingFileOps.PowerCut cut) {
                finished = false;
            }
            BootPlan.Launch l = reboot(d);
            assertThat(l.mode()).isEqualTo(BootPlan.Mode.COMMITTED);
            assertThat(l.spec().version()).isEqualTo("1.0.0");
            assertThat(LauncherState.read(d.layout.stateFile()).orElseThrow().rollback().orElseThrow().reason())
                    .isEqualTo("1.1.0 was started 2 time(s) without passing its trial (restart or power cut during the trial)");
            if (finished) return;
        }
        throw new AssertionError("the plan never finished within " + MAX_STEPS + " steps");
    }

    @Test
    void a_power_cut_at_any_step_of_a_first_install_leaves_a_device_that_boots_it_or_takes_the_install_again() throws Exception {
        for (int crashAt = 0; crashAt < MAX_STEPS; crashAt++) {
            Device d = new Device(Files.createDirectories(tmp.resolve("first-" + crashAt)));
            Device.Staged s = d.stage("1.0.0", 1, 1);
            CrashingFileOps ops = new CrashingFileOps(crashAt);
            boolean finished;
            try {
                InstallOutcome o = new SlotInstaller(d.layout, ops).installFirst(s.manifest(), s.manifest().toJson(), "sig".getBytes());
                assertThat(o).isEqualTo(new InstallOutcome.Installed("A", "1.0.0"));
                finished = true;
            } catch (CrashingFileOps.PowerCut cut) {
                finished = false;
            }
            if (d.installer.notFresh().isEmpty()) {
                assertThat(finished).isFalse();
                assertThat(d.installer.installFirst(s.manifest(), s.manifest().toJson(), "sig".getBytes()))
                        .as("the install run again after %s", ops.steps()).isInstanceOf(InstallOutcome.Installed.class);
            }
            BootPlan.Launch l = reboot(d);
            assertThat(l.mode()).as("after %s", ops.steps()).isEqualTo(BootPlan.Mode.COMMITTED);
            assertThat(l.slot()).isEqualTo("A");
            assertThat(l.spec().version()).isEqualTo("1.0.0");
            if (finished) {
                assertThat(crashAt).isGreaterThan(5);
                assertThat(LauncherState.read(d.layout.stateFile())).contains(LauncherState.committed("A", "1.0.0"));
                return;
            }
        }
        throw new AssertionError("the first install never finished within " + MAX_STEPS + " steps");
    }
}
