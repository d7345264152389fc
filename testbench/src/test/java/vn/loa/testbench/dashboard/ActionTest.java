package vn.loa.testbench.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import vn.loa.agent.broadcast.Level;
import vn.loa.hal.json.ConfigException;

class ActionTest {

    @Test
    void every_action_reads_from_its_json_form() throws ConfigException {
        assertThat(Action.fromJson("{\"action\":\"fire\",\"target\":\"all\",\"level\":\"emergency\"}", "a"))
                .isEqualTo(new Action.Fire(Target.ALL, Level.EMERGENCY));
        assertThat(Action.fromJson("{\"action\":\"volume\",\"target\":\"rx-2\",\"volume\":35}", "a"))
                .isEqualTo(new Action.SetVolume(new Target.One("rx-2"), 35));
        assertThat(Action.fromJson("{\"action\":\"service\",\"target\":\"rx-2\",\"inService\":false}", "a"))
                .isEqualTo(new Action.SetService(new Target.One("rx-2"), false));
        assertThat(Action.fromJson("{\"action\":\"mains\",\"receiver\":\"rx-1\",\"present\":false}", "a"))
                .isEqualTo(new Action.SetMains("rx-1", false));
        assertThat(Action.fromJson("{\"action\":\"door\",\"receiver\":\"rx-1\",\"open\":true}", "a"))
                .isEqualTo(new Action.SetDoor("rx-1", true));
        assertThat(Action.fromJson("{\"action\":\"amplifier-fault\",\"receiver\":\"rx-3\",\"fault\":true}", "a"))
                .isEqualTo(new Action.SetAmplifierFault("rx-3", true));
        assertThat(Action.fromJson("{\"action\":\"speaker-line\",\"receiver\":\"rx-3\",\"open\":true}", "a"))
                .isEqualTo(new Action.SetSpeakerLine("rx-3", true));
        assertThat(Action.fromJson("{\"action\":\"network\",\"receiver\":\"rx-3\",\"up\":false}", "a"))
                .isEqualTo(new Action.SetNetwork("rx-3", false));
        assertThat(Action.fromJson("{\"action\":\"update\",\"target\":\"all\"}", "a"))
                .isEqualTo(new Action.PushUpdate(Target.ALL));
        assertThat(Action.fromJson("{\"action\":\"update\",\"target\":\"rx-2\",\"broken\":true}", "a"))
                .isEqualTo(new Action.PushUpdate(new Target.One("rx-2"), true));
        assertThat(Action.fromJson("{\"action\":\"network-loss\",\"receiver\":\"rx-2\",\"percent\":25}", "a"))
                .isEqualTo(new Action.SetNetworkLoss("rx-2", 25));
        assertThat(Action.fromJson("{\"action\":\"network-delay\",\"receiver\":\"rx-2\",\"millis\":400}", "a"))
                .isEqualTo(new Action.SetNetworkDelay("rx-2", 400));
        assertThat(Action.fromJson("{\"action\":\"stop\",\"target\":\"rx-1\"}", "a"))
                .isEqualTo(new Action.Stop(new Target.One("rx-1")));
        assertThat(Action.fromJson("{\"action\":\"network-jitter\",\"receiver\":\"rx-2\",\"millis\":30}", "a"))
                .isEqualTo(new Action.SetNetworkJitter("rx-2", 30));
        assertThat(Action.fromJson("{\"action\":\"network-bandwidth\",\"receiver\":\"rx-2\",\"bytesPerSecond\":8000}", "a"))
                .isEqualTo(new Action.SetNetworkBandwidth("rx-2", 8000));
        assertThat(Action.fromJson("{\"action\":\"network-blackhole\",\"receiver\":\"rx-2\",\"blackhole\":true}", "a"))
                .isEqualTo(new Action.SetNetworkBlackhole("rx-2", true));
        assertThat(Action.fromJson("{\"action\":\"network-rebind\",\"receiver\":\"rx-2\"}", "a"))
                .isEqualTo(new Action.RebindNat("rx-2"));
        assertThat(Action.fromJson("{\"action\":\"network-reset\",\"receiver\":\"rx-2\"}", "a"))
                .isEqualTo(new Action.ResetConnections("rx-2"));
        assertThat(Action.fromJson("{\"action\":\"disk\",\"receiver\":\"rx-3\",\"full\":true}", "a"))
                .isEqualTo(new Action.SetDiskFull("rx-3", true));
    }

    @Test
    void a_network_loss_outside_its_range_or_missing_is_named() {
        assertThatThrownBy(() -> Action.fromJson("{\"action\":\"network-loss\",\"receiver\":\"rx-2\",\"percent\":250}", "step"))
                .hasMessage("step: percent 250 is outside 0..100");
        assertThatThrownBy(() -> Action.fromJson("{\"action\":\"network-delay\",\"receiver\":\"rx-2\"}", "step"))
                .hasMessage("step: millis is required (0..60000)");
    }

    @Test
    void an_unknown_level_is_named_with_its_path_and_value() {
        assertThatThrownBy(() -> Action.fromJson("{\"action\":\"fire\",\"target\":\"all\",\"level\":\"loud\"}", "action"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("action: level 'loud' is not a level (background, normal, priority, emergency)");
    }

    @Test
    void an_unknown_action_word_lists_the_known_ones() {
        assertThatThrownBy(() -> Action.fromJson("{\"action\":\"explode\"}", "action"))
                .hasMessage("action: action 'explode' is not an action (fire, volume, service, mains, door, amplifier-fault, speaker-line, "
                        + "network, network-loss, network-delay, network-jitter, network-bandwidth, network-blackhole, "
                        + "network-rebind, network-reset, disk, stop, update)");
    }

    @Test
    void service_needs_in_service_said_out_loud() {
        assertThatThrownBy(() -> Action.fromJson("{\"action\":\"service\",\"target\":\"all\"}", "a"))
                .hasMessage("a: inService is required (true or false)");
    }

    @Test
    void missing_fields_and_unknown_keys_are_all_reported_at_once() {
        assertThatThrownBy(() -> Action.fromJson("{\"action\":\"volume\",\"target\":\"rx-1\",\"volum\":3}", "step[2]"))
                .hasMessage("step[2]: volume is required\nstep[2]: volum is not a known key (did you mean 'volume'?)");
        assertThatThrownBy(() -> Action.fromJson("{\"action\":\"mains\",\"receiver\":\"rx-1\"}", "a"))
                .hasMessage("a: present is required (true or false)");
    }

    @Test
    void a_volume_out_of_range_quotes_the_value() {
        assertThatThrownBy(() -> Action.fromJson("{\"action\":\"volume\",\"target\":\"all\",\"volume\":140}", "a"))
                .hasMessage("a: volume 140 is outside 0..100");
    }

    @Test
    void describe_reads_like_the_console() {
        assertThat(new Action.SetNetwork("rx-2", false).describe()).isEqualTo("cut network of rx-2");
        assertThat(new Action.Fire(Target.ALL, Level.PRIORITY).describe()).isEqualTo("fire priority to all");
    }
}
