package vn.loa.testbench.scenario;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import vn.loa.agent.cli.Command;
import vn.loa.agent.runtime.LogSetup;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.time.Clock;

/**
 * {@code ./loa sim --scenario FILE [--report OUT.json]}: reads the scenario (every problem listed with file, JSON
 * path and reason), runs it without a console, writes the report, prints each step and then one line per failed
 * expectation. Exit codes: {@link #PASSED} every expectation held, {@link #FAILED} at least one did not,
 * {@link #INVALID} the scenario file is unusable, {@link #NOT_RUN} the station could not be started or the run did
 * not finish.
 */
public final class ScenarioCli {

    public static final int PASSED = Command.OK;
    public static final int FAILED = Command.FAILED;
    public static final int INVALID = Command.USAGE;
    public static final int NOT_RUN = 3;

    /** What {@code ./loa sim --help} says about scenarios. */
    public static final String HELP = """
              --scenario FILE   run a scripted scenario (see docs/testbench.md) with no console, then exit:
                                0 every expectation held, 1 one failed (each printed on one line),
                                2 the scenario file is not valid, 3 the station could not run it
              --report FILE     with --scenario: write the JSON report there (default: in the run's folder,
                                DATA/scenarios/NAME-YYYYMMDD-HHMMSS/report.json, beside its logs and captures)
            """;

    private static final DateTimeFormatter RUN_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final ScenarioStation.Factory factory;
    private final boolean configureLogs;
    private final Clock clock = Clock.system(Clock.VIETNAM);

    /** Runs scenarios on {@code factory}'s stations; leaves the process's logging as it is. */
    public ScenarioCli(ScenarioStation.Factory factory) {
        this(factory, false);
    }

    private ScenarioCli(ScenarioStation.Factory factory, boolean configureLogs) {
        this.factory = factory;
        this.configureLogs = configureLogs;
    }

    /**
     * What {@code ./loa sim --scenario} runs: the simulated station ({@link SimScenarioStation}), the agent's log
     * lines going to {@code DATA/logs} only (the console shows the steps and the verdicts).
     */
    public static ScenarioCli simulated() {
        return new ScenarioCli(SimScenarioStation::open, true);
    }

    /**
     * Runs {@code scenarioFile} in a new folder {@code DATA/scenarios/NAME-YYYYMMDD-HHMMSS} (so no state of an earlier
     * run, such as a schedule entry, can play into it); the report goes to {@code reportFile} or into that folder.
     */
    public int run(Path scenarioFile, Path reportFile, Path data, PrintStream out, PrintStream err) {
        Scenario scenario;
        try {
            scenario = new ScenarioParser().read(scenarioFile);
        } catch (ConfigException e) {
            err.println("scenario " + scenarioFile + " is not valid; nothing was run:");
            e.problems().forEach(p -> err.println("  " + p));
            return INVALID;
        }
        Path dataDir = data.resolve("scenarios").resolve(scenario.name() + "-" + RUN_STAMP.format(LocalDateTime.ofInstant(clock.now(), clock.zone())));
        Path report = reportFile != null ? reportFile : dataDir.resolve("report.json");
        out.println("scenario " + scenario.name() + " in " + dataDir + ": " + scenario.receivers().size() + " receiver(s), " + scenario.steps().size()
                + " step(s), " + scenario.expectations().size() + " expectation(s), about " + ScenarioTime.format(scenario.length())
                + " after the receivers register");
        ScenarioReport r;
        try {
            Files.createDirectories(dataDir);
            if (configureLogs) LogSetup.configure(dataDir.resolve("logs"), "info", false);
            r = new ScenarioRunner(factory).run(scenario, dataDir);
        } catch (Exception e) {
            err.println("scenario " + scenario.name() + " could not be run: " + e.getMessage());
            return NOT_RUN;
        }
        for (StepRecord s : r.steps()) {
            out.println("  " + s.step().where() + " (ran at " + ScenarioTime.format(s.ranAt()) + ") " + s.step().describe() + ": "
                    + s.outcome());
        }
        try {
            r.write(report);
            out.println("report: " + report.toAbsolutePath());
        } catch (Exception e) {
            err.println("the report could not be written to " + report + ": " + e.getMessage());
        }
        for (Outcome o : r.outcomes()) (o.held() ? out : err).println(o.line());
        out.println(r.summary());
        return r.passed() ? PASSED : FAILED;
    }
}
