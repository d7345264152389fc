package vn.loa.agent.provision;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import vn.loa.agent.cli.Args;
import vn.loa.agent.cli.Command;
import vn.loa.agent.lwm2m.ConnectionCheck;
import vn.loa.agent.lwm2m.Lwm2mConfig;
import vn.loa.agent.lwm2m.Lwm2mSecrets;
import vn.loa.agent.lwm2m.SecurityMode;
import vn.loa.hal.BoardProfile;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.json.JsonNode;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.LoopScheduler;

/**
 * {@code ./loa provision}: the installer's one step. Builds the station's {@code lwm2m} configuration and secrets from
 * flags and/or a provisioning JSON (the text of the installer's QR code), optionally proves it against the server
 * ({@code --check}), then writes the secrets (owned by the agent's user, see {@link SecretsOwner}), {@code lwm2m.json}
 * and {@code loa.json} (its {@code board.profile}, see {@link LoaJsonUpdate}), each atomically. A failure before the
 * writes writes nothing; every file that is not replaced keeps its old content. Never prints a key.
 */
public final class ProvisionCommand implements Command {

    public static final int DNS_FAILED = 10;
    public static final int UNREACHABLE = 11;
    public static final int HANDSHAKE_FAILED = 12;
    public static final int REJECTED = 13;
    public static final int TIMED_OUT = 14;

    /** Written into {@code --config-dir}: a loa.json fragment {@code {"lwm2m": {...}}}. */
    public static final String CONFIG_FILE = "lwm2m.json";
    /** Written into {@code --state-dir} with mode 0600. */
    public static final String SECRETS_FILE = "lwm2m-secrets.json";
    /** Named in the config ({@code nonceFile}) under {@code --state-dir}; written by the agent, not here. */
    public static final String NONCE_FILE = "lwm2m-nonces.json";
    /** Created or updated in {@code --config-dir}: the agent's configuration, which names the board. */
    public static final String AGENT_CONFIG_FILE = "loa.json";

    private static final Set<String> VALUED = Set.of("from", "endpoint", "server", "psk-identity", "psk-key",
            "psk-key-file", "board", "lat", "lon", "alt", "authority-key", "config-dir", "state-dir", "timeout", "owner",
            "allow-source");
    private static final Set<String> FLAGS = Set.of("check", "require-signed-emergency");

    private final Clock clock;
    private final ConnectionCheck.Resolver resolver;
    private final UnaryOperator<Lwm2mConfig> checkTuning;
    private final InputStream stdin;
    private final SecretsOwner.Accounts accounts;

    /** The command as shipped: system clock, DNS and user accounts, stdin for {@code --from -}. */
    public ProvisionCommand() {
        this(Clock.system(Clock.VIETNAM), ConnectionCheck.Resolver.SYSTEM, UnaryOperator.identity(), System.in);
    }

    /**
     * @param checkTuning adjusts the configuration used for {@code --check} only (tests shorten DTLS timers); the
     *                    written files never see it
     */
    public ProvisionCommand(Clock clock, ConnectionCheck.Resolver resolver, UnaryOperator<Lwm2mConfig> checkTuning,
                            InputStream stdin) {
        this(clock, resolver, checkTuning, stdin, SecretsOwner.Accounts.SYSTEM);
    }

    /** @param accounts whether provision runs as root and which users exist (tests pass a fake) */
    ProvisionCommand(Clock clock, ConnectionCheck.Resolver resolver, UnaryOperator<Lwm2mConfig> checkTuning,
                     InputStream stdin, SecretsOwner.Accounts accounts) {
        this.clock = clock;
        this.resolver = resolver;
        this.checkTuning = checkTuning;
        this.stdin = stdin;
        this.accounts = accounts;
    }

    @Override public String name() {
        return "provision";
    }

    @Override public String summary() {
        return "write the station's LwM2M identity, server and keys; --check proves them against the server";
    }

    @Override public String help() {
        return """
                Usage: ./loa provision [--from FILE|-] [--endpoint NAME] [--server coaps://HOST:PORT]
                                       [--psk-identity ID] [--psk-key-file FILE | --psk-key HEX]
                                       [--board PROFILE] [--lat DEG --lon DEG [--alt M]]
                                       [--authority-key BASE64] [--require-signed-emergency]
                                       [--allow-source URL]... [--config-dir DIR] [--state-dir DIR] [--owner USER]
                                       [--check] [--timeout SECONDS]

                Writes STATE/lwm2m-secrets.json (the PSK, mode 0600, owned by the agent's user), DIR/lwm2m.json
                (the "lwm2m" section of loa.json, mode 0644) and DIR/loa.json: created with the board profile, the
                station name and STATE as the data folder when missing; when present only its board.profile (and
                audio.allowSources, when given) is set and every other section is kept. Keys are never printed. Re-running with the same data writes the
                same files; on any failure before writing nothing is written, and a file not replaced keeps its old
                content. A running agent reads the new files only when restarted: systemctl restart loa.

                  --from FILE|-        provisioning JSON (the text of the installer's QR code), '-' for stdin:
                                       {"endpoint", "serverUri", "pskIdentity", "pskKey" (hex), "boardProfile",
                                        "location": {"latitude", "longitude", "altitude"}, "authorityPublicKey",
                                        "requireSignedEmergency", "allowSources": [URL...]}; flags override
                                       its values
                  --endpoint NAME      LwM2M endpoint name, unique in the fleet (1-64 of A-Z a-z 0-9 . _ : -)
                  --server URI         coaps://HOST[:PORT] of the LwM2M server (port 5684 by default)
                  --psk-identity ID    PSK identity
                  --psk-key-file FILE  file holding the PSK as hex (preferred: a key on the command line shows in ps)
                  --psk-key HEX        the PSK as hex, 16-64 bytes
                  --board PROFILE      board profile: a built-in name (raspberry-pi-4, raspberry-pi-5, simulated) or
                                       a profile file; written to loa.json's board.profile, which loa run opens and
                                       reports as the Device model (default: the board loa.json names already;
                                       required when DIR/loa.json does not exist yet)
                  --lat, --lon, --alt  where the station stands (degrees, metres)
                  --authority-key B64  Ed25519 public key of the emergency authority (raw 32 bytes or X.509, base64)
                  --require-signed-emergency  refuse EMERGENCY items without a valid authority signature
                  --allow-source URL   a stream or content server the receiver may fetch audio from, as
                                       http(s)://HOST[:PORT][/PATH] (HOST may be *.DOMAIN); repeat for each; written
                                       to loa.json's audio.allowSources (replacing the list). Without a list any
                                       URL sent to the receiver plays, and 'loa diagnose' warns
                  --config-dir DIR     default /etc/loa
                  --state-dir DIR      default /var/lib/loa
                  --owner USER         who owns the secrets file and STATE (the user the agent runs as); default:
                                       'loa' when that user exists and provision runs as root, else unchanged
                  --check              before writing: resolve the server, complete the DTLS handshake, register
                                       under the endpoint name (briefly: a running agent with the same endpoint is
                                       displaced until its next update), deregister; prints
                                       PROVISIONED OK endpoint=... server=... or PROVISIONING FAILED: <step>: <reason>
                  --timeout SECONDS    for --check, default 60

                Exit codes: 0 provisioned; 1 files could not be written, or the existing loa.json is not valid
                (it is left as it is; the message says where and why); 2 bad flags or provisioning data;
                10 DNS: the server name does not resolve; 11 unreachable: no DTLS answer;
                12 handshake failed: likely a wrong PSK identity or key; 13 registration rejected by the server;
                14 timed out waiting for the server.""";
    }

    @Override public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, VALUED, FLAGS);
        if (!a.positional().isEmpty()) throw new Args.UsageException("unexpected argument '" + a.positional().get(0) + "'");
        Path configDir = Path.of(a.value("config-dir", "/etc/loa"));
        Path stateDir = Path.of(a.value("state-dir", "/var/lib/loa"));
        Path configFile = configDir.resolve(CONFIG_FILE);
        Path secretsFile = stateDir.resolve(SECRETS_FILE);
        int timeout = a.intValue("timeout", 60, 1, 600);
        Optional<UserPrincipal> owner = SecretsOwner.resolve(a.value("owner"), accounts);
        LoaJsonUpdate loaJson = LoaJsonUpdate.read(configDir.resolve(AGENT_CONFIG_FILE));

        Map<String, Object> section = new LinkedHashMap<>();
        Map<String, Object> secrets = new LinkedHashMap<>();
        List<String> allowSources = new java.util.ArrayList<>();
        boolean allowGiven = false;
        try {
            if (a.value("from").isPresent()) {
                readProvisioning(a.value("from").get(), section, secrets, allowSources);
                allowGiven = !allowSources.isEmpty();
            }
        } catch (ConfigException e) {
            err.println("PROVISIONING FAILED: provisioning data: " + e.getMessage());
            return USAGE;
        }
        if (!a.all("allow-source").isEmpty()) {
            allowSources = List.copyOf(a.all("allow-source"));
            allowGiven = true;
        }
        try {
            vn.loa.agent.audio.SourceAllowList.of(allowSources);
        } catch (IllegalArgumentException e) {
            err.println("PROVISIONING FAILED: provisioning data: allow-source " + e.getMessage());
            err.println("Nothing was written.");
            return USAGE;
        }
        a.value("endpoint").ifPresent(v -> section.put("endpoint", v));
        a.value("server").ifPresent(v -> section.put("serverUri", v));
        a.value("board").ifPresent(v -> section.put("boardProfile", v));
        a.value("authority-key").ifPresent(v -> section.put("authorityPublicKey", v));
        if (a.flag("require-signed-emergency")) section.put("requireSignedEmergency", true);
        a.value("psk-identity").ifPresent(v -> secrets.put("pskIdentity", v));
        a.value("psk-key").ifPresent(v -> secrets.put("pskKey", v.trim()));
        if (a.value("psk-key-file").isPresent()) {
            Path f = Path.of(a.value("psk-key-file").get());
            try {
                secrets.put("pskKey", Files.readString(f, StandardCharsets.UTF_8).trim());
            } catch (IOException e) {
                throw new Args.UsageException("--psk-key-file " + f + " cannot be read: " + e.getMessage());
            }
        }
        if (a.value("lat").isPresent() || a.value("lon").isPresent()) {
            Map<String, Object> loc = new LinkedHashMap<>();
            loc.put("latitude", number(a, "lat"));
            loc.put("longitude", number(a, "lon"));
            if (a.value("alt").isPresent()) loc.put("altitude", number(a, "alt"));
            section.put("location", loc);
        }
        // The board the station will run: what provisioning names, else what loa.json names already.
        Optional<String> board = Optional.ofNullable((String) section.get("boardProfile")).or(loaJson::board);
        board.ifPresent(b -> section.put("boardProfile", b));
        section.put("security", SecurityMode.PSK.lower());
        section.put("secretsFile", secretsFile.toString());
        section.put("nonceFile", stateDir.resolve(NONCE_FILE).toString());
        stampLocation(section, configFile);
        String unchanged = "Nothing was written; " + configFile + ", " + loaJson.file() + " and " + secretsFile + " are unchanged.";

        Lwm2mConfig config;
        Lwm2mSecrets keys;
        try {
            config = Lwm2mConfig.from(JsonNode.parse(JSON.std.asString(section), "provisioning data (lwm2m)"));
            keys = Lwm2mSecrets.from(JsonNode.parse(JSON.std.asString(secrets), "provisioning data (secrets)"), SecurityMode.PSK);
        } catch (ConfigException e) {
            err.println("PROVISIONING FAILED: provisioning data: " + e.getMessage().replace("\n", "; "));
            err.println(unchanged);
            return USAGE;
        }
        Optional<byte[]> newLoaJson;
        try {
            newLoaJson = loaJson.merged(board.orElse(LoaJsonUpdate.DEFAULT_BOARD), config.endpoint(), stateDir,
                    allowGiven ? Optional.of(allowSources) : Optional.empty());
        } catch (ConfigException e) {
            err.println("PROVISIONING FAILED: existing " + loaJson.file() + " cannot be kept: "
                    + String.join("; ", e.problems()));
            err.println("Fix it (or move it away to have it created afresh) and provision again. " + unchanged);
            return FAILED;
        }
        if (board.isEmpty()) {
            err.println("PROVISIONING FAILED: provisioning data: no board profile: " + loaJson.file()
                    + " does not exist yet and loa run needs it to name the board; give --board PROFILE (e.g. raspberry-pi-4)");
            err.println(unchanged);
            return USAGE;
        }
        if (!BoardProfile.BUILT_IN.contains(board.get()) && !Files.isRegularFile(Path.of(board.get()))) {
            err.println("PROVISIONING FAILED: provisioning data: board profile '" + board.get() + "' is neither built in ("
                    + String.join(", ", BoardProfile.BUILT_IN) + ") nor a profile file");
            err.println(unchanged);
            return USAGE;
        }
        try {
            BoardProfile.load(board.get());
        } catch (ConfigException e) {
            err.println("PROVISIONING FAILED: provisioning data: board profile: " + String.join("; ", e.problems()));
            err.println(unchanged);
            return USAGE;
        }

        if (a.flag("check")) {
            ConnectionCheck.Result r;
            try (LoopScheduler loop = new LoopScheduler(clock, "loa-provision-check")) {
                r = ConnectionCheck.run(checkTuning.apply(config), keys, resolver, loop, Duration.ofSeconds(timeout));
            }
            if (r instanceof ConnectionCheck.Result.Failed f) {
                err.println("PROVISIONING FAILED: " + stepWord(f.step()) + ": " + f.reason());
                err.println(unchanged);
                return switch (f.step()) {
                    case DNS -> DNS_FAILED;
                    case UNREACHABLE -> UNREACHABLE;
                    case HANDSHAKE -> HANDSHAKE_FAILED;
                    case REJECTED -> REJECTED;
                    case TIMEOUT -> TIMED_OUT;
                };
            }
        }
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(stateDir);
            if (owner.isPresent()) Files.setOwner(stateDir, owner.get());
            AtomicFiles.write(secretsFile, (JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(keys.toJson()) + "\n")
                    .getBytes(StandardCharsets.UTF_8), AtomicFiles.OWNER_ONLY, owner);
            written.add(secretsFile);
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("lwm2m", config.toJson());
            AtomicFiles.write(configFile, (JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(root) + "\n")
                    .getBytes(StandardCharsets.UTF_8), AtomicFiles.WORLD_READABLE);
            written.add(configFile);
            if (newLoaJson.isPresent()) {
                AtomicFiles.write(loaJson.file(), newLoaJson.get(), loaJson.permissions());
                written.add(loaJson.file());
            }
        } catch (IOException e) {
            err.println("PROVISIONING FAILED: writing files: " + describe(e) + (owner.isPresent() && !accounts.runningAsRoot()
                    ? " (giving files to '" + owner.get().getName() + "' needs root)" : ""));
            err.println(written.isEmpty() ? unchanged : "Written before the failure: " + written
                    + "; every other file is unchanged. Provision again once the cause is fixed.");
            return FAILED;
        }
        String server = config.serverUri().toString();
        if (a.flag("check")) {
            out.println("PROVISIONED OK endpoint=" + config.endpoint() + " server=" + server);
        } else {
            out.println("provisioned (not checked) endpoint=" + config.endpoint() + " server=" + server
                    + "; run again with --check to prove it");
        }
        String who = ownerName(secretsFile);
        out.println("wrote " + secretsFile + " (0600, owner " + who + ") and " + configFile + "; " + loaJson.file()
                + (newLoaJson.isPresent() ? " now names" : " already named") + " board " + board.get());
        if (allowGiven) {
            out.println("audio only from: " + String.join(", ", allowSources) + " (audio.allowSources in " + loaJson.file() + ")");
        } else {
            out.println("no audio.allowSources: any stream URL sent to this receiver will play; give --allow-source URL "
                    + "for each stream and content server to refuse others");
        }
        out.println("state folder " + stateDir + " owned by " + ownerName(stateDir)
                + (owner.isPresent() ? "" : " (unchanged; --owner USER gives it and the secrets to the user the agent runs as)"));
        out.println("restart the agent to use it: systemctl restart loa");
        return OK;
    }

    /** The failed path and why, in words: the JDK's file-system exceptions often carry only the path. */
    private static String describe(IOException e) {
        if (!(e instanceof java.nio.file.FileSystemException f)) return e.toString();
        String why = f.getReason() != null ? f.getReason() : switch (f) {
            case java.nio.file.AccessDeniedException x -> "permission denied";
            case java.nio.file.FileAlreadyExistsException x -> "a file is in the way";
            case java.nio.file.NoSuchFileException x -> "no such file or folder";
            case java.nio.file.NotDirectoryException x -> "not a folder";
            default -> f.getClass().getSimpleName();
        };
        return "cannot write " + f.getFile() + (f.getOtherFile() != null ? " (" + f.getOtherFile() + ")" : "") + ": " + why;
    }

    private static String ownerName(Path p) {
        try {
            return Files.getOwner(p).getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }

    private static String stepWord(ConnectionCheck.Step s) {
        return switch (s) {
            case DNS -> "DNS";
            case UNREACHABLE -> "server unreachable";
            case HANDSHAKE -> "handshake failed";
            case REJECTED -> "registration rejected";
            case TIMEOUT -> "timed out";
        };
    }

    private static double number(Args a, String name) throws Args.UsageException {
        String v = a.value(name).orElseThrow(() -> new Args.UsageException("--lat and --lon go together; --" + name + " is missing"));
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new Args.UsageException("--" + name + " expects a number of degrees but was '" + v + "'");
        }
    }

    /** Keeps the earlier measuredAt when the position did not change, so a re-run writes identical files. */
    private void stampLocation(Map<String, Object> section, Path configFile) {
        if (!(section.get("location") instanceof Map<?, ?> raw)) return;
        @SuppressWarnings("unchecked") Map<String, Object> loc = (Map<String, Object>) raw;
        Instant at = clock.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        try {
            if (Files.exists(configFile)) {
                Lwm2mConfig old = Lwm2mConfig.from(JsonNode.read(configFile).object("lwm2m"));
                Optional<Lwm2mConfig.Location> l = old.location();
                if (l.isPresent() && Double.valueOf(l.get().latitude()).equals(loc.get("latitude"))
                        && Double.valueOf(l.get().longitude()).equals(loc.get("longitude"))) {
                    at = l.get().measuredAt();
                }
            }
        } catch (ConfigException e) {
            org.tinylog.Logger.tag("provision").info("old {} unreadable, replacing it: {}", configFile, e.getMessage());
        }
        loc.put("measuredAt", at.toString());
    }

    private void readProvisioning(String from, Map<String, Object> section, Map<String, Object> secrets,
                                  List<String> allowSources) throws ConfigException, Args.UsageException {
        JsonNode root;
        if (from.equals("-")) {
            try {
                root = JsonNode.parse(new String(stdin.readAllBytes(), StandardCharsets.UTF_8), "provisioning data (stdin)");
            } catch (IOException e) {
                throw new Args.UsageException("cannot read provisioning data from stdin: " + e.getMessage());
            }
        } else {
            root = JsonNode.read(Path.of(from));
        }
        root.optString("endpoint").ifPresent(v -> section.put("endpoint", v));
        root.optString("serverUri").ifPresent(v -> section.put("serverUri", v));
        root.optString("boardProfile").ifPresent(v -> section.put("boardProfile", v));
        root.optString("authorityPublicKey").ifPresent(v -> section.put("authorityPublicKey", v));
        if (root.has("requireSignedEmergency")) section.put("requireSignedEmergency", root.bool("requireSignedEmergency", false));
        root.optString("pskIdentity").ifPresent(v -> secrets.put("pskIdentity", v));
        root.optString("pskKey").ifPresent(v -> secrets.put("pskKey", v));
        if (root.has("allowSources")) {
            allowSources.clear();
            for (JsonNode n : root.array("allowSources")) n.asString().ifPresent(allowSources::add);
        }
        if (root.has("location")) {
            JsonNode l = root.object("location");
            Map<String, Object> loc = new LinkedHashMap<>();
            loc.put("latitude", l.number("latitude", 0, -90, 90));
            loc.put("longitude", l.number("longitude", 0, -180, 180));
            if (l.has("altitude")) loc.put("altitude", l.number("altitude", 0, -500, 9000));
            if (!l.has("latitude") || !l.has("longitude")) l.problem("", "needs latitude and longitude");
            l.rejectUnknownKeys();
            section.put("location", loc);
        }
        root.rejectUnknownKeys();
        root.problems().throwIfAny();
    }
}
