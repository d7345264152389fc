package vn.loa.testbench.diagnose;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import vn.loa.agent.cli.Args;
import vn.loa.agent.cli.Command;
import vn.loa.agent.diagnose.Check;
import vn.loa.agent.diagnose.ClockCheck;
import vn.loa.agent.diagnose.ConfigCheck;
import vn.loa.agent.diagnose.DiagnoseReport;
import vn.loa.agent.diagnose.Diagnostics;
import vn.loa.agent.diagnose.DiskSpaceCheck;
import vn.loa.agent.diagnose.ServerReachableCheck;
import vn.loa.hal.time.Clock;

/**
 * {@code ./loa diagnose}: runs the receiver's self-tests and prints one line per check with, for each
 * warning or failure, the likely cause and what to do; the exit code is the worst result.
 */
public final class DiagnoseCommand implements Command {

    private final Clock clock;

    /** Uses the machine's clock. */
    public DiagnoseCommand() {
        this(Clock.system(Clock.VIETNAM));
    }

    /** With a given clock (tests). */
    public DiagnoseCommand(Clock clock) {
        this.clock = clock;
    }

    @Override public String name() {
        return "diagnose";
    }

    @Override public String summary() {
        return "self-test a receiver (or a simulated one) and say what is wrong and what to do";
    }

    @Override public String help() {
        return """
                Usage: ./loa diagnose [--json] [--config FILE] [--data DIR] [--server HOST:PORT] [--tcp]
                                      [--timeout SECONDS]
                       ./loa diagnose --simulated [--fault NAME]... [--json]

                Runs the receiver's self-tests, one line each:
                  PASS config     /etc/loa/config.json is valid
                  FAIL disk       12 MB free on /var/lib/loa, less than 50 MB: the disk is full ... -> what to do
                Each warning or failure names the likely cause and what to do next.

                Options:
                  --json             print the report as JSON instead of lines
                  --config FILE      the receiver's config (default /etc/loa/config.json)
                  --data DIR         the receiver's data directory (default /var/lib/loa)
                  --server HOST:PORT also check that the headend is reachable (DNS, route, port; UDP unless --tcp)
                  --tcp              probe the server over TCP (HTTP content server) instead of UDP (CoAP/DTLS)
                  --timeout SECONDS  longest one check may take (default 10)
                  --simulated        diagnose a simulated receiver instead of this machine
                  --fault NAME       with --simulated: stage a fault, may repeat. Names: %s

                Exit code: 0 all passed, 3 warnings only, 1 at least one failure, 2 usage error.
                """.formatted(Fault.names());
    }

    @Override public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of("config", "data", "server", "fault", "timeout"), Set.of("json", "simulated", "tcp"));
        if (!a.positional().isEmpty()) throw new Args.UsageException("unexpected argument '" + a.positional().get(0) + "'");
        int timeout = a.intValue("timeout", 10, 1, 600);
        boolean simulated = a.flag("simulated");
        Set<Fault> faults = EnumSet.noneOf(Fault.class);
        for (String f : a.all("fault")) {
            try {
                faults.add(Fault.parse(f));
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException(e.getMessage());
            }
        }
        if (!faults.isEmpty() && !simulated) {
            throw new Args.UsageException("--fault stages a fault on the simulated receiver; add --simulated");
        }
        if (simulated && (a.value("config").isPresent() || a.value("data").isPresent() || a.value("server").isPresent())) {
            throw new Args.UsageException("--simulated diagnoses a simulated receiver; --config, --data and --server are for this machine");
        }
        Instant built = ClockCheck.buildTimeOf(DiagnoseCommand.class);
        Diagnostics diagnostics = new Diagnostics(clock, Duration.ofSeconds(timeout));
        DiagnoseReport report;
        String receiver;
        if (simulated) {
            Path dir = Files.createTempDirectory("loa-diagnose-");
            try {
                report = diagnostics.run(SimulatedReceiverChecks.create(dir, faults, clock.now(), built));
            } finally {
                deleteTree(dir);
            }
            receiver = "simulated receiver" + (faults.isEmpty() ? "" : " (faults: "
                    + String.join(", ", faults.stream().map(Fault::word).toList()) + ")");
        } else {
            report = diagnostics.run(deviceChecks(a, built));
            receiver = "this machine";
        }
        out.print(a.flag("json") ? DiagnoseOutput.json(report, receiver) + "\n"
                : DiagnoseOutput.text(report, "Loa diagnose: " + receiver));
        return report.exitCode();
    }

    private List<Check> deviceChecks(Args a, Instant built) throws Args.UsageException {
        Path config = Path.of(a.value("config", "/etc/loa/config.json"));
        Path data = Path.of(a.value("data", "/var/lib/loa"));
        List<Check> checks = new ArrayList<>(List.of(
                new ConfigCheck("config", config, ConfigCheck.anyObject(), "provision the receiver again"),
                new DiskSpaceCheck(data, DiskSpaceCheck.FreeSpace.SYSTEM, DiskSpaceCheck.DEFAULT_WARN_BYTES,
                        DiskSpaceCheck.DEFAULT_FAIL_BYTES),
                new ClockCheck(clock, built, ClockCheck.TimeSync.TIMEDATECTL)));
        if (a.value("server").isPresent()) {
            String s = a.value("server").get();
            int colon = s.lastIndexOf(':');
            int port = -1;
            try {
                port = colon > 0 ? Integer.parseInt(s.substring(colon + 1)) : -1;
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new Args.UsageException("--server expects HOST:PORT (port 1..65535) but was '" + s + "'");
            }
            String host = s.substring(0, colon).replace("[", "").replace("]", "");
            checks.add(new ServerReachableCheck(host, port,
                    a.flag("tcp") ? ServerReachableCheck.Transport.TCP : ServerReachableCheck.Transport.UDP,
                    ServerReachableCheck.Resolver.SYSTEM, ServerReachableCheck.Prober.SYSTEM, Duration.ofSeconds(3)));
        }
        return checks;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
