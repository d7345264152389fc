package vn.loa.ota.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts the current slot as a child JVM and keeps it honest: plans the boot ({@link BootPlanner}), runs the
 * child, listens for its heartbeats on a loopback UDP port, and acts on {@link TrialMonitor}'s decisions
 * (commit, roll back, restart). Uses only the JDK. Runs on the calling thread until the child asks to stop
 * (exit 0), no slot can start (exit {@link #EXIT_NO_SLOT}) or the JVM is told to stop (the shutdown hook
 * stops the child first: SIGTERM, then SIGKILL after {@link #STOP_GRACE}).
 */
public final class Launcher {

    /** The launcher's own version; bundles name the minimum they need. */
    public static final String VERSION = "1.0.0";
    public static final int EXIT_NO_SLOT = 3;
    /** How long a child gets to stop on SIGTERM (amplifiers off, state saved) before SIGKILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration HEALTHY_RUN = Duration.ofSeconds(60);

    /**
     * @param layout       where slots and state live
     * @param javaBin      the {@code java} executable for the child
     * @param jvmOptions   options before {@code -cp} (heap, GC)
     * @param appArgs      arguments after the main class
     * @param policy       trial limits
     * @param maxTrialBoots how often a trial slot may be started before it is rolled back
     * @param tick         how often the loop wakes without a heartbeat
     */
    public record Options(SlotLayout layout, Path javaBin, List<String> jvmOptions, List<String> appArgs,
                          TrialPolicy policy, int maxTrialBoots, Duration tick) {
        public Options {
            jvmOptions = List.copyOf(jvmOptions);
            appArgs = List.copyOf(appArgs);
        }
    }

    private final Options options;
    private final FileOps fs;
    private final LauncherClock clock;
    private final PrintStream log;
    private final BootPlanner planner;
    private volatile Process child;
    /** Set by the shutdown hook (SIGTERM from systemd) before it stops the child. */
    private volatile boolean stopping;
    private final java.util.concurrent.CountDownLatch loopDone = new java.util.concurrent.CountDownLatch(1);
    private int restartsInARow;

    public Launcher(Options options, FileOps fs, LauncherClock clock, PrintStream log) {
        this.options = options;
        this.fs = fs;
        this.clock = clock;
        this.log = log;
        this.planner = new BootPlanner(options.layout(), fs, options.maxTrialBoots(), () -> clock.now().toString());
    }

    public int run() throws IOException {
        Thread hook = new Thread(this::shutDown, "loa-launcher-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout((int) Math.max(1, options.tick().toMillis()));
            String token = newToken();
            while (!stopping) {
                BootPlan plan = planner.plan();
                if (plan instanceof BootPlan.NoBootableSlot none) {
                    none.notes().forEach(n -> say(n));
                    say(none.reason());
                    return EXIT_NO_SLOT;
                }
                BootPlan.Launch launch = (BootPlan.Launch) plan;
                launch.notes().forEach(this::say);
                Optional<Integer> exit = supervise(launch, socket, token);
                if (exit.isPresent()) return exit.get();
            }
            return 0;
        } finally {
            loopDone.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run; nothing to remove
            }
        }
    }

    /** Runs one child to its end; returns the launcher's exit code if the launcher should stop. */
    private Optional<Integer> supervise(BootPlan.Launch launch, DatagramSocket socket, String token) throws IOException {
        Path slotDir = options.layout().slot(launch.slot());
        long started = clock.nanoTime();
        Process p = start(launch, slotDir, socket.getLocalPort(), token);
        say("started slot " + launch.slot() + " (" + launch.spec().version() + ") in " + launch.mode() + " mode, pid " + p.pid());
        TrialMonitor monitor = new TrialMonitor(options.policy(), launch.mode(), launch.state().requireRegistration(), started);
        LauncherState state = launch.state();
        byte[] buf = new byte[512];
        while (true) {
            TrialMonitor.Decision d = null;
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(packet);
                Optional<HealthReport> r = HealthReport.decode(packet.getData(), packet.getLength(), token);
                if (r.isPresent()) d = monitor.onHealth(clock.nanoTime(), r.get());
            } catch (SocketTimeoutException quiet) {
                // no heartbeat this tick
            }
            if (stopping) {
                // The service is being stopped and the hook took the child down: not a crash of the version on
                // trial. Nothing is decided and nothing written; a trial goes on at the next start (and counts).
                stop(p); // started just as the hook ran
                say("stopped with the service; slot " + launch.slot() + " (" + launch.spec().version() + ") stays "
                        + state.status());
                return Optional.of(0);
            }
            if ((d == null || d instanceof TrialMonitor.Decision.Continue) && !p.isAlive()) {
                d = monitor.onExit(clock.nanoTime(), p.exitValue());
            }
            if (d == null || d instanceof TrialMonitor.Decision.Continue) d = monitor.onTick(clock.nanoTime());
            switch (d) {
                case TrialMonitor.Decision.Continue c -> { }
                case TrialMonitor.Decision.Commit c -> {
                    state = planner.commit(state);
                    say("committed slot " + launch.slot() + " (" + launch.spec().version() + "): " + c.summary());
                    monitor = new TrialMonitor(options.policy(), BootPlan.Mode.COMMITTED, false, clock.nanoTime());
                    restartsInARow = 0;
                }
                case TrialMonitor.Decision.Rollback r -> {
                    say("trial of " + launch.spec().version() + " failed: " + r.reason() + "; rolling back to "
                            + state.committedVersion());
                    stop(p);
                    planner.rollback(state, r.reason());
                    return Optional.empty();
                }
                case TrialMonitor.Decision.Restart r -> {
                    say("slot " + launch.slot() + " " + r.reason() + "; restarting");
                    stop(p);
                    backOff(socket, clock.nanoTime() - started);
                    return Optional.empty();
                }
                case TrialMonitor.Decision.Exited e -> {
                    if (e.code() == 0) {
                        say("the agent stopped (exit 0)");
                        return Optional.of(0);
                    }
                    say("the agent asked for a restart (exit " + e.code() + ")");
                    return Optional.empty();
                }
            }
        }
    }

    private Process start(BootPlan.Launch launch, Path slotDir, int port, String token) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(options.javaBin().toString());
        cmd.addAll(options.jvmOptions());
        cmd.add("-D" + HealthReport.ADDRESS_PROPERTY + "=127.0.0.1:" + port);
        cmd.add("-Dloa.launcher.version=" + VERSION);
        cmd.add("-Dloa.launcher.mode=" + launch.mode());
        cmd.add("-Dloa.slot=" + launch.slot());
        cmd.add("-Dloa.ota.root=" + options.layout().root());
        cmd.add("-Dloa.ota.state=" + options.layout().stateDir());
        cmd.add("-cp");
        cmd.add(launch.spec().classPathIn(slotDir));
        cmd.add(launch.spec().mainClass());
        cmd.addAll(options.appArgs());
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO().directory(slotDir.toFile());
        pb.environment().put(HealthReport.TOKEN_ENV, token);
        Process p = pb.start();
        child = p;
        return p;
    }

    /** Waits before a restart, longer after each quick crash (1, 2, 4 ... 30 s), using the socket as timer. */
    private void backOff(DatagramSocket socket, long ranNanos) throws IOException {
        restartsInARow = ranNanos >= HEALTHY_RUN.toNanos() ? 1 : restartsInARow + 1;
        long wait = Math.min(MAX_BACKOFF.toNanos(), Duration.ofSeconds(1).toNanos() << Math.min(5, restartsInARow - 1));
        long until = clock.nanoTime() + wait;
        byte[] buf = new byte[512];
        while (clock.nanoTime() < until) {
            try {
                socket.receive(new DatagramPacket(buf, buf.length));
            } catch (SocketTimeoutException quiet) {
                // keep waiting
            }
        }
    }

    private void stop(Process p) {
        if (!p.isAlive()) return;
        p.destroy();
        try {
            if (!p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                say("pid " + p.pid() + " did not stop within " + STOP_GRACE.toSeconds() + " s; killing it");
                p.destroyForcibly();
                p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The shutdown hook: marks the launcher stopping, stops the child, then waits (bounded) for the supervising loop
     * to see it and return, so the child's exit is never taken for a failed trial and no state write is cut off by
     * the JVM halting.
     */
    private void shutDown() {
        stopping = true;
        Process p = child;
        if (p != null) stop(p);
        try {
            loopDone.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void say(String line) {
        log.println("loa-launcher: " + line);
        log.flush();
    }

    private static String newToken() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
