package vn.loa.agent.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.broadcast.Arbiter;
import vn.loa.agent.broadcast.ArbiterListener;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.ItemTiming;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.broadcast.UncontrolledAmplifier;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.LoopScheduler;

/**
 * The engine against a real Icecast 2 fed by real ffmpeg encoders. Most tests drive the {@link EngineRig},
 * which waits for decoded audio before every tick, so they prove what is played, not that it arrives in time;
 * {@link #mp3_stream_from_icecast_plays_in_real_time_without_an_underrun} runs the real audio thread in real
 * time, where an underrun would be counted.
 */
class IcecastIT {

    static final int TICK = 960;
    static IcecastServer ice;

    @BeforeAll static void startIcecast() throws Exception {
        ice = new IcecastServer();
    }

    @AfterAll static void stopIcecast() throws Exception {
        if (ice != null) ice.close();
    }

    @TempDir Path dir;

    AudioConfig config() {
        return AudioConfig.builder().volume(100).bufferSeconds(1, 10).backoff(100, 500).primaryRetrySeconds(1)
                .noDataTimeoutMs(2000).cacheDir(dir).build();
    }

    static double hzAtEnd(Path capture, double seconds) throws Exception {
        short[] s = Tones.readMono(capture);
        int n = (int) (48_000 * seconds);
        return ToneAnalysis.zeroCrossingHz(s, s.length - n, n, 48_000);
    }

    @Test void mp3_stream_from_icecast_plays_a_1khz_tone() throws Exception {
        Process src = ice.feed("/mp3.mp3", 1000, false);
        ice.awaitMount("/mp3.mp3");
        Path cap = dir.resolve("cap.wav");
        try (EngineRig rig = new EngineRig(config(), cap, Duration.ofMillis(200))) {
            rig.submit(BroadcastItem.builder("S", Level.NORMAL).source(ice.url("/mp3.mp3")).build());
            rig.ticksUntil(() -> rig.arbiter.status().phase().equals("playing"), 500);
            rig.ticks(100);
            assertThat(rig.opened.get("S").stats().codec()).isEqualTo("mp3");
        }
        IcecastServer.stop(src);
        assertThat(hzAtEnd(cap, 1)).isCloseTo(1000, offset(5.0));
    }

    @Test void mp3_stream_from_icecast_plays_in_real_time_without_an_underrun() throws Exception {
        Process src = ice.feed("/realtime.mp3", 1000, false);
        ice.awaitMount("/realtime.mp3");
        AudioConfig cfg = AudioConfig.builder().volume(100).bufferSeconds(2, 10).noDataTimeoutMs(2000).cacheDir(dir).build();
        Clock clock = Clock.system(Clock.VIETNAM);
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<ItemTiming> timing = new AtomicReference<>();
        AtomicReference<ItemResult> result = new AtomicReference<>();
        try (LoopScheduler loop = new LoopScheduler(clock, "test-control");
             AudioEngine engine = new AudioEngine(cfg, new WavCaptureSink(dir.resolve("cap.wav")), clock, new Random(5))) {
            Arbiter arbiter = new Arbiter(loop, new UncontrolledAmplifier(loop, Duration.ZERO, Duration.ofSeconds(1)),
                    engine, Arbiter.Settings.from(cfg));
            arbiter.addListener(new ArbiterListener() {
                @Override public void onEnded(BroadcastItem i, ItemResult r, ItemTiming t) {
                    result.set(r);
                    timing.set(t);
                    done.countDown();
                }
            });
            engine.startAudioThread();
            arbiter.start();
            arbiter.submit(BroadcastItem.builder("R", Level.NORMAL).source(ice.url("/realtime.mp3"))
                    .maxDuration(Duration.ofSeconds(6)).build());
            assertThat(done.await(30, TimeUnit.SECONDS)).as("item ended within 30 s").isTrue();
            arbiter.shutdown("test end");
        } finally {
            IcecastServer.stop(src);
        }
        assertThat(result.get()).isEqualTo(new ItemResult.Completed());
        assertThat(timing.get().underruns()).isZero();
        assertThat(timing.get().airtime().toMillis()).isBetween(5_500L, 7_000L);
        assertThat(hzAtEnd(dir.resolve("cap.wav"), 1)).isCloseTo(1000, offset(5.0));
    }

    @Test void opus_stream_from_icecast_plays_a_1khz_tone() throws Exception {
        Process src = ice.feed("/opus.opus", 1000, true);
        ice.awaitMount("/opus.opus");
        Path cap = dir.resolve("cap.wav");
        try (EngineRig rig = new EngineRig(config(), cap, Duration.ofMillis(200))) {
            rig.submit(BroadcastItem.builder("S", Level.NORMAL).source(ice.url("/opus.opus")).build());
            rig.ticksUntil(() -> rig.arbiter.status().phase().equals("playing"), 500);
            rig.ticks(100);
            assertThat(rig.opened.get("S").stats().codec()).isEqualTo("opus");
        }
        IcecastServer.stop(src);
        assertThat(hzAtEnd(cap, 1)).isCloseTo(1000, offset(5.0));
    }

    /** An Icecast AAC mount named without an extension, as stations name them. */
    Process feedAac(String mount) throws Exception {
        Process p = ice.feed(mount, 1000, 44100, "-c:a", "aac", "-b:a", "96k", "-content_type", "audio/aacp", "-f", "adts");
        ice.awaitMount(mount);
        return p;
    }

    @Test void aac_stream_on_a_mount_without_an_extension_is_handed_to_ffmpeg_and_plays_a_1khz_tone() throws Exception {
        Process src = feedAac("/live");
        Path cap = dir.resolve("cap.wav");
        try (EngineRig rig = new EngineRig(config(), cap, Duration.ofMillis(200))) {
            rig.submit(BroadcastItem.builder("S", Level.NORMAL).source(ice.url("/live")).build());
            rig.ticksUntil(() -> rig.arbiter.status().phase().equals("playing"), 500);
            rig.ticks(100);
            assertThat(rig.opened.get("S").stats().codec()).isEqualTo("wav"); // ffmpeg's output
            assertThat(rig.opened.get("S").stats().currentUrl()).isEqualTo(ice.url("/live"));
            assertThat(rig.opened.get("S").failure()).isEmpty();
        }
        IcecastServer.stop(src);
        assertThat(hzAtEnd(cap, 1)).isCloseTo(1000, offset(5.0));
    }

    @Test void aac_stream_without_ffmpeg_fails_the_item_saying_aac_needs_ffmpeg() throws Exception {
        Process src = feedAac("/live-noffmpeg");
        List<String> ended = new CopyOnWriteArrayList<>();
        AudioConfig cfg = AudioConfig.builder().volume(100).bufferSeconds(1, 10).backoff(100, 500)
                .noDataTimeoutMs(2000).cacheDir(dir).ffmpeg("/nonexistent/ffmpeg").build();
        try (EngineRig rig = new EngineRig(cfg, dir.resolve("cap.wav"), Duration.ofMillis(200))) {
            rig.arbiter.addListener(new ArbiterListener() {
                @Override public void onEnded(BroadcastItem i, ItemResult r, ItemTiming t) { ended.add(r.describe()); }
            });
            rig.submit(BroadcastItem.builder("S", Level.NORMAL).source(ice.url("/live-noffmpeg")).build());
            rig.ticksUntil(() -> !ended.isEmpty(), 500);
        } finally {
            IcecastServer.stop(src);
        }
        assertThat(ended).singleElement().asString()
                .startsWith("failed: " + ice.url("/live-noffmpeg") + ": AAC")
                .contains(" needs ffmpeg, but '/nonexistent/ffmpeg' cannot be run (")
                .endsWith("install it with 'apt-get install ffmpeg'");
    }

    @Test void survives_the_source_being_killed_and_restarted_and_counts_the_reconnect() throws Exception {
        Process first = ice.feed("/restart.mp3", 1000, false);
        ice.awaitMount("/restart.mp3");
        Path cap = dir.resolve("cap.wav");
        try (EngineRig rig = new EngineRig(config(), cap, Duration.ofMillis(200))) {
            rig.submit(BroadcastItem.builder("S", Level.NORMAL).source(ice.url("/restart.mp3")).build());
            rig.ticksUntil(() -> rig.arbiter.status().phase().equals("playing"), 500);
            rig.ticks(50);
            IcecastServer.stop(first);
            Process second = ice.feed("/restart.mp3", 1000, false);
            rig.ticksUntil(() -> rig.opened.get("S").stats().reconnects() >= 1, 3000);
            rig.ticks(100);
            assertThat(rig.opened.get("S").stats().reconnects()).isGreaterThanOrEqualTo(1);
            assertThat(rig.arbiter.status().currentId()).hasValue("S");
            IcecastServer.stop(second);
        }
        assertThat(hzAtEnd(cap, 1)).isCloseTo(1000, offset(5.0));
    }

    @Test void fails_over_to_the_second_url_and_returns_to_the_primary() throws Exception {
        Process backup = ice.feed("/backup.mp3", 1000, false);
        ice.awaitMount("/backup.mp3");
        Path cap = dir.resolve("cap.wav");
        try (EngineRig rig = new EngineRig(config(), cap, Duration.ofMillis(200))) {
            rig.submit(BroadcastItem.builder("S", Level.NORMAL).source(ice.url("/main.mp3"))
                    .source(ice.url("/backup.mp3")).build());
            rig.ticksUntil(() -> rig.arbiter.status().phase().equals("playing"), 500);
            assertThat(rig.opened.get("S").stats().currentUrl()).isEqualTo(ice.url("/backup.mp3"));
            rig.ticks(50);
            Process main = ice.feed("/main.mp3", 2000, false);
            rig.ticksUntil(() -> rig.opened.get("S").stats().currentUrl().equals(ice.url("/main.mp3")), 3000);
            rig.ticks(150);
            assertThat(rig.opened.get("S").stats().failovers()).isGreaterThanOrEqualTo(1);
            IcecastServer.stop(main);
        }
        IcecastServer.stop(backup);
        assertThat(hzAtEnd(cap, 1)).isCloseTo(2000, offset(10.0));
    }
}
