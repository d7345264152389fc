package vn.loa.agent.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.broadcast.ArbiterListener;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.ItemTiming;
import vn.loa.agent.broadcast.Level;
import vn.loa.hal.Amplifier;

class PlaybackEngineTest {

    static final vn.loa.hal.time.Clock SYSTEM = vn.loa.hal.time.Clock.system(vn.loa.hal.time.Clock.VIETNAM);

    @TempDir Path dir;
    static final int TICK = 960; // samples per channel per 20 ms tick at 48 kHz

    AudioConfig config() {
        return AudioConfig.builder().volume(100).cacheDir(dir).build();
    }

    @Test void a_1khz_file_comes_out_of_the_capture_as_1khz_at_the_expected_level() throws Exception {
        Path tone = Tones.wav(dir.resolve("n.wav"), 44_100, 1, 1000, 0.5, 2);
        List<String> ended = new ArrayList<>();
        try (EngineRig rig = new EngineRig(config(), dir.resolve("cap.wav"), Duration.ofSeconds(1))) {
            rig.arbiter.addListener(new ArbiterListener() {
                @Override public void onEnded(BroadcastItem i, ItemResult r, ItemTiming t) {
                    ended.add(r.describe());
                    ended.add("underruns " + t.underruns());
                }
            });
            rig.submit(BroadcastItem.builder("N", Level.NORMAL).source(tone.toUri()).build());
            rig.ticksUntil(() -> !ended.isEmpty(), 300);
            rig.ticks(5);
        }
        assertThat(ended).containsExactly("completed", "underruns 0"); // the end of a file is not an underrun
        short[] s = Tones.readMono(dir.resolve("cap.wav"));
        int start = ToneAnalysis.firstSound(s, 0, 300);
        // block i is mixed when the clock reaches (i + 1) ticks: the amplifier is ON at 1 s, i.e. during block 49
        assertThat(start).isBetween(49 * TICK, 51 * TICK);
        int mid = start + 48_000;
        assertThat(ToneAnalysis.zeroCrossingHz(s, mid - 12_000, 24_000, 48_000)).isCloseTo(1000, offset(5.0));
        assertThat(ToneAnalysis.rms(s, mid - 12_000, 24_000)).isCloseTo(0.5 / Math.sqrt(2), offset(0.02));
        assertThat(ToneAnalysis.longestSilence(s, start + 14_400, start + 90_000, 300)).isLessThan(10);
    }

    @Test void emergency_preempts_normal_within_one_tick_with_no_gap_longer_than_the_fade() throws Exception {
        Path normal = Tones.wav(dir.resolve("n.wav"), 48_000, 2, 1000, 0.5, 6);
        Path emergency = Tones.wav(dir.resolve("e.wav"), 48_000, 2, 2000, 0.5, 1);
        List<String> events = new ArrayList<>();
        long preemptTick;
        long resumedAt;
        try (EngineRig rig = new EngineRig(config(), dir.resolve("cap.wav"), Duration.ofMillis(500))) {
            rig.arbiter.addListener(new ArbiterListener() {
                @Override public void onEnded(BroadcastItem i, ItemResult r, ItemTiming t) { events.add("ended " + i.id() + " " + r.describe()); }
                @Override public void onInterrupted(BroadcastItem i, String by) { events.add("interrupted " + i.id()); }
            });
            rig.submit(BroadcastItem.builder("N", Level.NORMAL).source(normal.toUri()).build());
            rig.ticksUntil(() -> rig.amp.state() == Amplifier.State.ON, 100);
            rig.ticks(50);
            rig.submit(BroadcastItem.builder("E", Level.EMERGENCY).source(emergency.toUri()).build());
            rig.awaitBuffered("E");
            preemptTick = rig.ticks;
            rig.tick();
            rig.ticksUntil(() -> events.contains("ended E completed"), 200);
            resumedAt = rig.ticks;
            rig.ticksUntil(() -> rig.arbiter.status().phase().equals("playing"), 50);
            rig.ticks(60);
        }
        assertThat(events).containsSubsequence("interrupted N", "ended E completed");
        short[] s = Tones.readMono(dir.resolve("cap.wav"));
        int blockE = (int) preemptTick * TICK;
        // audible in the very next tick
        assertThat(ToneAnalysis.goertzel(s, blockE, TICK, 48_000, 2000)).isGreaterThan(0.01);
        assertThat(ToneAnalysis.goertzel(s, blockE - TICK, TICK, 48_000, 2000)).isLessThan(0.0001);
        // no gap at the preemption
        assertThat(ToneAnalysis.longestSilence(s, blockE - 10 * TICK, blockE + 20 * TICK, 100)).isLessThan(5);
        // normal resumes after the emergency (policy RESUME), at 1 kHz
        int after = (int) resumedAt * TICK + 30 * TICK;
        assertThat(ToneAnalysis.zeroCrossingHz(s, after, 20 * TICK, 48_000)).isCloseTo(1000, offset(5.0));
    }

    @Test void emergency_from_idle_is_audible_within_one_tick_of_the_amplifier_on() throws Exception {
        Path emergency = Tones.wav(dir.resolve("e.wav"), 48_000, 2, 2000, 0.5, 1);
        long onTick;
        try (EngineRig rig = new EngineRig(config(), dir.resolve("cap.wav"), Duration.ofMillis(1500))) {
            rig.submit(BroadcastItem.builder("E", Level.EMERGENCY).source(emergency.toUri()).build());
            rig.awaitBuffered("E");
            rig.ticksUntil(() -> rig.amp.state() == Amplifier.State.ON, 100);
            onTick = rig.ticks;
            rig.ticks(10);
        }
        short[] s = Tones.readMono(dir.resolve("cap.wav"));
        int first = ToneAnalysis.firstSound(s, 0, 300);
        assertThat(first).isBetween((int) (onTick - 1) * TICK, (int) (onTick + 1) * TICK);
    }

    @Test void two_loud_sources_are_limited_never_clipped_and_the_lower_is_ducked() throws Exception {
        Path bg = Tones.wav(dir.resolve("b.wav"), 48_000, 2, 500, 0.99, 4);
        Path em = Tones.wav(dir.resolve("e.wav"), 48_000, 2, 2000, 0.99, 2);
        AudioConfig cfg = AudioConfig.builder().volume(100).fadeMs(300).cacheDir(dir).build();
        try (EngineRig rig = new EngineRig(cfg, dir.resolve("cap.wav"), Duration.ofMillis(100))) {
            rig.submit(BroadcastItem.builder("B", Level.BACKGROUND).source(bg.toUri()).build());
            rig.ticksUntil(() -> rig.arbiter.status().phase().equals("playing"), 100);
            rig.ticks(20);
            rig.submit(BroadcastItem.builder("E", Level.EMERGENCY).source(em.toUri()).build());
            rig.awaitBuffered("E");
            rig.ticks(40);
            assertThat(rig.engine.mixer().clippedSamples()).isZero();
            assertThat(rig.engine.mixer().lastPeak()).isLessThanOrEqualTo(0.95);
        }
    }

    @Test void mixer_ducks_a_lower_level_under_a_higher_one() throws Exception {
        Path low = Tones.wav(dir.resolve("l.wav"), 48_000, 2, 500, 0.3, 3);
        Path high = Tones.wav(dir.resolve("h.wav"), 48_000, 2, 2000, 0.3, 3);
        Mixer m = new Mixer(PcmFormat.DEFAULT_OUTPUT, config().mixer(), TICK);
        Track a = new Track("L", new FileSource(low, null), PcmFormat.DEFAULT_OUTPUT, config().buffer(), m, Duration.ofMillis(300), SYSTEM);
        Track b = new Track("H", new FileSource(high, null), PcmFormat.DEFAULT_OUTPUT, config().buffer(), m, Duration.ofMillis(300), SYSTEM);
        a.start();
        b.start();
        org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10)).until(() -> a.phase() == Playback.Phase.READY && b.phase() == Playback.Phase.READY);
        a.play(Level.BACKGROUND, java.util.OptionalInt.empty(), Duration.ZERO);
        short[] out = new short[TICK * 2];
        m.mix(out, TICK);
        short[] left = new short[TICK];
        for (int i = 0; i < TICK; i++) left[i] = out[2 * i];
        double alone = ToneAnalysis.goertzel(left, 0, TICK, 48_000, 500);
        b.play(Level.NORMAL, java.util.OptionalInt.empty(), Duration.ZERO);
        for (int t = 0; t < 20; t++) m.mix(out, TICK);
        for (int i = 0; i < TICK; i++) left[i] = out[2 * i];
        double ducked = ToneAnalysis.goertzel(left, 0, TICK, 48_000, 500);
        assertThat(ducked / alone).isCloseTo(0.01, offset(0.005)); // duck gain 0.1 → power ×0.01
        a.close();
        b.close();
    }

    @Test void emergency_plays_at_least_the_emergency_minimum_volume_and_normal_at_the_master_volume() throws Exception {
        Path tone = Tones.wav(dir.resolve("t.wav"), 48_000, 2, 1000, 0.5, 2);
        Mixer m = new Mixer(PcmFormat.DEFAULT_OUTPUT, new MixerSettings(30, 90, 0.1, 100, 0.944), TICK);
        double[] rms = new double[2];
        Level[] levels = {Level.NORMAL, Level.EMERGENCY};
        for (int k = 0; k < 2; k++) {
            Track t = new Track("T" + k, new FileSource(tone, null), PcmFormat.DEFAULT_OUTPUT, config().buffer(), m, Duration.ofMillis(300), SYSTEM);
            t.start();
            org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10)).until(() -> t.phase() == Playback.Phase.READY);
            t.play(levels[k], java.util.OptionalInt.empty(), Duration.ZERO);
            short[] out = new short[TICK * 2];
            m.mix(out, TICK);
            short[] left = new short[TICK];
            for (int i = 0; i < TICK; i++) left[i] = out[2 * i];
            rms[k] = ToneAnalysis.rms(left, 0, TICK);
            t.close();
            m.mix(out, TICK);
        }
        double full = 0.5 / Math.sqrt(2);
        assertThat(rms[0]).isCloseTo(full * 0.09, offset(0.005)); // master 30 → gain 0.09
        assertThat(rms[1]).isCloseTo(full * 0.81, offset(0.01));  // emergency minimum 90 → gain 0.81
    }

    @Test void master_mute_silences_normal_even_with_a_volume_override_but_not_emergency() throws Exception {
        Path tone = Tones.wav(dir.resolve("m.wav"), 48_000, 2, 1000, 0.5, 2);
        Mixer m = new Mixer(PcmFormat.DEFAULT_OUTPUT, new MixerSettings(80, 60, 0.1, 100, 0.944), TICK);
        m.setMuted(true);
        double[] rms = new double[2];
        Level[] levels = {Level.NORMAL, Level.EMERGENCY};
        for (int k = 0; k < 2; k++) {
            Track t = new Track("M" + k, new FileSource(tone, null), PcmFormat.DEFAULT_OUTPUT, config().buffer(), m, Duration.ofMillis(300), SYSTEM);
            t.start();
            org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10)).until(() -> t.phase() == Playback.Phase.READY);
            t.play(levels[k], java.util.OptionalInt.of(90), Duration.ZERO);
            short[] out = new short[TICK * 2];
            m.mix(out, TICK);
            short[] left = new short[TICK];
            for (int i = 0; i < TICK; i++) left[i] = out[2 * i];
            rms[k] = ToneAnalysis.rms(left, 0, TICK);
            t.close();
            m.mix(out, TICK);
        }
        assertThat(m.muted()).isTrue();
        assertThat(rms[0]).isZero();
        assertThat(rms[1]).isCloseTo(0.5 / Math.sqrt(2) * 0.81, offset(0.01)); // its override 90 → gain 0.81
    }

    @Test void sink_that_fails_is_reported_and_reopened_and_mixing_goes_on() {
        int[] opens = {0};
        AudioSink flaky = new AudioSink() {
            @Override public void open(PcmFormat f) throws AudioSinkException {
                opens[0]++;
                if (opens[0] < 3) throw new AudioSinkException("sound device 'hw:9' is busy or unavailable: Device or resource busy");
            }
            @Override public void write(short[] s, int frames) { }
            @Override public void close() { }
            @Override public String describe() { return "flaky"; }
        };
        AudioEngine e = new AudioEngine(config(), flaky, new vn.loa.hal.time.ManualScheduler(), new java.util.Random(1));
        for (int i = 0; i < 200; i++) e.tick();
        assertThat(opens[0]).isEqualTo(3);
        assertThat(e.status().sinkOpen()).isTrue();
        assertThat(e.status().sinkErrors()).isEqualTo(2);
        assertThat(e.status().lastSinkError()).isEqualTo("sound device 'hw:9' is busy or unavailable: Device or resource busy");
        assertThat(e.status().ticks()).isEqualTo(200);
    }

    /** A sound card whose writes fail while {@code gone} says so (open then fails too). */
    static AudioSink card(java.util.function.BooleanSupplier gone) {
        return new AudioSink() {
            @Override public void open(PcmFormat f) throws AudioSinkException {
                if (gone.getAsBoolean()) throw new AudioSinkException("sound device 'hw:1' is gone: No such device");
            }
            @Override public void write(short[] s, int frames) throws AudioSinkException {
                if (gone.getAsBoolean()) throw new AudioSinkException("sound device 'hw:1' write failed: No such device");
            }
            @Override public void close() { }
            @Override public String describe() { return "hw:1"; }
        };
    }

    List<String> playTo(AudioSink sink, AudioConfig cfg, Path file, java.util.function.LongConsumer onTick) {
        List<String> ended = new ArrayList<>();
        try (EngineRig rig = new EngineRig(cfg, sink, Duration.ofMillis(100))) {
            rig.arbiter.addListener(new ArbiterListener() {
                @Override public void onEnded(BroadcastItem i, ItemResult r, ItemTiming t) { ended.add(r.describe()); }
            });
            rig.submit(BroadcastItem.builder("C", Level.NORMAL).source(file.toUri()).build());
            rig.awaitBuffered("C");
            for (int i = 0; i < 1000 && ended.isEmpty(); i++) {
                onTick.accept(rig.ticks);
                rig.tick();
            }
        }
        return ended;
    }

    @Test void an_item_aired_while_the_sound_card_is_gone_ends_failed_sound_card_gone() throws Exception {
        Path tone = Tones.wav(dir.resolve("t.wav"), 48_000, 2, 1000, 0.5, 2);
        List<String> ended = playTo(card(() -> true), config(), tone, t -> { });
        assertThat(ended).singleElement().asString()
                .matches("failed: sound card gone: 2\\.\\d s of 2\\.\\d s on air not heard "
                        + "\\(hw:1: sound device 'hw:1' is gone: No such device\\)");
    }

    @Test void a_sound_card_lost_for_more_than_a_tenth_of_the_airtime_fails_the_item_and_less_does_not() throws Exception {
        Path tone = Tones.wav(dir.resolve("t.wav"), 48_000, 2, 1000, 0.5, 3);
        AudioConfig cfg = AudioConfig.builder().volume(100).cacheDir(dir).sinkRetryMs(40).build();
        long[] tick = {0};
        // 3 s on air is 150 ticks: gone for 10 ticks (0.2 s) is heard enough, gone for 60 ticks (1.2 s) is not
        List<String> glitch = playTo(card(() -> tick[0] >= 60 && tick[0] < 70), cfg, tone, t -> tick[0] = t);
        assertThat(glitch).containsExactly("completed");
        List<String> lost = playTo(card(() -> tick[0] >= 60 && tick[0] < 120), cfg, tone, t -> tick[0] = t);
        assertThat(lost).singleElement().asString().startsWith("failed: sound card gone: 1.")
                .contains(" s of 3.")
                .endsWith(" s on air not heard (hw:1: sound device 'hw:1' is gone: No such device)");
    }

    @Test void missing_file_fails_the_item_naming_the_path() throws Exception {
        List<String> ended = new ArrayList<>();
        try (EngineRig rig = new EngineRig(config(), dir.resolve("cap.wav"), Duration.ofMillis(100))) {
            rig.arbiter.addListener(new ArbiterListener() {
                @Override public void onEnded(BroadcastItem i, ItemResult r, ItemTiming t) { ended.add(r.describe()); }
            });
            rig.submit(BroadcastItem.builder("X", Level.NORMAL).source(dir.resolve("nope.mp3").toUri()).build());
            rig.awaitBuffered("X");
            rig.tick();
        }
        assertThat(ended).containsExactly("failed: " + dir.resolve("nope.mp3") + ": file not found");
    }

    @Test void cached_bulletin_with_a_wrong_hash_is_not_played() throws Exception {
        Path tone = Tones.wav(dir.resolve("0".repeat(64)), 48_000, 2, 1000, 0.5, 1);
        List<String> ended = new ArrayList<>();
        try (EngineRig rig = new EngineRig(config(), dir.resolve("cap.wav"), Duration.ofMillis(100))) {
            rig.arbiter.addListener(new ArbiterListener() {
                @Override public void onEnded(BroadcastItem i, ItemResult r, ItemTiming t) { ended.add(r.describe()); }
            });
            rig.submit(BroadcastItem.builder("C", Level.NORMAL).source("cache:" + "0".repeat(64)).build());
            rig.awaitBuffered("C");
            rig.tick();
        }
        assertThat(ended).hasSize(1);
        assertThat(ended.get(0)).startsWith("failed: " + tone + ": SHA-256 is ").endsWith("but the item expects " + "0".repeat(64) + "; not played");
    }
}
