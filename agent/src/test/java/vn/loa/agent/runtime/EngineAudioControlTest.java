package vn.loa.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import vn.loa.agent.audio.AudioConfig;
import vn.loa.agent.audio.AudioEngine;
import vn.loa.agent.audio.AudioSink;
import vn.loa.agent.audio.PcmFormat;
import vn.loa.agent.broadcast.Arbiter;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.FakeAmplifier;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.lwm2m.AudioControl;
import vn.loa.hal.Amplifier;
import vn.loa.hal.time.ManualScheduler;

class EngineAudioControlTest {

    /** A sound card that takes every block and keeps nothing. */
    static AudioSink discard() {
        return new AudioSink() {
            @Override public void open(PcmFormat f) { }
            @Override public void write(short[] s, int frames) { }
            @Override public void close() { }
            @Override public String describe() { return "discard"; }
        };
    }

    final ManualScheduler loop = new ManualScheduler();
    final FakeAmplifier amp = new FakeAmplifier(loop, Duration.ofMillis(500), Duration.ofSeconds(5));
    final ScriptedPlayer player = new ScriptedPlayer();
    final Arbiter arbiter = new Arbiter(loop, amp, player, new Arbiter.Settings(Duration.ofMillis(20), Duration.ofMillis(100)));
    final AudioEngine engine = new AudioEngine(AudioConfig.builder().volume(70).emergencyMinVolume(85).build(), discard(), loop, new Random(1));
    final AtomicBoolean fault = new AtomicBoolean();
    final EngineAudioControl control = new EngineAudioControl(loop, engine, arbiter, amp, fault::get);
    final AtomicInteger heard = new AtomicInteger();

    EngineAudioControlTest() {
        arbiter.start();
        control.start();
        control.addStatusListener(heard::incrementAndGet);
    }

    @Test
    void starts_from_the_configured_volumes_unmuted_and_idle() {
        AudioControl.Status s = control.status();
        assertThat(s.volume()).isEqualTo(70);
        assertThat(s.emergencyMinVolume()).isEqualTo(85);
        assertThat(s.muted()).isFalse();
        assertThat(s.currentItemId()).isEmpty();
        assertThat(s.amplifier()).isEqualTo(Amplifier.State.OFF);
    }

    @Test
    void setters_reach_the_mixer_on_the_loop_and_each_change_is_heard_once() {
        control.setVolume(40, "lwm2m:1");
        control.setMuted(true, "lwm2m:1");
        control.setEmergencyMinVolume(95, "lwm2m:1");
        assertThat(engine.mixer().masterVolume()).as("nothing before the loop runs").isEqualTo(70);
        loop.runDue();
        assertThat(engine.mixer().masterVolume()).isEqualTo(40);
        assertThat(engine.mixer().muted()).isTrue();
        assertThat(control.status().volume()).isEqualTo(40);
        assertThat(control.status().muted()).isTrue();
        assertThat(control.status().emergencyMinVolume()).isEqualTo(95);
        assertThat(heard.get()).isEqualTo(3);
        control.setVolume(40, "lwm2m:1");
        loop.runDue();
        assertThat(heard.get()).as("the same volume again is no change").isEqualTo(3);
    }

    @Test
    void the_item_on_air_the_amplifier_the_fault_and_underruns_show_in_the_status() {
        arbiter.submit(BroadcastItem.builder("news", Level.PRIORITY).source("file:/x.wav").build());
        loop.advance(Duration.ofSeconds(1));
        AudioControl.Status s = control.status();
        assertThat(s.currentItemId()).contains("news");
        assertThat(s.currentLevel()).contains(Level.PRIORITY);
        assertThat(s.amplifier()).isEqualTo(Amplifier.State.ON);
        assertThat(heard.get()).isPositive();

        player.opened.get("news").underruns = 3;
        fault.set(true);
        int before = heard.get();
        loop.advance(EngineAudioControl.POLL);
        assertThat(control.status().underruns()).isEqualTo(3);
        assertThat(control.status().amplifierFault()).isTrue();
        assertThat(heard.get()).as("found by the periodic check").isEqualTo(before + 1);

        player.opened.get("news").phase = vn.loa.agent.audio.Playback.Phase.ENDED;
        loop.advance(Duration.ofMillis(100));
        assertThat(control.status().currentItemId()).isEqualTo(Optional.empty());
        assertThat(control.status().underruns()).as("kept after the item ended").isEqualTo(3);
    }

    // what the headend sets survives a restart (DATA/audio.json)

    static final java.nio.file.Path FILE = java.nio.file.Path.of("/data/audio.json");
    final vn.loa.agent.store.SimulatedDisk disk = new vn.loa.agent.store.SimulatedDisk();
    final vn.loa.agent.store.AudioSettingsStore store = new vn.loa.agent.store.AudioSettingsStore(disk, FILE);

    vn.loa.agent.store.AuditLog audit() throws java.io.IOException {
        return vn.loa.agent.store.AuditLog.open(disk, java.nio.file.Path.of("/data/audit"), loop, 64 * 1024, 2);
    }

    /** A second control over a fresh engine with the same loa.json volumes, as after a restart. */
    EngineAudioControl restarted(int configVolume, int configEmergencyMin) throws java.io.IOException {
        AudioEngine e = new AudioEngine(AudioConfig.builder().volume(configVolume).emergencyMinVolume(configEmergencyMin).build(),
                discard(), loop, new Random(2));
        EngineAudioControl c = new EngineAudioControl(loop, e, arbiter, amp, fault::get);
        c.keepIn(new vn.loa.agent.store.AudioSettingsStore(disk, FILE), audit(), loop);
        restartedEngine = e;
        return c;
    }

    AudioEngine restartedEngine;

    @Test
    void what_the_headend_set_is_saved_and_audited_and_comes_back_after_a_restart() throws Exception {
        control.keepIn(store, audit(), loop);
        control.setVolume(40, "server 7");
        control.setMuted(true, "server 7");
        control.setEmergencyMinVolume(95, "server 7");
        loop.runDue();

        EngineAudioControl after = restarted(70, 85);
        assertThat(after.status().volume()).isEqualTo(40);
        assertThat(after.status().muted()).isTrue();
        assertThat(after.status().emergencyMinVolume()).isEqualTo(95);
        assertThat(restartedEngine.mixer().masterVolume()).as("the mixer plays at it").isEqualTo(40);
        assertThat(restartedEngine.mixer().muted()).isTrue();
        assertThat(vn.loa.agent.store.AuditLog.readAll(disk, java.nio.file.Path.of("/data/audit")))
                .extracting(a -> a.who() + " " + a.action() + " " + a.detail())
                .containsExactly("server 7 audio.set master volume 40", "server 7 audio.set muted",
                        "server 7 audio.set emergency minimum volume 95");
    }

    @Test
    void an_installer_who_changed_loa_json_since_wins_over_the_saved_volume() throws Exception {
        control.keepIn(store, audit(), loop);
        control.setVolume(40, "server 7");
        loop.runDue();
        EngineAudioControl after = restarted(50, 85);
        assertThat(after.status().volume()).isEqualTo(50);
        assertThat(after.status().muted()).isFalse();
        assertThat(restartedEngine.mixer().masterVolume()).isEqualTo(50);
    }

    @Test
    void an_unusable_settings_file_leaves_loa_json_in_charge_and_is_replaced_by_the_next_write() throws Exception {
        disk.createDirectories(FILE.getParent());
        disk.write(FILE, "{\"volume\": \"loud\"".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        control.keepIn(store, audit(), loop);
        assertThat(control.status().volume()).isEqualTo(70);
        control.setVolume(30, "server 7");
        loop.runDue();
        assertThat(store.load(70, 85)).isInstanceOf(vn.loa.agent.store.AudioSettingsStore.Loaded.Apply.class);
    }

    @Test
    void a_disk_that_refuses_the_save_still_plays_at_the_new_volume_and_the_next_change_is_saved() throws Exception {
        control.keepIn(store, audit(), loop);
        disk.failOnceAt(0, 1, 2, 3, 4, 5, 6, 7); // the audit record and the save both fail
        control.setVolume(40, "server 7");
        loop.runDue();
        assertThat(engine.mixer().masterVolume()).isEqualTo(40);
        assertThat(store.load(70, 85)).isInstanceOf(vn.loa.agent.store.AudioSettingsStore.Loaded.None.class);
        disk.failOnceAt(); // the disk takes writes again
        control.setVolume(35, "server 7");
        loop.runDue();
        assertThat(restarted(70, 85).status().volume()).isEqualTo(35);
    }

    @Test
    void out_of_service_silences_once_is_kept_and_restored_even_after_loa_json_changed() throws Exception {
        java.util.List<String> silenced = new java.util.ArrayList<>();
        vn.loa.agent.schedule.ServiceHold hold = new vn.loa.agent.schedule.ServiceHold();
        control.controlService(hold, silenced::add);
        control.keepIn(store, audit(), loop);
        control.setOutOfService(true, "server 7");
        control.setOutOfService(true, "server 7"); // no change
        loop.runDue();
        assertThat(silenced).containsExactly("out of service (set by server 7)");
        assertThat(hold.refusal()).hasValueSatisfying(r -> assertThat(r).startsWith("out of service since ")
                .contains("(set by server 7)"));
        assertThat(control.status().outOfService()).isTrue();

        vn.loa.agent.schedule.ServiceHold after = new vn.loa.agent.schedule.ServiceHold();
        AudioEngine e = new AudioEngine(AudioConfig.builder().volume(50).emergencyMinVolume(85).build(), discard(), loop, new Random(3));
        EngineAudioControl c = new EngineAudioControl(loop, e, arbiter, amp, fault::get);
        c.controlService(after, r -> { });
        c.keepIn(new vn.loa.agent.store.AudioSettingsStore(disk, FILE), audit(), loop);
        assertThat(after.held()).as("a kill switch outlives a loa.json change").isPresent();
        assertThat(c.status().outOfService()).isTrue();
        assertThat(c.status().volume()).isEqualTo(50);

        c.setOutOfService(false, "server 7");
        loop.runDue();
        assertThat(after.held()).isEmpty();
        assertThat(new vn.loa.agent.store.AudioSettingsStore(disk, FILE).load(70, 85)).isInstanceOfSatisfying(
                vn.loa.agent.store.AudioSettingsStore.Loaded.Superseded.class,
                x -> assertThat(x.settings().outOfService()).isEmpty());
    }
}
