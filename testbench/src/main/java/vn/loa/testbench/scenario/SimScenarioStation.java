package vn.loa.testbench.scenario;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;
import vn.loa.agent.audio.WavCaptureSink;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.config.LoaConfig;
import vn.loa.agent.diagnose.AmplifierCheck;
import vn.loa.agent.diagnose.Check;
import vn.loa.agent.diagnose.DiagnoseReport;
import vn.loa.agent.diagnose.Diagnostics;
import vn.loa.agent.diagnose.MainsCheck;
import vn.loa.agent.diagnose.TamperCheck;
import vn.loa.agent.lwm2m.HeadendServer;
import vn.loa.agent.lwm2m.Lwm2mConfig;
import vn.loa.agent.lwm2m.Lwm2mSecrets;
import vn.loa.agent.runtime.Station;
import vn.loa.agent.schedule.Recurrence;
import vn.loa.agent.schedule.ScheduleChange;
import vn.loa.agent.schedule.ScheduleEntry;
import vn.loa.hal.Amplifier;
import vn.loa.hal.BinaryInput;
import vn.loa.hal.SimulatedBoard;
import vn.loa.hal.ZoneGroup;
import vn.loa.hal.time.Clock;
import vn.loa.testbench.dashboard.Action;
import vn.loa.testbench.dashboard.ActionResult;
import vn.loa.testbench.dashboard.Target;
import vn.loa.testbench.headend.Headend;
import vn.loa.testbench.netfault.ReceiverLink;
import vn.loa.testbench.sim.QuotaDisk;
import vn.loa.testbench.sim.SimReceiver;
import vn.loa.testbench.sim.SimStation;

/**
 * The {@link ScenarioStation} on the simulated station ({@link SimStation}): the headend's LwM2M server fires, stops
 * and sets volume; the board's inputs are driven through the simulated board; the network through each receiver's
 * fault proxies. Bulletins are played from the generated files ({@code file:} sources, as a receiver plays a stored
 * copy). A receiver with a wrong PSK is started here beside the simulated station's own: the headend knows its
 * endpoint with one key, the receiver is provisioned with another.
 *
 * <p>Threading: see {@link ScenarioStation}. Listeners are added on each receiver's control loop.
 */
public final class SimScenarioStation implements ScenarioStation {

    /** How long the amplifier self-test may wait for the simulated board's warm-up (2 s) to end. */
    static final Duration AMPLIFIER_READY_WITHIN = Duration.ofSeconds(5);
    /** How long one self-test check may take. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);
    /** The bound on work handed to a receiver's control loop (adding listeners). */
    static final Duration LOOP_BOUND = Duration.ofSeconds(5);

    /** The machine's own clock, which the headend stamps registrations with. */
    private static final Clock MACHINE = Clock.system(Clock.VIETNAM);

    /**
     * One receiver as the scenario names it. {@code amp} is every amplifier zone as one ({@link ZoneGroup}, as the
     * station's arbiter drives them): its state is derived from the zones', so it follows the station's own group.
     */
    private record Rx(String name, String endpoint, Station station, ReceiverLink link, Optional<SimReceiver> sim,
                      Amplifier amp, QuotaDisk disk) {
        SimulatedBoard board() {
            return (SimulatedBoard) station.board();
        }

        /** The fault input of every zone ({@code amp.main.fault}, ...). */
        List<String> faultRoles() {
            return station.board().profile().amplifiers().stream().map(vn.loa.hal.BoardProfile.Zone::faultRole).toList();
        }
    }

    private final SimStation sim;
    private final Map<String, Rx> receivers;
    private final Map<String, Path> bulletins;
    private final Clock clock;
    private final List<AutoCloseable> extra;
    private boolean closed;

    private SimScenarioStation(SimStation sim, Map<String, Rx> receivers, Map<String, Path> bulletins, Clock clock,
                               List<AutoCloseable> extra) {
        this.sim = sim;
        this.receivers = receivers;
        this.bulletins = bulletins;
        this.clock = clock;
        this.extra = extra;
    }

    /**
     * The factory for {@link ScenarioRunner}: no dashboard, tone bulletins, no default schedule (only the scenario's
     * own steps put anything on air), data under the scenario's folder. The
     * simulated station's receivers are taken in order for the scenario's receivers with the right PSK (their folders
     * and log lines keep the station's names {@code rx-1}, {@code rx-2}, ...; the report uses the scenario's).
     */
    public static ScenarioStation open(Scenario scenario, Map<String, Path> bulletins, Path dataDir, Recorder recorder, Clock clock)
            throws Exception {
        List<ReceiverSpec> good = scenario.receivers().stream().filter(ReceiverSpec::expectedToRegister).toList();
        SimStation sim = SimStation.builder().receivers(good.size()).dataDir(dataDir.resolve("station")).dashboard(false)
                .speech(false).schedulePeriod(Duration.ZERO).clock(clock).start();
        List<AutoCloseable> extra = new ArrayList<>();
        try {
            // An update swaps a receiver's station (the launcher starts the new release): its entry is replaced.
            Map<String, Rx> rxs = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
            int i = 0;
            for (ReceiverSpec spec : scenario.receivers()) {
                Rx rx;
                if (spec.expectedToRegister()) {
                    SimReceiver r = sim.receivers().get(i++);
                    rx = new Rx(spec.name(), r.endpoint(), r.station(), r.link(), Optional.of(r), zones(r.station()), r.disk());
                } else {
                    rx = startWithWrongPsk(sim, spec.name(), dataDir.resolve("wrong-psk").resolve(spec.name()), clock, recorder, extra);
                }
                rxs.put(spec.name(), rx);
                hook(rx, sim.headend(), recorder);
                if (rx.sim().isPresent()) follow(rx, rxs, sim.headend(), recorder);
            }
            return new SimScenarioStation(sim, rxs, bulletins, clock, extra);
        } catch (Exception | Error e) {
            closeAll(extra);
            sim.close();
            throw e;
        }
    }

    /**
     * A receiver like the simulated station's own, except that the key it is provisioned with is not the one the
     * headend has for its endpoint, so every DTLS handshake fails. The recorder hears its registration attempts from
     * the first one.
     */
    private static Rx startWithWrongPsk(SimStation sim, String name, Path dir, Clock clock, Recorder recorder,
                                        List<AutoCloseable> opened)
            throws Exception {
        Files.createDirectories(dir);
        String endpoint = "loa-scenario-" + name;
        ReceiverLink link = ReceiverLink.open(name, sim.headend().address(), sim.content().address(), 7000L + name.hashCode());
        opened.add(link);
        SecureRandom random = new SecureRandom();
        byte[] known = new byte[16];
        byte[] provisioned = new byte[16];
        random.nextBytes(known);
        random.nextBytes(provisioned);
        sim.headend().allow(endpoint, endpoint, known);
        Lwm2mConfig lc = Lwm2mConfig.builder(endpoint, URI.create("coaps://127.0.0.1:" + link.managementAddress().getPort()))
                .lifetime(SimStation.LIFETIME).updatePeriod(SimStation.UPDATE_PERIOD).requestTimeout(Duration.ofSeconds(5))
                .retry(Duration.ofSeconds(1), Duration.ofSeconds(5)).dtlsRetransmission(Duration.ofMillis(500), 1)
                .secretsFile(dir.resolve("lwm2m-secrets.json")).nonceFile(dir.resolve("lwm2m-nonces.json"))
                .boardProfile("simulated").build();
        Path capture = dir.resolve("capture.wav");
        Files.deleteIfExists(capture);
        QuotaDisk disk = new QuotaDisk(name);
        Station station = Station.builder(LoaConfig.defaults(dir, "simulated")).sink(new WavCaptureSink(capture)).disk(disk)
                .lwm2m(lc, Lwm2mSecrets.psk(endpoint, provisioned)).clock(clock).syncProbe(() -> Optional.of(true))
                .lwm2mExtension((client, st) -> client.listener(recorder.registration(name))).start();
        opened.add(station);
        Logger.tag("scenario").info("{}: started with a PSK the headend does not know (endpoint {})", name, endpoint);
        return new Rx(name, endpoint, station, link, Optional.empty(), zones(station), disk);
    }

    /**
     * Follows a receiver's over-the-air updates: each station its launcher starts replaces the receiver's entry and is
     * hooked to the recorder like the first; the update's outcome (as the running agent reports it) is recorded.
     */
    private static void follow(Rx first, Map<String, Rx> rxs, Headend headend, Recorder recorder) {
        first.sim().orElseThrow().addUpdateListener(new SimReceiver.UpdateListener() {
            @Override public void restarted(Station next) {
                try {
                    Rx rx = new Rx(first.name(), first.endpoint(), next, first.link(), first.sim(), zones(next), first.disk());
                    rxs.put(first.name(), rx);
                    hook(rx, headend, recorder);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException | RuntimeException e) {
                    Logger.tag("scenario").warn("{}: the restarted station could not be followed: {}", first.name(), e.toString());
                }
            }

            @Override public void ended(vn.loa.ota.UpdateResult result, String version, String detail) {
                recorder.updateOutcome(first.name(), result, version, detail);
            }
        });
    }

    /** The station's amplifier zones as one, made on its control loop (a group listens to its zones). */
    private static Amplifier zones(Station station) throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<Amplifier> group = new CompletableFuture<>();
        station.loop().execute(() -> group.complete(ZoneGroup.of(station.board().amplifiers())));
        return group.get(LOOP_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Hooks the recorder into one receiver: items, amplifier, inputs (on its loop), registration. */
    private static void hook(Rx rx, Headend headend, Recorder recorder) throws InterruptedException {
        rx.station().addItemListener(recorder.arbiter(rx.name()));
        CountDownLatch done = new CountDownLatch(1);
        rx.station().loop().execute(() -> {
            try {
                rx.amp().addListener(recorder.amplifier(rx.name()));
                input(rx, "mainsPresent").ifPresent(in -> in.addListener((i, active) ->
                        recorder.fault(rx.name(), "mains-lost", !active, "seen by the board: mains " + (active ? "present" : "lost"))));
                input(rx, "doorOpen").ifPresent(in -> in.addListener((i, active) ->
                        recorder.fault(rx.name(), "door-open", active, "seen by the board: door " + (active ? "open" : "closed"))));
                for (String role : rx.faultRoles()) {
                    input(rx, role).ifPresent(in -> in.addListener((i, active) -> recorder.fault(rx.name(), "amplifier-fault",
                            active, "seen by the board: " + role + " " + (active ? "active" : "quiet"))));
                }
            } finally {
                done.countDown();
            }
        });
        if (!done.await(LOOP_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(rx.name() + ": its control loop did not take the recorder within " + LOOP_BOUND.toSeconds() + " s");
        }
        if (rx.sim().isEmpty()) return; // started here: its registration listener was attached before it started
        rx.station().lwm2m().ifPresent(c -> c.addListener(recorder.registration(rx.name())));
        headend.registrations().stream().filter(r -> r.endpoint().equals(rx.endpoint())).findFirst()
                .ifPresent(r -> recorder.registeredEarlier(rx.name(), Duration.between(r.registeredAt(), MACHINE.now()),
                        "registration " + r.registrationId()
                        + " (before the recorder was hooked in)"));
    }

    private static Optional<BinaryInput> input(Rx rx, String role) {
        return rx.station().board().input(role);
    }

    private Rx rx(String name) {
        Rx r = receivers.get(name);
        if (r == null) throw new IllegalArgumentException("no receiver '" + name + "' in this station");
        return r;
    }

    private static ActionResult of(HeadendServer.Outcome o) {
        return o.ok() ? ActionResult.done(o.message()) : ActionResult.refused(o.message());
    }

    @Override public ActionResult fire(String receiver, String itemId, Level level, String bulletin) {
        Rx rx = rx(receiver);
        return switch (sim.headend().fire(rx.endpoint(), itemId, level, List.of(bulletins.get(bulletin).toUri()))) {
            case Headend.FireResult.Played p -> ActionResult.done("played as instance " + p.instance());
            case Headend.FireResult.NotPlayed n -> ActionResult.refused(n.reason());
        };
    }

    @Override public ActionResult stop(String receiver, String itemId) {
        Rx rx = rx(receiver);
        Optional<Integer> instance = sim.headend().instanceOf(rx.endpoint(), itemId);
        if (instance.isEmpty()) return ActionResult.refused("the headend did not fire '" + itemId + "' there");
        return of(sim.headend().server().stop(rx.endpoint(), instance.get()));
    }

    /**
     * Puts a one-off entry on the receiver's own schedule (stored, audited, in force at once), as the headend's
     * schedule object does; the receiver plays it from its schedule at {@code due}.
     */
    @Override public ActionResult schedule(String receiver, String entryId, Level level, String bulletin, Instant due) {
        Rx rx = rx(receiver);
        ScheduleEntry entry = new ScheduleEntry(entryId, new Recurrence.Once(LocalDateTime.ofInstant(due, clock.zone())),
                BroadcastItem.builder(entryId, level).source(bulletins.get(bulletin).toUri()).build(), null, false, "scenario", null);
        CompletableFuture<ScheduleChange> change = new CompletableFuture<>();
        rx.station().loop().execute(() -> {
            try {
                change.complete(rx.station().schedule().put(entry, "scenario"));
            } catch (RuntimeException e) {
                change.completeExceptionally(e);
            }
        });
        try {
            return switch (change.get(LOOP_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                case ScheduleChange.Applied a -> ActionResult.done("schedule version " + a.version());
                case ScheduleChange.Rejected r -> ActionResult.refused(r.reason());
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ActionResult.refused("interrupted while setting the schedule");
        } catch (ExecutionException | TimeoutException e) {
            return ActionResult.refused("the schedule could not be set: " + (e.getCause() == null ? e : e.getCause()));
        }
    }

    @Override public ActionResult network(String receiver, Step.NetChange change) {
        Rx rx = rx(receiver);
        switch (change) {
            case Step.NetChange.Cut c -> rx.link().cut();
            case Step.NetChange.Restore r -> rx.link().restore();
            case Step.NetChange.Impair i -> rx.sim().ifPresentOrElse(s -> s.impair(i.impairment()), () -> rx.link().impair(i.impairment()));
            case Step.NetChange.RebindNat n -> rx.link().rebindNat();
            case Step.NetChange.Reset x -> rx.link().resetConnections();
        }
        return ActionResult.done(change.describe());
    }

    @Override public ActionResult mains(String receiver, boolean present) {
        rx(receiver).board().setInput("mainsPresent", present);
        return ActionResult.done(present ? "mains present" : "mains lost");
    }

    @Override public ActionResult door(String receiver, boolean open) {
        rx(receiver).board().setInput("doorOpen", open);
        return ActionResult.done(open ? "door open" : "door closed");
    }

    @Override public ActionResult amplifierFault(String receiver, boolean fault) {
        Rx rx = rx(receiver);
        for (String role : rx.faultRoles()) rx.board().setInput(role, fault);
        return ActionResult.done((fault ? "fault input active on " : "fault input quiet on ") + String.join(", ", rx.faultRoles()));
    }

    @Override public ActionResult disk(String receiver, boolean full) {
        Rx rx = rx(receiver);
        rx.disk().full(full);
        return ActionResult.done(full ? "disk quota used up: its logs and schedule cannot be written" : "disk quota free");
    }

    @Override public ActionResult volume(String receiver, int volume) {
        return of(sim.headend().setVolume(rx(receiver).endpoint(), volume));
    }

    /** What the simulated station's own update action answers for this receiver (its console's {@code update}). */
    @Override public ActionResult update(String receiver, boolean broken) {
        Rx rx = rx(receiver);
        if (rx.sim().isEmpty()) {
            return ActionResult.refused(rx.endpoint() + (sim.headend().isRegistered(rx.endpoint())
                    ? " is not one of the simulated station's receivers" : " is not registered with the headend"));
        }
        return sim.perform(new Action.PushUpdate(new Target.One(rx.sim().get().name()), broken));
    }

    /** The board checks of {@code loa diagnose} on this receiver: amplifier (every zone as one), mains, tamper. */
    @Override public DiagnoseReport diagnose(String receiver) {
        Rx rx = rx(receiver);
        List<Check> checks = List.of(
                new AmplifierCheck(rx.amp(), rx.station().loop(), AMPLIFIER_READY_WITHIN),
                new MainsCheck(() -> input(rx, "mainsPresent").map(BinaryInput::active).orElse(true)),
                new TamperCheck(() -> input(rx, "doorOpen").map(BinaryInput::active).orElse(false)));
        return new Diagnostics(clock, CHECK_TIMEOUT).run(checks);
    }

    @Override public synchronized void close() {
        if (closed) return;
        closed = true;
        closeAll(extra);
        sim.close();
    }

    private static void closeAll(List<AutoCloseable> list) {
        for (int i = list.size() - 1; i >= 0; i--) {
            try {
                list.get(i).close();
            } catch (Exception e) {
                Logger.tag("scenario").warn("closing {} failed: {}", list.get(i), e.toString());
            }
        }
    }
}
