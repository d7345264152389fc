package vn.loa.agent.audio;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
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
 * Real time, real audio thread: a JDK HttpServer delivers an MP3 at its bitrate in 100 ms slices, stalling
 * at random (seeded) and then releasing the backlog at once, as a mobile link does.
 */
class JitterIT {

    static final int SLICE_MS = 100;
    @TempDir Path dir;
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    HttpServer server;

    @AfterEach void tearDown() {
        timer.shutdownNow();
        if (server != null) server.stop(0);
    }

    /** Serves {@code mp3} at {@code bytesPerSecond}, pausing per {@code pauses} (start ms, length ms). */
    String serve(byte[] mp3, int bytesPerSecond, List<long[]> pauses) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/stream.mp3", ex -> {
            int slice = bytesPerSecond * SLICE_MS / 1000;
            int slices = (mp3.length + slice - 1) / slice;
            Semaphore permits = new Semaphore(0);
            long start = System.nanoTime();
            int[] released = {0};
            var task = timer.scheduleAtFixedRate(() -> {
                long now = (System.nanoTime() - start) / 1_000_000;
                for (long[] p : pauses) {
                    if (now >= p[0] && now < p[0] + p[1]) return; // stalled
                }
                int due = (int) Math.min(slices, now / SLICE_MS + 1);
                if (due > released[0]) {
                    permits.release(due - released[0]);
                    released[0] = due;
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
            ex.getResponseHeaders().set("Content-Type", "audio/mpeg");
            ex.sendResponseHeaders(200, mp3.length);
            try (OutputStream o = ex.getResponseBody()) {
                for (int i = 0; i < slices; i++) {
                    if (!permits.tryAcquire(30, TimeUnit.SECONDS)) break;
                    int off = i * slice;
                    o.write(mp3, off, Math.min(slice, mp3.length - off));
                    o.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                task.cancel(false);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/stream.mp3";
    }

    record Outcome(ItemResult result, ItemTiming timing) { }

    Outcome play(String url, AudioConfig config, Duration bound) throws Exception {
        Clock clock = Clock.system(Clock.VIETNAM);
        CountDownLatch done = new CountDownLatch(1);
        Outcome[] out = new Outcome[1];
        try (LoopScheduler loop = new LoopScheduler(clock, "test-control");
             AudioEngine engine = new AudioEngine(config, new WavCaptureSink(dir.resolve("cap.wav")), clock, new Random(5))) {
            Arbiter arbiter = new Arbiter(loop, new UncontrolledAmplifier(loop, Duration.ZERO, Duration.ofSeconds(1)),
                    engine, Arbiter.Settings.from(config));
            arbiter.addListener(new ArbiterListener() {
                @Override public void onEnded(BroadcastItem i, ItemResult r, ItemTiming t) {
                    out[0] = new Outcome(r, t);
                    done.countDown();
                }
            });
            engine.startAudioThread();
            arbiter.start();
            arbiter.submit(BroadcastItem.builder("J", Level.NORMAL).source(url).build());
            assertThat(done.await(bound.toSeconds(), TimeUnit.SECONDS)).as("item ended within " + bound).isTrue();
            arbiter.shutdown("test end");
        }
        return out[0];
    }

    byte[] mp3(double seconds) throws Exception {
        Path w = Tones.wav(dir.resolve("t.wav"), 44_100, 2, 1000, 0.5, seconds);
        return Files.readAllBytes(Tones.ffmpeg(w, dir.resolve("t.mp3"), "-codec:a", "libmp3lame", "-b:a", "128k"));
    }

    @Test void random_stalls_of_up_to_2s_with_a_3s_buffer_give_no_underrun() throws Exception {
        byte[] mp3 = mp3(12);
        Random r = new Random(2024);
        List<long[]> pauses = new ArrayList<>();
        long t = 1000;
        while (t < 10_000) {
            long len = 500 + r.nextInt(1501); // 0.5 .. 2 s
            pauses.add(new long[] {t, len});
            t += len + 1500 + r.nextInt(1500);
        }
        assertThat(pauses.stream().mapToLong(p -> p[1]).max().orElse(0)).isGreaterThan(1500);
        String url = serve(mp3, 16_000, pauses);
        Outcome o = play(url, AudioConfig.builder().volume(100).bufferSeconds(3, 60).cacheDir(dir).build(), Duration.ofSeconds(40));
        assertThat(o.result()).isEqualTo(new ItemResult.Completed());
        assertThat(o.timing().underruns()).isZero();
        assertThat(o.timing().airtime().toMillis()).isBetween(11_500L, 13_500L);
    }

    @Test void a_stall_longer_than_the_buffer_is_one_underrun_counted_with_its_duration_then_play_resumes() throws Exception {
        byte[] mp3 = mp3(6);
        String url = serve(mp3, 16_000, List.<long[]>of(new long[] {2000, 3000}));
        Outcome o = play(url, AudioConfig.builder().volume(100).bufferSeconds(1, 60).cacheDir(dir).build(), Duration.ofSeconds(30));
        assertThat(o.result()).isEqualTo(new ItemResult.Completed());
        assertThat(o.timing().underruns()).isEqualTo(1);
        assertThat(o.timing().underrunSeconds()).isBetween(1.0, 4.5);
        short[] s = Tones.readMono(dir.resolve("cap.wav"));
        int n = 48_000 / 2;
        int lastSound = s.length - 1;
        while (lastSound > 0 && Math.abs(s[lastSound]) < 300) lastSound--;
        assertThat(ToneAnalysis.zeroCrossingHz(s, lastSound - n, n, 48_000)).isBetween(995.0, 1005.0);
    }
}
