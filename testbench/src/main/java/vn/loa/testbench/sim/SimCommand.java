package vn.loa.testbench.sim;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.tinylog.Logger;
import vn.loa.agent.audio.WavCaptureSink;
import vn.loa.agent.broadcast.ArbiterStatus;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.cli.Args;
import vn.loa.agent.cli.Command;
import vn.loa.agent.config.LoaConfig;
import vn.loa.agent.runtime.LogSetup;
import vn.loa.agent.runtime.Station;
import vn.loa.hal.SimulatedBoard;
import vn.loa.hal.time.Clock;
import vn.loa.testbench.scenario.ScenarioCli;

/**
 * {@code ./loa sim}: a receiver running the real agent on the simulated board (Pi4J mock GPIO), audio captured to
 * a WAV file, with a console to fire bulletins and flip the board's inputs. Ctrl-C or SIGTERM stops it with the
 * amplifiers off.
 */
public final class SimCommand implements Command {

    private final InputStream console;

    public SimCommand() {
        this(System.in);
    }

    SimCommand(InputStream console) {
        this.console = console;
    }

    @Override public String name() {
        return "sim";
    }

    @Override public String summary() {
        return "a simulated receiver on this machine (mock GPIO, WAV capture) with a console";
    }

    @Override public String help() {
        return """
                Usage: ./loa sim [--data DIR] [--no-console]
                       ./loa sim --scenario FILE [--report OUT.json] [--data DIR]

                Starts the real agent on the simulated board profile (Pi4J mock GPIO) with embedded defaults:
                its state changes (inputs, amplifier transitions, items) are logged on the console and in
                DIR/logs, its audio is captured to DIR/receiver.wav, and two tone bulletins are generated in
                DIR/bulletins. Ctrl-C or SIGTERM stops it with the amplifiers off.

                Options:
                  --data DIR     where state, logs, bulletins and the capture go (default ./run/sim)
                  --no-console   do not read commands from standard input (run until stopped)
                """ + ScenarioCli.HELP + """

                Console commands:
                """ + CONSOLE_HELP + """

                Exit codes: 0 stopped cleanly, 1 the station could not start, 2 usage error.""";
    }

    static final String CONSOLE_HELP = """
                  fire normal|priority|emergency [URI]   air a bulletin (default: the generated tone)
                  stop                                   stop the item on air
                  mains on|off                           mains power present / lost
                  door open|closed                       cabinet door switch
                  fault on|off                           amplifier fault input
                  volume N                               master volume 0..100
                  status                                 board, amplifier and what is playing
                  help                                   this list
                  quit                                   stop the station (amplifiers off) and exit""";

    @Override public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of("data", "scenario", "report"), Set.of("no-console"));
        if (!a.positional().isEmpty()) throw new Args.UsageException("unexpected '" + a.positional().get(0) + "'");
        Path data = Path.of(a.value("data", "run/sim")).toAbsolutePath();
        if (a.value("report").isPresent() && a.value("scenario").isEmpty()) throw new Args.UsageException("--report goes with --scenario");
        if (a.value("scenario").isPresent()) {
            return ScenarioCli.simulated().run(Path.of(a.value("scenario").get()), a.value("report").map(Path::of).orElse(null), data, out, err);
        }
        Files.createDirectories(data);
        LoaConfig config = LoaConfig.defaults(data, "simulated");
        LogSetup.configure(config.paths().logs(), "info", true);
        Path normalTone = ToneBulletin.write(data.resolve("bulletins/normal-440hz.wav"), 440, 20);
        Path emergencyTone = ToneBulletin.write(data.resolve("bulletins/emergency-1khz.wav"), 1000, 8);
        Path capture = data.resolve("receiver.wav");
        Station station = Station.start(config, config.audio(), new WavCaptureSink(capture), Clock.system(Clock.VIETNAM));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Logger.tag("sim").info("stop requested; going to the safe state");
            station.close();
        }, "loa-sim-shutdown"));
        out.println("Simulated receiver up. Audio capture: " + capture);
        out.println("Board: " + station.board());
        if (!a.flag("no-console")) {
            out.println("Type 'help' for the console commands.");
            Console c = new Console(station, out, normalTone.toUri().toString(), emergencyTone.toUri().toString());
            BufferedReader in = new BufferedReader(new InputStreamReader(console, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (!c.handle(line.trim())) break;
            }
            station.close();
            out.println("stopped: amplifiers off");
            return OK;
        }
        station.awaitClosed();
        return OK;
    }

    /** Parses and carries out one console line at a time. */
    static final class Console {
        private final Station station;
        private final PrintStream out;
        private final String normalUri;
        private final String emergencyUri;
        private final AtomicInteger seq = new AtomicInteger();

        Console(Station station, PrintStream out, String normalUri, String emergencyUri) {
            this.station = station;
            this.out = out;
            this.normalUri = normalUri;
            this.emergencyUri = emergencyUri;
        }

        /** Returns false when the console should end. */
        boolean handle(String line) {
            if (line.isEmpty()) return true;
            String[] w = line.split("\\s+");
            try {
                switch (w[0].toLowerCase(Locale.ROOT)) {
                    case "quit", "exit" -> {
                        return false;
                    }
                    case "help" -> out.println(CONSOLE_HELP);
                    case "fire" -> fire(w);
                    case "stop" -> station.arbiter().status().currentId()
                            .ifPresentOrElse(id -> station.arbiter().stop(id, "console"), () -> out.println("nothing on air"));
                    case "mains" -> input("mainsPresent", onOff(w, "on", "off"));
                    case "door" -> input("doorOpen", onOff(w, "open", "closed"));
                    case "fault" -> input("amp." + station.board().amplifiers().get(0).zone() + ".fault", onOff(w, "on", "off"));
                    case "volume" -> {
                        int v = Integer.parseInt(arg(w, 1, "volume N"));
                        if (v < 0 || v > 100) throw new IllegalArgumentException("volume " + v + " outside 0..100");
                        station.engine().setMasterVolume(v);
                        out.println("volume " + v);
                    }
                    case "status" -> status();
                    default -> out.println("unknown command '" + w[0] + "'; type 'help'");
                }
            } catch (IllegalArgumentException e) {
                out.println("console: " + e.getMessage());
            }
            return true;
        }

        private void fire(String[] w) {
            Level level = Level.parse(arg(w, 1, "fire normal|priority|emergency [URI]"));
            String uri = w.length > 2 ? w[2] : (level == Level.EMERGENCY ? emergencyUri : normalUri);
            String id = "console-" + level.lower() + "-" + seq.incrementAndGet();
            station.arbiter().submit(BroadcastItem.builder(id, level).source(uri).origin("console").build());
            out.println("submitted " + id + " (" + level.lower() + ") " + uri);
        }

        private void input(String role, boolean active) {
            if (!(station.board() instanceof SimulatedBoard sim)) {
                throw new IllegalArgumentException("this board is not simulated; inputs cannot be flipped");
            }
            sim.setInput(role, active);
            out.println(role + " -> " + (active ? "active" : "inactive"));
        }

        private void status() {
            ArbiterStatus s = station.arbiter().status();
            out.println("board: " + station.board());
            out.println("amplifier: " + s.amplifier() + ", on air: " + s.currentId().orElse("nothing")
                    + s.level().map(l -> " (" + l.lower() + ")").orElse("") + ", phase " + s.phase()
                    + String.format(Locale.ROOT, ", buffer %.1f s, underruns %d, queued %d", s.bufferSeconds(), s.underruns(), s.queued())
                    + (s.lastError() == null || s.lastError().isEmpty() ? "" : ", last error: " + s.lastError()));
        }

        private static String arg(String[] w, int i, String usage) {
            if (w.length <= i) throw new IllegalArgumentException("usage: " + usage);
            return w[i];
        }

        private static boolean onOff(String[] w, String on, String off) {
            String v = arg(w, 1, w[0] + " " + on + "|" + off).toLowerCase(Locale.ROOT);
            if (v.equals(on)) return true;
            if (v.equals(off)) return false;
            throw new IllegalArgumentException("expected '" + on + "' or '" + off + "' but was '" + v + "'");
        }
    }
}
