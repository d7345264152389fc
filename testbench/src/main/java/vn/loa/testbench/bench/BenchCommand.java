package vn.loa.testbench.bench;

import java.io.PrintStream;
import java.util.List;
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
        return List.of(new DecodeBenchCommand(), new Lwm2mBench());
    }

    @Override public String name() {
        return "bench";
    }

    @Override public String summary() {
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
