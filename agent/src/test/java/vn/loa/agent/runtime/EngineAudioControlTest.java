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

    final ManualScheduler loop = new ManualScheduler();
    final FakeAmplifier amp = new FakeAmplifier(loop, Duration.ofMillis(500), Duration.ofSeconds(5));
    final ScriptedPlayer player = new ScriptedPlayer();
    final Arbiter arbiter = new Arbiter(loop, amp, player, new Arbiter.Settings(Duration.ofMillis(20), Duration.ofMillis(100)));
    final AudioEngine engine = new AudioEngine(AudioConfig.builder().volume(70).emergencyMinVolume(85).build(), new AudioSink() {
        @Override public void open(PcmFormat f) { }
        @Override public void write(short[] s, int frames) { }
        @Override public void close() { }
        @Override public String describe() { return "discard"; }
    }, loop, new Random(1));
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
}
