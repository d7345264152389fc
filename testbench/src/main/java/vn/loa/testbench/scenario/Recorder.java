package vn.loa.testbench.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import vn.loa.agent.broadcast.ArbiterListener;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.ItemTiming;
import vn.loa.agent.diagnose.DiagnoseReport;
import vn.loa.agent.lwm2m.RegistrationListener;
import vn.loa.agent.lwm2m.RegistrationOutcome;
import vn.loa.hal.Amplifier;
import vn.loa.hal.time.Clock;

/**
 * Collects what every receiver does while a scenario runs: the station adapter hooks the listeners this hands
 * out ({@link #arbiter}, {@link #amplifier}, {@link #registration}) into each receiver and reports the rest
 * (faults, update outcomes, self-tests) through the other methods. Each event is stamped on arrival with the
 * monotonic clock.
 *
 * <p>Thread-safe: listeners are called on each receiver's control loop, on Leshan's threads and on the runner's.
 * Nothing here blocks.
 */
public final class Recorder {

    private final Clock clock;
    private final long origin;
    private final List<ScenarioEvent> events = new ArrayList<>();
    private Duration start;

    /** Times are counted from now (the station's start) until {@link #markStart()}. */
    public Recorder(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        this.origin = clock.monotonicNanos();
    }

    /** Time since the station's start. */
    public Duration sinceStationStart() {
        return Duration.ofNanos(clock.monotonicNanos() - origin);
    }

    /** The scenario's steps begin now: from here on, reported times count from this moment. */
    public synchronized void markStart() {
        start = sinceStationStart();
    }

    /** When the steps began, counted from the station's start ({@code ZERO} until {@link #markStart()}). */
    public synchronized Duration start() {
        return start == null ? Duration.ZERO : start;
    }

    private synchronized void add(ScenarioEvent e) {
        events.add(e);
    }

    /** Every event so far, in arrival order, with times counted from the scenario's start. */
    public synchronized List<ScenarioEvent> events() {
        Duration s = start();
        return events.stream().map(e -> e.shifted(s)).toList();
    }

    /** Hears one receiver's items. */
    public ArbiterListener arbiter(String receiver) {
        return new ArbiterListener() {
            @Override public void onQueued(BroadcastItem item) {
                add(new ScenarioEvent.ItemQueued(sinceStationStart(), receiver, item.id(), item.level()));
            }

            @Override public void onStarted(BroadcastItem item, Instant at) {
                add(new ScenarioEvent.ItemStarted(sinceStationStart(), receiver, item.id(), item.level()));
            }

            @Override public void onInterrupted(BroadcastItem item, String byItemId) {
                add(new ScenarioEvent.ItemInterrupted(sinceStationStart(), receiver, item.id(), byItemId));
            }

            @Override public void onEnded(BroadcastItem item, ItemResult result, ItemTiming timing) {
                add(new ScenarioEvent.ItemEnded(sinceStationStart(), receiver, item.id(), item.level(), result,
                        timing.underruns(), timing.airtime()));
            }
        };
    }

    /** Hears one receiver's amplifier transitions. */
    public Amplifier.Listener amplifier(String receiver) {
        return (amp, from, to, reason) -> add(new ScenarioEvent.AmplifierTransition(sinceStationStart(), receiver, from, to, reason));
    }

    /** Hears one receiver's registration outcomes. */
    public RegistrationListener registration(String receiver) {
        return (outcome, retryIn) -> add(switch (outcome) {
            case RegistrationOutcome.Registered r ->
                    new ScenarioEvent.Registration(sinceStationStart(), receiver, "registered", "", "registration " + r.registrationId());
            case RegistrationOutcome.Failed f ->
                    new ScenarioEvent.Registration(sinceStationStart(), receiver, "failed", ScenarioParser.word(f.failure()), f.reason());
            case RegistrationOutcome.Deregistered d ->
                    new ScenarioEvent.Registration(sinceStationStart(), receiver, "deregistered", "", d.serverUri());
        });
    }

    /**
     * A registration that happened {@code ago} before now, before the recorder was hooked in (the station registered
     * while it was still starting); recorded only when no registration of {@code receiver} is recorded yet.
     */
    public synchronized void registeredEarlier(String receiver, Duration ago, String detail) {
        boolean known = events.stream().anyMatch(e -> e instanceof ScenarioEvent.Registration r && r.receiver().equals(receiver)
                && r.outcome().equals("registered"));
        if (known) return;
        Duration back = ago.isNegative() ? Duration.ZERO : ago;
        events.add(new ScenarioEvent.Registration(sinceStationStart().minus(back), receiver, "registered", "", detail));
    }

    /** A fault put on the receiver (or cleared), or one it reported. */
    public void fault(String receiver, String fault, boolean active, String detail) {
        add(new ScenarioEvent.Fault(sinceStationStart(), receiver, fault, active, detail));
    }

    /** An update ended with {@code result} (e.g. {@code vn.loa.ota.UpdateResult.UPDATE_FAILED}) running {@code version}. */
    public void updateOutcome(String receiver, Enum<?> result, String version, String detail) {
        add(new ScenarioEvent.UpdateOutcome(sinceStationStart(), receiver, ScenarioParser.word(result), version, detail));
    }

    public void diagnosed(String receiver, DiagnoseReport report) {
        add(new ScenarioEvent.Diagnosed(sinceStationStart(), receiver, report));
    }

    /** Whether {@code receiver} has registered (and not deregistered since). */
    public synchronized boolean isRegistered(String receiver) {
        boolean reg = false;
        for (ScenarioEvent e : events) {
            if (e instanceof ScenarioEvent.Registration r && r.receiver().equals(receiver)) reg = r.outcome().equals("registered");
        }
        return reg;
    }
}
