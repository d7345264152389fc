package vn.loa.agent.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.tinylog.Logger;
import vn.loa.hal.time.Clock;

/**
 * Whether the wall clock may drive the schedule. Scheduled non-emergency items play only while it is trusted;
 * emergencies never wait for it. Trusted when the clock is not before the build date and either the OS says it
 * is NTP-synchronised ({@link SyncProbe}) or the LwM2M server's time agreed with it ({@link #serverTime}) and the
 * wall clock has not jumped since (checked against the monotonic clock). A server-confirmed clock stays trusted
 * for the life of the process, so days offline keep the schedule running; after a reboot it must be confirmed
 * again (NTP or server).
 *
 * <p>Thread-safe. {@link #current()} starts an OS probe at most every {@code probeEvery} (monotonic) on the probe
 * executor and otherwise only compares clocks; with an asynchronous executor the answer counts from the next
 * call. Listeners hear each change of trust (for the status report) on the thread that called {@link #current()}
 * or {@link #serverTime}.
 */
public final class ClockTrust {

    /** The verdict, with its basis or reason. */
    public sealed interface Trust {
        record Trusted(String basis) implements Trust { }

        record Untrusted(String reason) implements Trust { }

        default boolean trusted() {
            return this instanceof Trusted;
        }
    }

    private final Clock clock;
    private final Instant buildDate;
    private final SyncProbe probe;
    private final Duration tolerance;
    private final Duration probeEvery;
    private final Executor probeExecutor;
    private boolean probing;
    private final List<Consumer<Trust>> listeners = new CopyOnWriteArrayList<>();
    private Optional<Boolean> lastProbe = Optional.empty();
    private long lastProbeNanos;
    private boolean probed;
    /** wall minus monotonic at the moment the server confirmed the clock; null when never or invalidated. */
    private Long serverOffsetNanos;
    private Trust last;

    /**
     * @param buildDate  the clock is never trusted before this (a board without RTC boots in the past)
     * @param tolerance  how far the server's time may differ from ours, and how far the wall clock may then
     *                   jump, before trust from the server is withdrawn
     * @param probeEvery how long a probe answer is reused
     */
    public ClockTrust(Clock clock, Instant buildDate, SyncProbe probe, Duration tolerance, Duration probeEvery) {
        this(clock, buildDate, probe, tolerance, probeEvery, Runnable::run);
    }

    /**
     * As above, probing on {@code probeExecutor} (e.g. a fetcher thread: {@link SyncProbe#timedatectl()} may take
     * up to 2 s, which the control loop must not wait for). The executor stays the caller's.
     */
    public ClockTrust(Clock clock, Instant buildDate, SyncProbe probe, Duration tolerance, Duration probeEvery,
                      Executor probeExecutor) {
        this.probeExecutor = probeExecutor;
        this.clock = clock;
        this.buildDate = buildDate;
        this.probe = probe;
        this.tolerance = tolerance;
        this.probeEvery = probeEvery;
    }

    public void addListener(Consumer<Trust> l) {
        listeners.add(l);
    }

    /** The LwM2M side reports the server's current time; trust follows when ours agrees within the tolerance. */
    public Trust serverTime(Instant serverNow) {
        synchronized (this) {
            Instant ours = clock.now();
            Duration off = Duration.between(serverNow, ours).abs();
            if (off.compareTo(tolerance) <= 0) {
                serverOffsetNanos = wallMinusMono();
            } else {
                serverOffsetNanos = null;
                Logger.tag("clock").warn("server time {} and ours {} differ by {} s (tolerance {} s); not trusted from the server",
                        serverNow, ours, off.toSeconds(), tolerance.toSeconds());
            }
        }
        return current();
    }

    /** The current verdict (re-probing the OS if the last answer is older than {@code probeEvery}). */
    public Trust current() {
        maybeProbe();
        Trust t;
        synchronized (this) {
            t = evaluate();
            if (t.equals(last)) return t;
            last = t;
        }
        if (t instanceof Trust.Trusted tr) Logger.tag("clock").info("clock trusted: {}", tr.basis());
        else Logger.tag("clock").warn("clock not trusted: {}; scheduled items are held, emergencies still play",
                ((Trust.Untrusted) t).reason());
        for (Consumer<Trust> l : listeners) l.accept(t);
        return t;
    }

    private Trust evaluate() {
        Instant now = clock.now();
        if (now.isBefore(buildDate)) {
            return new Trust.Untrusted("wall clock " + now + " is before the build date " + buildDate);
        }
        if (serverOffsetNanos != null) {
            long drift = Math.abs(wallMinusMono() - serverOffsetNanos);
            if (drift <= tolerance.toNanos()) return new Trust.Trusted("confirmed by the server's time");
            Logger.tag("clock").warn("wall clock jumped {} s since the server confirmed it", drift / 1_000_000_000L);
            serverOffsetNanos = null;
        }
        if (lastProbe.orElse(false)) return new Trust.Trusted("NTP-synchronised (per the OS)");
        return new Trust.Untrusted(lastProbe.isEmpty()
                ? "cannot tell whether the OS clock is NTP-synchronised, and no server time yet"
                : "the OS clock is not NTP-synchronised, and no server time yet");
    }

    private void maybeProbe() {
        long mono = clock.monotonicNanos();
        synchronized (this) {
            if (probing || (probed && mono - lastProbeNanos < probeEvery.toNanos())) return;
            probing = true;
            lastProbeNanos = mono;
        }
        probeExecutor.execute(() -> {
            Optional<Boolean> r = probe.synchronised();
            synchronized (this) {
                lastProbe = r;
                probed = true;
                probing = false;
            }
        });
    }

    private long wallMinusMono() {
        Instant w = clock.now();
        return w.getEpochSecond() * 1_000_000_000L + w.getNano() - clock.monotonicNanos();
    }
}
