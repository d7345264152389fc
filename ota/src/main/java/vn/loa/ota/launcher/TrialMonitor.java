package vn.loa.ota.launcher;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The launcher's judgement of a running child, as a pure state machine over monotonic nanoseconds (the caller
 * reads its clock, so tests drive it with plain numbers). In {@link BootPlan.Mode#TRIAL} it commits when every
 * gate passed and the stable window elapsed, and rolls back on a crash, a hang, a failed audio self-test or a
 * gate missing its deadline. In {@link BootPlan.Mode#COMMITTED} it only restarts a crashed or hung child.
 *
 * <p>Not thread-safe: one monitor per child, fed from the launcher's loop.
 */
public final class TrialMonitor {

    /** Exit code with which the agent asks the launcher to start {@code current} again (after an install). */
    public static final int EXIT_RESTART = 75;

    public enum Gate { AGENT_UP, LOOP_TICKING, AUDIO_SELF_TEST, REGISTERED, STABLE }

    /** What the launcher does next. */
    public sealed interface Decision {
        record Continue() implements Decision { }
        /** The trial passed: mark the slot committed; the child keeps running. */
        record Commit(String summary) implements Decision { }
        /** The trial failed: stop the child, go back to the committed slot, record {@code reason}. */
        record Rollback(String reason) implements Decision { }
        /** A committed child crashed or hung: stop it if needed and start {@code current} again. */
        record Restart(String reason) implements Decision { }
        /** The child exited on purpose: 0 to stop the station, {@link #EXIT_RESTART} to boot {@code current}. */
        record Exited(int code) implements Decision { }
    }

    private static final Decision CONTINUE = new Decision.Continue();

    private final TrialPolicy policy;
    private final BootPlan.Mode mode;
    private final boolean requireRegistration;
    private final long startNanos;
    private final Set<Gate> passed = EnumSet.noneOf(Gate.class);
    private long lastHeartbeat;
    private long lastSeq = -1;
    private boolean done;

    public TrialMonitor(TrialPolicy policy, BootPlan.Mode mode, boolean requireRegistration, long startNanos) {
        this.policy = policy;
        this.mode = mode;
        this.requireRegistration = requireRegistration;
        this.startNanos = startNanos;
        this.lastHeartbeat = startNanos;
        if (!requireRegistration) passed.add(Gate.REGISTERED);
    }

    public Set<Gate> passedGates() {
        return EnumSet.copyOf(passed);
    }

    public Decision onHealth(long now, HealthReport r) {
        if (done) return CONTINUE;
        if (r.seq() <= lastSeq) return CONTINUE;
        if (lastSeq >= 0) passed.add(Gate.LOOP_TICKING);
        lastSeq = r.seq();
        lastHeartbeat = now;
        passed.add(Gate.AGENT_UP);
        if (r.registered()) passed.add(Gate.REGISTERED);
        switch (r.audio()) {
            case PASSED -> passed.add(Gate.AUDIO_SELF_TEST);
            case FAILED -> {
                if (mode == BootPlan.Mode.TRIAL) return finish(new Decision.Rollback("audio self-test failed"));
            }
            case PENDING -> { }
        }
        return onTick(now);
    }

    public Decision onExit(long now, int code) {
        if (done) return CONTINUE;
        done = true;
        if (mode == BootPlan.Mode.TRIAL) {
            return new Decision.Rollback("exited with code " + code + " after " + seconds(now - startNanos) + " during its trial");
        }
        if (code == 0 || code == EXIT_RESTART) return new Decision.Exited(code);
        return new Decision.Restart("exited with code " + code);
    }

    public Decision onTick(long now) {
        if (done) return CONTINUE;
        long since = now - startNanos;
        if (!passed.contains(Gate.AGENT_UP)) {
            if (since >= policy.startDeadline().toNanos()) {
                return fail("no heartbeat within " + seconds(policy.startDeadline().toNanos()) + " of start");
            }
            return CONTINUE;
        }
        if (now - lastHeartbeat >= policy.watchdog().toNanos()) {
            return fail("no heartbeat for " + seconds(now - lastHeartbeat) + " (watchdog " + seconds(policy.watchdog().toNanos()) + ")");
        }
        if (mode == BootPlan.Mode.COMMITTED) return CONTINUE;
        if (since >= policy.gateDeadline().toNanos()) {
            Set<Gate> missing = EnumSet.complementOf(EnumSet.copyOf(passed));
            missing.remove(Gate.STABLE);
            if (!missing.isEmpty()) {
                return fail("gate(s) " + missing + " not passed within " + seconds(policy.gateDeadline().toNanos()));
            }
        }
        if (since >= policy.stableWindow().toNanos()) {
            passed.add(Gate.STABLE);
            if (passed.size() == Gate.values().length) {
                return finish(new Decision.Commit("all gates passed; stable for " + seconds(since)));
            }
        }
        return CONTINUE;
    }

    private Decision fail(String reason) {
        return finish(mode == BootPlan.Mode.TRIAL ? new Decision.Rollback(reason) : new Decision.Restart(reason));
    }

    private Decision finish(Decision d) {
        done = true;
        return d;
    }

    private static String seconds(long nanos) {
        Duration d = Duration.ofNanos(nanos);
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
