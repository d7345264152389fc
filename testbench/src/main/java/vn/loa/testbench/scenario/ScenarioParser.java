package vn.loa.testbench.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.diagnose.Status;
import vn.loa.agent.lwm2m.RegistrationOutcome;
import vn.loa.hal.Amplifier;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.json.JsonNode;
import vn.loa.testbench.netfault.Impairment;

/**
 * Reads a scenario file strictly: unknown keys, unknown step or expectation words, bad times, receivers or
 * bulletins the scenario does not declare, items no step fires: every problem is collected with the file and
 * its JSON path ({@code steps[2].at '5 seconds' is not a time ...}) and thrown at once as a {@link ConfigException}.
 * The format is documented in {@code docs/testbench.md}.
 *
 * <p>Stateless; thread-safe.
 */
public final class ScenarioParser {

    /** The words a step's {@code do} may have. */
    public static final List<String> STEPS =
            List.of("fire", "stop", "schedule", "net", "mains", "door", "ampFault", "disk", "volume", "update", "diagnose",
                    "wait");
    /** The words an expectation's {@code expect} may have. */
    public static final List<String> EXPECTATIONS = List.of("registered", "notRegistered", "aired", "notAired", "preempted",
            "amplifier", "updateResult", "noUnderruns", "diagnose");
    /** How long a scenario waits for its receivers to register by default. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);
    /** The station's local time of day at the scenario's start by default: outside the quiet hours. */
    public static final LocalTime DEFAULT_LOCAL_TIME = LocalTime.of(10, 0);
    /** The default bound of a {@code registered} expectation. */
    public static final Duration DEFAULT_REGISTERED_WITHIN = Duration.ofSeconds(20);

    public Scenario read(Path file) throws ConfigException {
        String fileName = file.getFileName().toString();
        return parse(JsonNode.read(file), fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName);
    }

    public Scenario parse(String text, String source) throws ConfigException {
        return parse(JsonNode.parse(text, source), source);
    }

    private Scenario parse(JsonNode root, String defaultName) throws ConfigException {
        if (!root.isObject()) {
            root.rejectUnknownKeys();
            root.problems().throwIfAny();
        }
        String name = root.string("name", defaultName);
        String description = root.string("description", "");
        Duration startTimeout = time(root, "startTimeout", DEFAULT_START_TIMEOUT);
        LocalTime localTime = root.parsed("localTime", DEFAULT_LOCAL_TIME, t -> {
            try {
                return LocalTime.parse(t);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("is not a time of day (use e.g. \"10:00\")");
            }
        });
        List<ReceiverSpec> receivers = receivers(root);
        if (!receivers.isEmpty() && receivers.stream().noneMatch(ReceiverSpec::expectedToRegister)) {
            root.problem("receivers", "has no receiver with the right PSK; the scenario could never start");
        }
        List<String> names = receivers.stream().map(ReceiverSpec::name).toList();
        Map<String, BulletinSpec> bulletins = bulletins(root);
        Context ctx = new Context(names, bulletins);
        List<Step> steps = new ArrayList<>();
        List<JsonNode> stepNodes = root.array("steps");
        if (!root.has("steps") || stepNodes.isEmpty()) root.problem("steps", "is required: a non-empty array of steps");
        for (int i = 0; i < stepNodes.size(); i++) {
            Step s = step(stepNodes.get(i), i, ctx);
            if (s != null) steps.add(s);
        }
        List<Expectation> expectations = new ArrayList<>();
        List<JsonNode> expNodes = root.array("expect");
        if (!root.has("expect") || expNodes.isEmpty()) root.problem("expect", "is required: a non-empty array of expectations");
        for (int i = 0; i < expNodes.size(); i++) {
            Expectation e = expectation(expNodes.get(i), i, ctx);
            if (e != null) expectations.add(e);
        }
        root.rejectUnknownKeys();
        root.problems().throwIfAny();
        return new Scenario(name, description, root.problems().source(), receivers, bulletins, steps, expectations, startTimeout,
                localTime);
    }

    /** What later parts of the file are checked against: declared receivers, bulletins, items fired so far. */
    private static final class Context {
        final List<String> receivers;
        final Map<String, BulletinSpec> bulletins;
        final Map<String, String> items = new HashMap<>();

        Context(List<String> receivers, Map<String, BulletinSpec> bulletins) {
            this.receivers = receivers;
            this.bulletins = bulletins;
        }
    }

    private List<ReceiverSpec> receivers(JsonNode root) {
        List<ReceiverSpec> out = new ArrayList<>();
        if (!root.has("receivers")) {
            root.problem("receivers", "is required: a count (e.g. 2) or an array of {\"name\": \"rx-1\"}");
            return out;
        }
        Object raw = root.raw() instanceof Map<?, ?> m ? m.get("receivers") : null;
        if (raw instanceof Number) {
            int n = root.intValue("receivers", 0, 1, 10);
            for (int i = 1; i <= n; i++) out.add(new ReceiverSpec("rx-" + i, false));
            return out;
        }
        List<JsonNode> nodes = root.array("receivers");
        for (JsonNode n : nodes) {
            String name = n.requiredString("name");
            String psk = n.string("psk", "right");
            if (!psk.equals("right") && !psk.equals("wrong")) n.problem("psk", "'" + psk + "' is not 'right' or 'wrong'");
            n.rejectUnknownKeys();
            if (name.isEmpty()) continue;
            if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
                n.problem("name", "'" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
            } else if (out.stream().anyMatch(r -> r.name().equals(name))) {
                n.problem("name", "'" + name + "' is declared twice");
            } else {
                out.add(new ReceiverSpec(name, psk.equals("wrong")));
            }
        }
        if (nodes.size() > 10) root.problem("receivers", "has " + nodes.size() + " receivers; a scenario may have at most 10");
        if (out.isEmpty() && !nodes.isEmpty()) return out;
        if (nodes.isEmpty() && raw instanceof List) root.problem("receivers", "is empty; declare at least one receiver");
        return out;
    }

    private Map<String, BulletinSpec> bulletins(JsonNode root) {
        Map<String, BulletinSpec> out = new LinkedHashMap<>();
        for (var e : root.object("bulletins").entries().entrySet()) {
            JsonNode n = e.getValue();
            if (!n.isObject()) {
                n.problem("", "must be an object like {\"hz\": 1000, \"seconds\": 2}");
                continue;
            }
            int hz = n.intValue("hz", 440, 50, 8000);
            int seconds = n.intValue("seconds", 2, 1, 30);
            n.rejectUnknownKeys();
            if (!e.getKey().matches("[A-Za-z0-9._-]{1,64}")) {
                n.problem("", "bulletin name '" + e.getKey() + "' must be 1-64 letters, digits, '.', '_' or '-'");
                continue;
            }
            out.put(e.getKey(), new BulletinSpec(e.getKey(), hz, seconds));
        }
        return out;
    }

    private Step step(JsonNode n, int i, Context ctx) {
        if (!n.isObject()) {
            n.rejectUnknownKeys();
            return null;
        }
        String word = n.requiredString("do");
        Duration at = n.has("at") ? time(n, "at", null) : null;
        if (!n.has("at")) n.problem("at", "is required (a time after the start, e.g. \"2s\")");
        Step s = switch (word) {
            case "fire" -> {
                String id = itemId(n, ctx, word);
                Level level = level(n);
                String bulletin = bulletin(n, ctx);
                List<String> rx = receivers(n, ctx);
                yield at == null || id == null || level == null || bulletin == null || rx == null ? null
                        : new Step.Fire(i, at, id, level, bulletin, rx);
            }
            case "stop" -> {
                String id = n.requiredString("id");
                if (!id.isEmpty() && !ctx.items.containsKey(id)) {
                    n.problem("id", "'" + id + "' is not fired or scheduled by an earlier step");
                }
                List<String> rx = receivers(n, ctx);
                yield at == null || id.isEmpty() || rx == null ? null : new Step.Stop(i, at, id, rx);
            }
            case "schedule" -> {
                String id = itemId(n, ctx, word);
                Level level = n.has("level") ? level(n) : Level.NORMAL;
                String bulletin = bulletin(n, ctx);
                Duration due = n.has("due") ? time(n, "due", null) : null;
                if (!n.has("due")) n.problem("due", "is required (when it plays, from the start, e.g. \"6s\")");
                if (at != null && due != null && due.compareTo(at) <= 0) {
                    n.problem("due", "'" + ScenarioTime.format(due) + "' is not after the step's own time "
                            + ScenarioTime.format(at) + "; a schedule entry must be set before it is due");
                    due = null;
                }
                List<String> rx = receivers(n, ctx);
                yield at == null || id == null || level == null || bulletin == null || due == null || rx == null ? null
                        : new Step.Schedule(i, at, id, level, bulletin, due, rx);
            }
            case "net" -> {
                Step.NetChange change = netChange(n);
                List<String> rx = receivers(n, ctx);
                yield at == null || change == null || rx == null ? null : new Step.Net(i, at, change, rx);
            }
            case "mains" -> flagStep(n, "present", at, ctx, (rx, v) -> new Step.Mains(i, at, v, rx));
            case "door" -> flagStep(n, "open", at, ctx, (rx, v) -> new Step.Door(i, at, v, rx));
            case "ampFault" -> flagStep(n, "fault", at, ctx, (rx, v) -> new Step.AmpFault(i, at, v, rx));
            case "disk" -> flagStep(n, "full", at, ctx, (rx, v) -> new Step.Disk(i, at, v, rx));
            case "volume" -> {
                int v = n.intValue("volume", -1, 0, 100);
                if (!n.has("volume")) n.problem("volume", "is required (0..100)");
                List<String> rx = receivers(n, ctx);
                yield at == null || v < 0 || rx == null ? null : new Step.Volume(i, at, v, rx);
            }
            case "update" -> {
                List<String> rx = receivers(n, ctx);
                boolean broken = n.bool("broken", false);
                yield at == null || rx == null ? null : new Step.Update(i, at, rx, broken);
            }
            case "diagnose" -> {
                List<String> rx = receivers(n, ctx);
                yield at == null || rx == null ? null : new Step.Diagnose(i, at, rx);
            }
            case "wait" -> at == null ? null : new Step.Wait(i, at);
            case "" -> null;
            default -> {
                n.problem("do", "'" + word + "' is not a step (" + String.join(", ", STEPS) + ")");
                yield null;
            }
        };
        if (STEPS.contains(word)) n.rejectUnknownKeys();
        return s;
    }

    private Expectation expectation(JsonNode n, int i, Context ctx) {
        if (!n.isObject()) {
            n.rejectUnknownKeys();
            return null;
        }
        String word = n.requiredString("expect");
        Expectation e = switch (word) {
            case "registered" -> {
                Duration within = time(n, "within", DEFAULT_REGISTERED_WITHIN);
                List<String> rx = receivers(n, ctx);
                yield within == null || rx == null ? null : new Expectation.Registered(i, within, rx);
            }
            case "notRegistered" -> {
                Optional<String> failure = n.optString("failure");
                List<String> words = java.util.Arrays.stream(RegistrationOutcome.Failure.values()).map(ScenarioParser::word).toList();
                if (failure.isPresent() && !words.contains(failure.get())) {
                    n.problem("failure", "'" + failure.get() + "' is not a registration failure (" + String.join(", ", words) + ")");
                    failure = Optional.empty();
                }
                List<String> rx = receivers(n, ctx);
                yield rx == null ? null : new Expectation.NotRegistered(i, failure, rx);
            }
            case "aired" -> {
                String item = knownItem(n, ctx);
                String result = n.string("result", "completed");
                if (!Expectation.Aired.RESULTS.contains(result)) {
                    n.problem("result", "'" + result + "' is not a result (" + String.join(", ", Expectation.Aired.RESULTS) + ")");
                    result = null;
                }
                Optional<Duration> within = n.has("startedWithin") ? Optional.ofNullable(time(n, "startedWithin", null)) : Optional.empty();
                List<String> rx = receivers(n, ctx);
                yield item == null || result == null || rx == null ? null : new Expectation.Aired(i, item, result, within, rx);
            }
            case "notAired" -> {
                String item = knownItem(n, ctx);
                List<String> rx = receivers(n, ctx);
                yield item == null || rx == null ? null : new Expectation.NotAired(i, item, rx);
            }
            case "preempted" -> {
                String item = knownItem(n, ctx);
                String by = n.requiredString("by");
                if (!by.isEmpty() && !ctx.items.containsKey(by)) {
                    n.problem("by", "'" + by + "' is not fired or scheduled by any step");
                    by = "";
                }
                List<String> rx = receivers(n, ctx);
                yield item == null || by.isEmpty() || rx == null ? null : new Expectation.Preempted(i, item, by, rx);
            }
            case "amplifier" -> {
                Amplifier.State state = n.parsed("state", null, s -> {
                    try {
                        return Amplifier.State.valueOf(s.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException x) {
                        throw new IllegalArgumentException("is not an amplifier state (off, warming, on, hold, fault)");
                    }
                });
                if (!n.has("state")) n.problem("state", "is required (off, warming, on, hold, fault)");
                Duration after = time(n, "after", Duration.ZERO);
                Optional<Duration> within = n.has("within") ? Optional.ofNullable(time(n, "within", null)) : Optional.empty();
                List<String> rx = receivers(n, ctx);
                yield state == null || after == null || rx == null ? null : new Expectation.AmplifierState(i, state, after, within, rx);
            }
            case "updateResult" -> {
                List<String> words = java.util.Arrays.stream(vn.loa.ota.UpdateResult.values()).map(ScenarioParser::word).toList();
                String result = n.requiredString("result");
                if (!result.isEmpty() && !words.contains(result)) {
                    n.problem("result", "'" + result + "' is not an update result (" + String.join(", ", words) + ")");
                    result = "";
                }
                Optional<String> version = n.optString("version");
                List<String> rx = receivers(n, ctx);
                yield result.isEmpty() || rx == null ? null : new Expectation.UpdateResult(i, result, version, rx);
            }
            case "noUnderruns" -> {
                List<String> rx = receivers(n, ctx);
                yield rx == null ? null : new Expectation.NoUnderruns(i, rx);
            }
            case "diagnose" -> {
                String check = n.requiredString("check");
                Status status = n.parsed("status", Status.FAIL, s -> {
                    try {
                        return Status.valueOf(s.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException x) {
                        throw new IllegalArgumentException("is not a check status (pass, warn, fail)");
                    }
                });
                List<String> rx = receivers(n, ctx);
                yield check.isEmpty() || rx == null ? null : new Expectation.Diagnosed(i, check, status, rx);
            }
            case "" -> null;
            default -> {
                n.problem("expect", "'" + word + "' is not an expectation (" + String.join(", ", EXPECTATIONS) + ")");
                yield null;
            }
        };
        if (EXPECTATIONS.contains(word)) n.rejectUnknownKeys();
        return e;
    }

    /** {@code HANDSHAKE_FAILED} → {@code handshake-failed}. */
    static String word(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private interface FlagStep {
        Step make(List<String> receivers, boolean value);
    }

    private Step flagStep(JsonNode n, String flag, Duration at, Context ctx, FlagStep make) {
        if (!n.has(flag)) n.problem(flag, "is required (true or false)");
        boolean v = n.bool(flag, false);
        List<String> rx = receivers(n, ctx);
        return at == null || rx == null || !n.has(flag) ? null : make.make(rx, v);
    }

    private Step.NetChange netChange(JsonNode n) {
        String link = n.string("link", "");
        boolean impair = n.has("impair");
        if (impair && !link.isEmpty()) {
            n.problem("impair", "cannot be combined with link '" + link + "': one change per step");
            return null;
        }
        if (impair) {
            try {
                return new Step.NetChange.Impair(Impairment.fromJson(n.object("impair")));
            } catch (ConfigException | IllegalArgumentException e) {
                return null; // the problems are already recorded with their paths
            }
        }
        return switch (link) {
            case "cut" -> new Step.NetChange.Cut();
            case "restore" -> new Step.NetChange.Restore();
            case "rebind" -> new Step.NetChange.RebindNat();
            case "reset" -> new Step.NetChange.Reset();
            case "" -> {
                n.problem("link", "is required: 'cut', 'restore', 'rebind' or 'reset' (or give \"impair\": {...})");
                yield null;
            }
            default -> {
                n.problem("link", "'" + link + "' is not a link change (cut, restore, rebind, reset)");
                yield null;
            }
        };
    }

    private static Duration time(JsonNode n, String key, Duration dflt) {
        return n.parsed(key, dflt, ScenarioTime::parse);
    }

    private static Level level(JsonNode n) {
        Level l = n.parsed("level", null, Level::parse);
        if (!n.has("level")) n.problem("level", "is required (normal, priority, emergency)");
        return l;
    }

    private static String itemId(JsonNode n, Context ctx, String word) {
        String id = n.requiredString("id");
        if (id.isEmpty()) return null;
        if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
            n.problem("id", "'" + id + "' must be 1-64 letters, digits, '.', '_' or '-'");
            return null;
        }
        String before = ctx.items.putIfAbsent(id, word);
        if (before != null) {
            n.problem("id", "'" + id + "' is already used by an earlier " + before + " step; item ids must be unique");
            return null;
        }
        return id;
    }

    private static String knownItem(JsonNode n, Context ctx) {
        String item = n.requiredString("item");
        if (item.isEmpty()) return null;
        if (!ctx.items.containsKey(item)) {
            n.problem("item", "'" + item + "' is not fired or scheduled by any step"
                    + (ctx.items.isEmpty() ? "" : " (" + String.join(", ", ctx.items.keySet().stream().sorted().toList()) + ")"));
            return null;
        }
        return item;
    }

    private static String bulletin(JsonNode n, Context ctx) {
        String b = n.requiredString("bulletin");
        if (b.isEmpty()) return null;
        if (!ctx.bulletins.containsKey(b)) {
            n.problem("bulletin", "'" + b + "' is not a bulletin of this scenario"
                    + (ctx.bulletins.isEmpty() ? "; declare it under \"bulletins\"" : " (" + String.join(", ", ctx.bulletins.keySet()) + ")"));
            return null;
        }
        return b;
    }

    /**
     * {@code "receiver": "rx-1"}, or {@code "receivers": "all" | ["rx-1", ...]}; neither means all. Null (with a
     * problem recorded) when a name is not declared.
     */
    private static List<String> receivers(JsonNode n, Context ctx) {
        boolean one = n.has("receiver");
        boolean many = n.has("receivers");
        if (one && many) {
            n.problem("receiver", "and \"receivers\" are both given; use one");
            return null;
        }
        List<String> names = new ArrayList<>();
        boolean bad = false;
        if (one) {
            String r = n.optString("receiver").orElse("");
            if (r.isEmpty()) return null;
            if (!ctx.receivers.contains(r)) {
                n.problem("receiver", unknownReceiver(r, ctx));
                return null;
            }
            return List.of(r);
        }
        if (!many) return ctx.receivers;
        Object raw = n.raw() instanceof Map<?, ?> m ? m.get("receivers") : null;
        if (raw instanceof String s) {
            if (s.equals("all")) return ctx.receivers;
            n.problem("receivers", "'" + s + "' must be \"all\" or an array of receiver names (or use \"receiver\")");
            return null;
        }
        for (JsonNode e : n.array("receivers")) {
            Optional<String> r = e.asString();
            if (r.isEmpty()) {
                bad = true;
            } else if (!ctx.receivers.contains(r.get())) {
                e.problem("", unknownReceiver(r.get(), ctx));
                bad = true;
            } else if (!names.contains(r.get())) {
                names.add(r.get());
            }
        }
        if (!bad && names.isEmpty() && raw instanceof List) {
            n.problem("receivers", "is empty; name at least one receiver or use \"all\"");
            return null;
        }
        return bad || names.isEmpty() ? null : names;
    }

    private static String unknownReceiver(String r, Context ctx) {
        return "'" + r + "' is not a receiver of this scenario (" + String.join(", ", ctx.receivers) + ")";
    }
}
