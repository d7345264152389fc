package vn.loa.hal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import vn.loa.hal.json.ConfigException;

/** One test per board profile error: each asserts the whole line, naming file, JSON path and reason. */
class BoardProfileErrorsTest {

    private static List<String> problems(String json) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> BoardProfile.parse(json, "board.json"));
        assertThat(e).as("profile should be rejected").isNotNull();
        return e.problems();
    }

    /** A valid Pi 4 profile with {@code %s} spliced into the first zone. */
    private static String zone(String extra) {
        return """
                {"board": "raspberry-pi-4", "amplifiers": [{"zone": "main", "relay": {"pin": 17}%s}]}
                """.formatted(extra);
    }

    @Test
    void pin_outside_the_boards_gpio_range() {
        assertThat(problems("""
                {"board": "raspberry-pi-4", "amplifiers": [{"zone": "main", "relay": {"pin": 41}}]}
                """)).containsExactly("board profile board.json: amplifiers[0].relay.pin 41 is not a GPIO on"
                + " raspberry-pi-4 (BCM 2..27); amplifiers stay off");
    }

    @Test
    void pin_0_and_1_are_the_hat_eeprom_bus_not_gpio() {
        assertThat(problems(zone(", \"fault\": {\"pin\": 1}"))).containsExactly("board profile board.json:"
                + " amplifiers[0].fault.pin 1 is not a GPIO on raspberry-pi-4 (BCM 2..27); amplifiers stay off");
    }

    @Test
    void pin_reserved_by_the_i2s_dac() {
        assertThat(problems("""
                {"board": "raspberry-pi-5", "audioOut": "i2s-dac",
                 "amplifiers": [{"zone": "main", "relay": {"pin": 18}}]}
                """)).containsExactly("board profile board.json: amplifiers[0].relay.pin 18 is reserved by"
                + " audioOut \"i2s-dac\" (an I2S DAC uses BCM 18-21 for I2S and BCM 2-3 for its I2C control);"
                + " amplifiers stay off");
    }

    @Test
    void i2c_pins_are_reserved_by_the_dac_too() {
        assertThat(problems("""
                {"board": "raspberry-pi-4", "audioOut": "i2s-dac",
                 "amplifiers": [{"zone": "main", "relay": {"pin": 17}}],
                 "outputs": {"ledPower": {"pin": 3}}}
                """)).singleElement().asString().startsWith(
                "board profile board.json: outputs.ledPower.pin 3 is reserved by audioOut \"i2s-dac\"");
    }

    @Test
    void the_same_pin_used_twice() {
        assertThat(problems("""
                {"board": "raspberry-pi-4",
                 "amplifiers": [{"zone": "main", "relay": {"pin": 17}}],
                 "outputs": {"mute": {"pin": 17, "activeLow": true}}}
                """)).containsExactly("board profile board.json: outputs.mute.pin 17 is already used by"
                + " amplifiers[0].relay.pin; amplifiers stay off");
    }

    @Test
    void unknown_input_role() {
        assertThat(problems("""
                {"board": "raspberry-pi-4", "amplifiers": [{"zone": "main", "relay": {"pin": 17}}],
                 "inputs": {"smokeAlarm": {"pin": 5}}}
                """)).containsExactly("board profile board.json: inputs.smokeAlarm is not a known input role"
                + " (known: mainsPresent, doorOpen); amplifiers stay off");
    }

    @Test
    void unknown_output_role() {
        assertThat(problems("""
                {"board": "raspberry-pi-4", "amplifiers": [{"zone": "main", "relay": {"pin": 17}}],
                 "outputs": {"siren": {"pin": 5}}}
                """)).containsExactly("board profile board.json: outputs.siren is not a known output role"
                + " (known: fmGate, mute, ledPower, ledLink, ledAudio, ledFault); amplifiers stay off");
    }

    @Test
    void unknown_key_with_a_suggestion() {
        assertThat(problems(zone(", \"warmupMs\": 1500"))).containsExactly("board profile board.json:"
                + " amplifiers[0].warmupMs is not a known key (did you mean 'warmUpMs'?); amplifiers stay off");
    }

    @Test
    void unknown_top_level_key() {
        assertThat(problems("""
                {"board": "raspberry-pi-4", "amplifiers": [{"zone": "main", "relay": {"pin": 17}}], "leds": {}}
                """)).containsExactly("board profile board.json: leds is not a known key; amplifiers stay off");
    }

    @Test
    void pin_of_the_wrong_type() {
        assertThat(problems("""
                {"board": "raspberry-pi-4", "amplifiers": [{"zone": "main", "relay": {"pin": "GPIO17"}}]}
                """)).containsExactly("board profile board.json: amplifiers[0].relay.pin must be a whole number"
                + " but was the string \"GPIO17\"; amplifiers stay off");
    }

    @Test
    void active_low_of_the_wrong_type() {
        assertThat(problems("""
                {"board": "raspberry-pi-4", "amplifiers": [{"zone": "main", "relay": {"pin": 17, "activeLow": "yes"}}]}
                """)).containsExactly("board profile board.json: amplifiers[0].relay.activeLow must be true or"
                + " false but was the string \"yes\"; amplifiers stay off");
    }

    @Test
    void inputs_of_the_wrong_type() {
        assertThat(problems("""
                {"board": "raspberry-pi-4", "amplifiers": [{"zone": "main", "relay": {"pin": 17}}], "inputs": [22]}
                """)).containsExactly("board profile board.json: inputs must be an object but was an array;"
                + " amplifiers stay off");
    }

    @Test
    void a_pin_spec_that_is_not_an_object() {
        assertThat(problems("""
                {"board": "raspberry-pi-4", "amplifiers": [{"zone": "main", "relay": {"pin": 17}}],
                 "inputs": {"mainsPresent": 22}}
                """)).containsExactly("board profile board.json: inputs.mainsPresent must be an object but was"
                + " the number 22; amplifiers stay off");
    }

    @Test
    void board_missing() {
        assertThat(problems("""
                {"amplifiers": [{"zone": "main", "relay": {"pin": 17}}]}
                """)).containsExactly("board profile board.json: board is required; amplifiers stay off");
    }

    @Test
    void unknown_board() {
        assertThat(problems("""
                {"board": "orange-pi", "amplifiers": [{"zone": "main", "relay": {"pin": 17}}]}
                """)).containsExactly("board profile board.json: board \"orange-pi\" is not a known board (known:"
                + " raspberry-pi-4, raspberry-pi-5, simulated); amplifiers stay off");
    }

    @Test
    void amplifiers_missing() {
        assertThat(problems("""
                {"board": "raspberry-pi-4"}
                """)).containsExactly("board profile board.json: amplifiers is required (at least one amplifier"
                + " zone); amplifiers stay off");
    }

    @Test
    void amplifiers_empty() {
        assertThat(problems("""
                {"board": "raspberry-pi-4", "amplifiers": []}
                """)).containsExactly("board profile board.json: amplifiers is empty; a board needs at least one"
                + " amplifier zone; amplifiers stay off");
    }

    @Test
    void amplifiers_of_the_wrong_type() {
        assertThat(problems("""
                {"board": "raspberry-pi-4", "amplifiers": {"zone": "main"}}
                """)).containsExactly("board profile board.json: amplifiers must be an array but was an object;"
                + " amplifiers stay off");
    }

    @Test
    void zone_name_missing() {
        assertThat(problems("""
                {"board": "raspberry-pi-4", "amplifiers": [{"relay": {"pin": 17}}]}
                """)).containsExactly("board profile board.json: amplifiers[0].zone is required; amplifiers stay off");
    }

    @Test
    void zone_name_not_a_name() {
        assertThat(problems("""
                {"board": "raspberry-pi-4", "amplifiers": [{"zone": "Chợ", "relay": {"pin": 17}}]}
                """)).containsExactly("board profile board.json: amplifiers[0].zone \"Chợ\" is not a zone name"
                + " (lower-case letters, digits and '-', at most 32); amplifiers stay off");
    }

    @Test
    void zone_name_used_twice() {
        assertThat(problems("""
                {"board": "raspberry-pi-4", "amplifiers": [{"zone": "main", "relay": {"pin": 17}},
                                                          {"zone": "main", "relay": {"pin": 16}}]}
                """)).containsExactly("board profile board.json: amplifiers[1].zone \"main\" is already used by"
                + " amplifiers[0]; amplifiers stay off");
    }

    @Test
    void relay_missing() {
        assertThat(problems("""
                {"board": "raspberry-pi-4", "amplifiers": [{"zone": "main"}]}
                """)).containsExactly("board profile board.json: amplifiers[0].relay is required; amplifiers stay off");
    }

    @Test
    void pin_missing() {
        assertThat(problems("""
                {"board": "raspberry-pi-4", "amplifiers": [{"zone": "main", "relay": {"activeLow": true}}]}
                """)).containsExactly("board profile board.json: amplifiers[0].relay.pin is required;"
                + " amplifiers stay off");
    }

    @Test
    void amplifier_relay_may_not_start_on() {
        assertThat(problems("""
                {"board": "raspberry-pi-4", "amplifiers": [{"zone": "main", "relay": {"pin": 17, "initial": "on"}}]}
                """)).containsExactly("board profile board.json: amplifiers[0].relay.initial \"on\" is not"
                + " allowed: an amplifier relay must start off (safe state); amplifiers stay off");
    }

    @Test
    void mute_may_not_shut_down_off() {
        assertThat(problems("""
                {"board": "raspberry-pi-4", "amplifiers": [{"zone": "main", "relay": {"pin": 17}}],
                 "outputs": {"mute": {"pin": 25, "shutdown": "off"}}}
                """)).containsExactly("board profile board.json: outputs.mute.shutdown \"off\" is not allowed:"
                + " mute must shut down on (safe state); amplifiers stay off");
    }

    @Test
    void fm_gate_may_not_start_open() {
        assertThat(problems("""
                {"board": "raspberry-pi-4", "amplifiers": [{"zone": "main", "relay": {"pin": 17}}],
                 "outputs": {"fmGate": {"pin": 24, "initial": "on"}}}
                """)).containsExactly("board profile board.json: outputs.fmGate.initial \"on\" is not allowed:"
                + " fmGate must start off (safe state); amplifiers stay off");
    }

    @Test
    void initial_state_not_on_or_off() {
        assertThat(problems("""
                {"board": "raspberry-pi-4", "amplifiers": [{"zone": "main", "relay": {"pin": 17}}],
                 "outputs": {"ledPower": {"pin": 5, "initial": "high"}}}
                """)).containsExactly("board profile board.json: outputs.ledPower.initial 'high' is not a state"
                + " (expected \"on\" or \"off\"); amplifiers stay off");
    }

    @Test
    void pull_not_known() {
        assertThat(problems(zone(", \"fault\": {\"pin\": 27, \"pull\": \"pullup\"}"))).containsExactly(
                "board profile board.json: amplifiers[0].fault.pull 'pullup' is not a pull (expected \"up\","
                + " \"down\" or \"off\"); amplifiers stay off");
    }

    @Test
    void debounce_out_of_range() {
        assertThat(problems(zone(", \"fault\": {\"pin\": 27, \"debounceMs\": 60000}"))).containsExactly(
                "board profile board.json: amplifiers[0].fault.debounceMs 60000 is outside 0..10000;"
                + " amplifiers stay off");
    }

    @Test
    void warm_up_negative() {
        assertThat(problems(zone(", \"warmUpMs\": -1"))).containsExactly(
                "board profile board.json: amplifiers[0].warmUpMs -1 is outside 0..60000; amplifiers stay off");
    }

    @Test
    void retries_per_hour_zero() {
        assertThat(problems(zone(", \"faultRetriesPerHour\": 0"))).containsExactly("board profile board.json:"
                + " amplifiers[0].faultRetriesPerHour 0 is outside 1..60; amplifiers stay off");
    }

    @Test
    void emergency_minimum_off_longer_than_the_normal_one() {
        assertThat(problems(zone(", \"minOffMs\": 5000, \"emergencyMinOffMs\": 8000"))).containsExactly(
                "board profile board.json: amplifiers[0].emergencyMinOffMs 8000 is longer than minOffMs 5000;"
                + " an emergency never waits longer than a normal demand; amplifiers stay off");
    }

    @Test
    void back_off_cap_below_the_first_back_off() {
        assertThat(problems(zone(", \"faultBackoffMs\": 60000, \"faultBackoffMaxMs\": 1000"))).containsExactly(
                "board profile board.json: amplifiers[0].faultBackoffMaxMs 1000 is shorter than faultBackoffMs"
                + " 60000; amplifiers stay off");
    }

    @Test
    void audio_out_not_known() {
        assertThat(problems("""
                {"board": "raspberry-pi-4", "audioOut": "bluetooth", "amplifiers": [{"zone": "main", "relay": {"pin": 17}}]}
                """)).containsExactly("board profile board.json: audioOut 'bluetooth' is not a known audio output"
                + " (known: i2s-dac, usb, jack); amplifiers stay off");
    }

    @Test
    void jack_on_a_pi_5() {
        assertThat(problems("""
                {"board": "raspberry-pi-5", "audioOut": "jack", "amplifiers": [{"zone": "main", "relay": {"pin": 17}}]}
                """)).containsExactly("board profile board.json: audioOut \"jack\" is not available on"
                + " raspberry-pi-5 (it has no analogue audio jack); amplifiers stay off");
    }

    @Test
    void gpio_chip_not_a_chip_name() {
        assertThat(problems("""
                {"board": "raspberry-pi-5", "gpioChip": "/dev/gpiochip4", "amplifiers": [{"zone": "main", "relay": {"pin": 17}}]}
                """)).containsExactly("board profile board.json: gpioChip \"/dev/gpiochip4\" is not a gpiod chip"
                + " name (expected e.g. \"gpiochip0\"); amplifiers stay off");
    }

    @Test
    void not_json() {
        assertThat(problems("{\"board\": ")).singleElement().asString()
                .startsWith("board profile board.json: is not valid JSON")
                .endsWith("; amplifiers stay off");
    }

    @Test
    void not_an_object() {
        assertThat(problems("[1, 2]")).containsExactly(
                "board profile board.json: must be an object but was an array; amplifiers stay off");
    }

    @Test
    void every_problem_is_reported_at_once() {
        assertThat(problems("""
                {"board": "raspberry-pi-4", "amplifiers": [{"zone": "main", "relay": {"pin": 41}}],
                 "inputs": {"doorOpen": {"pin": 23, "pull": "sideways"}},
                 "outputs": {"fmGate": {"pin": 23}}, "colour": "red"}
                """)).containsExactly(
                "board profile board.json: amplifiers[0].relay.pin 41 is not a GPIO on raspberry-pi-4 (BCM 2..27);"
                        + " amplifiers stay off",
                "board profile board.json: inputs.doorOpen.pull 'sideways' is not a pull (expected \"up\", \"down\""
                        + " or \"off\"); amplifiers stay off",
                "board profile board.json: outputs.fmGate.pin 23 is already used by inputs.doorOpen.pin;"
                        + " amplifiers stay off",
                "board profile board.json: colour is not a known key; amplifiers stay off");
    }

    @Test
    void unknown_built_in_name_lists_the_built_in_ones() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> BoardProfile.builtIn("raspberry-pi-3"));
        assertThat(e).hasMessage("board profile \"raspberry-pi-3\" is not built in (built in: raspberry-pi-4,"
                + " raspberry-pi-5, simulated); amplifiers stay off");
    }
}
