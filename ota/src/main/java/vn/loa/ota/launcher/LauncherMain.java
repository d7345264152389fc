package vn.loa.ota.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -cp /opt/loa/launcher.jar vn.loa.ota.launcher.LauncherMain [OPTIONS] [-- APP ARGS]}: the process
 * systemd runs. Options (defaults in brackets): {@code --root DIR} [/opt/loa], {@code --state DIR}
 * [/var/lib/loa/ota], {@code --java PATH} [this JVM's java], {@code --jvm-opt OPT} (repeatable),
 * {@code --stable-window S} [600], {@code --watchdog S} [30], {@code --start-deadline S} [45],
 * {@code --gate-deadline S} [300], {@code --max-trial-boots N} [2], {@code --tick-ms MS} [250].
 * Exit codes: 0 the agent stopped, 2 usage, 3 no bootable slot, 1 I/O failure.
 */
public final class LauncherMain {

    static final String USAGE = "Usage: java -cp launcher.jar vn.loa.ota.launcher.LauncherMain [--root DIR] [--state DIR]"
            + " [--java PATH] [--jvm-opt OPT]... [--stable-window S] [--watchdog S] [--start-deadline S]"
            + " [--gate-deadline S] [--max-trial-boots N] [--tick-ms MS] [-- APP ARGS]";

    private LauncherMain() {
    }

    public static void main(String[] argv) {
        int rc;
        try {
            rc = new Launcher(parse(Arrays.asList(argv)), new RealFileOps(), LauncherClock.SYSTEM, System.err).run();
        } catch (IllegalArgumentException e) {
            System.err.println("loa-launcher: " + e.getMessage());
            System.err.println(USAGE);
            rc = 2;
        } catch (IOException e) {
            System.err.println("loa-launcher: " + e.getMessage());
            rc = 1;
        }
        System.exit(rc);
    }

    /**
     * Parses the command line as {@link #main} does; a bad option is an {@link IllegalArgumentException} quoting it.
     * Everything after {@code --} is the agent's command line ({@link Launcher.Options#appArgs()}).
     */
    public static Launcher.Options parse(List<String> args) {
        Path root = SlotLayout.DEFAULT_ROOT;
        Path state = SlotLayout.DEFAULT_STATE;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> jvm = new ArrayList<>();
        List<String> app = new ArrayList<>();
        TrialPolicy d = TrialPolicy.DEFAULT;
        long stable = d.stableWindow().toSeconds();
        long watchdog = d.watchdog().toSeconds();
        long startDeadline = d.startDeadline().toSeconds();
        long gateDeadline = d.gateDeadline().toSeconds();
        int maxBoots = 2;
        long tickMs = 250;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                app.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (i + 1 >= args.size()) throw new IllegalArgumentException("option '" + a + "' needs a value or is unknown");
            String v = args.get(++i);
            switch (a) {
                case "--root" -> root = Path.of(v);
                case "--state" -> state = Path.of(v);
                case "--java" -> java = Path.of(v);
                case "--jvm-opt" -> jvm.add(v);
                case "--stable-window" -> stable = number(a, v);
                case "--watchdog" -> watchdog = number(a, v);
                case "--start-deadline" -> startDeadline = number(a, v);
                case "--gate-deadline" -> gateDeadline = number(a, v);
                case "--max-trial-boots" -> maxBoots = (int) number(a, v);
                case "--tick-ms" -> tickMs = number(a, v);
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        TrialPolicy policy = new TrialPolicy(Duration.ofSeconds(stable), Duration.ofSeconds(watchdog),
                Duration.ofSeconds(startDeadline), Duration.ofSeconds(gateDeadline));
        return new Launcher.Options(new SlotLayout(root, state), java, jvm, app, policy, maxBoots, Duration.ofMillis(tickMs));
    }

    private static long number(String option, String v) {
        try {
            long n = Long.parseLong(v);
            if (n < 1 || n > 86_400) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a whole number 1..86400 but was '" + v + "'");
        }
    }
}
