package vn.loa.agent.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * One {@code ./loa} sub-command. Implementations parse their own arguments with {@link Args}, print to the
 * given streams (never to {@code System.out} directly, so tests read what a person would see) and return
 * an exit code: {@link #OK}, {@link #FAILED} or {@link #USAGE}, or a documented command-specific code.
 */
public interface Command {

    int OK = 0;
    int FAILED = 1;
    int USAGE = 2;

    /** The word after {@code ./loa}. */
    String name();

    /** One line for {@code ./loa help}. */
    String summary();

    /** The whole {@code ./loa NAME --help} text: usage line, every option with its default, exit codes. */
    String help();

    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
