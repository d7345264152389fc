package vn.loa.agent.update;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.tinylog.Logger;
import vn.loa.agent.audio.EngineStatus;
import vn.loa.hal.time.Clock;
import vn.loa.ota.launcher.HealthReport.AudioSelfTest;

/**
 * The audio self-test the launcher's trial gate waits for: PASSED once the sink is open and the mixer has ticked since
 * the first look (audio really flows to the sound card or capture); FAILED when that has not happened within the
 * deadline (no sound card, audio thread dead); PENDING before. The verdict sticks once given.
 *
 * <p>Called on the control loop at each health beat; reads the engine's status and the monotonic clock, never blocks.
 */
public final class EngineSelfTest implements Supplier<AudioSelfTest> {

    /** How long audio may take to flow after start before the self-test fails. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);

    private final Supplier<EngineStatus> engine;
    private final Clock clock;
    private final Duration deadline;
    private long startNanos = -1;
    private long firstTicks;
    private AudioSelfTest verdict = AudioSelfTest.PENDING;

    public EngineSelfTest(Supplier<EngineStatus> engine, Clock clock, Duration deadline) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (deadline.isNegative() || deadline.isZero()) throw new IllegalArgumentException("deadline " + deadline + " must be positive");
        this.deadline = deadline;
    }

    @Override public AudioSelfTest get() {
        if (verdict != AudioSelfTest.PENDING) return verdict;
        EngineStatus s = engine.get();
        long now = clock.monotonicNanos();
        if (startNanos < 0) {
            startNanos = now;
            firstTicks = s.ticks();
            return verdict;
        }
        if (s.sinkOpen() && s.ticks() > firstTicks) {
            verdict = AudioSelfTest.PASSED;
            Logger.tag("update").info("audio self-test passed: sink {} open, mixer ticking", s.sink());
        } else if (now - startNanos >= deadline.toNanos()) {
            verdict = AudioSelfTest.FAILED;
            Logger.tag("update").warn("audio self-test failed: {} after {} s ({} ticks{})",
                    s.sinkOpen() ? "sink open but the mixer did not tick" : "sink " + s.sink() + " not open",
                    deadline.toSeconds(), s.ticks() - firstTicks,
                    s.lastSinkError().isEmpty() ? "" : ", last sink error: " + s.lastSinkError());
        }
        return verdict;
    }
}
