package vn.loa.agent.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * Dispatches {@code ./loa COMMAND ARGS...} to one of a fixed list of {@link Command}s, prints the list for
 * {@code help}, a command's help for {@code COMMAND --help}, and the list with a non-zero exit for an
 * unknown command.
 */
public final class CommandLine {

    private final String program;
    private final List<Command> commands;

    public CommandLine(String program, List<Command> commands) {
        this.program = program;
        this.commands = List.copyOf(commands);
    }

    public List<Command> commands() {
        return commands;
    }

    public Optional<Command> find(String name) {
        return commands.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public int run(List<String> argv, PrintStream out, PrintStream err) {
        if (argv.isEmpty() || argv.get(0).equals("help") || argv.get(0).equals("--help") || argv.get(0).equals("-h")) {
            if (argv.size() > 1) {
                Optional<Command> c = find(argv.get(1));
                if (c.isPresent()) {
                    out.println(c.get().help());
                    return Command.OK;
                }
                err.println(program + ": no command '" + argv.get(1) + "'");
                printList(err);
                return Command.USAGE;
            }
            printList(out);
            return argv.isEmpty() ? Command.USAGE : Command.OK;
        }
        String name = argv.get(0);
        Optional<Command> c = find(name);
        if (c.isEmpty()) {
            err.println(program + ": unknown command '" + name + "'");
            printList(err);
            return Command.USAGE;
        }
        List<String> rest = argv.subList(1, argv.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            out.println(c.get().help());
            return Command.OK;
        }
        try {
            return c.get().run(rest, out, err);
        } catch (Args.UsageException e) {
            err.println(program + " " + name + ": " + e.getMessage());
            err.println("Run '" + program + " " + name + " --help' for the options.");
            return Command.USAGE;
        } catch (Exception e) {
            err.println(program + " " + name + ": failed: " + e);
            return Command.FAILED;
        }
    }

    private void printList(PrintStream s) {
        s.println("Usage: " + program + " COMMAND [OPTIONS]   (" + program + " COMMAND --help for each)");
        s.println();
        s.println("Commands:");
        int w = commands.stream().mapToInt(c -> c.name().length()).max().orElse(4);
        for (Command c : commands) {
            s.printf("  %-" + w + "s  %s%n", c.name(), c.summary());
        }
    }
}
