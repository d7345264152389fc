package vn.loa.testbench.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import vn.loa.agent.audio.AudioSink;
import vn.loa.agent.audio.AudioSinkException;
import vn.loa.agent.audio.PcmFormat;
import vn.loa.agent.broadcast.ArbiterListener;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.ItemTiming;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.lwm2m.HeadendServer;
import vn.loa.agent.config.LoaConfig;
import vn.loa.agent.lwm2m.Lwm2mConfig;
import vn.loa.agent.lwm2m.Lwm2mSecrets;
import vn.loa.agent.runtime.Station;
import vn.loa.hal.time.Clock;
import vn.loa.testbench.headend.Headend;
import vn.loa.testbench.sim.ToneBulletin;

/**
 * Emergency execute to first audio: a real {@link Station} on the simulated board, registered over DTLS/PSK to an
 * in-process headend on loopback; the headend fires an EMERGENCY Broadcast Item (Create + Write + Execute Play, the
 * way a headend does) N times and the station's sink timestamps the first audible frame of each. The first item
 * starts with the amplifier off and includes its warm-up (the board profile's, 2 s on the simulated board); the
 * others find it held on and show the software path alone.
 */
final class ExecuteToAudio {

    static final String ENDPOINT = "loa-bench-e2a";
    static final byte[] KEY = HexFormat.of().parseHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
    /** A sample above this (of 32767) counts as audible: the bench tone is at half scale, silence is 0. */
    static final int AUDIBLE = 1000;

    /** What one run measured. */
    record Result(long coldMillis, List<Double> warmMillis) {
        double percentile(double p) {
            List<Double> s = new ArrayList<>(warmMillis);
            Collections.sort(s);
            return s.get(Math.min(s.size() - 1, (int) Math.ceil(p * s.size()) - 1));
        }
    }

    /** A sink that notes when the first audible frame after {@link #arm} arrives. Called on the audio thread. */
    static final class FirstSoundSink implements AudioSink {
        private volatile CountDownLatch heard = new CountDownLatch(0);
        private volatile long heardAt;

        void arm() {
            heardAt = 0;
            heard = new CountDownLatch(1);
        }

        /** Nanos of the first audible frame since {@link #arm}, or -1 when none came within {@code timeout}. */
        long await(Duration timeout) throws InterruptedException {
            return heard.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? heardAt : -1;
        }

        @Override public void open(PcmFormat format) {
        }

        @Override public void write(short[] samples, int frames) throws AudioSinkException {
            if (heard.getCount() == 0) return;
            for (short s : samples) {
                if (Math.abs(s) > AUDIBLE) {
                    heardAt = System.nanoTime();
                    heard.countDown();
                    return;
                }
            }
        }

        @Override public void close() {
        }

        @Override public String describe() {
            return "first-sound probe";
        }
    }

    private ExecuteToAudio() {
    }

    static Result run(int items, PrintStream err) throws Exception {
        Path dir = Files.createTempDirectory("loa-bench-e2a-");
        try (Headend headend = Headend.start(Duration.ofSeconds(60))) {
            headend.allow(ENDPOINT, ENDPOINT, KEY);
            CountDownLatch registered = new CountDownLatch(1);
            headend.addListener(new HeadendServer.Listener() {
                @Override public void registered(String endpoint) {
                    if (endpoint.equals(ENDPOINT)) registered.countDown();
                }
            });
            URI tone = ToneBulletin.write(dir.resolve("tone.wav"), 1000, 1).toUri();
            Lwm2mConfig lc = Lwm2mConfig.builder(ENDPOINT, headend.uri()).updatePeriod(Duration.ofSeconds(20))
                    .lifetime(Duration.ofSeconds(300)).secretsFile(dir.resolve("lwm2m-secrets.json"))
                    .nonceFile(dir.resolve("lwm2m-nonces.json")).boardProfile("simulated").build();
            FirstSoundSink sink = new FirstSoundSink();
            LoaConfig config = LoaConfig.defaults(dir.resolve("data"), "simulated");
            try (Station station = Station.builder(config).sink(sink).lwm2m(lc, Lwm2mSecrets.psk(ENDPOINT, KEY))
                    .clock(Clock.system(Clock.VIETNAM)).start()) {
                if (!registered.await(20, TimeUnit.SECONDS) && !headend.isRegistered(ENDPOINT)) {
                    throw new IOException("the station did not register within 20 s");
                }
                BlockingQueue<String> ended = new LinkedBlockingQueue<>();
                station.addItemListener(new ArbiterListener() {
                    @Override public void onEnded(BroadcastItem item, ItemResult result, ItemTiming timing) {
                        ended.add(item.id());
                    }
                });
                long cold = -1;
                List<Double> warm = new ArrayList<>();
                for (int i = 0; i < items; i++) {
                    sink.arm();
                    long t0 = System.nanoTime();
                    Headend.FireResult fired = headend.fire(ENDPOINT, "bench-" + i, Level.EMERGENCY, List.of(tone));
                    if (fired instanceof Headend.FireResult.NotPlayed n) throw new IOException("item " + i + " not played: " + n);
                    long at = sink.await(Duration.ofSeconds(10));
                    if (at < 0) throw new IOException("item " + i + ": no audible frame within 10 s");
                    double ms = (at - t0) / 1e6;
                    if (i == 0) cold = Math.round(ms);
                    else warm.add(ms);
                    headend.stop(ENDPOINT);
                    String end = ended.poll(5, TimeUnit.SECONDS);
                    if (!("bench-" + i).equals(end)) throw new IOException("item " + i + " did not end within 5 s (got " + end + ")");
                }
                if (warm.isEmpty()) warm.add((double) cold);
                return new Result(cold, warm);
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                err.println("bench lwm2m: could not remove " + dir + ": " + e.getMessage());
            }
        }
    }
}
