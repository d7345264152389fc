package vn.loa.testbench.scenario;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import vn.loa.agent.diagnose.DiagnoseReport;

/**
 * What a scenario run showed: every step as it ran, every event per receiver, and the verdict on every
 * expectation. Immutable. {@link #toJson()} is the report file's form (documented in {@code docs/testbench.md});
 * {@link #failures()} are the lines printed when it did not pass.
 *
 * @param startedAt    the machine's wall time at the scenario's start (its steps' time zero)
 * @param stationTime  the station's local date and time then (see {@link RehearsalClock})
 * @param stationStart when the station was started, relative to the scenario's start (zero or negative)
 * @param length       how long the scenario ran after its start
 */
public record ScenarioReport(Scenario scenario, Instant startedAt, LocalDateTime stationTime, Duration stationStart, Duration length,
                             List<StepRecord> steps, List<ScenarioEvent> events, List<Outcome> outcomes) {

    public ScenarioReport {
        Objects.requireNonNull(scenario);
        Objects.requireNonNull(startedAt);
        Objects.requireNonNull(stationTime);
        steps = List.copyOf(steps);
        events = List.copyOf(events);
        outcomes = List.copyOf(outcomes);
    }

    /** True when every expectation held. */
    public boolean passed() {
        return outcomes.stream().allMatch(Outcome::held);
    }

    /** One line per failed expectation (empty when it passed). */
    public List<String> failures() {
        return outcomes.stream().filter(o -> !o.held()).map(Outcome::line).toList();
    }

    /** The closing line: {@code scenario amplifier-fault: PASSED (4 expectations held) in 12.30s}. */
    public String summary() {
        long failed = outcomes.stream().filter(o -> !o.held()).count();
        return "scenario " + scenario.name() + ": " + (failed == 0 ? "PASSED (" + outcomes.size() + " expectation(s) held)"
                : "FAILED (" + failed + " of " + outcomes.size() + " expectation(s) failed)") + " in " + ScenarioTime.format(length);
    }

    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, toJson() + "\n", StandardCharsets.UTF_8);
    }

    public String toJson() {
        try {
            return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT, JSON.Feature.WRITE_NULL_PROPERTIES).asString(toMap());
        } catch (IOException e) {
            throw new IllegalStateException("the report cannot be written as JSON", e);
        }
    }

    /** The report as plain maps and lists (what {@link #toJson()} writes). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", scenario.name());
        m.put("description", scenario.description());
        m.put("file", scenario.source());
        m.put("passed", passed());
        m.put("startedAt", startedAt.toString());
        m.put("stationTimeAtStart", stationTime.toString());
        m.put("stationStartSeconds", ScenarioTime.seconds(stationStart));
        m.put("lengthSeconds", ScenarioTime.seconds(length));
        Map<String, Object> rx = new LinkedHashMap<>();
        for (ReceiverSpec r : scenario.receivers()) rx.put(r.name(), receiver(r));
        m.put("receivers", rx);
        List<Object> st = new ArrayList<>();
        for (StepRecord s : steps) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("step", s.step().index());
            x.put("do", s.step().word());
            x.put("atSeconds", ScenarioTime.seconds(s.step().at()));
            x.put("ranAtSeconds", ScenarioTime.seconds(s.ranAt()));
            x.put("what", s.step().describe());
            x.put("refused", s.refused());
            x.put("outcome", s.outcome());
            st.add(x);
        }
        m.put("steps", st);
        List<Object> ex = new ArrayList<>();
        for (Outcome o : outcomes) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("expect", o.expectation().index());
            x.put("kind", o.expectation().word());
            x.put("receivers", o.expectation().receivers());
            x.put("held", o.held());
            x.put("expected", o.expected());
            x.put("actual", o.actual());
            x.put("step", o.step());
            ex.add(x);
        }
        m.put("expectations", ex);
        return m;
    }

    private Map<String, Object> receiver(ReceiverSpec r) {
        String name = r.name();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wrongPsk", r.wrongPsk());
        List<Object> reg = new ArrayList<>();
        Double registeredAt = null;
        Map<String, Map<String, Object>> items = new LinkedHashMap<>();
        List<Object> amp = new ArrayList<>();
        List<Object> faults = new ArrayList<>();
        List<Object> updates = new ArrayList<>();
        List<Object> diagnose = new ArrayList<>();
        long underruns = 0;
        for (ScenarioEvent e : events) {
            if (!e.receiver().equals(name)) continue;
            double at = ScenarioTime.seconds(e.at());
            switch (e) {
                case ScenarioEvent.Registration g -> {
                    reg.add(map("atSeconds", at, "outcome", g.outcome(), "failure", g.failure(), "detail", g.detail()));
                    if (registeredAt == null && g.outcome().equals("registered")) registeredAt = at;
                }
                case ScenarioEvent.ItemQueued q -> item(items, q.itemId(), q.level().lower()).putIfAbsent("queuedAtSeconds", at);
                case ScenarioEvent.ItemStarted s -> item(items, s.itemId(), s.level().lower()).putIfAbsent("startedAtSeconds", at);
                case ScenarioEvent.ItemInterrupted i -> {
                    @SuppressWarnings("unchecked")
                    List<Object> cuts = (List<Object>) item(items, i.itemId(), null).computeIfAbsent("interruptions", k -> new ArrayList<>());
                    cuts.add(map("atSeconds", at, "by", i.by()));
                }
                case ScenarioEvent.ItemEnded d -> {
                    Map<String, Object> it = item(items, d.itemId(), d.level().lower());
                    it.put("endedAtSeconds", at);
                    it.put("result", d.result().code());
                    it.put("detail", d.result().describe());
                    it.put("airtimeSeconds", ScenarioTime.seconds(d.airtime()));
                    it.put("underruns", d.underruns());
                    underruns += d.underruns();
                }
                case ScenarioEvent.AmplifierTransition a ->
                        amp.add(map("atSeconds", at, "from", a.from().name(), "to", a.to().name(), "reason", a.reason()));
                case ScenarioEvent.Fault f -> faults.add(map("atSeconds", at, "fault", f.fault(), "active", f.active(), "detail", f.detail()));
                case ScenarioEvent.UpdateOutcome u ->
                        updates.add(map("atSeconds", at, "result", u.result(), "version", u.version(), "detail", u.detail()));
                case ScenarioEvent.Diagnosed g -> {
                    List<Object> checks = new ArrayList<>();
                    for (DiagnoseReport.Entry x : g.report().entries()) {
                        checks.add(map("check", x.check(), "status", x.result().status().name(), "detail", x.result().detail(),
                                "cause", x.result().cause(), "remedy", x.result().remedy()));
                    }
                    diagnose.add(map("atSeconds", at, "worst", g.report().worst().name(), "checks", checks));
                }
            }
        }
        m.put("registeredAtSeconds", registeredAt);
        m.put("registration", reg);
        m.put("items", new ArrayList<>(items.values()));
        m.put("amplifier", amp);
        m.put("underruns", underruns);
        m.put("faults", faults);
        m.put("updates", updates);
        m.put("diagnose", diagnose);
        return m;
    }

    private static Map<String, Object> item(Map<String, Map<String, Object>> items, String id, String level) {
        Map<String, Object> it = items.computeIfAbsent(id, k -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", id);
            return x;
        });
        if (level != null) it.putIfAbsent("level", level);
        return it;
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
