package vn.loa.testbench.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.diagnose.DiagnoseReport;

/**
 * Judges a scenario's expectations on the recorded events and step records. Times are those of the events
 * (relative to the scenario's start); an item matches an expectation's {@code item} by id, or as an occurrence
 * {@code ITEM@...} of a schedule entry.
 *
 * <p>Stateless apart from its inputs; thread-confined.
 */
public final class Evaluator {

    private final Scenario scenario;
    private final List<ScenarioEvent> events;
    private final List<StepRecord> steps;
    private final Duration stationStart;

    /** @param stationStart when the station was started, relative to the scenario's start (zero or negative) */
    public Evaluator(Scenario scenario, List<ScenarioEvent> events, List<StepRecord> steps, Duration stationStart) {
        this.scenario = scenario;
        this.events = List.copyOf(events);
        this.steps = List.copyOf(steps);
        this.stationStart = stationStart;
    }

    public List<Outcome> evaluate() {
        return scenario.expectations().stream().map(this::evaluate).toList();
    }

    public Outcome evaluate(Expectation e) {
        return switch (e) {
            case Expectation.Registered r -> perReceiver(e, "station start", rx -> registered(r, rx));
            case Expectation.NotRegistered n -> perReceiver(e, "whole scenario", rx -> notRegistered(n, rx));
            case Expectation.Aired a -> perReceiver(e, itemStep(a.item()), rx -> aired(a, rx));
            case Expectation.NotAired n -> perReceiver(e, itemStep(n.item()), rx -> notAired(n, rx));
            case Expectation.Preempted p -> perReceiver(e, itemStep(p.by()), rx -> preempted(p, rx));
            case Expectation.AmplifierState a -> perReceiver(e, stepAtOrBefore(a.after()), rx -> amplifier(a, rx));
            case Expectation.UpdateResult u -> perReceiver(e, stepOfKind(Step.Update.class), rx -> update(u, rx));
            case Expectation.NoUnderruns n -> perReceiver(e, "whole scenario", rx -> noUnderruns(rx));
            case Expectation.Diagnosed d -> perReceiver(e, stepOfKind(Step.Diagnose.class), rx -> diagnosed(d, rx));
        };
    }

    /** What one receiver showed: whether it holds and, in words, what was seen. */
    private record Seen(boolean ok, String what) { }

    private Outcome perReceiver(Expectation e, String step, Function<String, Seen> judge) {
        List<String> bad = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (String rx : e.receivers()) {
            Seen s = judge.apply(rx);
            all.add(rx + " " + s.what());
            if (!s.ok()) bad.add(rx + " " + s.what());
        }
        boolean held = bad.isEmpty();
        return new Outcome(e, held, e.describe(), String.join("; ", held ? all : bad), step);
    }

    private <T extends ScenarioEvent> List<T> of(Class<T> type, String rx) {
        return events.stream().filter(type::isInstance).map(type::cast).filter(ev -> ev.receiver().equals(rx)).toList();
    }

    private static boolean matches(String itemId, String item) {
        return itemId.equals(item) || itemId.startsWith(item + "@");
    }

    private static String t(Duration d) {
        return ScenarioTime.format(d);
    }

    private Seen registered(Expectation.Registered r, String rx) {
        List<ScenarioEvent.Registration> regs = of(ScenarioEvent.Registration.class, rx);
        Optional<ScenarioEvent.Registration> first = regs.stream().filter(x -> x.outcome().equals("registered")).findFirst();
        if (first.isEmpty()) {
            return new Seen(false, "never registered" + lastFailure(regs));
        }
        Duration after = first.get().at().minus(stationStart);
        return new Seen(after.compareTo(r.within()) <= 0, "registered " + t(after) + " after the station's start");
    }

    private static String lastFailure(List<ScenarioEvent.Registration> regs) {
        return regs.stream().filter(x -> x.outcome().equals("failed")).reduce((a, b) -> b)
                .map(f -> " (last attempt " + f.failure() + ": " + f.detail() + ")").orElse(" (no attempt failed either)");
    }

    private Seen notRegistered(Expectation.NotRegistered n, String rx) {
        List<ScenarioEvent.Registration> regs = of(ScenarioEvent.Registration.class, rx);
        Optional<ScenarioEvent.Registration> reg = regs.stream().filter(x -> x.outcome().equals("registered")).findFirst();
        if (reg.isPresent()) return new Seen(false, "registered at " + t(reg.get().at()));
        long failures = regs.stream().filter(x -> x.outcome().equals("failed")).count();
        if (n.failure().isPresent()) {
            Optional<ScenarioEvent.Registration> f = regs.stream()
                    .filter(x -> x.outcome().equals("failed") && x.failure().equals(n.failure().get())).findFirst();
            if (f.isEmpty()) {
                return new Seen(false, "not registered, but no attempt failed with " + n.failure().get()
                        + (failures == 0 ? " (no failed attempt seen)" : lastFailure(regs)));
            }
            return new Seen(true, "not registered; " + failures + " attempt(s) failed, first " + f.get().failure() + " at "
                    + t(f.get().at()) + ": " + f.get().detail());
        }
        return new Seen(true, "not registered (" + failures + " failed attempt(s))");
    }

    private Seen aired(Expectation.Aired a, String rx) {
        Optional<ScenarioEvent.ItemStarted> started = of(ScenarioEvent.ItemStarted.class, rx).stream()
                .filter(x -> matches(x.itemId(), a.item())).findFirst();
        Optional<ScenarioEvent.ItemEnded> ended = of(ScenarioEvent.ItemEnded.class, rx).stream()
                .filter(x -> matches(x.itemId(), a.item())).reduce((x, y) -> y);
        StringBuilder what = new StringBuilder();
        boolean ok = true;
        Optional<Duration> ref = referenceTime(a.item());
        if (started.isPresent()) {
            what.append("first audible at ").append(t(started.get().at()));
            if (ref.isPresent()) {
                Duration late = started.get().at().minus(ref.get());
                what.append(" (").append(t(late)).append(" after being ").append(refWord(a.item())).append(")");
                if (a.startedWithin().isPresent() && late.compareTo(a.startedWithin().get()) > 0) ok = false;
            }
        } else {
            what.append("never audible");
            if (a.startedWithin().isPresent() || !a.result().equals("refused") && !a.result().equals("failed")) ok = false;
        }
        if (ended.isPresent()) {
            ItemResult r = ended.get().result();
            what.append(", ended ").append(r.describe()).append(" at ").append(t(ended.get().at()));
            if (!r.code().equals(a.result())) ok = false;
        } else {
            what.append(started.isPresent() ? ", still on air at the end" : ", never ended (not received?)");
            ok = false;
        }
        return new Seen(ok, what.toString());
    }

    private Seen notAired(Expectation.NotAired n, String rx) {
        Optional<ScenarioEvent.ItemStarted> started = of(ScenarioEvent.ItemStarted.class, rx).stream()
                .filter(x -> matches(x.itemId(), n.item())).findFirst();
        if (started.isPresent()) return new Seen(false, "audible at " + t(started.get().at()));
        Optional<ScenarioEvent.ItemEnded> ended = of(ScenarioEvent.ItemEnded.class, rx).stream()
                .filter(x -> matches(x.itemId(), n.item())).reduce((x, y) -> y);
        return new Seen(true, "never audible" + ended.map(x -> " (" + x.result().describe() + ")").orElse(""));
    }

    private Seen preempted(Expectation.Preempted p, String rx) {
        Optional<Duration> cut = of(ScenarioEvent.ItemInterrupted.class, rx).stream()
                .filter(x -> matches(x.itemId(), p.item()) && matches(x.by(), p.by())).map(ScenarioEvent::at).findFirst();
        if (cut.isEmpty()) {
            cut = of(ScenarioEvent.ItemEnded.class, rx).stream()
                    .filter(x -> matches(x.itemId(), p.item()) && x.result() instanceof ItemResult.Preempted pr && matches(pr.byItemId(), p.by()))
                    .map(ScenarioEvent::at).findFirst();
        }
        if (cut.isPresent()) return new Seen(true, "'" + p.item() + "' cut off by '" + p.by() + "' at " + t(cut.get()));
        List<String> seen = new ArrayList<>();
        of(ScenarioEvent.ItemInterrupted.class, rx).stream().filter(x -> matches(x.itemId(), p.item()))
                .forEach(x -> seen.add("interrupted by '" + x.by() + "' at " + t(x.at())));
        of(ScenarioEvent.ItemEnded.class, rx).stream().filter(x -> matches(x.itemId(), p.item()))
                .forEach(x -> seen.add("ended " + x.result().describe() + " at " + t(x.at())));
        boolean started = of(ScenarioEvent.ItemStarted.class, rx).stream().anyMatch(x -> matches(x.itemId(), p.item()));
        return new Seen(false, "'" + p.item() + "' was not cut off by '" + p.by() + "'"
                + (seen.isEmpty() ? (started ? " (it played, nothing interrupted it)" : " (it was never audible)") : " (" + String.join(", ", seen) + ")"));
    }

    private Seen amplifier(Expectation.AmplifierState a, String rx) {
        List<ScenarioEvent.AmplifierTransition> ts = of(ScenarioEvent.AmplifierTransition.class, rx);
        Duration until = a.within().map(a.after()::plus).orElse(null);
        Optional<ScenarioEvent.AmplifierTransition> hit = ts.stream()
                .filter(x -> x.to() == a.state() && x.at().compareTo(a.after()) >= 0 && (until == null || x.at().compareTo(until) <= 0))
                .findFirst();
        if (hit.isPresent()) {
            return new Seen(true, "amplifier " + a.state() + " at " + t(hit.get().at()) + " (" + hit.get().reason() + ")");
        }
        List<String> after = ts.stream().filter(x -> x.at().compareTo(a.after()) >= 0)
                .map(x -> x.to() + " at " + t(x.at())).toList();
        return new Seen(false, "amplifier never " + a.state() + " in that window; transitions from " + t(a.after()) + ": "
                + (after.isEmpty() ? "none" : String.join(", ", after)));
    }

    private Seen update(Expectation.UpdateResult u, String rx) {
        Optional<ScenarioEvent.UpdateOutcome> last = of(ScenarioEvent.UpdateOutcome.class, rx).stream().reduce((x, y) -> y);
        if (last.isEmpty()) return new Seen(false, "no update outcome reported");
        ScenarioEvent.UpdateOutcome o = last.get();
        boolean ok = o.result().equals(u.result()) && u.version().map(v -> v.equals(o.version())).orElse(true);
        return new Seen(ok, "update result " + o.result() + " at " + t(o.at()) + ", running version " + o.version()
                + (o.detail().isEmpty() ? "" : " (" + o.detail() + ")"));
    }

    private Seen noUnderruns(String rx) {
        List<String> bad = of(ScenarioEvent.ItemEnded.class, rx).stream().filter(x -> x.underruns() > 0)
                .map(x -> "'" + x.itemId() + "' " + x.underruns()).toList();
        int items = of(ScenarioEvent.ItemEnded.class, rx).size();
        return bad.isEmpty() ? new Seen(true, "no underrun in " + items + " item(s)")
                : new Seen(false, "underruns: " + String.join(", ", bad));
    }

    private Seen diagnosed(Expectation.Diagnosed d, String rx) {
        Optional<ScenarioEvent.Diagnosed> last = of(ScenarioEvent.Diagnosed.class, rx).stream().reduce((x, y) -> y);
        if (last.isEmpty()) return new Seen(false, "no self-test was run");
        DiagnoseReport report = last.get().report();
        Optional<DiagnoseReport.Entry> entry = report.entries().stream().filter(x -> x.check().equals(d.check())).findFirst();
        if (entry.isEmpty()) {
            return new Seen(false, "the self-test at " + t(last.get().at()) + " has no check '" + d.check() + "' (checks: "
                    + String.join(", ", report.entries().stream().map(DiagnoseReport.Entry::check).toList()) + ")");
        }
        var r = entry.get().result();
        return new Seen(r.status() == d.status(), d.check() + " " + r.status() + " at " + t(last.get().at()) + ": " + r.detail());
    }

    /** The fire step's actual time, or the schedule entry's due time, of {@code item}. */
    private Optional<Duration> referenceTime(String item) {
        for (StepRecord r : steps) {
            if (r.step() instanceof Step.Fire f && f.id().equals(item)) return Optional.of(r.ranAt());
        }
        for (Step s : scenario.steps()) {
            if (s instanceof Step.Schedule sc && sc.id().equals(item)) return Optional.of(sc.due());
        }
        return Optional.empty();
    }

    private String refWord(String item) {
        return scenario.steps().stream().anyMatch(s -> s instanceof Step.Schedule sc && sc.id().equals(item)) ? "due" : "fired";
    }

    private String itemStep(String item) {
        return scenario.steps().stream().filter(s -> s instanceof Step.Fire f && f.id().equals(item)
                        || s instanceof Step.Schedule sc && sc.id().equals(item))
                .findFirst().map(s -> s.where() + " (" + s.describe() + ")").orElse("none");
    }

    private String stepAtOrBefore(Duration at) {
        return scenario.steps().stream().filter(s -> s.at().compareTo(at) <= 0 && !(s instanceof Step.Wait)).reduce((a, b) -> b)
                .map(s -> s.where() + " (" + s.describe() + ")").orElse("station start");
    }

    private String stepOfKind(Class<? extends Step> kind) {
        return scenario.steps().stream().filter(kind::isInstance).reduce((a, b) -> b)
                .map(s -> s.where() + " (" + s.describe() + ")").orElse("end of scenario");
    }
}
