package vn.loa.agent.config;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import vn.loa.agent.audio.AudioConfig;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.json.JsonNode;

/**
 * The agent's configuration, {@code loa.json}. Every section is optional and has defaults; unknown keys are
 * rejected with a did-you-mean; all problems are reported together, each with file and JSON path.
 *
 * <pre>
 * {
 *   "station": { "name": "xa-an-phu-cum-03", "timezone": "Asia/Ho_Chi_Minh" },
 *   "board":   { "profile": "raspberry-pi-4" },          // a shipped profile name or a JSON file path
 *   "paths":   { "data": "/var/lib/loa", "logs": "/var/lib/loa/logs" },
 *   "log":     { "level": "info", "console": true },
 *   "audio":   { ... }                                   // see docs/audio.md
 * }
 * </pre>
 *
 * @param station station identity and time zone
 * @param board   which board profile to use
 * @param paths   where state, cache and logs live
 * @param log     logging level and console echo
 * @param audio   the audio engine's settings ({@link AudioConfig})
 */
public record LoaConfig(Station station, Board board, Paths paths, Log log, AudioConfig audio) {

    /** The same configuration with its data folder (and the logs under it, when they were there) moved. */
    public LoaConfig withData(Path data) {
        Path logs = paths.logs().startsWith(paths.data()) ? data.resolve(paths.data().relativize(paths.logs())) : paths.logs();
        return new LoaConfig(station, board, new Paths(data, logs), log, audio);
    }

    /** @param name a human name for logs and the dashboard; @param zone the station's time zone */
    public record Station(String name, ZoneId zone) {
        public Station {
            Objects.requireNonNull(name);
            Objects.requireNonNull(zone);
        }
    }

    /** @param profile a shipped profile name ({@code simulated}, {@code raspberry-pi-4}, ...) or a file path */
    public record Board(String profile) {
        public Board {
            Objects.requireNonNull(profile);
        }
    }

    /** @param data state, secrets, cache, play log; @param logs rolling log files */
    public record Paths(Path data, Path logs) {
        public Paths {
            Objects.requireNonNull(data);
            Objects.requireNonNull(logs);
        }
    }

    /** @param level trace, debug, info, warn or error; @param console also echo to the console */
    public record Log(String level, boolean console) {
        public Log {
            if (!LEVELS.contains(level)) throw new IllegalArgumentException("log level " + level);
        }
    }

    private static final java.util.Set<String> LEVELS = java.util.Set.of("trace", "debug", "info", "warn", "error");

    /** Defaults for a device: board from /etc/loa, data under /var/lib/loa. */
    public static final Path DEVICE_DATA = Path.of("/var/lib/loa");

    /** A configuration with every default, rooted at {@code data}, for {@code profile}. */
    public static LoaConfig defaults(Path data, String profile) {
        return new LoaConfig(new Station("loa", vn.loa.hal.time.Clock.VIETNAM), new Board(profile),
                new Paths(data, data.resolve("logs")), new Log("info", true), AudioConfig.defaults());
    }

    /** Reads and validates a file. */
    public static LoaConfig load(Path file, Path defaultData) throws ConfigException {
        return from(JsonNode.read(file), defaultData);
    }

    /** Parses and validates text; {@code source} names it in messages. */
    public static LoaConfig parse(String json, String source, Path defaultData) throws ConfigException {
        return from(JsonNode.parse(json, source), defaultData);
    }

    private static LoaConfig from(JsonNode root, Path defaultData) throws ConfigException {
        if (!root.isObject()) {
            root.problem("", "must be a JSON object");
            root.problems().throwIfAny();
        }
        JsonNode st = root.object("station");
        String name = st.string("name", "loa");
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            st.problem("name", "'" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        ZoneId zone = st.parsed("timezone", vn.loa.hal.time.Clock.VIETNAM, LoaConfig::zone);
        st.rejectUnknownKeys();

        JsonNode b = root.object("board");
        String profile = b.string("profile", "simulated");
        if (profile.isBlank()) b.problem("profile", "must name a profile or a file");
        b.rejectUnknownKeys();

        JsonNode p = root.object("paths");
        Path data = p.parsed("data", defaultData, Path::of);
        Path logs = p.parsed("logs", data.resolve("logs"), Path::of);
        p.rejectUnknownKeys();

        JsonNode l = root.object("log");
        String level = l.string("level", "info").toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            l.problem("level", "'" + level + "' is not one of trace, debug, info, warn, error");
            level = "info";
        }
        boolean console = l.bool("console", true);
        l.rejectUnknownKeys();

        AudioConfig audio = AudioConfig.from(root.object("audio"));

        root.rejectUnknownKeys();
        root.problems().throwIfAny();
        return new LoaConfig(new Station(name, zone), new Board(profile), new Paths(data, logs), new Log(level, console), audio);
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("is not a time zone (e.g. Asia/Ho_Chi_Minh)");
        }
    }
}
