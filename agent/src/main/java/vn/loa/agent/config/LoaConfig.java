package vn.loa.agent.config;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import vn.loa.agent.audio.AudioConfig;
import vn.loa.agent.lwm2m.Lwm2mConfig;
import vn.loa.agent.provision.ProvisionCommand;
import vn.loa.agent.schedule.PowerConfig;
import vn.loa.agent.schedule.QuietHoursConfig;
import vn.loa.agent.schedule.ScheduleConfig;
import vn.loa.agent.store.CacheConfig;
import vn.loa.agent.store.StoreConfig;
import vn.loa.agent.update.UpdateConfig;
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
 *   "audio":   { ... },                                  // see docs/audio.md
 *   "lwm2m":   { ... },                                  // optional; see docs/lwm2m.md (or lwm2m.json beside)
 *   "store":   { ... }, "cache": { ... }, "schedule": { ... }, "quietHours": { ... }, "power": { ... },
 *                                                        // see docs/schedule-and-store.md
 *   "update":  { ... }                                   // optional; over-the-air updates, see docs/ota.md
 * }
 * </pre>
 *
 * <p>Data paths follow {@code paths.data} unless set explicitly: {@code store.dataDir} (schedule, play log, audit
 * log, content cache), {@code audio.cacheDir} (= the store's {@code cache/}), {@code lwm2m.secretsFile} and
 * {@code lwm2m.nonceFile}; {@code schedule.zone} follows {@code station.timezone}.
 *
 * <p>The {@code lwm2m} section is read from loa.json or, when loa.json has none, from {@code lwm2m.json} in the
 * same folder ({@link ProvisionCommand#CONFIG_FILE}, what {@code ./loa provision} writes); both at once is a
 * problem. Without either the station runs without a management plane. {@code lwm2m.allowNoSec} is a problem unless
 * {@code board.profile} is {@value #NOSEC_BOARD}: a device never talks to its server unencrypted.
 *
 * @param station    station identity and time zone
 * @param board      which board profile to use
 * @param paths      where state, cache and logs live
 * @param log        logging level and console echo
 * @param audio      the audio engine's settings ({@link AudioConfig})
 * @param lwm2m      the LwM2M client's settings, when the station has a management server
 * @param store      where the schedule, play log, audit log and cache live, and how big the logs grow
 * @param cache      the content cache's quota and timeouts
 * @param schedule   the schedule's zone, prefetch and late-start windows, clock tolerance
 * @param quietHours the nightly window when only emergencies (and allowNight items) play
 * @param power      what plays on battery
 * @param update     over-the-air updates (slots, trust, maintenance window, health beats), when the section is there
 *                   ({@code loa run} then offers LwM2M Object 5); absent, the station takes no updates
 */
public record LoaConfig(Station station, Board board, Paths paths, Log log, AudioConfig audio,
                        Optional<Lwm2mConfig> lwm2m, StoreConfig store, CacheConfig cache, ScheduleConfig schedule,
                        QuietHoursConfig quietHours, PowerConfig power, Optional<UpdateConfig> update) {

    public LoaConfig {
        Objects.requireNonNull(station, "station");
        Objects.requireNonNull(board, "board");
        Objects.requireNonNull(paths, "paths");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(lwm2m, "lwm2m");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(quietHours, "quietHours");
        Objects.requireNonNull(power, "power");
        Objects.requireNonNull(update, "update");
    }

    /**
     * The same configuration with its data folder moved, and the logs, store and audio cache that were under the old
     * one moved with it. The LwM2M secrets and nonce files stay where the section names them (provisioning wrote them).
     */
    public LoaConfig withData(Path data) {
        Path old = paths.data();
        Path logs = moved(paths.logs(), old, data);
        StoreConfig st = store.withDataDir(moved(store.dataDir(), old, data));
        AudioConfig au = withCacheDir(audio, moved(audio.cacheDir(), old, data));
        return new LoaConfig(station, board, new Paths(data, logs), log, au, lwm2m, st, cache, schedule, quietHours, power, update);
    }

    /** The same configuration with this {@code lwm2m} section (or none). */
    public LoaConfig withLwm2m(Optional<Lwm2mConfig> section) {
        return new LoaConfig(station, board, paths, log, audio, section, store, cache, schedule, quietHours, power, update);
    }

    private static Path moved(Path p, Path from, Path to) {
        return p.startsWith(from) ? to.resolve(from.relativize(p)) : p;
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

    /** The only board profile on which {@code lwm2m.allowNoSec} is accepted. */
    public static final String NOSEC_BOARD = "simulated";

    private static final java.util.Set<String> LEVELS = java.util.Set.of("trace", "debug", "info", "warn", "error");

    /** Defaults for a device: board from /etc/loa, data under /var/lib/loa. */
    public static final Path DEVICE_DATA = Path.of("/var/lib/loa");

    /** A configuration with every default, rooted at {@code data}, for {@code profile}; no LwM2M section. */
    public static LoaConfig defaults(Path data, String profile) {
        StoreConfig store = StoreConfig.defaults().withDataDir(data);
        return new LoaConfig(new Station("loa", vn.loa.hal.time.Clock.VIETNAM), new Board(profile),
                new Paths(data, data.resolve("logs")), new Log("info", true),
                withCacheDir(AudioConfig.defaults(), store.cacheDir()), Optional.empty(), store, CacheConfig.defaults(),
                ScheduleConfig.defaults(), QuietHoursConfig.defaults(), PowerConfig.defaults(), Optional.empty());
    }

    /** Where and how the process logs: what {@code LogSetup} needs before anything logs. */
    public record Logging(Path logs, String level, boolean console) { }

    /**
     * The {@code paths} and {@code log} settings of {@code file}, read leniently so that logging can be set up before
     * {@link #load} (reading an {@code lwm2m} section loads libraries that log, which would freeze the logging
     * configuration). Anything missing, unreadable or invalid takes its default; {@link #load} reports the problems.
     * {@code dataOverride} moves the data folder (and the logs under it) as {@link #withData} does.
     */
    public static Logging peekLogging(Path file, Path defaultData, Optional<Path> dataOverride) {
        Path data = defaultData;
        Path logs = null;
        String level = "info";
        boolean console = true;
        try {
            JsonNode root = JsonNode.read(file);
            if (root.isObject()) {
                JsonNode p = root.object("paths");
                data = p.parsed("data", defaultData, Path::of);
                logs = p.parsed("logs", null, Path::of);
                JsonNode l = root.object("log");
                String lv = l.string("level", "info").toLowerCase(Locale.ROOT);
                if (LEVELS.contains(lv)) level = lv;
                console = l.bool("console", true);
            }
        } catch (ConfigException | RuntimeException e) {
            // load() reports it with file and path
        }
        if (logs == null) logs = data.resolve("logs");
        if (dataOverride.isPresent()) logs = moved(logs, data, dataOverride.get());
        return new Logging(logs, level, console);
    }

    /**
     * Reads and validates a file, and the {@code lwm2m.json} beside it when the file has no {@code lwm2m} section.
     * Problems of both files are reported together.
     */
    public static LoaConfig load(Path file, Path defaultData) throws ConfigException {
        return from(JsonNode.read(file), defaultData, Optional.of(file.toAbsolutePath().resolveSibling(ProvisionCommand.CONFIG_FILE)));
    }

    /** Parses and validates text; {@code source} names it in messages. Only an inline {@code lwm2m} section counts. */
    public static LoaConfig parse(String json, String source, Path defaultData) throws ConfigException {
        return from(JsonNode.parse(json, source), defaultData, Optional.empty());
    }

    private static LoaConfig from(JsonNode root, Path defaultData, Optional<Path> provisioned) throws ConfigException {
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

        JsonNode so = root.object("store");
        boolean storeDirSet = so.has("dataDir");
        StoreConfig store = StoreConfig.from(so);
        if (!storeDirSet) store = store.withDataDir(data);

        JsonNode au = root.object("audio");
        boolean cacheDirSet = au.has("cacheDir");
        AudioConfig audio = AudioConfig.from(au);
        if (!cacheDirSet) audio = withCacheDir(audio, store.cacheDir());

        CacheConfig cache = CacheConfig.from(root.object("cache"));
        JsonNode sc = root.object("schedule");
        boolean zoneSet = sc.has("zone");
        ScheduleConfig schedule = ScheduleConfig.from(sc);
        if (!zoneSet) {
            schedule = new ScheduleConfig(zone, schedule.prefetchAhead(), schedule.prefetchEvery(), schedule.lateStart(),
                    schedule.clockTolerance());
        }
        QuietHoursConfig quiet = QuietHoursConfig.from(root.object("quietHours"));
        PowerConfig power = PowerConfig.from(root.object("power"));
        Optional<UpdateConfig> update = root.has("update") ? Optional.of(UpdateConfig.from(root.object("update"))) : Optional.empty();

        List<String> otherFile = new ArrayList<>();
        Optional<Lwm2mConfig> lwm2m = Optional.empty();
        Optional<Path> beside = provisioned.filter(java.nio.file.Files::exists);
        if (root.has("lwm2m")) {
            lwm2m = lwm2mSection(root.object("lwm2m"), data, profile);
            beside.ifPresent(f -> root.problem("lwm2m", "is set here and also in " + f + " (written by ./loa provision); keep one"));
        } else if (beside.isPresent()) {
            try {
                JsonNode other = JsonNode.read(beside.get());
                if (other.has("lwm2m")) {
                    lwm2m = lwm2mSection(other.object("lwm2m"), data, profile);
                } else {
                    other.problem("", "has no lwm2m section (./loa provision writes {\"lwm2m\": {...}})");
                }
                other.problems().throwIfAny();
            } catch (ConfigException e) {
                otherFile.addAll(e.problems());
            }
        }

        root.rejectUnknownKeys();
        if (!root.problems().isEmpty() || !otherFile.isEmpty()) {
            List<String> all = new ArrayList<>(root.problems().all());
            all.addAll(otherFile);
            throw new ConfigException(all);
        }
        return new LoaConfig(new Station(name, zone), new Board(profile), new Paths(data, logs), new Log(level, console),
                audio, lwm2m, store, cache, schedule, quiet, power, update);
    }

    /**
     * The section's problems stay on its node; secrets and nonce files not named live under {@code data}.
     * {@code allowNoSec} is refused unless the board is {@value #NOSEC_BOARD}: a device never talks NoSec.
     */
    private static Optional<Lwm2mConfig> lwm2mSection(JsonNode section, Path data, String board) {
        boolean secretsSet = section.has("secretsFile");
        boolean noncesSet = section.has("nonceFile");
        try {
            Lwm2mConfig c = Lwm2mConfig.from(section);
            if (c.allowNoSec() && !NOSEC_BOARD.equals(board)) {
                section.problem("allowNoSec", "is only for board profile '" + NOSEC_BOARD + "', but board.profile is '"
                        + board + "': on a device NoSec would let anyone on the network send it commands and audio "
                        + "unauthenticated; remove allowNoSec and provision a PSK (./loa provision); the agent does not "
                        + "start (amplifiers stay off)");
                return Optional.empty();
            }
            return Optional.of(withFiles(c, secretsSet ? c.secretsFile() : data.resolve(ProvisionCommand.SECRETS_FILE),
                    noncesSet ? c.nonceFile() : data.resolve(ProvisionCommand.NONCE_FILE)));
        } catch (ConfigException e) {
            return Optional.empty(); // its problems are already on the section's node
        }
    }

    private static Lwm2mConfig withFiles(Lwm2mConfig c, Path secrets, Path nonces) {
        return new Lwm2mConfig(c.endpoint(), c.serverUri(), c.bootstrap(), c.security(), c.allowNoSec(), secrets,
                c.lifetime(), c.updatePeriod(), c.requestTimeout(), c.retryMin(), c.retryMax(), c.connectionIdLength(),
                c.cipherSuites(), c.dtlsRetransmission(), c.dtlsMaxRetransmissions(), c.boardProfile(), c.location(),
                c.requireSignedEmergency(), c.authorityPublicKey(), c.signatureMaxValidity(), nonces);
    }

    private static AudioConfig withCacheDir(AudioConfig a, Path dir) {
        return new AudioConfig(a.output(), a.device(), a.tick(), a.fade(), a.mixer(), a.buffer(), a.emergencyStartSeconds(),
                a.http(), dir, a.ffmpeg(), a.sinkRetry(), a.fallbackAfter());
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("is not a time zone (e.g. Asia/Ho_Chi_Minh)");
        }
    }
}
