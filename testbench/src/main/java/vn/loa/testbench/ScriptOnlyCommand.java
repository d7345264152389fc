package vn.loa.testbench;

import java.io.PrintStream;
import java.util.List;
import vn.loa.agent.cli.Command;

/** A command that the {@code ./loa} shell script runs itself; listed here so {@code ./loa help} is complete. */
record ScriptOnlyCommand(String name, String summary, String help) implements Command {

    @Override public int run(List<String> args, PrintStream out, PrintStream err) {
        err.println("'" + name + "' is run by the ./loa script, not by the JVM: use ./loa " + name);
        return USAGE;
    }
}
