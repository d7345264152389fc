package vn.loa.testbench.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vn.loa.agent.broadcast.Level;

class ConsoleSyntaxTest {

    @Test
    void every_console_line_becomes_its_action() {
        assertThat(ConsoleSyntax.parse("fire emergency")).isEqualTo(new Action.Fire(Target.ALL, Level.EMERGENCY));
        assertThat(ConsoleSyntax.parse("  fire normal rx-2 ")).isEqualTo(new Action.Fire(new Target.One("rx-2"), Level.NORMAL));
        assertThat(ConsoleSyntax.parse("volume 40 rx-1")).isEqualTo(new Action.SetVolume(new Target.One("rx-1"), 40));
        assertThat(ConsoleSyntax.parse("mains pull rx-1")).isEqualTo(new Action.SetMains("rx-1", false));
        assertThat(ConsoleSyntax.parse("door open rx-3")).isEqualTo(new Action.SetDoor("rx-3", true));
        assertThat(ConsoleSyntax.parse("amp fault rx-3")).isEqualTo(new Action.SetAmplifierFault("rx-3", true));
        assertThat(ConsoleSyntax.parse("net restore rx-2")).isEqualTo(new Action.SetNetwork("rx-2", true));
        assertThat(ConsoleSyntax.parse("update")).isEqualTo(new Action.PushUpdate(Target.ALL));
        assertThat(ConsoleSyntax.parse("update rx-2 --broken")).isEqualTo(new Action.PushUpdate(new Target.One("rx-2"), true));
        assertThat(ConsoleSyntax.parse("update --broken")).isEqualTo(new Action.PushUpdate(Target.ALL, true));
        assertThat(ConsoleSyntax.parse("mains off rx-1")).isEqualTo(new Action.SetMains("rx-1", false));
        assertThat(ConsoleSyntax.parse("mains on rx-1")).isEqualTo(new Action.SetMains("rx-1", true));
        assertThat(ConsoleSyntax.parse("fault on rx-2")).isEqualTo(new Action.SetAmplifierFault("rx-2", true));
        assertThat(ConsoleSyntax.parse("fault off rx-2")).isEqualTo(new Action.SetAmplifierFault("rx-2", false));
        assertThat(ConsoleSyntax.parse("net loss 20 rx-1")).isEqualTo(new Action.SetNetworkLoss("rx-1", 20));
        assertThat(ConsoleSyntax.parse("net delay 300ms rx-3")).isEqualTo(new Action.SetNetworkDelay("rx-3", 300));
        assertThat(ConsoleSyntax.parse("stop")).isEqualTo(new Action.Stop(Target.ALL));
        assertThat(ConsoleSyntax.parse("stop rx-2")).isEqualTo(new Action.Stop(new Target.One("rx-2")));
    }

    @Test
    void mistakes_quote_the_bad_word_and_show_the_form() {
        assertThatThrownBy(() -> ConsoleSyntax.parse("fire loud")).hasMessage("'loud' is not a level (background, normal, priority, emergency)");
        assertThatThrownBy(() -> ConsoleSyntax.parse("volume 140")).hasMessage("volume 140 outside 0..100");
        assertThatThrownBy(() -> ConsoleSyntax.parse("mains sideways rx-1")).hasMessage("'sideways' is not off or on; usage: mains off|on RX");
        assertThatThrownBy(() -> ConsoleSyntax.parse("net loss 120 rx-1")).hasMessage("loss 120 % outside 0..100");
        assertThatThrownBy(() -> ConsoleSyntax.parse("net delay soon rx-1")).hasMessage("delay 'soon' is not a whole number 0..60000");
        assertThatThrownBy(() -> ConsoleSyntax.parse("net loss 5 all")).hasMessage("'net' acts on one receiver; name it: net loss PERCENT RX");
        assertThatThrownBy(() -> ConsoleSyntax.parse("net cut all")).hasMessage("'net' acts on one receiver; name it: net cut|restore RX");
        assertThatThrownBy(() -> ConsoleSyntax.parse("explode")).hasMessage("unknown command 'explode'; commands: fire, stop, volume, mains, door, fault, net, update (type 'help')");
    }

    @Test
    void the_table_lines_up_and_flags_only_what_is_abnormal() {
        StationView v = new StationView(Instant.EPOCH, List.of(
                new ReceiverView("rx-1", "a", ReceiverView.Registration.REGISTERED, "", "ON",
                        Optional.of(new Playing("e1", "Bão số 3", Level.EMERGENCY)), 100, 0.75, 2, false, false, false, true, "0.1.0", 0.5),
                new ReceiverView("rx-2", "b", ReceiverView.Registration.OFFLINE, "", "OFF", Optional.empty(), 70, 0, 0,
                        true, true, false, false, "0.1.0", 0)), List.of());
        assertThat(StationTable.lines(v)).containsExactly(
                "RECEIVER  REGISTRATION  AMPLIFIER  ON AIR              VOL  BUFFER  UNDERRUNS  VERSION  FLAGS",
                "rx-1      registered    ON         emergency Bão số 3  100  75%     2          0.1.0    NO-MAINS",
                "rx-2      offline       OFF        -                   70   0%      0          0.1.0    DOOR-OPEN,NET-CUT");
    }
}
