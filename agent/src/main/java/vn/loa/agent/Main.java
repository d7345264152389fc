package vn.loa.agent;

import java.util.Arrays;
import vn.loa.agent.cli.AgentCommands;
import vn.loa.agent.cli.CommandLine;

/** The receiver's {@code loa} command: the agent's own commands ({@code run}, {@code safe-state}, {@code play}, ...). */
public final class Main {

    private Main() {
    }

    public static void main(String[] argv) {
        int rc = new CommandLine("loa", AgentCommands.all()).run(Arrays.asList(argv), System.out, System.err);
        System.out.flush();
        System.exit(rc);
    }
}
