package vn.loa.ota.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.ota.slots.Device;
import vn.loa.ota.slots.InstallOutcome;

class BootPlannerTest {

    @TempDir Path tmp;

    private BootPlanner planner(Device d) {
        return new BootPlanner(d.layout, new RealFileOps(), 2, () -> "2026-01-05T01:00:00Z");
    }

    @Test
    void an_installed_update_boots_on_trial_and_commits() throws Exception {
        Device d = new Device(tmp).withCommitted("1.0.0", 1);
        Device.Staged s = d.stage("1.1.0", 2, 3);
        assertThat(d.installer.install(s.manifest(), s.manifest().toJson(), "sig".getBytes(), true))
                .isEqualTo(new InstallOutcome.Installed("B", "1.1.0"));
        BootPlan.Launch l = (BootPlan.Launch) planner(d).plan();
        assertThat(l.slot()).isEqualTo("B");
        assertThat(l.mode()).isEqualTo(BootPlan.Mode.TRIAL);
        assertThat(l.state().requireRegistration()).isTrue();
        assertThat(l.state().trialBoots()).isEqualTo(1);
        LauncherState committed = planner(d).commit(l.state());
        assertThat(LauncherState.read(d.layout.stateFile())).contains(committed);
        assertThat(committed.committedSlot()).isEqualTo("B");
        BootPlan.Launch again = (BootPlan.Launch) planner(d).plan();
        assertThat(again.mode()).isEqualTo(BootPlan.Mode.COMMITTED);
        assertThat(again.spec().version()).isEqualTo("1.1.0");
    }

    @Test
    void shared_libraries_are_stored_once_and_hard_linked() throws Exception {
        Device d = new Device(tmp).withCommitted("1.0.0", 1);
        Device.Staged s = d.stage("1.1.0", 2, 1);
        d.installer.install(s.manifest(), s.manifest().toJson(), "sig".getBytes(), false);
        Path a = d.layout.slot("A").resolve("lib/loa-hal.jar");
        Path b = d.layout.slot("B").resolve("lib/loa-hal.jar");
        assertThat(Files.isSameFile(a, b)).isTrue();
        assertThat(Files.getAttribute(a, "unix:nlink")).isEqualTo(3);
        try (var files = Files.list(d.layout.libStore())) {
            assertThat(files.count()).isEqualTo(4); // 2 app jars + 1 shared hal + 1 shared tinylog
        }
    }

    @Test
    void a_slot_no_longer_used_has_its_jars_swept_from_the_store() throws Exception {
        Device d = new Device(tmp).withCommitted("1.0.0", 1);
        Device.Staged v11 = d.stage("1.1.0", 2, 3);
        d.installer.install(v11.manifest(), v11.manifest().toJson(), "sig".getBytes(), false);
        planner(d).commit(((BootPlan.Launch) planner(d).plan()).state());
        Device.Staged v12 = d.stage("1.2.0", 4, 3);
        d.installer.install(v12.manifest(), v12.manifest().toJson(), "sig".getBytes(), false);
        try (var files = Files.list(d.layout.libStore())) {
            assertThat(files.map(p -> p.getFileName().toString())).hasSize(4)
                    .doesNotContain(d.stage("1.0.0", 1, 1).manifest().app().sha256() + ".jar");
        }
    }

    @Test
    void no_second_install_while_a_trial_runs() throws Exception {
        Device d = new Device(tmp).withCommitted("1.0.0", 1);
        Device.Staged s = d.stage("1.1.0", 2, 3);
        d.installer.install(s.manifest(), s.manifest().toJson(), "sig".getBytes(), false);
        Device.Staged s2 = d.stage("1.2.0", 4, 3);
        assertThat(d.installer.install(s2.manifest(), s2.manifest().toJson(), "sig".getBytes(), false))
                .isEqualTo(new InstallOutcome.NotInstalled("version 1.1.0 is still on trial; an update waits until it is committed or rolled back"));
    }

    @Test
    void a_committed_slot_that_lost_a_jar_falls_back_to_the_other_slot() throws Exception {
        Device d = new Device(tmp).withCommitted("1.0.0", 1);
        Device.Staged s = d.stage("1.1.0", 2, 3);
        d.installer.install(s.manifest(), s.manifest().toJson(), "sig".getBytes(), false);
        planner(d).commit(((BootPlan.Launch) planner(d).plan()).state());
        Files.delete(d.layout.slot("B").resolve("app/loa-agent.jar"));
        BootPlan.Launch l = (BootPlan.Launch) planner(d).plan();
        assertThat(l.slot()).isEqualTo("A");
        assertThat(l.notes()).singleElement().asString().startsWith("committed slot B cannot start (")
                .endsWith("app/loa-agent.jar is missing); falling back to slot A");
        assertThat(d.layout.currentSlot()).contains("A");
    }

    @Test
    void with_no_bootable_slot_the_plan_says_why() throws Exception {
        Device d = new Device(tmp);
        BootPlan p = planner(d).plan();
        assertThat(p).isInstanceOf(BootPlan.NoBootableSlot.class);
        assertThat(((BootPlan.NoBootableSlot) p).reason()).startsWith("no slot can start: slot A: ")
                .contains("is incomplete (no launch.properties)");
    }
}
