package vn.loa.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.loa.hal.Amplifier;
import vn.loa.hal.Amplifier.State;
import vn.loa.hal.BoardProfile;
import vn.loa.hal.Boards;
import vn.loa.hal.SimulatedBoard;
import vn.loa.hal.time.ManualScheduler;

class Pi4jSimulatedBoardTest {

    private final ManualScheduler loop = new ManualScheduler();
    private SimulatedBoard board;

    @AfterEach
    void close() {
        if (board != null) board.close();
    }

    private SimulatedBoard open() throws Exception {
        board = Boards.simulated(BoardProfile.builtIn("simulated"), loop);
        loop.runDue();
        return board;
    }

    @Test
    void opens_in_the_safe_state_with_levels_from_the_profile() throws Exception {
        open();
        // amplifier relays and FM gate are active low and off: pin HIGH; mute is active low and on: pin LOW
        assertThat(board.outputLevel("amp.main.relay")).isTrue();
        assertThat(board.outputActive("amp.main.relay")).isFalse();
        assertThat(board.outputLevel("amp.market.relay")).isTrue();
        assertThat(board.outputLevel("fmGate")).isTrue();
        assertThat(board.outputActive("fmGate")).isFalse();
        assertThat(board.outputLevel("mute")).isFalse();
        assertThat(board.outputActive("mute")).isTrue();
        assertThat(board.outputLevel("ledPower")).isTrue();
        assertThat(board.amplifiers()).extracting(Amplifier::state).containsOnly(State.OFF);
    }

    @Test
    void describes_itself_in_one_line() throws Exception {
        open();
        assertThat(board).hasToString("board simulated | amp main OFF | amp market OFF"
                + " | in amp.main.fault=off amp.market.fault=off amp.main.lineOpen=off amp.market.lineOpen=off"
                + " mainsPresent=on doorOpen=off"
                + " | out amp.main.relay=off amp.market.relay=off fmGate=off mute=on ledPower=on ledLink=off"
                + " ledAudio=off ledFault=off");
    }

    @Test
    void starts_as_a_healthy_station() throws Exception {
        open();
        assertThat(board.input("mainsPresent").orElseThrow().active()).isTrue();
        assertThat(board.input("doorOpen").orElseThrow().active()).isFalse();
        assertThat(board.input("amp.main.fault").orElseThrow().active()).isFalse();
        assertThat(board.inputs().keySet())
                .containsExactly("amp.main.fault", "amp.market.fault", "amp.main.lineOpen", "amp.market.lineOpen",
                        "mainsPresent", "doorOpen");
        assertThat(board.input("amp.market.lineOpen").orElseThrow().active()).as("speaker lines closed").isFalse();
        assertThat(board.outputs().keySet()).containsExactly("amp.main.relay", "amp.market.relay", "fmGate",
                "mute", "ledPower", "ledLink", "ledAudio", "ledFault");
    }

    @Test
    void flipped_mock_input_reaches_listeners_on_the_loop_after_debounce() throws Exception {
        open();
        List<String> seen = new ArrayList<>();
        board.input("mainsPresent").orElseThrow().addListener((in, active) -> seen.add(in.role() + "=" + active));

        board.setInput("mainsPresent", false);
        assertThat(seen).isEmpty();
        loop.advance(Duration.ofMillis(499));
        assertThat(seen).isEmpty();
        loop.advance(Duration.ofMillis(1));
        assertThat(seen).containsExactly("mainsPresent=false");
        assertThat(board.input("mainsPresent").orElseThrow().active()).isFalse();
    }

    @Test
    void input_polarity_comes_from_the_profile() throws Exception {
        open();
        // amp.main.fault is active low: pin LOW means fault
        board.setInputLevel("amp.main.fault", false);
        loop.advance(Duration.ofMillis(100));
        assertThat(board.input("amp.main.fault").orElseThrow().active()).isTrue();
        board.setInputLevel("amp.main.fault", true);
        loop.advance(Duration.ofMillis(100));
        assertThat(board.input("amp.main.fault").orElseThrow().active()).isFalse();
    }

    @Test
    void amplifier_on_drives_the_relay_pin_per_polarity() throws Exception {
        open();
        Amplifier main = board.amplifier("main").orElseThrow();
        main.demand(false);
        assertThat(main.state()).isEqualTo(State.WARMING);
        assertThat(board.outputLevel("amp.main.relay")).isFalse(); // active low: closed relay = LOW
        assertThat(board.outputActive("amp.main.relay")).isTrue();
        loop.advance(Duration.ofSeconds(2));
        assertThat(main.state()).isEqualTo(State.ON);
        assertThat(board.outputLevel("amp.market.relay")).isTrue();
    }

    @Test
    void fault_pin_through_pi4j_locks_the_amplifier_out() throws Exception {
        open();
        Amplifier main = board.amplifier("main").orElseThrow();
        main.demand(false);
        loop.advance(Duration.ofSeconds(2));
        board.setInput("amp.main.fault", true);
        loop.advance(Duration.ofMillis(100));
        assertThat(main.state()).isEqualTo(State.FAULT);
        assertThat(board.outputActive("amp.main.relay")).isFalse();
    }

    @Test
    void close_leaves_amplifiers_off_gate_closed_and_mute_on() throws Exception {
        open();
        board.amplifier("main").orElseThrow().demand(true);
        board.output("fmGate").orElseThrow().set(true);
        board.output("mute").orElseThrow().set(false);
        loop.advance(Duration.ofSeconds(3));
        assertThat(board.outputActive("amp.main.relay")).isTrue();

        board.close();

        assertThat(board.outputActive("amp.main.relay")).isFalse();
        assertThat(board.outputActive("fmGate")).isFalse();
        assertThat(board.outputActive("mute")).isTrue();
        assertThat(board.outputActive("ledPower")).isFalse(); // its shutdown state
        assertThat(board.amplifier("main").orElseThrow().state()).isEqualTo(State.OFF);
        board.output("amp.main.relay").orElseThrow().set(true);
        assertThat(board.outputActive("amp.main.relay")).as("a closed board cannot be re-energised").isFalse();
    }

    @Test
    void safe_state_opens_relays_closes_the_gate_mutes_and_the_board_stays_usable() throws Exception {
        open();
        Amplifier main = board.amplifier("main").orElseThrow();
        main.demand(false);
        board.output("fmGate").orElseThrow().set(true);
        board.output("mute").orElseThrow().set(false);
        loop.advance(Duration.ofSeconds(2));

        board.safeState("update switch");

        assertThat(board.outputActive("amp.main.relay")).isFalse();
        assertThat(board.outputActive("fmGate")).isFalse();
        assertThat(board.outputActive("mute")).isTrue();
        assertThat(main.state()).isEqualTo(State.OFF);
        main.demand(true);
        loop.advance(Duration.ofSeconds(1));
        assertThat(main.state()).isEqualTo(State.WARMING);
        assertThat(board.outputActive("amp.main.relay")).isTrue();
    }

    @Test
    void unknown_role_handle_names_the_roles() throws Exception {
        open();
        assertThatThrownBy(() -> board.setInput("doorOpne", true))
                .hasMessage("no input role \"doorOpne\" on this board (roles: amp.main.fault, amp.market.fault, amp.main.lineOpen, "
                        + "amp.market.lineOpen, mainsPresent, doorOpen)");
        assertThatThrownBy(() -> board.outputLevel("siren"))
                .hasMessageStartingWith("no output role \"siren\" on this board (roles: amp.main.relay,");
    }
}
