package vn.loa.testbench.scenario;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.tinylog.Logger;
import vn.loa.hal.time.Cancellable;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.LoopScheduler;
import vn.loa.hal.time.Scheduler;
import vn.loa.testbench.dashboard.ActionResult;
import vn.loa.testbench.sim.ToneBulletin;

/**
 * Runs a {@link Scenario} against a station: generates its bulletins, opens the station through the
 * {@link ScenarioStation.Factory} with a {@link Recorder} hooked in, waits (bounded by the scenario's
 * {@code startTimeout}) until every receiver that should register has, then runs the steps at their times, and
 * once the last step is due judges the expectations and closes the station.
 *
 * <p>Time: the steps run on a {@link Scheduler}. {@link #run} uses a real-time loop of its own (the receivers talk
 * DTLS over real sockets and play audio in real time, so their clock cannot be faked from outside);
 * {@link #start} takes any scheduler, so tests drive a whole run with a manual one.
 */
public final class ScenarioRunner {

    /** How often the runner looks whether the receivers have registered. */
    public static final Duration READY_POLL = Duration.ofMillis(50);
    /** Extra time {@link #run} allows beyond the scenario's own length and start timeout (closing, self-tests). */
    public static final Duration SLACK = Duration.ofSeconds(60);

    private final ScenarioStation.Factory factory;

    public ScenarioRunner(ScenarioStation.Factory factory) {
        this.factory = factory;
    }

    /**
     * Runs {@code scenario} on real time and blocks until it is over (bounded by its length, start timeout and
     * {@link #SLACK}); everything it writes goes under {@code dataDir}.
     */
    public ScenarioReport run(Scenario scenario, Path dataDir) throws Exception {
        Clock clock = RehearsalClock.startingAt(scenario.localTime(), Clock.system(Clock.VIETNAM));
        try (LoopScheduler loop = new LoopScheduler(clock, "loa-scenario")) {
            Run run = start(scenario, dataDir, loop);
            Duration bound = scenario.length().plus(scenario.startTimeout()).plus(SLACK);
            try {
                return run.result().get(bound.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                run.abort();
                throw new IllegalStateException("scenario " + scenario.name() + " did not finish within " + ScenarioTime.format(bound), e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception x) throw x;
                throw e;
            }
        }
    }

    /** Opens the station and starts the run on {@code scheduler}; the report completes {@link Run#result()}. */
    public Run start(Scenario scenario, Path dataDir, Scheduler scheduler) throws Exception {
        Map<String, Path> bulletins = new LinkedHashMap<>();
        for (BulletinSpec b : scenario.bulletins().values()) {
            bulletins.put(b.name(), ToneBulletin.write(dataDir.resolve("bulletins").resolve(b.name() + ".wav"), b.hz(), b.seconds()));
        }
        Recorder recorder = new Recorder(scheduler.clock());
        ScenarioStation station = factory.open(scenario, bulletins, dataDir, recorder, scheduler.clock());
        Run run = new Run(scenario, station, recorder, scheduler);
        scheduler.execute(run::waitForReceivers);
        return run;
    }

    /** One run in progress. The steps run on the scheduler; {@link #result()} completes when it is over. */
    public static final class Run {
        private final Scenario scenario;
        private final ScenarioStation station;
        private final Recorder recorder;
        private final Scheduler scheduler;
        private final CompletableFuture<ScenarioReport> result = new CompletableFuture<>();
        private final List<StepRecord> records = new ArrayList<>();
        private Cancellable poll = Cancellable.NONE;
        private Cancellable next = Cancellable.NONE;
        private Instant startedAt;
        private Instant stationTime;
        private long startNanos;
        private boolean begun;

        private Run(Scenario scenario, ScenarioStation station, Recorder recorder, Scheduler scheduler) {
            this.scenario = scenario;
            this.station = station;
            this.recorder = recorder;
            this.scheduler = scheduler;
        }

        public CompletableFuture<ScenarioReport> result() {
            return result;
        }

        public Recorder recorder() {
            return recorder;
        }

        private void waitForReceivers() {
            poll = scheduler.scheduleAtFixedRate(Duration.ZERO, READY_POLL, () -> {
                if (begun) return;
                boolean ready = scenario.receivers().stream().filter(ReceiverSpec::expectedToRegister)
                        .allMatch(r -> recorder.isRegistered(r.name()));
                boolean late = recorder.sinceStationStart().compareTo(scenario.startTimeout()) >= 0;
                if (!ready && !late) return;
                begun = true;
                poll.cancel();
                if (!ready) {
                    Logger.tag("scenario").warn("{}: not every receiver registered within {}; the steps start anyway",
                            scenario.name(), ScenarioTime.format(scenario.startTimeout()));
                }
                begin();
            });
        }

        private void begin() {
            recorder.markStart();
            stationTime = scheduler.clock().now();
            startedAt = scheduler.clock() instanceof RehearsalClock r ? stationTime.minus(r.shift()) : stationTime;
            startNanos = scheduler.clock().monotonicNanos();
            Logger.tag("scenario").info("{}: start ({} after the station's start)", scenario.name(), ScenarioTime.format(recorder.start()));
            scheduleStep(0);
        }

        private Duration elapsed() {
            return Duration.ofNanos(scheduler.clock().monotonicNanos() - startNanos);
        }

        private void scheduleStep(int i) {
            Duration due = i < scenario.steps().size() ? scenario.steps().get(i).at() : scenario.length();
            Duration wait = due.minus(elapsed());
            Runnable task = i < scenario.steps().size() ? () -> { runStep(scenario.steps().get(i)); scheduleStep(i + 1); } : this::finish;
            next = scheduler.schedule(wait.isNegative() ? Duration.ZERO : wait, () -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    abort();
                    result.completeExceptionally(e);
                }
            });
        }

        private void runStep(Step step) {
            Duration ranAt = elapsed();
            List<String> answers = new ArrayList<>();
            boolean refused = false;
            for (String rx : receiversOf(step)) {
                ActionResult r;
                try {
                    r = act(step, rx);
                } catch (Exception e) {
                    r = ActionResult.refused("error: " + e);
                }
                if (r == null) continue;
                switch (r) {
                    case ActionResult.Done d -> answers.add(rx + " done" + (d.message().isEmpty() ? "" : ": " + d.message()));
                    case ActionResult.Refused x -> {
                        refused = true;
                        answers.add(rx + " refused: " + x.reason());
                    }
                }
            }
            String outcome = answers.isEmpty() ? "done" : String.join("; ", answers);
            Logger.tag("scenario").info("{} {}: {}", step.where(), step.describe(), outcome);
            records.add(new StepRecord(step, ranAt, refused, outcome));
        }

        private static List<String> receiversOf(Step step) {
            return switch (step) {
                case Step.Fire s -> s.receivers();
                case Step.Stop s -> s.receivers();
                case Step.Schedule s -> s.receivers();
                case Step.Net s -> s.receivers();
                case Step.Mains s -> s.receivers();
                case Step.Door s -> s.receivers();
                case Step.AmpFault s -> s.receivers();
                case Step.Disk s -> s.receivers();
                case Step.Volume s -> s.receivers();
                case Step.Update s -> s.receivers();
                case Step.Diagnose s -> s.receivers();
                case Step.Wait s -> List.of();
            };
        }

        private ActionResult act(Step step, String rx) throws Exception {
            return switch (step) {
                case Step.Fire s -> station.fire(rx, s.id(), s.level(), s.bulletin());
                case Step.Stop s -> station.stop(rx, s.id());
                case Step.Schedule s -> station.schedule(rx, s.id(), s.level(), s.bulletin(),
                        scheduler.clock().now().plus(s.due().minus(elapsed())));
                case Step.Net s -> fault(rx, "network", !(s.change() instanceof Step.NetChange.Restore), s.change().describe(),
                        station.network(rx, s.change()));
                case Step.Mains s -> fault(rx, "mains-lost", !s.present(), s.present() ? "mains restored" : "mains pulled",
                        station.mains(rx, s.present()));
                case Step.Door s -> fault(rx, "door-open", s.open(), s.open() ? "door opened" : "door closed", station.door(rx, s.open()));
                case Step.AmpFault s -> fault(rx, "amplifier-fault", s.fault(), s.fault() ? "fault input tripped" : "fault input cleared",
                        station.amplifierFault(rx, s.fault()));
                case Step.Disk s -> fault(rx, "disk-full", s.full(), s.full() ? "disk quota used up" : "disk quota freed",
                        station.disk(rx, s.full()));
                case Step.Volume s -> station.volume(rx, s.volume());
                case Step.Update s -> station.update(rx, s.broken());
                case Step.Diagnose s -> {
                    var report = station.diagnose(rx);
                    recorder.diagnosed(rx, report);
                    yield ActionResult.done(report.summary());
                }
                case Step.Wait s -> null;
            };
        }

        private ActionResult fault(String rx, String fault, boolean active, String detail, ActionResult r) {
            if (r instanceof ActionResult.Done) recorder.fault(rx, fault, active, detail);
            return r;
        }

        /** Self-tests the expectations need and no step ran, then the verdicts, then the station is closed. */
        private void finish() {
            Set<String> need = new LinkedHashSet<>();
            for (Expectation e : scenario.expectations()) {
                if (e instanceof Expectation.Diagnosed d) need.addAll(d.receivers());
            }
            for (StepRecord r : records) {
                if (r.step() instanceof Step.Diagnose d) d.receivers().forEach(need::remove);
            }
            for (String rx : need) {
                try {
                    recorder.diagnosed(rx, station.diagnose(rx));
                } catch (Exception e) {
                    Logger.tag("scenario").warn("{}: self-test of {} failed: {}", scenario.name(), rx, e.toString());
                }
            }
            Duration length = elapsed();
            List<ScenarioEvent> events = recorder.events();
            Duration stationStart = Duration.ZERO.minus(recorder.start());
            List<Outcome> outcomes = new Evaluator(scenario, events, records, stationStart).evaluate();
            station.close();
            ScenarioReport report = new ScenarioReport(scenario, startedAt,
                    stationTime.atZone(scheduler.clock().zone()).toLocalDateTime(), stationStart, length, records, events, outcomes);
            Logger.tag("scenario").info(report.summary());
            result.complete(report);
        }

        /** Stops the run where it is and closes the station. */
        void abort() {
            poll.cancel();
            next.cancel();
            station.close();
        }
    }

    /** Reads, runs and reports: the whole of {@code ./loa sim --scenario}. Returns the report. */
    public ScenarioReport runFile(Path scenarioFile, Path dataDir, Path reportFile) throws Exception {
        Scenario s = new ScenarioParser().read(scenarioFile);
        ScenarioReport r = run(s, dataDir);
        if (reportFile != null) {
            try {
                r.write(reportFile);
            } catch (IOException e) {
                throw new IOException("cannot write the report " + reportFile + ": " + e.getMessage(), e);
            }
        }
        return r;
    }

}
