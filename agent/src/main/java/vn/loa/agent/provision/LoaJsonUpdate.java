package vn.loa.agent.provision;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import vn.loa.agent.config.LoaConfig;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.json.JsonNode;

/**
 * The station's {@code loa.json} as {@code ./loa provision} leaves it: {@code loa run} requires the file and opens
 * the board it names, so provisioning a board must put it there. A missing file is created with the board, the
 * station name and the data folder; an existing one keeps every other section and only gets {@code board.profile}
 * (and {@code audio.allowSources}, when provisioning gives the list) set. A file that is not valid JSON, not a valid loa.json, or carries its own {@code lwm2m} section (the agent
 * refuses that next to {@code lwm2m.json}) is never replaced: {@link #merged} says what is wrong and where.
 */
final class LoaJsonUpdate {

    /** What {@code loa.json} names when it has no {@code board} section (as {@link LoaConfig} reads it). */
    static final String DEFAULT_BOARD = "simulated";

    private static final String STATION_NAME = "[A-Za-z0-9._-]{1,64}";

    private final Path file;
    private final Optional<Map<String, Object>> existing;
    private final Optional<ConfigException> broken;

    private LoaJsonUpdate(Path file, Optional<Map<String, Object>> existing, Optional<ConfigException> broken) {
        this.file = file;
        this.existing = existing;
        this.broken = broken;
    }

    /** Reads {@code file} if it exists; a problem with it is kept for {@link #merged}, never thrown here. */
    @SuppressWarnings("unchecked")
    static LoaJsonUpdate read(Path file) {
        if (!Files.exists(file)) return new LoaJsonUpdate(file, Optional.empty(), Optional.empty());
        try {
            JsonNode root = JsonNode.read(file);
            if (!root.isObject()) {
                root.problem("", "must be a JSON object");
                root.problems().throwIfAny();
            }
            Object board = ((Map<String, Object>) root.raw()).get("board");
            if (board != null && !(board instanceof Map)) {
                root.problem("board", "must be an object such as {\"profile\": \"raspberry-pi-4\"}");
                root.problems().throwIfAny();
            }
            return new LoaJsonUpdate(file, Optional.of(new LinkedHashMap<>((Map<String, Object>) root.raw())), Optional.empty());
        } catch (ConfigException e) {
            return new LoaJsonUpdate(file, Optional.empty(), Optional.of(e));
        }
    }

    Path file() {
        return file;
    }

    boolean exists() {
        return existing.isPresent() || broken.isPresent();
    }

    /** The board the existing file makes {@code loa run} open; empty when there is no usable file. */
    Optional<String> board() {
        return existing.map(m -> m.get("board") instanceof Map<?, ?> b && b.get("profile") instanceof String s ? s : DEFAULT_BOARD);
    }

    /**
     * The new content of the file for {@code board}, or empty when the file already names it (left untouched, byte
     * for byte). A new file also gets {@code station.name} (the endpoint, when it is a valid station name) and
     * {@code paths.data}. The result is validated as {@code loa run} will read it.
     *
     * @throws ConfigException naming the file and each problem when the existing file cannot be kept or merged
     */
    Optional<byte[]> merged(String board, String endpoint, Path data) throws ConfigException {
        return merged(board, endpoint, data, Optional.empty());
    }

    /** As {@link #merged(String, String, Path)}, also setting {@code audio.allowSources} when {@code allowSources} is given. */
    @SuppressWarnings("unchecked")
    Optional<byte[]> merged(String board, String endpoint, Path data, Optional<List<String>> allowSources)
            throws ConfigException {
        if (broken.isPresent()) throw broken.get();
        Map<String, Object> root;
        if (existing.isPresent()) {
            root = existing.get();
            if (root.containsKey("lwm2m")) {
                throw new ConfigException(List.of(file + ": lwm2m is set here, but ./loa provision writes it to "
                        + file.resolveSibling(ProvisionCommand.CONFIG_FILE) + " and the agent refuses both at once: "
                        + "move or delete this lwm2m section, then provision again"));
            }
            boolean sameSources = allowSources.isEmpty() || root.get("audio") instanceof Map<?, ?> au
                    && allowSources.get().equals(au.get("allowSources"));
            if (root.get("board") instanceof Map<?, ?> b && board.equals(b.get("profile")) && sameSources) {
                validate(text(root));
                return Optional.empty();
            }
            if (root.containsKey("audio") && !(root.get("audio") instanceof Map)) {
                throw new ConfigException(List.of(file + ": audio must be an object"));
            }
            @SuppressWarnings("unchecked") Map<String, Object> b = root.get("board") instanceof Map<?, ?> m
                    ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
            b.put("profile", board);
            root.put("board", b);
        } else {
            root = new LinkedHashMap<>();
            if (endpoint.matches(STATION_NAME)) root.put("station", Map.of("name", endpoint));
            root.put("board", Map.of("profile", board));
            root.put("paths", Map.of("data", data.toAbsolutePath().toString()));
        }
        if (allowSources.isPresent()) {
            Map<String, Object> audio = root.get("audio") instanceof Map<?, ?> m
                    ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
            audio.put("allowSources", List.copyOf(allowSources.get()));
            root.put("audio", audio);
        }
        String text = text(root);
        validate(text);
        return Optional.of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The existing file's permissions (kept when it is replaced), else 0644. */
    Set<PosixFilePermission> permissions() {
        try {
            if (Files.exists(file)) return Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            // fall through to the default
        }
        return AtomicFiles.WORLD_READABLE;
    }

    private void validate(String text) throws ConfigException {
        LoaConfig.parse(text, file.toString(), LoaConfig.DEVICE_DATA);
    }

    private static String text(Map<String, Object> root) {
        try {
            return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("a parsed loa.json could not be written back", e);
        }
    }
}
