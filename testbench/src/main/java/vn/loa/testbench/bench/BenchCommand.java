package vn.loa.testbench.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import vn.loa.agent.cli.Args;
import vn.loa.agent.cli.Command;

/** {@code ./loa bench decode}: measures Loa's MP3 decoding against mpg123 in the same run. */
public final class BenchCommand implements Command {

import java.util.Optional;
import vn.loa.agent.cli.Args;
import vn.loa.agent.cli.Command;

/**
 * {@code ./loa bench WHAT [OPTIONS]}: runs one of the benchmarks (one line per benchmark in {@link #benchmarks()}).
 * {@code ./loa bench WHAT --help} shows that benchmark's options.
 */
public final class BenchCommand implements Command {

    /** The benchmarks, in the order help lists them. */
    static List<Command> benchmarks() {
        return List.of(new Lwm2mBench());
    }

    @Override public String name() {
        return "bench";
    }

    @Override public String summary() {
        return "benchmarks against a native peer (bench decode: MP3 decoding vs mpg123)";
    }

    @Override public String help() {
        return """
                Usage: ./loa bench decode [--seconds N] [--passes N] [--play-seconds N]

                Generates an N-second 128 kb/s stereo MP3 with ffmpeg, decodes it with Loa's decoder (JLayer,
                resampled to 48 kHz) and with 'mpg123 -t' (or 'ffmpeg -f null' when mpg123 is missing), and
                prints the CPU time of each and the ratio; then plays it through the engine into a WAV capture
                and prints heap and RSS while playing. Not a test: numbers, no verdict.

                Options:
                  --seconds N       length of the generated MP3 (default 60)
                  --passes N        Loa decode passes; the first is cold, the best of the rest is 'warm' (default 4)
                  --play-seconds N  seconds to play through the engine for the memory figures (default 5; 0 skips)

                Exit codes: 0 measured, 1 a tool is missing or failed, 2 usage error.""";
    }

    @Override public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of("seconds", "passes", "play-seconds"), Set.of());
        if (a.positional().size() != 1 || !a.positional().get(0).equals("decode")) {
            throw new Args.UsageException("expected 'decode' but got " + (a.positional().isEmpty() ? "nothing"
                    : "'" + String.join(" ", a.positional()) + "'"));
        }
        int seconds = a.intValue("seconds", 60, 1, 3600);
        int passes = a.intValue("passes", 4, 1, 50);
        int play = a.intValue("play-seconds", 5, 0, 600);
        return new DecodeBench(out).run(seconds, passes, play);
        return "measure the station against peers on this machine: " + String.join(", ",
                benchmarks().stream().map(Command::name).toList());
    }

    @Override public String help() {
        StringBuilder sb = new StringBuilder("Usage: ./loa bench WHAT [OPTIONS]   \n\n");
        for (Command c : benchmarks()) sb.append(String.format("  %-8s %s%n", c.name(), c.summary()));
        sb.append("\nExit codes: the benchmark's; 2 for an unknown WHAT.\n");
        for (Command c : benchmarks()) sb.append("\n").append(c.help()).append("\n");
        return sb.toString();
    }

    @Override public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty()) throw new Args.UsageException("which benchmark? one of " + names());
        Optional<Command> c = benchmarks().stream().filter(b -> b.name().equals(args.get(0))).findFirst();
        if (c.isEmpty()) throw new Args.UsageException("no benchmark '" + args.get(0) + "'; one of " + names());
        return c.get().run(args.subList(1, args.size()), out, err);
    }

    private static String names() {
        return String.join(", ", benchmarks().stream().map(Command::name).toList());
    }
}
