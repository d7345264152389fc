package vn.loa.agent.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.Level;

/** The engine against a real Icecast 2 fed by real ffmpeg encoders. */
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
            assertThat(rig.opened.get("S").stats().underruns()).isZero();
        }
        IcecastServer.stop(src);
        assertThat(hzAtEnd(cap, 1)).isCloseTo(1000, offset(5.0));
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
            assertThat(rig.opened.get("S").stats().underruns()).isZero();
        }
        IcecastServer.stop(src);
        assertThat(hzAtEnd(cap, 1)).isCloseTo(1000, offset(5.0));
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
