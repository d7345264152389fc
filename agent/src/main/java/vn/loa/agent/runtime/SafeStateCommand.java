package vn.loa.agent.runtime;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import vn.loa.agent.cli.Args;
import vn.loa.agent.cli.Command;
import vn.loa.agent.config.LoaConfig;
import vn.loa.hal.Board;
import vn.loa.hal.BoardProfile;
import vn.loa.hal.Boards;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.LoopScheduler;

/**
 * {@code loa safe-state}: drives the board's outputs to their safe levels and exits. systemd's
 * {@code ExecStopPost} runs it after the agent stopped or crashed, so a dead agent never leaves an amplifier on.
 */
public final class SafeStateCommand implements Command {

    @Override public String name() {
        return "safe-state";
    }

    @Override public String summary() {
        return "put the board's outputs in their safe state (amplifiers off) and exit";
    }

    @Override public String help() {
        return """
                Usage: loa safe-state [--config FILE] [--profile NAME|FILE]

                Opens the board and sets every output to its safe level: amplifier relays off, FM gate closed,
                audio muted. Used by packaging/loa.service (ExecStopPost) after the agent stops or crashes.

                Options:
                  --config FILE    loa.json whose board.profile to use (default /etc/loa/loa.json when present)
                  --profile NAME   a board profile name or file (overrides the config)

                Exit codes: 0 outputs safe, 1 the profile or GPIO could not be used, 2 usage error.""";
    }

    /**
     * What {@code loa safe-state ARGS} was asked to do: the config file ({@link RunCommand#DEFAULT_CONFIG} unless
     * given; {@code configGiven} says whether it was) and a profile overriding the config's.
     */
    public record Invocation(Path config, boolean configGiven, Optional<String> profile) { }

    /** Parses {@code loa safe-state}'s arguments (after the command name) exactly as {@link #run} does. */
    public static Invocation parse(List<String> argv) throws Args.UsageException {
        Args a = Args.parse(argv, Set.of("config", "profile"), Set.of());
        if (!a.positional().isEmpty()) throw new Args.UsageException("unexpected '" + a.positional().get(0) + "'");
        return new Invocation(Path.of(a.value("config", RunCommand.DEFAULT_CONFIG.toString())),
                a.value("config").isPresent(), a.value("profile"));
    }

    @Override public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Invocation inv = parse(argv);
        String profileName;
        try {
            if (inv.profile().isPresent()) {
                profileName = inv.profile().get();
            } else {
                Path cfg = inv.config();
                profileName = Files.exists(cfg) || inv.configGiven()
                        ? LoaConfig.load(cfg, LoaConfig.DEVICE_DATA).board().profile() : "raspberry-pi-4";
            }
            BoardProfile profile = BoardProfile.load(profileName);
            try (LoopScheduler loop = new LoopScheduler(Clock.system(Clock.VIETNAM), "loa-safe-state")) {
                Board board = Boards.open(profile, loop);
                board.safeState("loa safe-state");
                board.close();
            }
            out.println("safe state: amplifiers off, FM gate closed, audio muted (" + profileName + ")");
            return OK;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return FAILED;
        } catch (vn.loa.hal.BoardOpenException e) {
            err.println("loa safe-state: " + e.getMessage());
            return FAILED;
        }
    }
}
