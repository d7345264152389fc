package vn.loa.hal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import vn.loa.hal.BoardProfile.AudioOut;
import vn.loa.hal.BoardProfile.BoardModel;
import vn.loa.hal.BoardProfile.InputPin;
import vn.loa.hal.BoardProfile.InputRole;
import vn.loa.hal.BoardProfile.OutputPin;
import vn.loa.hal.BoardProfile.OutputRole;
import vn.loa.hal.BoardProfile.Pull;
import vn.loa.hal.BoardProfile.Zone;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.json.JsonNode;

/** Reads a {@link BoardProfile}, collecting every problem before failing. Not thread-safe; one per parse. */
final class BoardProfileParser {

    static final String CONSEQUENCE = "; amplifiers stay off";
    private static final Pattern ZONE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern GPIO_CHIP = Pattern.compile("gpiochip[0-9]{1,2}");
    private static final long NO_PIN = Long.MIN_VALUE;
    private static final long MAX_MS = Duration.ofHours(1).toMillis();

    private final String source;
    private final Map<Long, String> pinUsers = new HashMap<>();
    private BoardModel board;
    private AudioOut audioOut = AudioOut.USB;

    private BoardProfileParser(String source) {
        this.source = source;
    }

    static BoardProfile read(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of("board profile " + file + ": file not found" + CONSEQUENCE));
        } catch (IOException e) {
            throw new ConfigException(List.of("board profile " + file + ": cannot be read: " + e.getMessage() + CONSEQUENCE));
        }
        return parse(text, file.toString());
    }

    static BoardProfile parse(String json, String source) throws ConfigException {
        JsonNode root;
        try {
            root = JsonNode.parse(json, "board profile " + source);
        } catch (ConfigException e) {
            throw withConsequence(e.problems());
        }
        BoardProfile profile = new BoardProfileParser(source).profile(root);
        if (!root.problems().isEmpty()) throw withConsequence(root.problems().all());
        return profile;
    }

    private static ConfigException withConsequence(List<String> problems) {
        return new ConfigException(problems.stream().map(p -> p + CONSEQUENCE).toList());
    }

    private BoardProfile profile(JsonNode root) {
        if (!root.isObject()) {
            root.rejectUnknownKeys();
            return null;
        }
        String boardKey = root.requiredString("board");
        board = BoardModel.of(boardKey).orElse(null);
        if (board == null && !boardKey.isEmpty()) {
            root.problem("board", "\"" + boardKey + "\" is not a known board (known: " + BoardModel.keys() + ")");
        }
        String description = root.string("description", "");
        audioOut = root.parsed("audioOut", AudioOut.USB, k -> AudioOut.of(k).orElseThrow(
                () -> new IllegalArgumentException("is not a known audio output (known: " + AudioOut.keys() + ")")));
        if (audioOut == AudioOut.JACK && board != null && !board.hasJack()) {
            root.problem("audioOut", "\"jack\" is not available on " + board.key() + " (it has no analogue audio jack)");
        }
        Optional<String> gpioChip = root.optString("gpioChip");
        if (gpioChip.isPresent() && !GPIO_CHIP.matcher(gpioChip.get()).matches()) {
            root.problem("gpioChip", "\"" + gpioChip.get() + "\" is not a gpiod chip name (expected e.g. \"gpiochip0\")");
        }

        List<Zone> zones = zones(root);

        Map<InputRole, InputPin> inputs = new EnumMap<>(InputRole.class);
        JsonNode in = root.object("inputs");
        for (var e : in.entries().entrySet()) {
            Optional<InputRole> role = InputRole.of(e.getKey());
            if (role.isEmpty()) {
                in.problem(e.getKey(), "is not a known input role (known: " + InputRole.keys() + ")");
                continue;
            }
            inputPin(e.getValue()).ifPresent(p -> inputs.put(role.get(), p));
        }
        in.rejectUnknownKeys();

        Map<OutputRole, OutputPin> outputs = new EnumMap<>(OutputRole.class);
        JsonNode out = root.object("outputs");
        for (var e : out.entries().entrySet()) {
            Optional<OutputRole> role = OutputRole.of(e.getKey());
            if (role.isEmpty()) {
                out.problem(e.getKey(), "is not a known output role (known: " + OutputRole.keys() + ")");
                continue;
            }
            OutputRole r = role.get();
            outputPin(e.getValue(), r.key(), r.safeOn(), r.safetyCritical()).ifPresent(p -> outputs.put(r, p));
        }
        out.rejectUnknownKeys();
        root.rejectUnknownKeys();

        if (!root.problems().isEmpty() || zones.isEmpty()) return null;
        return new BoardProfile(source, board, description, audioOut, gpioChip, zones, inputs, outputs);
    }

    private List<Zone> zones(JsonNode root) {
        List<Zone> zones = new ArrayList<>();
        if (!root.has("amplifiers")) {
            root.problem("amplifiers", "is required (at least one amplifier zone)");
            return zones;
        }
        List<JsonNode> list = root.array("amplifiers");
        if (list.isEmpty() && root.raw() instanceof Map<?, ?> m && m.get("amplifiers") instanceof List) {
            root.problem("amplifiers", "is empty; a board needs at least one amplifier zone");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode z : list) {
            if (!z.isObject()) {
                z.rejectUnknownKeys();
                continue;
            }
            String name = z.requiredString("zone");
            if (!name.isEmpty() && !ZONE_NAME.matcher(name).matches()) {
                z.problem("zone", "\"" + name + "\" is not a zone name (lower-case letters, digits and '-', at most 32)");
            } else if (names.contains(name)) {
                z.problem("zone", "\"" + name + "\" is already used by amplifiers[" + names.indexOf(name) + "]");
            }
            names.add(name);
            Optional<OutputPin> relay = Optional.empty();
            if (!z.has("relay")) {
                z.problem("relay", "is required");
            } else {
                relay = outputPin(z.object("relay"), "an amplifier relay", false, true);
            }
            Optional<InputPin> fault = z.has("fault") ? inputPin(z.object("fault")) : Optional.empty();
            Optional<InputPin> lineOpen = z.has("lineOpen") ? inputPin(z.object("lineOpen")) : Optional.empty();
            AmplifierSettings d = AmplifierSettings.DEFAULTS;
            Duration warmUp = ms(z, "warmUpMs", d.warmUp(), Duration.ofMinutes(1).toMillis());
            Duration hold = ms(z, "holdMs", d.hold(), MAX_MS);
            Duration minOff = ms(z, "minOffMs", d.minOff(), MAX_MS);
            Duration emergencyMinOff = ms(z, "emergencyMinOffMs", d.emergencyMinOff(), MAX_MS);
            Duration backoff = ms(z, "faultBackoffMs", d.faultBackoff(), MAX_MS);
            Duration backoffMax = ms(z, "faultBackoffMaxMs", d.faultBackoffMax(), Duration.ofHours(24).toMillis());
            int retries = z.intValue("faultRetriesPerHour", d.faultRetriesPerHour(), 1, 60);
            if (emergencyMinOff.compareTo(minOff) > 0) {
                z.problem("emergencyMinOffMs", emergencyMinOff.toMillis() + " is longer than minOffMs "
                        + minOff.toMillis() + "; an emergency never waits longer than a normal demand");
                emergencyMinOff = minOff;
            }
            if (backoffMax.compareTo(backoff) < 0) {
                z.problem("faultBackoffMaxMs", backoffMax.toMillis() + " is shorter than faultBackoffMs "
                        + backoff.toMillis());
                backoffMax = backoff;
            }
            AmplifierSettings settings = new AmplifierSettings(warmUp, hold, minOff, emergencyMinOff, backoff,
                    backoffMax, retries);
            z.rejectUnknownKeys();
            if (relay.isPresent() && ZONE_NAME.matcher(name).matches()) {
                zones.add(new Zone(name, relay.get(), fault, lineOpen, settings));
            }
        }
        return zones;
    }

    private static Duration ms(JsonNode node, String key, Duration dflt, long max) {
        return Duration.ofMillis(node.integer(key, dflt.toMillis(), 0, max));
    }

    private Optional<InputPin> inputPin(JsonNode spec) {
        if (!spec.isObject()) {
            spec.rejectUnknownKeys();
            return Optional.empty();
        }
        long pin = pin(spec);
        boolean activeLow = spec.bool("activeLow", false);
        Pull pull = spec.parsed("pull", Pull.OFF, s -> switch (s) {
            case "up" -> Pull.UP;
            case "down" -> Pull.DOWN;
            case "off" -> Pull.OFF;
            default -> throw new IllegalArgumentException("is not a pull (expected \"up\", \"down\" or \"off\")");
        });
        long debounceMs = spec.integer("debounceMs", 50, 0, 10_000);
        spec.rejectUnknownKeys();
        if (pin == NO_PIN) return Optional.empty();
        return Optional.of(new InputPin((int) pin, activeLow, pull, Duration.ofMillis(debounceMs)));
    }

    private Optional<OutputPin> outputPin(JsonNode spec, String what, boolean safeOn, boolean fixed) {
        if (!spec.isObject()) {
            spec.rejectUnknownKeys();
            return Optional.empty();
        }
        long pin = pin(spec);
        boolean activeLow = spec.bool("activeLow", false);
        boolean initial = onOff(spec, "initial", safeOn, what, fixed, "start");
        boolean shutdown = onOff(spec, "shutdown", safeOn, what, fixed, "shut down");
        spec.rejectUnknownKeys();
        if (pin == NO_PIN) return Optional.empty();
        return Optional.of(new OutputPin((int) pin, activeLow, initial, shutdown));
    }

    private static boolean onOff(JsonNode spec, String key, boolean safeOn, String what, boolean fixed, String verb) {
        boolean v = spec.parsed(key, safeOn, s -> switch (s) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("is not a state (expected \"on\" or \"off\")");
        });
        if (fixed && v != safeOn) {
            String safe = safeOn ? "on" : "off";
            spec.problem(key, "\"" + (v ? "on" : "off") + "\" is not allowed: " + what + " must " + verb + " "
                    + safe + " (safe state)");
            return safeOn;
        }
        return v;
    }

    private long pin(JsonNode spec) {
        if (!spec.has("pin")) {
            spec.problem("pin", "is required");
            return NO_PIN;
        }
        long pin = spec.integer("pin", NO_PIN, Long.MIN_VALUE + 1, Long.MAX_VALUE);
        if (pin == NO_PIN) return NO_PIN;
        if (board != null && (pin < board.minPin() || pin > board.maxPin())) {
            spec.problem("pin", pin + " is not a GPIO on " + board.key() + " (BCM " + board.minPin() + ".."
                    + board.maxPin() + ")");
            return NO_PIN;
        }
        if (audioOut.reservedPins().contains((int) pin)) {
            spec.problem("pin", pin + " is reserved by audioOut \"" + audioOut.key()
                    + "\" (an I2S DAC uses BCM 18-21 for I2S and BCM 2-3 for its I2C control)");
            return NO_PIN;
        }
        String here = (spec.path().isEmpty() ? "" : spec.path() + ".") + "pin";
        String before = pinUsers.putIfAbsent(pin, here);
        if (before != null) {
            spec.problem("pin", pin + " is already used by " + before);
            return NO_PIN;
        }
        return pin;
    }
}
