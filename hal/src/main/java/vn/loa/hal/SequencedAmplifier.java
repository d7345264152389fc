package vn.loa.hal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tinylog.Logger;
import vn.loa.hal.time.Cancellable;
import vn.loa.hal.time.Scheduler;

/**
 * The {@link Amplifier} sequencer of one zone over a relay output and an optional fault input.
 *
 * <pre>
 *   OFF --demand--> WARMING --warm-up--> ON --release--> HOLD --hold--> OFF
 *                                          ^---demand----'
 *   any --fault input active--> FAULT --fault cleared + back-off (+ retry window)--> OFF
 * </pre>
 *
 * <ul>
 *   <li>A demand in OFF waits for the rest of the minimum off time since the relay last opened (relay wear),
 *       logs that it waits, and names the wait in the WARMING transition's reason. An emergency demand waits
 *       only {@link AmplifierSettings#emergencyMinOff()}. Warm-up is never shortened.</li>
 *   <li>A demand in HOLD returns to ON at once: the relay never opened, so no warm-up is due. A release during
 *       WARMING lets the warm-up finish, then holds.</li>
 *   <li>A fault opens the relay at once. After the input clears the sequencer waits
 *       {@code faultBackoff × 2^(retries in the last hour)} (capped by {@code faultBackoffMax}) and retries
 *       (FAULT → OFF, then WARMING if still demanded). At most {@code faultRetriesPerHour} retries per sliding
 *       hour; past the cap it stays in FAULT until the oldest retry is an hour old. Each step is logged; there
 *       is no path that retries without waiting.</li>
 * </ul>
 *
 * <p>Threading: all methods, timers and the fault listener run on the control loop {@link Scheduler}. One
 * log line (tag {@code amp}) per transition, then listeners in registration order. The relay output is owned
 * by this sequencer; nothing else should set it except the board's safe state.
 */
public final class SequencedAmplifier implements Amplifier {

    /** The sliding window over which fault retries are counted. */
    public static final Duration RETRY_WINDOW = Duration.ofHours(1);

    private final String zone;
    private final BinaryOutput relay;
    private final AmplifierSettings settings;
    private final Scheduler scheduler;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Long> retries = new ArrayDeque<>();
    private final Optional<BinaryInput> fault;

    private volatile State state = State.OFF;
    private volatile String reason;
    private boolean demanded;
    private boolean emergency;
    private boolean hasOffTime;
    private long relayOffSinceNanos;
    private long waitingSinceNanos = -1;
    private Cancellable timer = Cancellable.NONE;
    private Cancellable retryTimer = Cancellable.NONE;

    /**
     * Takes ownership of {@code relay} and switches it off; subscribes to {@code fault} when present. If the
     * fault input is already active, starts in {@link State#FAULT}. The first demand after construction does
     * not wait for a minimum off time (no earlier cycle is known).
     */
    public SequencedAmplifier(String zone, BinaryOutput relay, Optional<BinaryInput> fault,
            AmplifierSettings settings, Scheduler scheduler) {
        this.zone = zone;
        this.relay = relay;
        this.fault = fault;
        this.settings = settings;
        this.scheduler = scheduler;
        relay.set(false);
        reason = "relay open at start";
        fault.ifPresent(f -> f.addListener((input, active) -> onFault(active)));
        if (fault.isPresent() && fault.get().active()) {
            state = State.FAULT;
            reason = "fault input " + fault.get().role() + " already active at start";
            Logger.tag("amp").warn("{} starts in {}: {}", zone, state, reason);
        }
    }

    @Override public String zone() { return zone; }

    @Override public State state() { return state; }

    /** The reason of the last transition, or of the wait or retry in progress. */
    @Override public String reason() { return reason; }

    /** Retries made in the last {@link #RETRY_WINDOW}. */
    public int retriesInLastHour() {
        prune(now());
        return retries.size();
    }

    public AmplifierSettings settings() { return settings; }

    @Override public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override public void demand(boolean emergency) {
        boolean wasDemanded = demanded;
        boolean escalated = emergency && !this.emergency;
        demanded = true;
        this.emergency |= emergency;
        switch (state) {
            case OFF -> {
                if (!wasDemanded || escalated) tryStart();
            }
            case HOLD -> {
                timer.cancel();
                transition(State.ON, (emergency ? "emergency demand" : "demand") + " during hold; relay stayed closed");
            }
            case FAULT -> {
                if (!wasDemanded || escalated) {
                    Logger.tag("amp").warn("{} {}demand refused for now: FAULT lockout ({})", zone,
                            emergency ? "emergency " : "", reason);
                }
            }
            case WARMING, ON -> { }
        }
    }

    @Override public void release() {
        boolean wasDemanded = demanded;
        demanded = false;
        emergency = false;
        switch (state) {
            case OFF -> {
                if (wasDemanded && waitingSinceNanos >= 0) {
                    timer.cancel();
                    waitingSinceNanos = -1;
                    reason = "demand withdrawn while waiting for minimum off time";
                    Logger.tag("amp").info("{} {}", zone, reason);
                }
            }
            case ON -> startHold("released");
            case WARMING, HOLD, FAULT -> { }
        }
    }

    @Override public void forceOff(String why) {
        demanded = false;
        emergency = false;
        timer.cancel();
        waitingSinceNanos = -1;
        relay.set(false);
        switch (state) {
            case WARMING, ON, HOLD -> {
                markOff();
                transition(State.OFF, "forced off: " + why);
            }
            case FAULT -> Logger.tag("amp").info("{} forced off while in FAULT ({}); lockout continues", zone, why);
            case OFF -> { }
        }
    }

    private void tryStart() {
        timer.cancel();
        long now = now();
        Duration minOff = emergency ? settings.emergencyMinOff() : settings.minOff();
        long left = hasOffTime ? minOff.toNanos() - (now - relayOffSinceNanos) : 0;
        if (left > 0) {
            if (waitingSinceNanos < 0) waitingSinceNanos = now;
            reason = (emergency ? "emergency demand" : "demand") + " waits " + ms(left) + " ms: minimum off time "
                    + ms(minOff.toNanos()) + " ms (relay wear) since the relay opened";
            Logger.tag("amp").info("{} {}", zone, reason);
            timer = scheduler.schedule(Duration.ofNanos(left), this::tryStart);
            return;
        }
        String what = emergency ? "emergency demand" : "demand";
        if (waitingSinceNanos >= 0) {
            what += " after waiting " + ms(now - waitingSinceNanos) + " ms for minimum off time "
                    + ms(minOff.toNanos()) + " ms";
            waitingSinceNanos = -1;
        }
        relay.set(true);
        transition(State.WARMING, what + "; relay closed, warm-up " + settings.warmUp().toMillis() + " ms");
        timer = scheduler.schedule(settings.warmUp(), this::warmedUp);
    }

    private void warmedUp() {
        if (state != State.WARMING) return;
        if (demanded) {
            transition(State.ON, "warm-up " + settings.warmUp().toMillis() + " ms elapsed");
        } else {
            startHold("warm-up elapsed after a release");
        }
    }

    private void startHold(String why) {
        transition(State.HOLD, why + "; idle hold " + settings.hold().toMillis() + " ms before off");
        timer = scheduler.schedule(settings.hold(), this::holdElapsed);
    }

    private void holdElapsed() {
        if (state != State.HOLD) return;
        relay.set(false);
        markOff();
        transition(State.OFF, "idle hold " + settings.hold().toMillis() + " ms elapsed; relay opened");
    }

    private void onFault(boolean active) {
        if (active) {
            enterFault();
        } else if (state == State.FAULT) {
            scheduleRetry();
        }
    }

    private void enterFault() {
        if (state == State.FAULT) {
            retryTimer.cancel();
            reason = "fault input active again before the retry; retry cancelled";
            Logger.tag("amp").warn("{} {}", zone, reason);
            return;
        }
        timer.cancel();
        waitingSinceNanos = -1;
        if (relay.active()) markOff();
        relay.set(false);
        transition(State.FAULT, "fault input active (amplifier fault or over-temperature) in " + state
                + "; relay opened, retry only after the fault clears");
    }

    private void scheduleRetry() {
        retryTimer.cancel();
        long now = now();
        prune(now);
        int made = retries.size();
        long backoff = Math.min(settings.faultBackoffMax().toNanos(),
                settings.faultBackoff().toNanos() << Math.min(made, 30));
        if (backoff < 0) backoff = settings.faultBackoffMax().toNanos();
        long delay = backoff;
        String why;
        if (made >= settings.faultRetriesPerHour()) {
            long windowOpens = retries.peekFirst() + RETRY_WINDOW.toNanos() - now;
            delay = Math.max(backoff, windowOpens);
            why = "fault cleared; retry cap " + settings.faultRetriesPerHour() + " per hour reached, next retry in "
                    + ms(delay) + " ms when a retry window opens";
        } else {
            why = "fault cleared; retry " + (made + 1) + "/" + settings.faultRetriesPerHour() + " this hour in "
                    + ms(delay) + " ms (back-off)";
        }
        reason = why;
        Logger.tag("amp").warn("{} {}", zone, why);
        long backoffMs = ms(backoff);
        retryTimer = scheduler.schedule(Duration.ofNanos(delay), () -> retry(backoffMs));
    }

    private void retry(long backoffMs) {
        if (state != State.FAULT || fault.map(BinaryInput::active).orElse(false)) return;
        long now = now();
        prune(now);
        if (retries.size() >= settings.faultRetriesPerHour()) {
            scheduleRetry();
            return;
        }
        retries.addLast(now);
        transition(State.OFF, "fault retry " + retries.size() + "/" + settings.faultRetriesPerHour()
                + " this hour after " + backoffMs + " ms back-off");
        if (demanded) tryStart();
    }

    private void prune(long now) {
        while (!retries.isEmpty() && now - retries.peekFirst() >= RETRY_WINDOW.toNanos()) {
            retries.removeFirst();
        }
    }

    private void markOff() {
        hasOffTime = true;
        relayOffSinceNanos = now();
    }

    private void transition(State to, String why) {
        State from = state;
        state = to;
        reason = why;
        if (to == State.FAULT) {
            Logger.tag("amp").warn("{} {} -> {}: {}", zone, from, to, why);
        } else {
            Logger.tag("amp").info("{} {} -> {}: {}", zone, from, to, why);
        }
        for (Listener l : listeners) {
            l.onTransition(this, from, to, why);
        }
    }

    private long now() {
        return scheduler.clock().monotonicNanos();
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    @Override public String toString() {
        return "amp " + zone + " " + state;
    }
}
