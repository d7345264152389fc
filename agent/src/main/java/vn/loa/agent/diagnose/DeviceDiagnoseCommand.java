package vn.loa.agent.diagnose;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import vn.loa.agent.cli.Args;
import vn.loa.agent.cli.Command;
import vn.loa.agent.config.LoaConfig;
import vn.loa.agent.lwm2m.ConnectionCheck;
import vn.loa.agent.lwm2m.Lwm2mConfig;
import vn.loa.agent.lwm2m.Lwm2mSecrets;
import vn.loa.agent.runtime.LogSetup;
import vn.loa.agent.runtime.RunCommand;
import vn.loa.hal.Boards;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.LoopScheduler;
import vn.loa.ota.launcher.SlotLayout;

/**
 * {@code loa diagnose} on a receiver: config, board and GPIO lines, amplifier fault inputs, mains, door, sound card
 * and a test tone, clock, disk and cache, the server (reachable, DTLS handshake, registered) when the {@code lwm2m}
 * section is configured, the last update's result and recent underruns; then the safe state. One line per check;
 * exit code the worst result. Nothing is powered: the amplifiers stay off and the board ends in its safe state.
 */
public final class DeviceDiagnoseCommand implements Command {

    /** What the command touches outside the JVM; {@link #SYSTEM} on a device, replaced in tests. */
    public record Seams(Clock clock, ClockCheck.TimeSync timeSync, BoardChecks.Opener opener,
                        ConnectionCheck.Resolver resolver, DiskSpaceCheck.FreeSpace freeSpace) {
    }

    public static final Seams SYSTEM = new Seams(Clock.system(Clock.VIETNAM), ClockCheck.TimeSync.TIMEDATECTL, Boards::open,
            ConnectionCheck.Resolver.SYSTEM, DiskSpaceCheck.FreeSpace.SYSTEM);

    private final Seams seams;
    private final boolean silenceLogs;

    /** On a device: the real seams, and no log lines mixed into the report. */
    public DeviceDiagnoseCommand() {
        this(SYSTEM, true);
    }

    /** With given seams (tests); logging is left as the caller set it up. */
    public DeviceDiagnoseCommand(Seams seams) {
        this(seams, false);
    }

    private DeviceDiagnoseCommand(Seams seams, boolean silenceLogs) {
        this.seams = seams;
        this.silenceLogs = silenceLogs;
    }

    /** Whether this command silences logging before it runs (the device's and {@code ./loa}'s instance do). */
    public boolean silencesLogs() {
        return silenceLogs;
    }

    @Override public String name() {
        return "diagnose";
    }

    @Override public String summary() {
        return "self-test this receiver and say what is wrong and what to do";
    }

    @Override public String help() {
        return """
                Usage: loa diagnose [--json] [--config FILE] [--data DIR] [--server HOST:PORT [--tcp]] [--stream URL]
                                    [--timeout SECONDS]

                Runs the receiver's self-tests, one line each, e.g.
                  PASS config     /etc/loa/loa.json is valid
                  FAIL dtls       DTLS handshake with coaps://... rejected (...): likely a wrong PSK identity or key -> ...
                Each warning or failure names the likely cause and what to do next. Checks: config, board (profile
                and GPIO lines), amplifier (fault inputs), mains, tamper, sound, tone, clock, disk, cache, server,
                dtls and registered (with an lwm2m section), stream (with --stream), update, underruns, safe-state.
                Nothing is powered: the amplifier relays are never switched on, and the board ends in its safe state.

                Options:
                  --json             print the report as JSON instead of lines
                  --config FILE      the receiver's loa.json (default %s)
                  --data DIR         the data folder (default: paths.data of the config, else /var/lib/loa)
                  --server HOST:PORT check that this server is reachable (default: the lwm2m server when configured)
                  --tcp              probe --server over TCP (HTTP content server) instead of UDP (CoAP/DTLS)
                  --stream URL       also check that this audio stream delivers
                  --timeout SECONDS  longest one check may take (default 10)

                Exit code: 0 all passed, 3 warnings only, 1 at least one failure, 2 usage error.
                """.formatted(RunCommand.DEFAULT_CONFIG);
    }

    @Override public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of("config", "data", "server", "stream", "timeout"), Set.of("json", "tcp"));
        if (silenceLogs) LogSetup.silence();
        if (!a.positional().isEmpty()) throw new Args.UsageException("unexpected argument '" + a.positional().get(0) + "'");
        int timeout = a.intValue("timeout", 10, 1, 600);
        Optional<ServerReachableCheck> server = serverOption(a);
        Optional<URI> stream = a.value("stream").map(s -> URI.create(s));
        Path configFile = Path.of(a.value("config", RunCommand.DEFAULT_CONFIG.toString()));
        Optional<Path> dataOverride = a.value("data").map(Path::of);

        List<Check> checks = new ArrayList<>();
        LoaConfig config;
        try {
            config = LoaConfig.load(configFile, LoaConfig.DEVICE_DATA);
            checks.add(Check.of("config", () -> CheckResult.pass(configFile + " is valid")));
        } catch (ConfigException e) {
            CheckResult bad = new ConfigCheck("config", configFile, n -> e.problems().isEmpty() ? List.of(e.getMessage())
                    : e.problems(), "provision the receiver again ('loa provision'), or write " + configFile).run();
            checks.add(Check.of("config", () -> bad));
            config = LoaConfig.defaults(LoaConfig.DEVICE_DATA, "raspberry-pi-4");
        }
        if (dataOverride.isPresent()) config = config.withData(dataOverride.get());
        LoaConfig c = config;

        try (LoopScheduler loop = new LoopScheduler(seams.clock(), "loa-diagnose");
             BoardChecks board = new BoardChecks(c.board().profile(), seams.opener(), loop)) {
            checks.add(new ServiceCheck(new vn.loa.agent.store.AudioSettingsStore(vn.loa.agent.store.RealDisk.INSTANCE,
                    c.store().audioSettingsFile())));
            checks.add(new SourcesCheck(c.audio().http().allow(), c.board().profile().equals(LoaConfig.NOSEC_BOARD)));
            checks.addAll(board.checks());
            checks.add(Check.of("sound", () -> board.profile()
                    .map(p -> new SoundCardCheck(p.board(), c.audio().device()).run())
                    .orElseGet(() -> CheckResult.warn("sound card not checked: the board profile did not load",
                            "see the 'board' line", "fix what the 'board' line names first"))));
            checks.add(Check.of("tone", () -> board.profile().map(p -> tone(p.board(), c))
                    .orElseGet(() -> CheckResult.warn("test tone not played: the board profile did not load",
                            "see the 'board' line", "fix what the 'board' line names first"))));
            checks.add(new ClockCheck(seams.clock(), ClockCheck.buildTimeOf(DeviceDiagnoseCommand.class), seams.timeSync()));
            checks.add(new DiskSpaceCheck(c.paths().data(), seams.freeSpace(), DiskSpaceCheck.DEFAULT_WARN_BYTES,
                    DiskSpaceCheck.DEFAULT_FAIL_BYTES));
            checks.add(new CacheIntegrityCheck(c.store().cacheDir()));
            if (server.isPresent()) {
                checks.add(server.get());
            } else if (c.lwm2m().isPresent()) {
                URI u = c.lwm2m().get().serverUri();
                checks.add(new ServerReachableCheck(u.getHost(), u.getPort() > 0 ? u.getPort() : 5684,
                        ServerReachableCheck.Transport.UDP, ServerReachableCheck.Resolver.SYSTEM,
                        ServerReachableCheck.Prober.SYSTEM, Duration.ofSeconds(3)));
            }
            c.lwm2m().ifPresent(l -> checks.addAll(lwm2m(l, loop, Duration.ofSeconds(Math.max(1, timeout - 1)))));
            stream.ifPresent(u -> checks.add(new StreamCheck(u, Duration.ofSeconds(Math.min(3, timeout)), seams.clock())));
            Path launcherState = c.update().map(u -> u.layout().stateFile())
                    .orElse(SlotLayout.DEFAULT_STATE.resolve("launcher.properties"));
            checks.add(new UpdateCheck(launcherState));
            checks.add(new UnderrunCheck(c.store().playLogDir(), seams.clock(),
                    UnderrunCheck.DEFAULT_WINDOW, UnderrunCheck.DEFAULT_WARN_ABOVE));
            checks.add(board.safeState());
            DiagnoseReport report = new Diagnostics(seams.clock(), Duration.ofSeconds(timeout)).run(checks);
            String receiver = "this receiver (" + c.station().name() + ")";
            out.print(a.flag("json") ? DiagnoseOutput.json(report, receiver) + "\n"
                    : DiagnoseOutput.text(report, "Loa diagnose: " + receiver));
            return report.exitCode();
        }
    }

    /** dtls and registered; when the secrets cannot be read, two lines saying so. */
    private List<Check> lwm2m(Lwm2mConfig l, LoopScheduler loop, Duration timeout) {
        Lwm2mSecrets secrets;
        try {
            secrets = Lwm2mSecrets.read(l.secretsFile(), l.security());
        } catch (ConfigException e) {
            // the secrets' problems name the file and key, never key material
            String why = e.problems().isEmpty() ? e.getMessage() : e.problems().get(0);
            CheckResult r = CheckResult.fail("the LwM2M secrets cannot be used: " + why,
                    "the receiver was not provisioned, or the secrets file was damaged or lost its permissions",
                    "re-provision with './loa provision ... --check' (it writes the file with mode 0600)");
            return List.of(Check.of("dtls", () -> r), Check.of("registered", () -> r));
        }
        return Lwm2mChecks.of(l, secrets, seams.resolver(), loop, timeout);
    }

    private static Optional<ServerReachableCheck> serverOption(Args a) throws Args.UsageException {
        if (a.value("server").isEmpty()) {
            if (a.flag("tcp")) throw new Args.UsageException("--tcp goes with --server HOST:PORT");
            return Optional.empty();
        }
        String s = a.value("server").get();
        int colon = s.lastIndexOf(':');
        int port;
        try {
            port = colon > 0 ? Integer.parseInt(s.substring(colon + 1)) : -1;
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new Args.UsageException("--server expects HOST:PORT (port 1..65535) but was '" + s + "'");
        }
        String host = s.substring(0, colon).replace("[", "").replace("]", "");
        return Optional.of(new ServerReachableCheck(host, port,
                a.flag("tcp") ? ServerReachableCheck.Transport.TCP : ServerReachableCheck.Transport.UDP,
                ServerReachableCheck.Resolver.SYSTEM, ServerReachableCheck.Prober.SYSTEM, Duration.ofSeconds(3)));
    }

    /** The simulated board plays into a WAV capture that is read back; a device plays on its configured sound card. */
    private static CheckResult tone(vn.loa.hal.BoardProfile.BoardModel model, LoaConfig c) {
        if (model != vn.loa.hal.BoardProfile.BoardModel.SIMULATED) {
            return new ToneCheck(new vn.loa.agent.audio.JavaSoundSink(c.audio().device()), java.util.Optional.empty()).run();
        }
        java.nio.file.Path wav = c.paths().data().resolve("diagnose-tone.wav");
        try {
            return new ToneCheck(new vn.loa.agent.audio.WavCaptureSink(wav), java.util.Optional.of(wav)).run();
        } finally {
            try {
                java.nio.file.Files.deleteIfExists(wav);
            } catch (java.io.IOException ignored) {
                // a leftover test capture in the data folder is harmless
            }
        }
    }
}
