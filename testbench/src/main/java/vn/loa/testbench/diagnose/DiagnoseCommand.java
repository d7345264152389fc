package vn.loa.testbench.diagnose;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import vn.loa.agent.cli.Args;
import vn.loa.agent.cli.Command;
import vn.loa.agent.diagnose.ClockCheck;
import vn.loa.agent.diagnose.DeviceDiagnoseCommand;
import vn.loa.agent.diagnose.DiagnoseOutput;
import vn.loa.agent.diagnose.DiagnoseReport;
import vn.loa.agent.diagnose.Diagnostics;
import vn.loa.agent.runtime.LogSetup;
import vn.loa.hal.time.Clock;

/**
 * {@code ./loa diagnose}: on this machine the receiver's own {@code loa diagnose} ({@link DeviceDiagnoseCommand});
 * with {@code --simulated} the same checks against a simulated receiver, with {@code --fault NAME} staged to
 * rehearse what the report says. One line per check with, for each warning or failure, the likely cause and what
 * to do; the exit code is the worst result.
 */
public final class DiagnoseCommand implements Command {

    private final Clock clock;
    private final DeviceDiagnoseCommand device;

    /** Uses the machine's clock. */
    public DiagnoseCommand() {
        this(Clock.system(Clock.VIETNAM), new DeviceDiagnoseCommand());
    }

    /**
     * With a given clock for the simulated receiver and the device command to run without {@code --simulated}
     * (tests); logs are silenced only when {@code device} silences them.
     */
    public DiagnoseCommand(Clock clock, DeviceDiagnoseCommand device) {
        this.clock = clock;
        this.device = device;
    }

    @Override public String name() {
        return "diagnose";
    }

    @Override public String summary() {
        return "self-test a receiver (or a simulated one, with staged faults) and say what is wrong and what to do";
    }

    @Override public String help() {
        return device.help().replace("Usage: loa diagnose", "Usage: ./loa diagnose").replace("Runs the receiver's",
                "       ./loa diagnose --simulated [--fault NAME]... [--json]\n\nRuns the receiver's") + """

                Rehearsal on a simulated receiver (the same checks, the faults staged where they happen on a device):
                  --simulated        diagnose a simulated receiver instead of this machine
                  --fault NAME       with --simulated: stage a fault, may repeat. Names: %s
                """.formatted(Fault.names());
    }

    @Override public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        if (!argv.contains("--simulated")) {
            if (argv.stream().anyMatch(s -> s.equals("--fault") || s.startsWith("--fault="))) {
                throw new Args.UsageException("--fault stages a fault on the simulated receiver; add --simulated");
            }
            return device.run(argv, out, err);
        }
        Args a = Args.parse(argv, Set.of("config", "data", "server", "stream", "fault", "timeout"), Set.of("json", "simulated", "tcp"));
        if (device.silencesLogs()) LogSetup.silence();
        if (!a.positional().isEmpty()) throw new Args.UsageException("unexpected argument '" + a.positional().get(0) + "'");
        int timeout = a.intValue("timeout", 10, 1, 600);
        Set<Fault> faults = EnumSet.noneOf(Fault.class);
        for (String f : a.all("fault")) {
            try {
                faults.add(Fault.parse(f));
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException(e.getMessage());
            }
        }
        if (a.value("config").isPresent() || a.value("data").isPresent() || a.value("server").isPresent()
                || a.value("stream").isPresent()) {
            throw new Args.UsageException("--simulated diagnoses a simulated receiver; --config, --data, --server and "
                    + "--stream are for this machine");
        }
        Instant built = ClockCheck.buildTimeOf(DiagnoseCommand.class);
        Diagnostics diagnostics = new Diagnostics(clock, Duration.ofSeconds(timeout));
        DiagnoseReport report;
        Path dir = Files.createTempDirectory("loa-diagnose-");
        try (SimulatedReceiverChecks sim = SimulatedReceiverChecks.open(dir, faults, clock.now(), built)) {
            report = diagnostics.run(sim.checks());
        } finally {
            deleteTree(dir);
        }
        String receiver = "simulated receiver" + (faults.isEmpty() ? "" : " (faults: "
                + String.join(", ", faults.stream().map(Fault::word).toList()) + ")");
        out.print(a.flag("json") ? DiagnoseOutput.json(report, receiver) + "\n"
                : DiagnoseOutput.text(report, "Loa diagnose: " + receiver));
        return report.exitCode();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
