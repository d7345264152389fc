package vn.loa.agent.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.cli.AgentCommands;
import vn.loa.agent.cli.CommandLine;

class PlayCommandTest {

    @TempDir Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return new CommandLine("./loa", AgentCommands.all()).run(List.of(args), new PrintStream(out, true),
                new PrintStream(err, true));
    }

    @Test void plays_a_file_into_a_capture_and_exits_0_when_completed() throws Exception {
        Path tone = Tones.wav(dir.resolve("t.wav"), 48_000, 2, 1000, 0.5, 1.5);
        Path cap = dir.resolve("cap.wav");
        int rc = run("play", tone.toString(), "--out", cap.toString(), "--volume", "100");
        assertThat(rc).as(err.toString()).isZero();
        assertThat(out.toString()).contains("on air: " + tone.toUri()).contains("completed after").endsWith("amplifier OFF" + System.lineSeparator());
        short[] s = Tones.readMono(cap);
        int first = ToneAnalysis.firstSound(s, 0, 300);
        assertThat(first).isNotNegative();
        assertThat(ToneAnalysis.zeroCrossingHz(s, first + 24_000, 24_000, 48_000)).isBetween(995.0, 1005.0);
    }

    @Test void every_amplifier_zone_of_the_simulated_board_warms_up_before_the_audio_and_is_off_at_the_end() throws Exception {
        Path tone = Tones.wav(dir.resolve("t.wav"), 48_000, 2, 1000, 0.5, 0.5);
        int rc = run("play", tone.toString(), "--out", dir.resolve("cap.wav").toString());
        assertThat(rc).as(err.toString()).isZero();
        String o = out.toString();
        assertThat(o).containsSubsequence("amplifier main+market OFF -> WARMING", "amplifier main+market WARMING -> ON",
                "on air: ", "completed after", "amplifier OFF");
    }

    @Test void an_mp3_with_garbage_in_the_middle_plays_through_and_the_end_line_counts_the_skipped_frames() throws Exception {
        Path w = Tones.wav(dir.resolve("t.wav"), 44_100, 2, 1000, 0.5, 3);
        Path mp3 = Tones.ffmpeg(w, dir.resolve("t.mp3"), "-codec:a", "libmp3lame", "-b:a", "128k");
        byte[] b = java.nio.file.Files.readAllBytes(mp3);
        java.util.Random r = new java.util.Random(7);
        for (int i = b.length / 2; i < b.length / 2 + 2000; i++) b[i] = (byte) r.nextInt(256);
        java.nio.file.Files.write(mp3, b);
        int rc = run("play", mp3.toString(), "--out", dir.resolve("c.wav").toString());
        assertThat(rc).as(err.toString()).isZero();
        assertThat(out.toString()).containsPattern("completed after [0-9.]+ s on air, [0-9]+ underrun\\(s\\) \\([0-9.]+ s of silence\\), "
                + "[1-9][0-9]* corrupt frame\\(s\\) skipped");
    }

    @Test void a_clean_file_says_nothing_of_corrupt_frames() throws Exception {
        Path tone = Tones.wav(dir.resolve("t.wav"), 48_000, 2, 1000, 0.5, 0.5);
        assertThat(run("play", tone.toString(), "--out", dir.resolve("c.wav").toString())).isZero();
        assertThat(out.toString()).contains("completed after").doesNotContain("corrupt");
    }

    @Test void an_unknown_board_profile_exits_1_naming_it_and_plays_nothing() throws Exception {
        Path tone = Tones.wav(dir.resolve("t.wav"), 48_000, 2, 1000, 0.5, 0.5);
        Path cap = dir.resolve("cap.wav");
        int rc = run("play", tone.toString(), "--out", cap.toString(), "--board", "raspberry-pi-9");
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString()).contains("board profile 'raspberry-pi-9' has problems; nothing played");
        assertThat(out.toString()).doesNotContain("on air");
    }

    @Test void a_missing_file_exits_1_with_the_reason() {
        int rc = run("play", dir.resolve("missing.mp3").toString(), "--out", dir.resolve("c.wav").toString());
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString()).contains("./loa play: failed: " + dir.resolve("missing.mp3") + ": file not found");
    }

    @Test void a_bad_level_is_a_usage_error_quoting_it() {
        int rc = run("play", "x.mp3", "--level", "urgent");
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).contains("--level 'urgent' is not a level (background, normal, priority, emergency)");
    }

    @Test void help_lists_every_level_that_level_accepts() {
        String help = new PlayCommand().help();
        for (vn.loa.agent.broadcast.Level l : vn.loa.agent.broadcast.Level.values()) {
            assertThat(help).containsPattern("--level L .*\\b" + l.lower() + "\\b");
            assertThat(vn.loa.agent.broadcast.Level.parse(l.lower())).isEqualTo(l);
        }
    }

    @Test void seconds_caps_the_airtime_and_counts_as_completed() throws Exception {
        Path tone = Tones.wav(dir.resolve("t.wav"), 48_000, 2, 1000, 0.5, 10);
        int rc = run("play", tone.toString(), "--out", dir.resolve("c.wav").toString(), "--seconds", "1");
        assertThat(rc).as(err.toString()).isZero();
        assertThat(out.toString()).containsPattern("completed after 1\\.\\d s on air");
    }

    @Test void a_stream_that_never_connects_gives_up_after_the_start_timeout_with_the_last_error() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/radio.mp3";
        int rc = run("play", url, "--out", dir.resolve("c.wav").toString(), "--start-timeout", "2");
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString()).contains("./loa play: not on air after 2 s; last error: " + url + ": connection refused");
        assertThat(out.toString()).contains("last error: " + url + ": connection refused");
    }

    @Test void a_mono_board_configured_in_loa_json_gets_a_mono_capture_of_a_stereo_file() throws Exception {
        Path tone = Tones.wav(dir.resolve("t.wav"), 44_100, 2, 1000, 0.5, 1.5);
        Path cfg = dir.resolve("loa.json");
        java.nio.file.Files.writeString(cfg, "{\"audio\": {\"channels\": 1, \"volume\": 100}}");
        Path cap = dir.resolve("cap.wav");
        int rc = run("play", tone.toString(), "--out", cap.toString(), "--config", cfg.toString());
        assertThat(rc).as(err.toString()).isZero();
        byte[] head = java.nio.file.Files.readAllBytes(cap);
        assertThat(head[22]).isEqualTo((byte) 1); // WAV header: 1 channel
        short[] s = Tones.readMono(cap);
        int first = ToneAnalysis.firstSound(s, 0, 300);
        assertThat(ToneAnalysis.zeroCrossingHz(s, first + 24_000, 24_000, 48_000)).isBetween(995.0, 1005.0);
        assertThat(ToneAnalysis.rms(s, first + 24_000, 24_000)).isBetween(0.33, 0.38);
    }

    /** Stores the tone as a cached bulletin under {@code cacheDir}; returns its {@code cache:} URI. */
    static String cached(Path tone, Path cacheDir) throws Exception {
        byte[] b = java.nio.file.Files.readAllBytes(tone);
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        java.nio.file.Files.createDirectories(cacheDir);
        java.nio.file.Files.write(cacheDir.resolve(sha), b);
        return "cache:" + sha;
    }

    @Test void a_cached_bulletin_is_found_under_paths_data_of_the_config() throws Exception {
        Path tone = Tones.wav(dir.resolve("t.wav"), 48_000, 2, 1000, 0.5, 0.5);
        String src = cached(tone, dir.resolve("data/cache"));
        Path cfg = dir.resolve("loa.json");
        java.nio.file.Files.writeString(cfg, "{\"paths\": {\"data\": \"" + dir.resolve("data") + "\"}}");
        int rc = run("play", src, "--out", dir.resolve("c.wav").toString(), "--config", cfg.toString());
        assertThat(rc).as(err.toString()).isZero();
    }

    @Test void a_cached_bulletin_is_found_under_store_data_dir_of_the_config() throws Exception {
        Path tone = Tones.wav(dir.resolve("t.wav"), 48_000, 2, 1000, 0.5, 0.5);
        String src = cached(tone, dir.resolve("store/cache"));
        Path cfg = dir.resolve("loa.json");
        java.nio.file.Files.writeString(cfg, "{\"paths\": {\"data\": \"" + dir.resolve("data") + "\"},"
                + " \"store\": {\"dataDir\": \"" + dir.resolve("store") + "\"}}");
        int rc = run("play", src, "--out", dir.resolve("c.wav").toString(), "--config", cfg.toString());
        assertThat(rc).as(err.toString()).isZero();
    }

    @Test void a_bad_config_file_is_reported_with_its_path_and_key() throws Exception {
        Path cfg = dir.resolve("loa.json");
        java.nio.file.Files.writeString(cfg, "{\"audio\": {\"channels\": 3}}");
        int rc = run("play", "x.mp3", "--config", cfg.toString());
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("./loa play: the configuration has problems; nothing played:" + System.lineSeparator()
                + "  " + cfg + ": audio.channels 3 is outside 1..2" + System.lineSeparator());
    }
}
