package vn.loa.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.store.AuditLog;
import vn.loa.agent.store.SimulatedDisk;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.ManualScheduler;

class PlayGateTest {

    private static BroadcastItem item(Level level) {
        return BroadcastItem.builder("now-1", level).source("http://h/live").origin("lwm2m:101").build();
    }

    @Test
    void a_play_now_item_meets_power_then_quiet_hours_and_emergency_always_passes() throws Exception {
        ManualScheduler time = new ManualScheduler(Station.local("2026-01-05T03:15"), Clock.VIETNAM);
        SimulatedDisk disk = new SimulatedDisk();
        AuditLog audit = AuditLog.open(disk, Path.of("/a"), time, 4096, 2);
        FakePower mains = new FakePower();
        PowerPolicy power = new PowerPolicy(PowerConfig.defaults(), mains, audit);
        PlayGate gate = new PlayGate(new QuietHoursGuard(QuietHoursConfig.defaults(), Clock.VIETNAM, audit), power, time);
        assertThat(gate.admit(item(Level.PRIORITY))).isEqualTo(new Admission.Refused(
                "quiet hours 22:00-05:00: priority item now-1 at 03:15 without allowNight"));
        assertThat(AuditLog.readAll(disk, Path.of("/a")).getLast().who()).isEqualTo("lwm2m:101");
        assertThat(gate.admit(item(Level.EMERGENCY)).admitted()).isTrue();
        mains.set(false);
        assertThat(gate.admit(item(Level.BACKGROUND))).isEqualTo(new Admission.Refused(
                "on battery (mains lost): background items are skipped"));
        var refusal = AuditLog.readAll(disk, Path.of("/a")).getLast();
        assertThat(refusal.who() + " " + refusal.action() + " " + refusal.detail()).as("a power refusal is audited")
                .isEqualTo("lwm2m:101 refused.power background item now-1: on battery (mains lost): background items are skipped");
        assertThat(gate.admit(item(Level.EMERGENCY)).admitted()).isTrue();
    }

    @Test
    void a_source_not_on_the_allow_list_is_refused_and_audited_whatever_the_level() throws Exception {
        ManualScheduler time = new ManualScheduler(Station.local("2026-01-05T10:00"), Clock.VIETNAM);
        SimulatedDisk disk = new SimulatedDisk();
        AuditLog audit = AuditLog.open(disk, Path.of("/a"), time, 4096, 2);
        PlayGate gate = new PlayGate(new QuietHoursGuard(QuietHoursConfig.defaults(), Clock.VIETNAM, audit), null, time,
                vn.loa.agent.audio.SourceAllowList.of(java.util.List.of("http://h/")), audit);
        assertThat(gate.admit(item(Level.NORMAL)).admitted()).isTrue();
        BroadcastItem hijacked = BroadcastItem.builder("e-1", Level.EMERGENCY).source("http://h/live")
                .source("http://attacker.example/x.mp3").origin("lwm2m:101").build();
        assertThat(gate.admit(hijacked)).isEqualTo(new Admission.Refused("emergency item e-1: source "
                + "http://attacker.example/x.mp3 is not in audio.allowSources of loa.json (http://h/)"));
        var refusal = AuditLog.readAll(disk, Path.of("/a")).getLast();
        assertThat(refusal.who() + " " + refusal.action()).isEqualTo("lwm2m:101 refused.source");
    }
}
