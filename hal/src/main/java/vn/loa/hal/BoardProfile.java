package vn.loa.hal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import vn.loa.hal.json.ConfigException;

/**
 * A board's wiring: which BCM pin carries each role, its polarity, pull, debounce, initial and shutdown
 * states, and each amplifier zone's sequencing. Parsed strictly by {@link #parse}: unknown keys and roles,
 * wrong types, pins outside the board's header or reserved by its audio output, and pins used twice are all
 * reported at once, each naming the file, JSON path and reason, ending with "amplifiers stay off".
 *
 * <p>Built-in profiles ({@link #BUILT_IN}) ship as resources {@code vn/loa/hal/profiles/<name>.json}.
 * Immutable.
 *
 * @param source where it was read from (file path, or {@code "<name> (built-in)"})
 * @param board the board model, which fixes the valid GPIO range
 * @param description free text for people
 * @param audioOut the audio output wired to the amplifier; an I2S DAC reserves its pins
 * @param gpioChip the gpiod chip device name; empty: Pi4J picks the chip labelled {@code pinctrl-*} (the
 *     header's chip on Pi 4 and Pi 5, whatever its number on the running kernel)
 * @param amplifiers one or more zones, in file order
 * @param inputs the station inputs present on this board, by role
 * @param outputs the station outputs present on this board, by role
 */
public record BoardProfile(String source, BoardModel board, String description, AudioOut audioOut, Optional<String> gpioChip,
        List<Zone> amplifiers, Map<InputRole, InputPin> inputs, Map<OutputRole, OutputPin> outputs) {

    /** Names of the profiles shipped in the jar. */
    public static final List<String> BUILT_IN = List.of("raspberry-pi-4", "raspberry-pi-5", "simulated");

    public BoardProfile {
        if (amplifiers.isEmpty()) throw new IllegalArgumentException(source + ": a board needs at least one amplifier zone");
        amplifiers = List.copyOf(amplifiers);
        inputs = Map.copyOf(inputs);
        outputs = Map.copyOf(outputs);
    }

    /** A board model and the BCM GPIO numbers its 40-pin header offers. */
    public enum BoardModel {
        /** BCM 0/1 are the HAT ID EEPROM bus, so the header's usable GPIOs are BCM 2..27. */
        RASPBERRY_PI_4("raspberry-pi-4", 2, 27, true),
        /** Same header numbering through the RP1 chip; no analogue audio jack. */
        RASPBERRY_PI_5("raspberry-pi-5", 2, 27, false),
        /** Pi4J mock GPIO; validated like a Pi header so a simulated profile is a real one too. */
        SIMULATED("simulated", 2, 27, true);

        private final String key;
        private final int minPin;
        private final int maxPin;
        private final boolean hasJack;

        BoardModel(String key, int minPin, int maxPin, boolean hasJack) {
            this.key = key;
            this.minPin = minPin;
            this.maxPin = maxPin;
            this.hasJack = hasJack;
        }

        public String key() { return key; }
        public int minPin() { return minPin; }
        public int maxPin() { return maxPin; }
        public boolean hasJack() { return hasJack; }

        public static Optional<BoardModel> of(String key) {
            return Arrays.stream(values()).filter(b -> b.key.equals(key)).findFirst();
        }

        public static String keys() {
            return Arrays.stream(values()).map(BoardModel::key).collect(Collectors.joining(", "));
        }
    }

    /**
     * Where the audio goes. An I2S DAC HAT (HiFiBerry DAC+, IQaudio DAC and the like) uses BCM 18-21 for I2S
     * and BCM 2-3 for the I2C bus that configures the DAC, so those pins cannot carry station roles. USB
     * audio and the on-board jack use no header pins.
     */
    public enum AudioOut {
        I2S_DAC("i2s-dac", Set.of(2, 3, 18, 19, 20, 21)),
        USB("usb", Set.of()),
        JACK("jack", Set.of());

        private final String key;
        private final Set<Integer> reservedPins;

        AudioOut(String key, Set<Integer> reservedPins) {
            this.key = key;
            this.reservedPins = reservedPins;
        }

        public String key() { return key; }
        public Set<Integer> reservedPins() { return reservedPins; }

        public static Optional<AudioOut> of(String key) {
            return Arrays.stream(values()).filter(a -> a.key.equals(key)).findFirst();
        }

        public static String keys() {
            return Arrays.stream(values()).map(AudioOut::key).collect(Collectors.joining(", "));
        }
    }

    /** Station inputs other than the per-zone amplifier fault. */
    public enum InputRole {
        /** Mains power present (off: running on battery/UPS). */
        MAINS_PRESENT("mainsPresent"),
        /** Cabinet door open or tamper switch triggered. */
        DOOR_OPEN("doorOpen");

        private final String key;

        InputRole(String key) { this.key = key; }

        public String key() { return key; }

        public static Optional<InputRole> of(String key) {
            return Arrays.stream(values()).filter(r -> r.key.equals(key)).findFirst();
        }

        public static String keys() {
            return Arrays.stream(values()).map(InputRole::key).collect(Collectors.joining(", "));
        }
    }

    /** Station outputs other than the per-zone amplifier relay, each with the state it must have when safe. */
    public enum OutputRole {
        /** Passes the FM tuner's audio to the amplifier; closed (off) unless an FM relay is wanted. */
        FM_GATE("fmGate", false, true),
        /** Mutes the audio path into the amplifier; on whenever the station is unsure. */
        MUTE("mute", true, true),
        LED_POWER("ledPower", false, false),
        LED_LINK("ledLink", false, false),
        LED_AUDIO("ledAudio", false, false),
        LED_FAULT("ledFault", false, false);

        private final String key;
        private final boolean safeOn;
        private final boolean safetyCritical;

        OutputRole(String key, boolean safeOn, boolean safetyCritical) {
            this.key = key;
            this.safeOn = safeOn;
            this.safetyCritical = safetyCritical;
        }

        public String key() { return key; }

        /** The logical state this role takes in the safe state. */
        public boolean safeOn() { return safeOn; }

        /** True when initial and shutdown states are fixed to {@link #safeOn()} by validation. */
        public boolean safetyCritical() { return safetyCritical; }

        public static Optional<OutputRole> of(String key) {
            return Arrays.stream(values()).filter(r -> r.key.equals(key)).findFirst();
        }

        public static String keys() {
            return Arrays.stream(values()).map(OutputRole::key).collect(Collectors.joining(", "));
        }
    }

    public enum Pull { UP, DOWN, OFF }

    /** A digital input: active when the pin is LOW if {@code activeLow}, else when HIGH. */
    public record InputPin(int pin, boolean activeLow, Pull pull, Duration debounce) {
        public InputPin {
            if (debounce.isNegative()) throw new IllegalArgumentException("debounce must not be negative: " + debounce);
        }

        /** True when the electrical level {@code high} means the role is active. */
        public boolean isActive(boolean high) {
            return high != activeLow;
        }
    }

    /** A digital output: on drives the pin LOW if {@code activeLow}, else HIGH. */
    public record OutputPin(int pin, boolean activeLow, boolean initialOn, boolean shutdownOn) {
        /** The electrical level (true = HIGH) that means {@code on}. */
        public boolean levelFor(boolean on) {
            return on != activeLow;
        }
    }

    /**
     * One amplifier zone: its power relay, optional fault input, optional speaker-line supervision input (active when the
     * line to the loudspeakers is open: cable cut, loudspeaker disconnected or stolen), and sequencing.
     */
    public record Zone(String name, OutputPin relay, Optional<InputPin> fault, Optional<InputPin> lineOpen,
                       AmplifierSettings settings) {

        /** A zone whose speaker line is not supervised. */
        public Zone(String name, OutputPin relay, Optional<InputPin> fault, AmplifierSettings settings) {
            this(name, relay, fault, Optional.empty(), settings);
        }

        public Zone {
            java.util.Objects.requireNonNull(lineOpen, "lineOpen");
            if (relay.initialOn() || relay.shutdownOn()) {
                throw new IllegalArgumentException("zone " + name + ": an amplifier relay starts and shuts down off");
            }
        }

        public String relayRole() { return "amp." + name + ".relay"; }

        public String faultRole() { return "amp." + name + ".fault"; }

        public String lineOpenRole() { return "amp." + name + ".lineOpen"; }
    }

    /** The zone named {@code name}, if this board has it. */
    public Optional<Zone> zone(String name) {
        return amplifiers.stream().filter(z -> z.name().equals(name)).findFirst();
    }

    /**
     * Every input by role name: station inputs by their key, amplifier faults as {@code amp.<zone>.fault}, speaker-line
     * supervision as {@code amp.<zone>.lineOpen}.
     */
    public Map<String, InputPin> inputsByRole() {
        Map<String, InputPin> out = new LinkedHashMap<>();
        for (Zone z : amplifiers) z.fault().ifPresent(f -> out.put(z.faultRole(), f));
        for (Zone z : amplifiers) z.lineOpen().ifPresent(f -> out.put(z.lineOpenRole(), f));
        for (InputRole r : InputRole.values()) if (inputs.containsKey(r)) out.put(r.key(), inputs.get(r));
        return out;
    }

    /** Every output by role name: station outputs by their key, amplifier relays as {@code amp.<zone>.relay}. */
    public Map<String, OutputPin> outputsByRole() {
        Map<String, OutputPin> out = new LinkedHashMap<>();
        for (Zone z : amplifiers) out.put(z.relayRole(), z.relay());
        for (OutputRole r : OutputRole.values()) if (outputs.containsKey(r)) out.put(r.key(), outputs.get(r));
        return out;
    }

    /** A built-in profile name from {@link #BUILT_IN}, or else a file path. */
    public static BoardProfile load(String nameOrPath) throws ConfigException {
        if (BUILT_IN.contains(nameOrPath)) return builtIn(nameOrPath);
        return read(Path.of(nameOrPath));
    }

    /** One of {@link #BUILT_IN}; any other name is a {@link ConfigException} listing the built-in ones. */
    public static BoardProfile builtIn(String name) throws ConfigException {
        if (!BUILT_IN.contains(name)) {
            throw new ConfigException(List.of("board profile \"" + name + "\" is not built in (built in: "
                    + String.join(", ", BUILT_IN) + "); amplifiers stay off"));
        }
        String resource = "profiles/" + name + ".json";
        try (InputStream in = BoardProfile.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("built-in board profile " + resource + " missing from the jar");
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name + " (built-in)");
        } catch (IOException e) {
            throw new IllegalStateException("built-in board profile " + resource + " unreadable", e);
        }
    }

    /** Reads a profile file; a missing file is a {@link ConfigException} naming it. */
    public static BoardProfile read(Path file) throws ConfigException {
        return BoardProfileParser.read(file);
    }

    /** Parses profile text; {@code source} names it in every problem. */
    public static BoardProfile parse(String json, String source) throws ConfigException {
        return BoardProfileParser.parse(json, source);
    }
}
