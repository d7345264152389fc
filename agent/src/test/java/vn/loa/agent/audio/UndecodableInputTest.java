package vn.loa.agent.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.hal.time.ManualScheduler;

/** A track fed bytes that no decoder of Loa's takes fails with a reason instead of buffering forever. */
class UndecodableInputTest {

    final ManualScheduler clock = new ManualScheduler();
    final AudioConfig config = AudioConfig.defaults();

    /** A live source sending {@code total} bytes of AAC frames (or forever when negative), then holding the connection. */
    static ByteSource liveAac(long total, CountDownLatch sent) {
        FetchStats stats = new FetchStats();
        return new ByteSource() {
            @Override public void fetch(FetchSink sink) throws IOException {
                sink.beginSegment("audio/aacp", "http://127.0.0.1:1/live");
                byte[] frame = DecoderTest.adtsFrame();
                long n = 0;
                while (!sink.stopped() && (total < 0 || n < total)) {
                    sink.write(frame, 0, frame.length);
                    n += frame.length;
                }
                sent.countDown();
                idleUntilStopped(sink);
            }
            @Override public boolean live() { return true; }
            @Override public FetchStats stats() { return stats; }
            @Override public String describe() { return "http://127.0.0.1:1/live"; }
        };
    }

    /** A live source with nothing more to send: holds the connection open until the track stops it. */
    static void idleUntilStopped(FetchSink sink) {
        while (!sink.stopped()) {
            try {
                new CountDownLatch(1).await(20, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    Track track(ByteSource source) {
        Mixer m = new Mixer(config.output(), config.mixer(), config.tickFrames());
        return new Track("A", source, config.output(), config.buffer(), m, config.fade(), clock);
    }

    @Test void a_live_stream_of_undecodable_bytes_fails_after_the_no_audio_byte_limit() {
        Track t = track(liveAac(-1, new CountDownLatch(1)));
        t.start();
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                    .until(() -> t.phase() == Playback.Phase.FAILED);
            assertThat(t.failure()).hasValueSatisfying(f -> assertThat(f)
                    .startsWith("http://127.0.0.1:1/live: no audio decoded from ")
                    .contains("http://127.0.0.1:1/live: is AAC (ADTS) ('audio/aacp'), which only ffmpeg decodes")
                    .endsWith("; giving up"));
            assertThat(t.closed()).isTrue();
        } finally {
            t.close();
        }
    }

    @Test void a_trickle_of_undecodable_bytes_fails_after_the_no_audio_time_limit() throws Exception {
        CountDownLatch sent = new CountDownLatch(1);
        Track t = track(liveAac(4 * 371, sent));
        t.start();
        try {
            assertThat(sent.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(t.phase()).isEqualTo(Playback.Phase.BUFFERING); // the clock starts with the first bytes
            clock.advance(Duration.ofSeconds(Track.NO_AUDIO_SECONDS - 1));
            assertThat(t.phase()).isEqualTo(Playback.Phase.BUFFERING);
            clock.advance(Duration.ofSeconds(1));
            assertThat(t.phase()).isEqualTo(Playback.Phase.FAILED);
            assertThat(t.failure()).hasValueSatisfying(f -> assertThat(f)
                    .contains(" in " + Track.NO_AUDIO_SECONDS + " s").endsWith("; giving up"));
        } finally {
            t.close();
        }
    }

    @TempDir java.nio.file.Path dir;

    @Test void a_full_compressed_buffer_is_not_ready_before_anything_is_decoded() throws Exception {
        CountDownLatch sent = new CountDownLatch(1);
        FetchStats stats = new FetchStats();
        ByteSource undecoded = new ByteSource() { // bytes in the ring, but no segment for the decoder to open yet
            @Override public void fetch(FetchSink sink) throws IOException {
                byte[] b = new byte[64 * 1024]; // 4 s at the 16 kB/s the fill assumes before decoding
                sink.write(b, 0, b.length);
                sent.countDown();
                idleUntilStopped(sink);
            }
            @Override public boolean live() { return true; }
            @Override public FetchStats stats() { return stats; }
            @Override public String describe() { return "undecoded"; }
        };
        Track t = track(undecoded);
        t.start();
        try {
            assertThat(sent.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(t.fillSeconds()).isGreaterThanOrEqualTo(config.buffer().startSeconds());
            assertThat(t.phase()).isEqualTo(Playback.Phase.BUFFERING);
        } finally {
            t.close();
        }
    }

    @Test void a_stored_file_fetched_at_once_is_not_failed_before_its_decoder_starts_and_is_ready_with_audio() throws Exception {
        java.nio.file.Path wav = Tones.wav(dir.resolve("t.wav"), 48_000, 2, 1000, 0.5, 4); // 768 KB, above the byte limit
        Track t = track(new FileSource(wav, null));
        t.start();
        try {
            // under load the file arrives in 16 KiB reads and the fill estimate may dip below the start level
            // until the fetch is done (READY, then BUFFERING again): what must never happen is a failure or an end
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                    .failFast("the track failed or ended before playing", () -> t.phase() == Playback.Phase.FAILED
                            || t.phase() == Playback.Phase.ENDED)
                    .until(() -> t.phase() == Playback.Phase.READY);
            // READY means decoded audio is there: the first block is the tone, not silence
            short[] block = new short[config.tickFrames() * 2];
            assertThat(t.read(block, config.tickFrames())).isTrue();
            assertThat(ToneAnalysis.rms(block, 0, block.length)).isGreaterThan(0.3);
        } finally {
            t.close();
        }
    }
}
