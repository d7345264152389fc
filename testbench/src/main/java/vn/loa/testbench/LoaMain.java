package vn.loa.testbench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import vn.loa.agent.cli.AgentCommands;
import vn.loa.agent.cli.Command;
import vn.loa.agent.cli.CommandLine;

/**
 * The JVM side of {@code ./loa}: every command a person can run on a workstation or testbench. A receiver
 * runs the same agent commands through {@code vn.loa.agent.Main}; this adds the testbench ones.
 */
public final class LoaMain {

    private LoaMain() {
    }

    /** The commands in the order {@code ./loa help} lists them. */
    public static List<Command> commands() {
        List<Command> all = new ArrayList<>(AgentCommands.all());
        all.add(0, new vn.loa.testbench.sim.SimCommand());
        all.add(new vn.loa.testbench.bench.BenchCommand());
        // the receiver's own 'diagnose', extended with --simulated and --fault rehearsals
        all.replaceAll(c -> c.name().equals("diagnose") ? new vn.loa.testbench.diagnose.DiagnoseCommand() : c);
        all.add(new ScriptOnlyCommand("test", "build everything and run every test (handled by the ./loa script)",
                "Usage: ./loa test [MAVEN ARGS...]\n\nRuns in the ./loa script itself: './loa test --help' there."));
        return all;
    }

    public static void main(String[] argv) {
        int rc = new CommandLine("./loa", commands()).run(Arrays.asList(argv), System.out, System.err);
        System.out.flush();
        System.exit(rc);
    }
}
