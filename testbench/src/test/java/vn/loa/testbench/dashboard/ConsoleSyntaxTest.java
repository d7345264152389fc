package vn.loa.testbench.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vn.loa.agent.broadcast.Level;

class ConsoleSyntaxTest {

    @Test
    void every_console_line_becomes_its_action() {
        assertThat(ConsoleSyntax.parse("fire emergency")).isEqualTo(new Action.Fire(Target.ALL, Level.EMERGENCY));
        assertThat(ConsoleSyntax.parse("  fire normal rx-2 ")).isEqualTo(new Action.Fire(new Target.One("rx-2"), Level.NORMAL));
        assertThat(ConsoleSyntax.parse("volume 40 rx-1")).isEqualTo(new Action.SetVolume(new Target.One("rx-1"), 40));
        assertThat(ConsoleSyntax.parse("service off rx-2")).isEqualTo(new Action.SetService(new Target.One("rx-2"), false));
        assertThat(ConsoleSyntax.parse("service on")).isEqualTo(new Action.SetService(Target.ALL, true));
        assertThat(ConsoleSyntax.parse("mains pull rx-1")).isEqualTo(new Action.SetMains("rx-1", false));
        assertThat(ConsoleSyntax.parse("door open rx-3")).isEqualTo(new Action.SetDoor("rx-3", true));
        assertThat(ConsoleSyntax.parse("amp fault rx-3")).isEqualTo(new Action.SetAmplifierFault("rx-3", true));
        assertThat(ConsoleSyntax.parse("speaker open rx-3")).isEqualTo(new Action.SetSpeakerLine("rx-3", true));
        assertThat(ConsoleSyntax.parse("speaker close rx-3")).isEqualTo(new Action.SetSpeakerLine("rx-3", false));
        assertThat(ConsoleSyntax.parse("net restore rx-2")).isEqualTo(new Action.SetNetwork("rx-2", true));
        assertThat(ConsoleSyntax.parse("update")).isEqualTo(new Action.PushUpdate(Target.ALL));
        assertThat(ConsoleSyntax.parse("update rx-2 --broken")).isEqualTo(new Action.PushUpdate(new Target.One("rx-2"), true));
        assertThat(ConsoleSyntax.parse("update --broken")).isEqualTo(new Action.PushUpdate(Target.ALL, true));
        assertThat(ConsoleSyntax.parse("mains restore rx-1")).isEqualTo(new Action.SetMains("rx-1", true));
        assertThat(ConsoleSyntax.parse("amp clear rx-2")).isEqualTo(new Action.SetAmplifierFault("rx-2", false));
        assertThat(ConsoleSyntax.parse("net loss 20 rx-1")).isEqualTo(new Action.SetNetworkLoss("rx-1", 20));
        assertThat(ConsoleSyntax.parse("net delay 300ms rx-3")).isEqualTo(new Action.SetNetworkDelay("rx-3", 300));
        assertThat(ConsoleSyntax.parse("net jitter 40 rx-1")).isEqualTo(new Action.SetNetworkJitter("rx-1", 40));
        assertThat(ConsoleSyntax.parse("net bandwidth 8000 rx-2")).isEqualTo(new Action.SetNetworkBandwidth("rx-2", 8000));
        assertThat(ConsoleSyntax.parse("net bandwidth 0B/s rx-2")).isEqualTo(new Action.SetNetworkBandwidth("rx-2", 0));
        assertThat(ConsoleSyntax.parse("net blackhole on rx-3")).isEqualTo(new Action.SetNetworkBlackhole("rx-3", true));
        assertThat(ConsoleSyntax.parse("net blackhole off rx-3")).isEqualTo(new Action.SetNetworkBlackhole("rx-3", false));
        assertThat(ConsoleSyntax.parse("net rebind rx-1")).isEqualTo(new Action.RebindNat("rx-1"));
        assertThat(ConsoleSyntax.parse("net reset rx-1")).isEqualTo(new Action.ResetConnections("rx-1"));
        assertThat(ConsoleSyntax.parse("disk full rx-2")).isEqualTo(new Action.SetDiskFull("rx-2", true));
        assertThat(ConsoleSyntax.parse("disk ok rx-2")).isEqualTo(new Action.SetDiskFull("rx-2", false));
        assertThat(ConsoleSyntax.parse("stop")).isEqualTo(new Action.Stop(Target.ALL));
        assertThat(ConsoleSyntax.parse("stop rx-2")).isEqualTo(new Action.Stop(new Target.One("rx-2")));
    }

    @Test
    void mistakes_quote_the_bad_word_and_show_the_form() {
        assertThatThrownBy(() -> ConsoleSyntax.parse("fire loud")).hasMessage("'loud' is not a level (background, normal, priority, emergency)");
        assertThatThrownBy(() -> ConsoleSyntax.parse("volume 140")).hasMessage("volume 140 outside 0..100");
        assertThatThrownBy(() -> ConsoleSyntax.parse("mains sideways rx-1")).hasMessage("'sideways' is not pull or restore; usage: mains pull|restore RX");
        assertThatThrownBy(() -> ConsoleSyntax.parse("mains off rx-1")).hasMessage("'off' is not pull or restore; usage: mains pull|restore RX");
        assertThatThrownBy(() -> ConsoleSyntax.parse("net up rx-1")).hasMessage("'up' is not a network change; usage: "
                + "net cut|restore RX; net loss PERCENT RX; net delay MS RX; net jitter MS RX; net bandwidth BYTES RX; "
                + "net blackhole on|off RX; net rebind RX; net reset RX");
        assertThatThrownBy(() -> ConsoleSyntax.parse("net blackhole maybe rx-1")).hasMessage("'maybe' is not on or off; usage: net blackhole on|off RX");
        assertThatThrownBy(() -> ConsoleSyntax.parse("net bandwidth -5 rx-1")).hasMessage("bandwidth -5 B/s outside 0..125000000");
        assertThatThrownBy(() -> ConsoleSyntax.parse("net reset all")).hasMessage("'net' acts on one receiver; name it: net reset RX");
        assertThatThrownBy(() -> ConsoleSyntax.parse("net loss 120 rx-1")).hasMessage("loss 120 % outside 0..100");
        assertThatThrownBy(() -> ConsoleSyntax.parse("net delay soon rx-1")).hasMessage("delay 'soon' is not a whole number 0..60000");
        assertThatThrownBy(() -> ConsoleSyntax.parse("net loss 5 all")).hasMessage("'net' acts on one receiver; name it: net loss PERCENT RX");
        assertThatThrownBy(() -> ConsoleSyntax.parse("net cut all")).hasMessage("'net' acts on one receiver; name it: net cut|restore RX");
        assertThatThrownBy(() -> ConsoleSyntax.parse("explode")).hasMessage("unknown command 'explode'; commands: fire, stop, volume, service, mains, door, amp, speaker, net, disk, update (type 'help')");
        assertThatThrownBy(() -> ConsoleSyntax.parse("service down rx-1")).hasMessage("'down' is not off or on; usage: service off|on [all|RX]");
        assertThatThrownBy(() -> ConsoleSyntax.parse("fault on rx-1")).hasMessageStartingWith("unknown command 'fault'");
    }

    /** Every line {@code help} shows parses, in each of its choices; the help lists every command and nothing more. */
    @Test
    void help_lists_exactly_the_lines_the_parser_accepts() {
        List<String> helpUsages = ConsoleSyntax.HELP.lines().filter(l -> !l.startsWith(" "))
                .map(l -> l.substring(0, 41).trim()).toList();
        assertThat(helpUsages).containsExactlyElementsOf(ConsoleSyntax.FORMS.stream().map(ConsoleSyntax.Form::usage).toList());
        for (ConsoleSyntax.Form f : ConsoleSyntax.FORMS) {
            List<String> lines = expand(f.usage());
            assertThat(lines).as(f.usage()).isNotEmpty();
            for (String line : lines) {
                assertThatCode(() -> ConsoleSyntax.parse(line)).as("'" + line + "' from help line " + f.usage()).doesNotThrowAnyException();
            }
        }
        // The other way round: every command word the parser knows is in the help, and every usage a mistake shows is a help line.
        assertThat(ConsoleSyntax.COMMANDS).containsExactlyInAnyOrderElementsOf(
                ConsoleSyntax.FORMS.stream().map(ConsoleSyntax.Form::verb).distinct().toList());
        Set<String> usages = ConsoleSyntax.FORMS.stream().map(ConsoleSyntax.Form::usage).collect(Collectors.toSet());
        for (String verb : ConsoleSyntax.COMMANDS) {
            for (String bad : List.of(verb + " bogus rx-1 rx-2 rx-3", verb + " bogus x y", verb)) {
                String message;
                try {
                    ConsoleSyntax.parse(bad);
                    continue; // e.g. 'stop' alone is a whole line
                } catch (IllegalArgumentException e) {
                    message = e.getMessage();
                }
                assertThat(message).as(bad).doesNotStartWith("unknown command");
                int at = message.indexOf("usage: ");
                if (at < 0) continue;
                for (String u : message.substring(at + "usage: ".length()).split("; ")) {
                    assertThat(usages).as("usage '" + u + "' in the message for '" + bad + "'").contains(u);
                }
            }
        }
        // The console's help holds the same lines, indented like its own commands.
        assertThat(vn.loa.testbench.sim.SimConsole.HELP.lines()).allMatch(l -> l.startsWith("  ") && !l.startsWith("   ") || l.startsWith(" ".repeat(43)))
                .containsSubsequence(ConsoleSyntax.HELP.lines().map(l -> "  " + l).toList());
        for (String unknown : List.of("fault", "mains-off", "network", "quit", "list", "help")) {
            assertThatThrownBy(() -> ConsoleSyntax.parse(unknown + " on rx-1")).hasMessageStartingWith("unknown command '" + unknown + "'");
        }
    }

    /** The technicians' guide shows the console's help and the list as the code prints them. */
    @Test
    void the_guide_shows_the_help_and_the_table_as_printed() throws java.io.IOException {
        String guide = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "testbench.md"));
        String help = vn.loa.testbench.sim.SimConsole.HELP.lines().map(l -> "  " + l).collect(Collectors.joining("\n"));
        assertThat(guide).as("docs/testbench.md holds the console's help, indented as a code block").contains(help);
        assertThat(guide).contains(String.join("\n", StationTable.lines(TABLE).stream().map(l -> "    " + l).toList()));
    }

    /** The lines a usage stands for: each choice of {@code a|b}, with and without {@code [optional]} parts, sample values. */
    private static List<String> expand(String usage) {
        List<String> lines = new ArrayList<>(List.of(""));
        for (String word : usage.split(" ")) {
            boolean optional = word.startsWith("[") && word.endsWith("]");
            String w = optional ? word.substring(1, word.length() - 1) : word;
            List<String> choices = new ArrayList<>();
            for (String c : w.split("\\|")) {
                choices.add(switch (c) {
                    case "RX" -> "rx-1";
                    case "PERCENT" -> "10";
                    case "MS", "BYTES" -> "100";
                    case "0..100" -> "50";
                    default -> c;
                });
            }
            if (optional) choices.add(null);
            List<String> next = new ArrayList<>();
            for (String l : lines) {
                for (String c : choices) next.add(c == null ? l : (l.isEmpty() ? c : l + " " + c));
            }
            lines = next;
        }
        return lines;
    }

    private static final StationView TABLE = new StationView(Instant.EPOCH, List.of(
                new ReceiverView("rx-1", "a", ReceiverView.Registration.REGISTERED, "", "ON",
                        Optional.of(new Playing("e1", "Bão số 3", Level.EMERGENCY)), 100, 0.75, 2, false, false, false, true, "clean", false, "1.0.0", 0.5),
                new ReceiverView("rx-2", "b", ReceiverView.Registration.OFFLINE, "", "OFF", Optional.empty(), 70, 0, 0,
                        true, true, false, false, "delay=100ms", true, "1.0.0", 0)), List.of());

    @Test
    void the_table_lines_up_and_flags_only_what_is_abnormal() {
        assertThat(StationTable.lines(TABLE)).containsExactly(
                "RECEIVER  REGISTRATION  AMPLIFIER  ON AIR              VOL  BUFFER  UNDERRUNS  VERSION  FLAGS",
                "rx-1      registered    ON         emergency Bão số 3  100  75%     2          1.0.0    NO-MAINS",
                "rx-2      offline       OFF        -                   70   0%      0          1.0.0    DOOR-OPEN,NET-CUT,NET-IMPAIRED,DISK-FULL");
    }
}
