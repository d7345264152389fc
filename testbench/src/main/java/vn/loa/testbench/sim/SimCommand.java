package vn.loa.testbench.sim;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;
import vn.loa.agent.cli.Args;
import vn.loa.agent.cli.Command;
import vn.loa.agent.lwm2m.HeadendServer;
import vn.loa.hal.BoardOpenException;
import vn.loa.hal.json.ConfigException;
import vn.loa.testbench.headend.ContentServer;
import vn.loa.testbench.scenario.ScenarioCli;

/**
 * {@code ./loa sim}: a whole simulated commune station on this machine ({@link SimStation}): the headend, the content
 * server, N receivers running the real agent on the simulated board, the dashboard and a console. Ctrl-C or SIGTERM
 * stops every receiver with its amplifiers off and ends the process.
 */
public final class SimCommand implements Command {

    /** How long {@code ./loa sim} waits for every receiver to register before it says which did not. */
    static final Duration REGISTRATION_BOUND = Duration.ofSeconds(20);

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
        return "a simulated station: headend, content server, N receivers, dashboard and console";
    }

    @Override public String help() {
        return """
                Usage: ./loa sim [--receivers N] [--data DIR] [--port N] [--schedule MINUTES] [--speaker] [--tones] [--no-console]
                       ./loa sim --scenario FILE [--report OUT.json] [--data DIR]

                Starts a whole commune station on this machine: an embedded LwM2M server as the headend (DTLS with
                a PSK per receiver), a content server with generated bulletins (spoken by espeak-ng when it is
                installed, tones otherwise) and a live stream, and N receivers each running the real agent on the
                simulated board (Pi4J mock GPIO), talking to the headend through a network fault proxy, with its
                audio captured to DIR/rx-N/capture.wav and a schedule airing the normal bulletin. The dashboard
                shows them all; the console and the dashboard's buttons fire bulletins, set volume, pull mains, open doors, trip amplifier faults and
                cut or impair a receiver's network. Ctrl-C or SIGTERM stops everything with the amplifiers off.

                Options:
                  --receivers N   how many receivers, 1..20 (default 3)
                  --data DIR      content and one folder per receiver: state, logs, capture (default ./run/sim);
                                  kept between runs like a receiver's disk, the captures rewritten each run
                  --port N        the dashboard's port on 127.0.0.1 (default 8080; 0 picks a free one)
                  --schedule M    each receiver's schedule airs the normal bulletin every M minutes, stored ahead
                                  and played from its cache, so it goes on through a network cut; quiet hours
                                  (night, Vietnam time) hold it as on a real receiver (default 5; 0 = none)
                  --speaker       receiver rx-1 plays on this machine's sound card instead of a WAV capture
                  --tones         tone bulletins even when espeak-ng is installed
                  --no-console    do not read commands from standard input (run until stopped)
                """ + ScenarioCli.HELP + """

                Console commands:
                """ + SimConsole.HELP + """


                Exit codes: 0 stopped cleanly, 1 the station could not start, 2 usage error.""";
    }

    @Override public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of("data", "receivers", "port", "schedule", "scenario", "report"),
                Set.of("no-console", "speaker", "tones"));
        if (!a.positional().isEmpty()) throw new Args.UsageException("unexpected '" + a.positional().get(0) + "'");
        int receivers = a.intValue("receivers", SimStation.DEFAULT_RECEIVERS, 1, SimStation.MAX_RECEIVERS);
        int port = a.intValue("port", SimStation.DEFAULT_PORT, 0, 65535);
        int every = a.intValue("schedule", (int) SimStation.DEFAULT_SCHEDULE_PERIOD.toMinutes(), 0, 24 * 60);
        Path data = Path.of(a.value("data", SimStation.DEFAULT_DATA.toString())).toAbsolutePath();
        if (a.value("report").isPresent() && a.value("scenario").isEmpty()) throw new Args.UsageException("--report goes with --scenario");
        if (a.value("scenario").isPresent()) {
            return ScenarioCli.simulated().run(Path.of(a.value("scenario").get()), a.value("report").map(Path::of).orElse(null), data, out, err);
        }
        Files.createDirectories(data);
        SimLogging.configure(data.resolve("logs"));
        boolean tones = a.flag("tones");
        if (!tones && !ContentServer.speechAvailable()) {
            out.println("Note: espeak-ng is not installed, so the bulletins are tones (apt-get install espeak-ng for speech).");
        }
        out.println("Starting the simulated station: headend, content server and " + receivers + " receiver(s) in " + data);
        long started = System.nanoTime();
        SimStation sim;
        try {
            sim = SimStation.builder().receivers(receivers).dataDir(data).port(port).speaker(a.flag("speaker"))
                    .speech(!tones).schedulePeriod(Duration.ofMinutes(every)).start();
        } catch (ConfigException | BoardOpenException | UncheckedIOException e) {
            err.println("loa sim: the station could not start: " + e.getMessage());
            return FAILED;
        }
        Thread hook = new Thread(() -> {
            Logger.tag("sim").info("stop requested; going to the safe state");
            sim.close();
            SimLogging.shutdown();
        }, "loa-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        sim.dashboard().ifPresent(d -> out.println("Dashboard: " + d.url()));
        awaitRegistrations(sim, out, started);
        if (a.flag("no-console")) {
            sim.awaitClosed();
            return OK;
        }
        out.println("Type 'help' for the console commands, 'quit' to stop.");
        SimConsole c = new SimConsole(sim, out);
        BufferedReader in = new BufferedReader(new InputStreamReader(console, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (!c.handle(line)) break;
        }
        sim.close();
        out.println("stopped: amplifiers off");
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyExiting) {
            // A signal arrived meanwhile: the hook is running and closes the logs itself.
        }
        return OK;
    }

    /** Waits (bounded) until every receiver is registered, then says so, or says which are not. */
    private static void awaitRegistrations(SimStation sim, PrintStream out, long startedNanos) throws InterruptedException {
        int n = sim.receivers().size();
        CountDownLatch all = new CountDownLatch(1);
        sim.headend().addListener(new HeadendServer.Listener() {
            @Override public void registered(String endpoint) {
                if (sim.registeredCount() == n) all.countDown();
            }
        });
        if (sim.registeredCount() == n) all.countDown();
        boolean done = all.await(REGISTRATION_BOUND.toMillis(), TimeUnit.MILLISECONDS) || sim.registeredCount() == n;
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        if (done) {
            out.println(String.format(Locale.ROOT, "%d receiver%s registered (%.1f s)", n, n == 1 ? "" : "s", seconds));
        } else {
            List<String> missing = sim.receivers().stream().filter(r -> !sim.headend().isRegistered(r.endpoint()))
                    .map(SimReceiver::name).toList();
            out.println(String.format(Locale.ROOT, "%d of %d receivers registered within %d s; not yet: %s (see 'status')",
                    n - missing.size(), n, REGISTRATION_BOUND.toSeconds(), String.join(", ", missing)));
        }
    }
}
