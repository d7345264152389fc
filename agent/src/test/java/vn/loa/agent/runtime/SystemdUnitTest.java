package vn.loa.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.loa.agent.Main;
import vn.loa.agent.cli.AgentCommands;
import vn.loa.agent.cli.Command;
import vn.loa.agent.cli.CommandLine;
import vn.loa.ota.launcher.Launcher;
import vn.loa.ota.launcher.LauncherMain;
import vn.loa.ota.launcher.SlotLayout;
import vn.loa.ota.release.BundleBuilder;

/**
 * {@code packaging/loa.service} read as systemd reads it, and its command lines fed to the real parsers: the
 * launcher's, then the agent's command dispatcher and the command's own option parser.
 */
class SystemdUnitTest {

    static Path repoFile(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(relative))) dir = dir.getParent();
        if (dir == null) throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
        return dir.resolve(relative);
    }

    /** The value of {@code key=} in the unit, continuation lines joined, the leading '-' (ignore failure) dropped. */
    static List<String> command(String key) throws Exception {
        String text = Files.readString(repoFile("packaging/loa.service")).replace("\\\n", " ");
        for (String line : text.split("\n")) {
            if (line.startsWith(key + "=")) {
                String v = line.substring(key.length() + 1).strip();
                return words(v.startsWith("-") ? v.substring(1) : v);
            }
        }
        throw new AssertionError("packaging/loa.service has no " + key + "=");
    }

    /** systemd's word splitting for what the unit uses: blanks separate, double quotes group. */
    static List<String> words(String s) {
        List<String> w = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : s.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) w.add(cur.toString());
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) w.add(cur.toString());
        return w;
    }

    static Command agentCommand(String name) {
        return new CommandLine("loa", AgentCommands.all()).find(name)
                .orElseThrow(() -> new AssertionError("the agent has no command '" + name + "'"));
    }

    @Test
    void execStart_runs_the_launcher_which_starts_the_agents_run_command_with_the_default_config() throws Exception {
        List<String> cmd = command("ExecStart");
        int jar = cmd.indexOf("-jar");
        assertThat(jar).as("ExecStart runs java -jar launcher.jar: %s", cmd).isPositive();
        assertThat(Path.of(cmd.get(jar + 1))).isEqualTo(SlotLayout.DEFAULT_ROOT.resolve("launcher.jar"));

        Launcher.Options launcher = LauncherMain.parse(cmd.subList(jar + 2, cmd.size()));
        assertThat(launcher.layout()).isEqualTo(new SlotLayout(SlotLayout.DEFAULT_ROOT, SlotLayout.DEFAULT_STATE));
        List<String> agent = launcher.appArgs();
        assertThat(agent).as("the agent's command line after the launcher's '--'").isNotEmpty();
        assertThat(BundleBuilder.DEFAULT_MAIN_CLASS).isEqualTo(Main.class.getName());
        assertThat(agentCommand(agent.get(0))).isInstanceOf(RunCommand.class);
        RunCommand.Invocation run = RunCommand.parse(agent.subList(1, agent.size()));
        assertThat(run.config()).isEqualTo(RunCommand.DEFAULT_CONFIG);
        assertThat(run.out()).as("a device plays to the sound card").isEmpty();
    }

    @Test
    void execStopPost_runs_the_agents_safe_state_command_from_the_current_slot_with_the_default_config() throws Exception {
        List<String> cmd = command("ExecStopPost");
        int cp = cmd.indexOf("-cp");
        assertThat(cp).as("ExecStopPost runs java -cp SLOT-JARS MAIN: %s", cmd).isPositive();
        Path current = new SlotLayout(SlotLayout.DEFAULT_ROOT, SlotLayout.DEFAULT_STATE).current();
        assertThat(cmd.get(cp + 1).split(":")).containsExactly(current.resolve("app/*").toString(),
                current.resolve("lib/*").toString());
        assertThat(cmd.get(cp + 2)).isEqualTo(Main.class.getName());
        List<String> agent = cmd.subList(cp + 3, cmd.size());
        assertThat(agentCommand(agent.get(0))).isInstanceOf(SafeStateCommand.class);
        SafeStateCommand.Invocation safe = SafeStateCommand.parse(agent.subList(1, agent.size()));
        assertThat(safe.config()).isEqualTo(RunCommand.DEFAULT_CONFIG);
        assertThat(safe.profile()).as("the board profile comes from loa.json").isEmpty();
    }

    @Test
    void words_split_like_systemd_with_quotes_grouping() {
        assertThat(words("java -cp \"/a/*:/b/*\" Main  x")).containsExactly("java", "-cp", "/a/*:/b/*", "Main", "x");
    }
}
