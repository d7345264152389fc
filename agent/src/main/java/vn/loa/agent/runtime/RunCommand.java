package vn.loa.agent.runtime;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.tinylog.Logger;
import vn.loa.agent.audio.AudioSink;
import vn.loa.agent.audio.JavaSoundSink;
import vn.loa.agent.audio.WavCaptureSink;
import vn.loa.agent.cli.Args;
import vn.loa.agent.cli.Command;
import vn.loa.agent.config.LoaConfig;
import vn.loa.agent.diagnose.ClockCheck;
import vn.loa.hal.BoardOpenException;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.time.Clock;
import vn.loa.ota.launcher.HealthReporter;

/**
 * {@code loa run}: the receiver's agent in the foreground (systemd runs it through the launcher). Stops on
 * SIGTERM or Ctrl-C with the board in its safe state.
 */
public final class RunCommand implements Command {

    public static final Path DEFAULT_CONFIG = Path.of("/etc/loa/loa.json");

    @Override public String name() {
        return "run";
    }

    @Override public String summary() {
        return "run the receiver agent in the foreground until SIGTERM / Ctrl-C";
    }

    @Override public String help() {
        return """
                Usage: loa run [--config FILE] [--data DIR] [--out capture.wav]

                Loads the configuration, opens the board from its profile (outputs at their safe levels), starts
                the control loop, the audio engine, the arbiter behind the play gate (quiet hours, power policy),
                the schedule with its play log, audit log and content cache, and, when the configuration has an
                lwm2m section (in loa.json or the lwm2m.json that ./loa provision writes beside it), the LwM2M
                client, which registers in the background and keeps retrying; with an update section, the update
                service (LwM2M Object 5; exit 75 restarts into a new slot). Started by the launcher, it sends the
                launcher its health beats, with or without an update section. Logs what it started, every input
                change and amplifier transition. SIGTERM or Ctrl-C stops the item on air and drives the board to
                its safe state (amplifiers off, FM gate closed, audio muted), deregisters from the LwM2M server
                (5 s at most), then exits.

                Options:
                  --config FILE   loa.json (default /etc/loa/loa.json; must exist)
                  --data DIR      state, cache and logs (default: paths.data of the config, else /var/lib/loa)
                  --out FILE      write audio to a WAV file instead of the sound card

                Exit codes: 0 stopped cleanly, 1 the configuration, the LwM2M secrets or the board could not be
                used (amplifiers stay off), 2 usage error.""";
    }

    /**
     * What {@code loa run ARGS} was asked to do: the config file (default {@link #DEFAULT_CONFIG}), a data folder
     * overriding the config's, a WAV file instead of the sound card.
     */
    public record Invocation(Path config, Optional<Path> data, Optional<Path> out) { }

    /** Parses {@code loa run}'s arguments (after the command name) exactly as {@link #run} does. */
    public static Invocation parse(List<String> argv) throws Args.UsageException {
        Args a = Args.parse(argv, Set.of("config", "data", "out"), Set.of());
        if (!a.positional().isEmpty()) throw new Args.UsageException("unexpected '" + a.positional().get(0) + "'");
        return new Invocation(Path.of(a.value("config", DEFAULT_CONFIG.toString())), a.value("data").map(Path::of),
                a.value("out").map(Path::of));
    }

    @Override public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Invocation inv = parse(argv);
        Path file = inv.config();
        Path data = inv.data().orElse(LoaConfig.DEVICE_DATA);
        LoaConfig.Logging logging = LoaConfig.peekLogging(file, data, inv.data());
        LogSetup.configure(logging.logs(), logging.level(), logging.console()); // before anything can log
        LoaConfig config;
        try {
            config = LoaConfig.load(file, data);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.println("loa run: configuration not usable; amplifiers stay off");
            return FAILED;
        }
        if (inv.data().isPresent()) config = config.withData(data);
        return runStation(config, inv.out().orElse(null), err);
    }

    /** One line naming what a started station runs. */
    static String started(Station s) {
        LoaConfig c = s.config();
        String lwm2m = s.lwm2m().map(l -> "LwM2M endpoint " + l.endpoint() + " -> " + l.serverUri() + " (registering)")
                .orElse("no LwM2M server (no lwm2m section)");
        return "station " + c.station().name() + " on " + c.board().profile() + "; " + lwm2m + "; schedule version "
                + s.schedule().schedule().version() + " with " + s.schedule().schedule().entries().size()
                + " entries; quiet hours " + (c.quietHours().enabled() ? c.quietHours().toString() : "off") + "; "
                + (s.power().onMains() ? "on mains" : "on battery") + "; clock "
                + (s.clockTrust().current().trusted() ? "trusted" : "not trusted yet") + "; updates "
                + (s.part(UpdatesPart.class).isPresent() ? "on (slots in " + c.update().orElseThrow().root() + ")" : "off")
                + "; data " + c.store().dataDir();
    }

    /**
     * The station {@code loa run} starts: the OS reboot hook, its {@link #parts}, and clock trust that never trusts a
     * wall clock before this agent was built ({@link ClockCheck#buildTimeOf}, as {@code loa diagnose} checks it).
     * {@code running} gives the started station to the reboot hook.
     */
    static Station.Builder stationBuilder(LoaConfig config, Clock clock, AudioSink sink, java.util.function.Supplier<Station> running) {
        Station.Builder b = Station.builder(config).clock(clock).sink(sink)
                .buildDate(ClockCheck.buildTimeOf(Station.class))
                .rebootHook(new OsReboot(running, OsReboot.DEFAULT_COMMAND, OsReboot.CommandRunner.SYSTEM));
        parts(b, config, HealthBeatsPart::launcher);
        return b;
    }

    /**
     * The parts {@code loa run} adds: with an {@code update} section the updates (which beat to the launcher), else,
     * when started by the launcher, the health beats alone, so its watchdog never restarts a healthy agent.
     */
    static void parts(Station.Builder b, LoaConfig config, Supplier<Optional<HealthReporter>> launcher) {
        if (config.update().isPresent()) {
            b.part(UpdatesPart.factory(config.update().get(), System::exit));
        } else {
            launcher.get().ifPresent(r -> b.part(HealthBeatsPart.factory(r, HealthBeatsPart.DEFAULT_PERIOD)));
        }
    }

    /** Starts a station for {@code config}, waits for SIGTERM / Ctrl-C, closes it safely. */
    public static int runStation(LoaConfig config, Path wavOut, PrintStream err) throws InterruptedException {
        try {
            Files.createDirectories(config.paths().data());
        } catch (java.io.IOException e) {
            err.println("loa: cannot create data folder " + config.paths().data() + ": " + e.getMessage() + "; amplifiers stay off");
            return FAILED;
        }
        LogSetup.configure(config.paths().logs(), config.log().level(), config.log().console()); // no-op when set already
        Clock clock = Clock.system(config.station().zone());
        AudioSink sink = wavOut != null ? new WavCaptureSink(wavOut) : new JavaSoundSink(config.audio().device());
        Station station;
        java.util.concurrent.atomic.AtomicReference<Station> running = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            station = stationBuilder(config, clock, sink, running::get).start();
            running.set(station);
        } catch (ConfigException | BoardOpenException e) {
            err.println(e.getMessage());
            err.println("loa: station not started; amplifiers stay off");
            return FAILED;
        }
        Logger.tag("station").info("loa run: {}", started(station));
        Thread hook = new Thread(() -> {
            Logger.tag("station").info("stop requested (signal); going to the safe state");
            station.close();
            LogSetup.shutdown();
        }, "loa-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            Logger.tag("station").error(e, "uncaught error on thread {}; going to the safe state", t.getName());
            station.close();
        });
        station.awaitClosed();
        return OK;
    }
}
