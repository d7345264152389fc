package vn.loa.agent.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.broadcast.ArbiterListener;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.ItemTiming;
import vn.loa.agent.broadcast.Level;

class DriftAndFfmpegTest {

    @TempDir Path dir;

    @Test void resampler_speed_correction_changes_the_output_length_by_that_many_ppm() {
        PcmFormat in = new PcmFormat(48_000, 2);
        short[] s = new short[480_000 * 2];
        Resampler plain = new Resampler(PcmFormat.DEFAULT_OUTPUT);
        Resampler faster = new Resampler(PcmFormat.DEFAULT_OUTPUT);
        faster.setSpeedPpm(5_000); // clamped to the maximum
        assertThat(faster.speedPpm()).isEqualTo(Resampler.MAX_SPEED_PPM);
        int a = plain.convert(new PcmChunk(s, 480_000, in)).length / 2;
        int b = faster.convert(new PcmChunk(s, 480_000, in)).length / 2;
        assertThat(a).isEqualTo(480_000);
        assertThat(a - b).isBetween(230, 250); // 480 000 × 500 ppm ≈ 240 frames fewer
    }

    /** A live source: one segment with the file's bytes, then holds the connection open until stopped. */
    static ByteSource live(Path wav) {
        FetchStats stats = new FetchStats();
        return new ByteSource() {
            @Override public void fetch(FetchSink sink) throws IOException {
                sink.beginSegment("audio/wav", "live " + wav);
                byte[] b = Files.readAllBytes(wav);
                sink.write(b, 0, b.length);
                java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
                while (!sink.stopped()) {
                    try {
                        never.await(20, java.util.concurrent.TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            @Override public boolean live() { return true; }
            @Override public FetchStats stats() { return stats; }
            @Override public String describe() { return "live " + wav; }
        };
    }

    @Test void a_live_buffer_above_target_is_drained_slowly_by_playing_faster_and_below_target_by_playing_slower() throws Exception {
        Path wav = Tones.wav(dir.resolve("l.wav"), 48_000, 2, 1000, 0.3, 10);
        AudioConfig cfg = AudioConfig.builder().bufferSeconds(3, 60).build();
        Mixer m = new Mixer(cfg.output(), cfg.mixer(), 960);
        Track t = new Track("L", live(wav), cfg.output(), cfg.buffer(), m, cfg.fade(), vn.loa.hal.time.Clock.system(vn.loa.hal.time.Clock.VIETNAM));
        t.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> t.phase() == Playback.Phase.READY && t.fillSeconds() > 9);
        t.play(Level.NORMAL, OptionalInt.empty(), Duration.ZERO);
        short[] out = new short[960 * 2];
        int ticks = 0;
        while (t.stats().driftPpm() != Resampler.MAX_SPEED_PPM && ticks < 200) {
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5)).until(() -> t.canSupply(960));
            m.mix(out, 960);
            ticks++;
        }
        assertThat(t.stats().driftPpm()).isEqualTo(Resampler.MAX_SPEED_PPM);
        while (t.fillSeconds() > 1.5 && ticks < 1000) {
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5)).until(() -> t.canSupply(960));
            m.mix(out, 960);
            ticks++;
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> t.stats().driftPpm() == -Resampler.MAX_SPEED_PPM || t.fillSeconds() < 1.4);
        assertThat(t.stats().driftPpm()).isEqualTo(-Resampler.MAX_SPEED_PPM);
        t.close();
    }

    @Test void aac_file_plays_through_ffmpeg_as_the_tone_it_holds() throws Exception {
        Path w = Tones.wav(dir.resolve("t.wav"), 44_100, 2, 1000, 0.5, 2);
        Path aac = Tones.ffmpeg(w, dir.resolve("t.m4a"), "-codec:a", "aac", "-b:a", "128k");
        List<String> ended = new ArrayList<>();
        Path cap = dir.resolve("cap.wav");
        try (EngineRig rig = new EngineRig(AudioConfig.builder().volume(100).cacheDir(dir).build(), cap, Duration.ofMillis(100))) {
            rig.arbiter.addListener(new ArbiterListener() {
                @Override public void onEnded(BroadcastItem i, ItemResult r, ItemTiming t) { ended.add(r.describe()); }
            });
            rig.submit(BroadcastItem.builder("A", Level.NORMAL).source(aac.toUri()).build());
            rig.ticksUntil(() -> !ended.isEmpty(), 400);
        }
        assertThat(ended).containsExactly("completed");
        short[] s = Tones.readMono(cap);
        int first = ToneAnalysis.firstSound(s, 0, 300);
        assertThat(ToneAnalysis.zeroCrossingHz(s, first + 24_000, 24_000, 48_000)).isBetween(995.0, 1005.0);
    }

    @Test void hls_without_ffmpeg_fails_with_a_message_saying_how_to_install_it() {
        FfmpegSource src = new FfmpegSource("/nonexistent/ffmpeg", "http://127.0.0.1:1/live.m3u8", PcmFormat.DEFAULT_OUTPUT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> src.fetch(new CollectingSink(10)))
                .hasMessageStartingWith("http://127.0.0.1:1/live.m3u8: HLS/AAC needs ffmpeg, but '/nonexistent/ffmpeg' cannot be run (")
                .hasMessageEndingWith("); install it with 'apt-get install ffmpeg'");
    }

    @Test void emergency_with_a_dead_stream_plays_its_stored_fallback() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path stored = Tones.wav(dir.resolve("storm.wav"), 48_000, 2, 1000, 0.5, 1);
        List<String> ended = new ArrayList<>();
        Path cap = dir.resolve("cap.wav");
        AudioConfig cfg = AudioConfig.builder().volume(100).cacheDir(dir).fallbackAfterSeconds(1).backoff(50, 200).build();
        try (EngineRig rig = new EngineRig(cfg, cap, Duration.ofMillis(100))) {
            rig.arbiter.addListener(new ArbiterListener() {
                @Override public void onEnded(BroadcastItem i, ItemResult r, ItemTiming t) { ended.add(r.describe()); }
            });
            rig.submit(BroadcastItem.builder("E", Level.EMERGENCY).source("http://127.0.0.1:" + port + "/storm.mp3")
                    .source(stored.toUri()).build());
            rig.ticksUntil(() -> !ended.isEmpty(), 400);
            assertThat(rig.opened.get("E").stats().lastError()).isEmpty();
        }
        assertThat(ended).containsExactly("completed");
        short[] s = Tones.readMono(cap);
        int first = ToneAnalysis.firstSound(s, 0, 300);
        assertThat(ToneAnalysis.zeroCrossingHz(s, first + 4_800, 24_000, 48_000)).isBetween(995.0, 1005.0);
    }

    @Test void hls_playlist_plays_through_ffmpeg() throws Exception {
        Path w = Tones.wav(dir.resolve("t.wav"), 44_100, 2, 1000, 0.5, 3);
        Path m3u8 = Tones.ffmpeg(w, dir.resolve("live.m3u8"), "-codec:a", "aac", "-b:a", "96k", "-f", "hls",
                "-hls_time", "1", "-hls_list_size", "0");
        List<String> ended = new ArrayList<>();
        Path cap = dir.resolve("cap.wav");
        try (EngineRig rig = new EngineRig(AudioConfig.builder().volume(100).cacheDir(dir).build(), cap, Duration.ofMillis(100))) {
            rig.arbiter.addListener(new ArbiterListener() {
                @Override public void onEnded(BroadcastItem i, ItemResult r, ItemTiming t) { ended.add(r.describe()); }
            });
            rig.submit(BroadcastItem.builder("H", Level.NORMAL).source(m3u8.toUri()).build());
            rig.ticksUntil(() -> !ended.isEmpty(), 500);
        }
        assertThat(ended).containsExactly("completed");
        short[] s = Tones.readMono(cap);
        int first = ToneAnalysis.firstSound(s, 0, 300);
        assertThat(ToneAnalysis.zeroCrossingHz(s, first + 24_000, 48_000, 48_000)).isBetween(995.0, 1005.0);
    }

    @Test void the_ffmpeg_process_is_killed_with_the_item() throws Exception {
        Path w = Tones.wav(dir.resolve("long.wav"), 44_100, 2, 1000, 0.5, 30);
        Path aac = Tones.ffmpeg(w, dir.resolve("long-" + System.nanoTime() + ".m4a"), "-codec:a", "aac", "-b:a", "64k");
        java.util.function.Supplier<Long> running = () -> ProcessHandle.allProcesses()
                .filter(ph -> ph.info().commandLine().orElse("").contains(aac.toString())).count();
        try (EngineRig rig = new EngineRig(AudioConfig.builder().volume(100).bufferSeconds(3, 60).cacheDir(dir).build(),
                dir.resolve("cap.wav"), Duration.ofMillis(100))) {
            rig.submit(BroadcastItem.builder("K", Level.NORMAL).source(aac.toUri()).build());
            rig.ticksUntil(() -> rig.arbiter.status().phase().equals("playing"), 300);
            // 30 s of 48 kHz WAV (5.8 MB) does not fit the 2.4 MB compressed buffer: ffmpeg is still writing
            await().atMost(Duration.ofSeconds(5)).until(() -> running.get() >= 1L);
            rig.arbiter.stop("K", "test");
            rig.loop.runDue();
            for (int i = 0; i < 20; i++) { // the 300 ms fade-out, then the track closes
                rig.loop.advance(rig.config.tick());
                rig.engine.tick();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 0L);
        }
    }

    @Test void a_live_input_whose_ffmpeg_exits_is_restarted_with_back_off() throws Exception {
        Tones.assumeTool("ffmpeg", "ffmpeg");
        try (TestStreamServer server = new TestStreamServer(0, s -> HttpStreamSourceTest.headers(s, "HTTP/1.0 404 Not Found\r\n\r\n"))) {
            FfmpegSource src = new FfmpegSource("ffmpeg", server.url("/live.m3u8"), PcmFormat.DEFAULT_OUTPUT,
                    new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), new java.util.Random(4)));
            java.util.concurrent.atomic.AtomicReference<Object> done = new java.util.concurrent.atomic.AtomicReference<>();
            Thread.ofVirtual().start(() -> {
                try {
                    src.fetch(new CollectingSink(10));
                    done.set("returned");
                } catch (IOException e) {
                    done.set(e);
                }
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> src.stats().connects() >= 3);
            assertThat(src.stats().lastError()).startsWith(server.url("/live.m3u8") + ": ffmpeg exited with ");
            assertThat(done.get()).isNull();
            src.abort();
            await().atMost(Duration.ofSeconds(10)).until(() -> done.get() != null);
        }
    }
}
