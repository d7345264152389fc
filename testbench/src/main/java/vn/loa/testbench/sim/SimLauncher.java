package vn.loa.testbench.sim;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.tinylog.Logger;
import vn.loa.agent.runtime.Station;
import vn.loa.agent.runtime.UpdatesPart;
import vn.loa.agent.update.UpdateConfig;
import vn.loa.hal.time.Clock;
import vn.loa.ota.UpdateResult;
import vn.loa.ota.UpdateSnapshot;
import vn.loa.ota.launcher.BootPlan;
import vn.loa.ota.launcher.BootPlanner;
import vn.loa.ota.launcher.HealthReport;
import vn.loa.ota.launcher.HealthReporter;
import vn.loa.ota.launcher.RealFileOps;
import vn.loa.ota.launcher.SlotLayout;
import vn.loa.ota.launcher.TrialMonitor;
import vn.loa.ota.launcher.TrialPolicy;

/**
 * The launcher's part for one simulated receiver, in-process: where a device's launcher starts a JVM from the slot
 * {@link BootPlanner} picks, this starts a new {@link Station} reporting that slot's version. The rest is the
 * launcher's own code: {@link BootPlanner} over the receiver's slot tree, health beats from the station's
 * {@code StationUpdates} on a loopback UDP socket with a token, a {@link TrialMonitor} with {@link #POLICY}, then
 * {@link BootPlanner#commit} or {@link BootPlanner#rollback} and the old version started again.
 *
 * <p>When an installed update asks to restart (exit 75 on a device), the receiver's station has already run its safe
 * shutdown (amplifiers off, deregistered); this then boots the new slot on a thread of its own ({@code sim-launcher-RX}).
 * {@link #breakNextTrial()} arms a simulated defect for the next trial only: the new version's control loop hangs right
 * after start, so it sends no health beats and the trial rolls back, as the launcher's watchdog would on a device.
 *
 * <p>Thread-safe. {@link #close()} stops supervising and starts nothing more; the caller closes the current station.
 */
final class SimLauncher implements AutoCloseable {

    /**
     * The sim's trial limits, shortened from the launcher's defaults (10 min stable window, 30 s watchdog) so a trial
     * ends in seconds: stable for 4 s, a 2 s watchdog, the first beat within 5 s, every gate within 4 s.
     */
    static final TrialPolicy POLICY = new TrialPolicy(Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(4));
    /** How often the running release beats to the launcher in the sim. */
    static final Duration HEARTBEAT = Duration.ofMillis(500);
    /** How long the restarted agent may take to report the update's result before the launcher's verdict is used. */
    static final Duration OUTCOME_BOUND = Duration.ofSeconds(5);
    /** How long a hung control loop (the simulated defect) stays hung at most. */
    static final Duration HANG_BOUND = Duration.ofSeconds(60);

    /** Starts a station for the receiver reporting {@code version}, with {@code updates} as its update part. */
    interface Starter {
        Station start(String version, Station.PartFactory updates) throws Exception;
    }

    private final String name;
    private final SlotLayout layout;
    private final UpdateConfig config;
    private final BootPlanner planner;
    private final Clock clock;
    private final Starter starter;
    private final DatagramSocket health;
    private final String token;
    private final AtomicBoolean brokenNext = new AtomicBoolean();
    private volatile Consumer<Station> onStarted = s -> { };
    private final List<SimReceiver.UpdateListener> listeners = new CopyOnWriteArrayList<>();
    private volatile String status = "";
    private volatile CountDownLatch hang = new CountDownLatch(0);
    private volatile Thread worker;
    private boolean closed;

    SimLauncher(String name, SlotLayout layout, java.nio.file.Path trustDir, Clock clock, Starter starter) throws IOException {
        this.name = Objects.requireNonNull(name, "name");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.config = new UpdateConfig(layout.root(), layout.stateDir(), trustDir, Optional.empty(), HEARTBEAT,
                Duration.ofSeconds(10));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.starter = Objects.requireNonNull(starter, "starter");
        this.planner = new BootPlanner(layout, new RealFileOps(), 2, () -> clock.now().toString());
        this.health = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.health.setSoTimeout(100);
        byte[] t = new byte[16];
        new SecureRandom().nextBytes(t);
        this.token = HexFormat.of().formatHex(t);
    }

    /** Called with each station started after an update (the receiver swaps it in). */
    void onStarted(Consumer<Station> c) {
        onStarted = Objects.requireNonNull(c, "onStarted");
    }

    void addListener(SimReceiver.UpdateListener l) {
        listeners.add(Objects.requireNonNull(l, "listener"));
    }

    /** The receiver's update story in one line: running, on trial, committed or rolled back (and why). */
    String status() {
        return status;
    }

    /** The next trial (only) gets the simulated defect: its control loop hangs, no health beats, rollback. */
    void breakNextTrial() {
        brokenNext.set(true);
    }

    /** Disarms {@link #breakNextTrial()} (the update was not offered after all). */
    void keepNextTrial() {
        brokenNext.set(false);
    }

    /** Boots what the slot tree says (at sim start: slot A committed) and returns the station; no supervision. */
    Station boot() throws Exception {
        BootPlan plan = planner.plan();
        if (!(plan instanceof BootPlan.Launch launch)) throw new IOException(name + ": " + ((BootPlan.NoBootableSlot) plan).reason());
        Station s = start(launch, Optional.empty());
        status = "running " + launch.spec().version();
        return s;
    }

    private Station start(BootPlan.Launch launch, Optional<HealthReporter> beats) throws Exception {
        String version = launch.spec().version();
        return starter.start(version, UpdatesPart.factory(config, this::exited, b -> b.runningVersion(version)
                .launcherVersion(SimRelease.BASE).health(beats).launcherPoll(Duration.ofMillis(300))));
    }

    /** The station's restarter ran its safe shutdown and "exits" with {@code code}. */
    private void exited(int code) {
        synchronized (this) {
            if (closed) return;
            if (code != TrialMonitor.EXIT_RESTART) {
                status = "stopped with exit " + code;
                Logger.tag("sim").warn("{}: agent exited with {}; the sim restarts only on {}", name, code, TrialMonitor.EXIT_RESTART);
                return;
            }
            status = "restarting into the installed release";
            worker = Thread.ofPlatform().name("sim-launcher-" + name).start(this::relaunch);
        }
    }

    private void relaunch() {
        try {
            BootPlan plan = planner.plan();
            if (!(plan instanceof BootPlan.Launch launch)) {
                status = "no bootable slot: " + ((BootPlan.NoBootableSlot) plan).reason();
                Logger.tag("sim").error("{}: {}", name, status);
                return;
            }
            if (launch.mode() == BootPlan.Mode.COMMITTED) {
                started(start(launch, Optional.empty()), null);
                status = "running " + launch.spec().version();
                return;
            }
            trial(launch);
        } catch (Exception e) {
            status = "launcher failed: " + e.getMessage();
            Logger.tag("sim").error(e, "{}: the simulated launcher failed", name);
        }
    }

    private void trial(BootPlan.Launch launch) throws Exception {
        String version = launch.spec().version();
        boolean broken = brokenNext.getAndSet(false);
        long startNanos = clock.monotonicNanos();
        HealthReporter beats = HealthReporter.to(new InetSocketAddress(InetAddress.getLoopbackAddress(), health.getLocalPort()), token);
        Station s;
        try {
            s = start(launch, Optional.of(beats));
        } catch (Exception e) {
            beats.close();
            rollBack(launch, "release " + version + " did not start: " + e.getMessage(), null);
            return;
        }
        CountDownLatch h = new CountDownLatch(broken ? 1 : 0);
        hang = h;
        if (!started(s, h)) return;
        status = "on trial " + version + (broken ? " (simulated defect: its control loop hangs)" : "");
        Logger.tag("sim").info("{}: {} started on trial from slot {}{}", name, version, launch.slot(),
                broken ? "; simulated defect armed: its control loop hangs now" : "");
        if (broken) {
            s.loop().execute(() -> {
                try {
                    h.await(HANG_BOUND.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        TrialMonitor.Decision d = supervise(launch, startNanos);
        switch (d) {
            case TrialMonitor.Decision.Commit c -> {
                planner.commit(launch.state());
                status = "committed " + version;
                Logger.tag("sim").info("{}: trial of {} passed ({}); committed", name, version, c.summary());
                reportOutcome(s, UpdateResult.SUCCESS);
            }
            case TrialMonitor.Decision.Rollback r -> rollBack(launch, r.reason(), s);
            case TrialMonitor.Decision.Restart r -> rollBack(launch, r.reason(), s);
            case TrialMonitor.Decision.Exited x -> rollBack(launch, "exited with " + x.code() + " on trial", s);
            case TrialMonitor.Decision.Continue c -> { } // closed while supervising
        }
    }

    private void rollBack(BootPlan.Launch launch, String reason, Station failed) throws Exception {
        hang.countDown();
        if (failed != null) failed.close();
        synchronized (this) {
            if (closed) return;
        }
        planner.rollback(launch.state(), reason);
        Logger.tag("sim").warn("{}: trial of {} failed: {}; rolled back", name, launch.spec().version(), reason);
        BootPlan back = planner.plan();
        if (!(back instanceof BootPlan.Launch old)) {
            status = "rolled back, but no bootable slot: " + ((BootPlan.NoBootableSlot) back).reason();
            return;
        }
        Station back2 = start(old, Optional.empty());
        if (!started(back2, null)) return;
        status = "rolled back from " + launch.spec().version() + " to " + old.spec().version() + ": " + reason;
        Logger.tag("sim").warn("{}: {}", name, status);
        reportOutcome(back2, UpdateResult.UPDATE_FAILED);
    }

    /**
     * Tells the listeners how the update ended, as the running agent's update service reports it (Object 5's Update
     * Result and detail) once it has read the launcher's verdict (at most {@link #OUTCOME_BOUND}); {@code expected}
     * (the launcher's own verdict) when it has not by then.
     */
    private void reportOutcome(Station s, UpdateResult expected) {
        Optional<UpdatesPart> part = s.part(UpdatesPart.class);
        long deadline = System.nanoTime() + OUTCOME_BOUND.toNanos();
        UpdateSnapshot seen = null;
        while (part.isPresent() && System.nanoTime() < deadline) {
            seen = part.get().updates().service().snapshot();
            if (seen.result() != UpdateResult.INITIAL) break;
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        UpdateResult result = seen != null && seen.result() != UpdateResult.INITIAL ? seen.result() : expected;
        String detail = seen != null && !seen.detail().isEmpty() ? seen.detail() : status;
        for (SimReceiver.UpdateListener l : listeners) {
            try {
                l.ended(result, s.version(), detail);
            } catch (RuntimeException e) {
                Logger.tag("sim").warn(e, "{}: an update listener failed", name);
            }
        }
    }

    /** Hands the new station to the receiver, or closes it when the sim is closing; false then. */
    private boolean started(Station s, CountDownLatch h) {
        synchronized (this) {
            if (!closed) {
                onStarted.accept(s);
                for (SimReceiver.UpdateListener l : listeners) {
                    try {
                        l.restarted(s);
                    } catch (RuntimeException e) {
                        Logger.tag("sim").warn(e, "{}: an update listener failed", name);
                    }
                }
                return true;
            }
        }
        if (h != null) h.countDown();
        s.close();
        return false;
    }

    private TrialMonitor.Decision supervise(BootPlan.Launch launch, long startNanos) {
        TrialMonitor monitor = new TrialMonitor(POLICY, launch.mode(), launch.state().requireRegistration(), startNanos);
        byte[] buf = new byte[512];
        while (true) {
            synchronized (this) {
                if (closed) return new TrialMonitor.Decision.Continue();
            }
            TrialMonitor.Decision d;
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                health.receive(p);
                Optional<HealthReport> r = HealthReport.decode(p.getData(), p.getLength(), token);
                d = r.isPresent() ? monitor.onHealth(clock.monotonicNanos(), r.get()) : monitor.onTick(clock.monotonicNanos());
            } catch (SocketTimeoutException quiet) {
                d = monitor.onTick(clock.monotonicNanos());
            } catch (SocketException closedSocket) {
                return new TrialMonitor.Decision.Continue();
            } catch (IOException e) {
                d = monitor.onTick(clock.monotonicNanos());
            }
            if (!(d instanceof TrialMonitor.Decision.Continue)) return d;
        }
    }

    /** Stops supervising, releases a hung loop and waits (bounded) for a relaunch under way to finish. */
    @Override public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        hang.countDown();
        health.close();
        Thread w = worker;
        if (w != null && w != Thread.currentThread()) {
            try {
                w.join(Station.DEREGISTRATION_BOUND.plus(Station.STOP_BOUND).plusSeconds(2).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
