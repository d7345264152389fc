package vn.loa.agent.audio;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import vn.loa.agent.broadcast.Arbiter;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.FakeAmplifier;
import vn.loa.hal.time.ManualScheduler;

/**
 * The real engine and arbiter on a manual clock, writing a WAV capture. Each {@link #tick()} moves the control
 * loop one tick and mixes one block; before mixing it waits (bounded) for the decode threads to have the
 * block ready and for buffering to finish in real time, so a test running faster than real time sees no
 * underrun that real time would not (and none that real time would: the jitter test runs in real time).
 */
final class EngineRig implements AutoCloseable {

    final ManualScheduler loop = new ManualScheduler();
    final AudioConfig config;
    final FakeAmplifier amp;
    final AudioEngine engine;
    final Arbiter arbiter;
    final Path capture;
    final Map<String, Playback> opened = new ConcurrentHashMap<>();
    long ticks;

    EngineRig(AudioConfig config, Path capture, Duration warmUp) {
        this(config, capture, new WavCaptureSink(capture), warmUp);
    }

    /** Writing to {@code sink} (a failing sound card, say); {@link #capture} is null. */
    EngineRig(AudioConfig config, AudioSink sink, Duration warmUp) {
        this(config, null, sink, warmUp);
    }

    private EngineRig(AudioConfig config, Path capture, AudioSink sink, Duration warmUp) {
        this.config = config;
        this.capture = capture;
        this.amp = new FakeAmplifier(loop, warmUp, Duration.ofSeconds(30));
        this.engine = new AudioEngine(config, sink, vn.loa.hal.time.Clock.system(vn.loa.hal.time.Clock.VIETNAM),
                new Random(7));
        Player recording = item -> {
            Playback p = engine.open(item);
            opened.put(item.id(), p);
            return p;
        };
        this.arbiter = new Arbiter(loop, amp, recording, Arbiter.Settings.from(config));
        arbiter.start();
    }

    void submit(BroadcastItem item) {
        arbiter.submit(item);
        loop.runDue();
    }

    /** Waits (real time, bounded) until the item's playback is no longer buffering. */
    void awaitBuffered(String id) {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(10)).until(() -> {
            Playback p = opened.get(id);
            return p != null && p.phase() != Playback.Phase.BUFFERING;
        });
    }

    void tick() {
        try {
            awaitSupply();
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(describe("decode threads not ready in 20 s"), e);
        }
        loop.advance(config.tick());
        engine.tick();
        ticks++;
    }

    private String describe(String what) {
        StringBuilder sb = new StringBuilder(what + "; " + arbiter.status());
        opened.forEach((id, p) -> sb.append("; ").append(id).append(' ').append(p.phase()).append(' ').append(p.stats()));
        return sb.toString();
    }

    private void awaitSupply() {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(20)).until(() -> opened.values().stream()
                .allMatch(p -> !(p instanceof Track t) || (t.canSupply(config.tickFrames())
                        && p.phase() != Playback.Phase.BUFFERING
                        && (p.phase() != Playback.Phase.REBUFFERING || t.refilled()))));
    }

    void ticks(int n) {
        for (int i = 0; i < n; i++) tick();
    }

    /** Ticks until the condition holds, at most {@code max} ticks; returns how many it took. */
    int ticksUntil(java.util.function.BooleanSupplier done, int max) {
        for (int i = 0; i < max; i++) {
            if (done.getAsBoolean()) return i;
            tick();
        }
        throw new AssertionError(describe("condition not reached in " + max + " ticks"));
    }

    @Override public void close() {
        arbiter.shutdown("test end");
        loop.runDue();
        engine.close();
    }
}
