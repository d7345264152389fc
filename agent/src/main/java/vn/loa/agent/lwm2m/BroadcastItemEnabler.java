package vn.loa.agent.lwm2m;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.resource.BaseInstanceEnablerFactory;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.tinylog.Logger;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.Level;
import vn.loa.hal.time.Cancellable;
import vn.loa.hal.time.Scheduler;

/**
 * Object 33001, Loa Broadcast Item: one instance per item the headend creates. Play turns the written resources into a
 * {@link BroadcastItem} and submits it to the {@link BroadcastControl} (at Start Time when that lies ahead); Stop stops
 * it; State and Result follow what the arbiter reports and are notified. An EMERGENCY item is checked by the
 * {@link EmergencyAuthenticator} when signatures are required, or whenever it carries one; a refusal is a 4.00 with the
 * reason, the Result {@code refused: REASON} and a log line.
 *
 * <p>End Time is the item's not-after ({@link BroadcastItem#notAfter()}): not started at or after it, cut there, and
 * for an item stored in the schedule the end of its occurrences; Max Duration caps the airtime of the item (of each
 * occurrence for a schedule entry). A Fallback (URL + SHA-256) is kept with a schedule entry: prefetched and played
 * when the item's stream is down at slot time.
 *
 * <p>Writes are validated per resource (4.00 with the reason, nothing changed). Instance methods are synchronized;
 * notifications are fired outside the lock.
 */
final class BroadcastItemEnabler extends BaseInstanceEnabler {

    static final int ITEM_ID = 0;
    static final int LEVEL = 1;
    static final int SOURCE_URIS = 2;
    static final int CONTENT_SHA256 = 3;
    static final int START_TIME = 4;
    static final int END_TIME = 5;
    static final int REPEAT = 6;
    static final int VOLUME_OVERRIDE = 7;
    static final int AUTHORITY_SIGNATURE = 8;
    static final int NONCE = 9;
    static final int PLAY = 10;
    static final int STOP = 11;
    static final int STATE = 12;
    static final int RESULT = 13;
    static final int DAYS_OF_WEEK = 14;
    static final int TIMES_OF_DAY = 15;
    static final int VALID_FROM = 16;
    static final int VALID_UNTIL = 17;
    static final int ALLOW_NIGHT = 18;
    static final int PINNED = 19;
    static final int MAX_DURATION = 20;
    static final int FALLBACK_URI = 21;
    static final int FALLBACK_SHA256 = 22;

    static final int MAX_ID_CHARS = 64;
    static final int MAX_SOURCES = 8;
    static final int MAX_URI_CHARS = 1024;
    static final int MAX_OPAQUE_BYTES = 128;
    /** Max Duration's upper bound in seconds (a day), the schedule file's bound too. */
    static final long MAX_DURATION_SECONDS = 86_400;
    private static final Set<String> SCHEMES = Set.of("http", "https", "file", "cache");
    private static final List<Integer> RESOURCES = List.of(ITEM_ID, LEVEL, SOURCE_URIS, CONTENT_SHA256, START_TIME,
            END_TIME, REPEAT, VOLUME_OVERRIDE, AUTHORITY_SIGNATURE, NONCE, PLAY, STOP, STATE, RESULT, DAYS_OF_WEEK,
            TIMES_OF_DAY, VALID_FROM, VALID_UNTIL, ALLOW_NIGHT, PINNED, MAX_DURATION, FALLBACK_URI, FALLBACK_SHA256);

    /** Creates instances and routes the arbiter's item events to them. */
    static final class Factory extends BaseInstanceEnablerFactory implements BroadcastControl.ItemListener {
        private final BroadcastControl control;
        private final Optional<EmergencyAuthenticator> authenticator;
        private final boolean requireSigned;
        private final Scheduler scheduler;
        private final Optional<ScheduleControl> schedule;
        private final Map<String, BroadcastItemEnabler> active = new ConcurrentHashMap<>();

        Factory(BroadcastControl control, Optional<EmergencyAuthenticator> authenticator, boolean requireSigned,
                Scheduler scheduler, Optional<ScheduleControl> schedule) {
            this.schedule = schedule;
            this.control = control;
            this.authenticator = authenticator;
            this.requireSigned = requireSigned;
            this.scheduler = scheduler;
            control.addItemListener(this);
        }

        @Override
        public LwM2mInstanceEnabler create() {
            return new BroadcastItemEnabler(this);
        }

        @Override
        public void onState(String itemId, BroadcastControl.ItemState state) {
            BroadcastItemEnabler e = active.get(itemId);
            if (e != null) e.arbiterState(state);
        }

        @Override
        public void onResult(String itemId, ItemResult result) {
            BroadcastItemEnabler e = active.remove(itemId);
            if (e != null) e.ended(result);
        }
    }

    private final Factory shared;
    private String itemId = "";
    private Level level = Level.NORMAL;
    private List<URI> sources = List.of();
    private String sha256 = "";
    private Instant start = Instant.EPOCH;
    private Instant end = Instant.EPOCH;
    private long repeat = 1;
    private long volume = -1;
    private byte[] signature = new byte[0];
    private byte[] nonce = new byte[0];
    private String state = "idle";
    private String result = "";
    private Cancellable scheduled = Cancellable.NONE;
    private java.util.Set<java.time.DayOfWeek> days = java.util.Set.of();
    private List<java.time.LocalTime> times = List.of();
    private java.time.LocalDate validFrom;
    private java.time.LocalDate validUntil;
    private boolean allowNight;
    private boolean pinned;
    private long maxDurationSeconds;
    private String fallbackUri = "";
    private String fallbackSha256 = "";
    /** Play stored it in the station's schedule (Stop and Delete remove it there). */
    private boolean inSchedule;

    private BroadcastItemEnabler(Factory shared) {
        this.shared = shared;
    }

    @Override
    public synchronized ReadResponse read(LwM2mServer server, int resourceId) {
        return switch (resourceId) {
            case ITEM_ID -> ReadResponse.success(resourceId, itemId);
            case LEVEL -> ReadResponse.success(resourceId, level.lower());
            case SOURCE_URIS -> {
                Map<Integer, String> m = new HashMap<>();
                for (int i = 0; i < sources.size(); i++) m.put(i, sources.get(i).toString());
                yield ReadResponse.success(resourceId, m, Type.STRING);
            }
            case CONTENT_SHA256 -> ReadResponse.success(resourceId, sha256);
            case START_TIME -> ReadResponse.success(resourceId, Date.from(start));
            case END_TIME -> ReadResponse.success(resourceId, Date.from(end));
            case REPEAT -> ReadResponse.success(resourceId, repeat);
            case VOLUME_OVERRIDE -> ReadResponse.success(resourceId, volume);
            case AUTHORITY_SIGNATURE -> ReadResponse.success(resourceId, signature.clone());
            case NONCE -> ReadResponse.success(resourceId, nonce.clone());
            case STATE -> ReadResponse.success(resourceId, state);
            case RESULT -> ReadResponse.success(resourceId, result);
            case DAYS_OF_WEEK -> ReadResponse.success(resourceId, RecurrenceText.days(days));
            case TIMES_OF_DAY -> ReadResponse.success(resourceId, RecurrenceText.times(times));
            case VALID_FROM -> ReadResponse.success(resourceId, validFrom == null ? "" : validFrom.toString());
            case VALID_UNTIL -> ReadResponse.success(resourceId, validUntil == null ? "" : validUntil.toString());
            case ALLOW_NIGHT -> ReadResponse.success(resourceId, allowNight);
            case PINNED -> ReadResponse.success(resourceId, pinned);
            case MAX_DURATION -> ReadResponse.success(resourceId, maxDurationSeconds);
            case FALLBACK_URI -> ReadResponse.success(resourceId, fallbackUri);
            case FALLBACK_SHA256 -> ReadResponse.success(resourceId, fallbackSha256);
            default -> super.read(server, resourceId);
        };
    }

    private boolean active() {
        return state.equals("scheduled") || state.equals("queued") || state.equals("playing") || state.equals("suspended");
    }

    @Override
    public synchronized WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        if (resourceId == STATE || resourceId == RESULT) return super.write(server, replace, resourceId, value);
        if (active() && RESOURCES.contains(resourceId)) {
            return WriteResponse.badRequest("item '" + itemId + "' is " + state + "; Stop it before changing it");
        }
        switch (resourceId) {
            case ITEM_ID -> {
                String s = (String) value.getValue();
                if (s.isEmpty() || s.length() > MAX_ID_CHARS || s.chars().anyMatch(Character::isISOControl)) {
                    return WriteResponse.badRequest("item id must be 1-" + MAX_ID_CHARS + " characters without control characters");
                }
                itemId = s;
            }
            case LEVEL -> {
                String s = (String) value.getValue();
                try {
                    level = Level.parse(s);
                } catch (IllegalArgumentException e) {
                    return WriteResponse.badRequest("level '" + s + "' " + e.getMessage());
                }
            }
            case SOURCE_URIS -> {
                if (!value.isMultiInstances()) return WriteResponse.badRequest("source URIs is a multiple resource");
                Map<Integer, LwM2mResourceInstance> in = new TreeMap<>(value.getInstances());
                if (in.isEmpty() || in.size() > MAX_SOURCES) {
                    return WriteResponse.badRequest("1-" + MAX_SOURCES + " source URIs expected but got " + in.size());
                }
                List<URI> out = new ArrayList<>();
                for (LwM2mResourceInstance ri : in.values()) {
                    String s = (String) ri.getValue();
                    if (s.length() > MAX_URI_CHARS) {
                        return WriteResponse.badRequest("source URI of " + s.length() + " characters exceeds " + MAX_URI_CHARS);
                    }
                    try {
                        URI u = new URI(s);
                        if (u.getScheme() == null || !SCHEMES.contains(u.getScheme())) {
                            return WriteResponse.badRequest("source '" + s + "' must be http(s)://, file: or cache:");
                        }
                        out.add(u);
                    } catch (URISyntaxException e) {
                        return WriteResponse.badRequest("source '" + s + "' is not a URI: " + e.getReason());
                    }
                }
                sources = List.copyOf(out);
            }
            case CONTENT_SHA256 -> {
                String s = (String) value.getValue();
                if (!s.isEmpty() && !s.matches("[0-9a-f]{64}")) {
                    return WriteResponse.badRequest("content sha256 '" + s + "' must be 64 lower-case hex digits or empty");
                }
                sha256 = s;
            }
            case START_TIME -> start = ((Date) value.getValue()).toInstant();
            case END_TIME -> end = ((Date) value.getValue()).toInstant();
            case REPEAT -> {
                long r = (Long) value.getValue();
                if (r < 1 || r > 100) return WriteResponse.badRequest("repeat " + r + " outside 1..100");
                repeat = r;
            }
            case VOLUME_OVERRIDE -> {
                long v = (Long) value.getValue();
                if (v < -1 || v > 100) return WriteResponse.badRequest("volume override " + v + " outside -1..100");
                volume = v;
            }
            case DAYS_OF_WEEK, TIMES_OF_DAY, VALID_FROM, VALID_UNTIL -> {
                String text = (String) value.getValue();
                try {
                    switch (resourceId) {
                        case DAYS_OF_WEEK -> days = RecurrenceText.parseDays(text);
                        case TIMES_OF_DAY -> times = RecurrenceText.parseTimes(text);
                        case VALID_FROM -> validFrom = RecurrenceText.parseDate(text, "valid from");
                        default -> validUntil = RecurrenceText.parseDate(text, "valid until");
                    }
                } catch (IllegalArgumentException e) {
                    return WriteResponse.badRequest(e.getMessage());
                }
            }
            case ALLOW_NIGHT -> allowNight = (Boolean) value.getValue();
            case PINNED -> pinned = (Boolean) value.getValue();
            case MAX_DURATION -> {
                long d = (Long) value.getValue();
                if (d < 0 || d > MAX_DURATION_SECONDS) {
                    return WriteResponse.badRequest("max duration " + d + " s outside 0.." + MAX_DURATION_SECONDS + " (0: none)");
                }
                maxDurationSeconds = d;
            }
            case FALLBACK_URI -> {
                String s = (String) value.getValue();
                if (s.length() > MAX_URI_CHARS) {
                    return WriteResponse.badRequest("fallback URI of " + s.length() + " characters exceeds " + MAX_URI_CHARS);
                }
                if (!s.isEmpty()) {
                    try {
                        URI u = new URI(s);
                        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                            return WriteResponse.badRequest("fallback URI '" + s + "' must be http(s):// (where the station fetches it from) or empty");
                        }
                    } catch (URISyntaxException e) {
                        return WriteResponse.badRequest("fallback URI '" + s + "' is not a URI: " + e.getReason());
                    }
                }
                fallbackUri = s;
            }
            case FALLBACK_SHA256 -> {
                String s = (String) value.getValue();
                if (!s.isEmpty() && !s.matches("[0-9a-f]{64}")) {
                    return WriteResponse.badRequest("fallback sha256 '" + s + "' must be 64 lower-case hex digits or empty");
                }
                fallbackSha256 = s;
            }
            case AUTHORITY_SIGNATURE, NONCE -> {
                byte[] b = (byte[]) value.getValue();
                if (b.length > MAX_OPAQUE_BYTES) {
                    return WriteResponse.badRequest((resourceId == NONCE ? "nonce" : "signature") + " of " + b.length
                            + " bytes exceeds " + MAX_OPAQUE_BYTES);
                }
                if (resourceId == NONCE) nonce = b.clone();
                else signature = b.clone();
            }
            default -> {
                return super.write(server, replace, resourceId, value);
            }
        }
        return WriteResponse.success();
    }

    @Override
    public synchronized void reset(int resourceId) {
        switch (resourceId) {
            case CONTENT_SHA256 -> sha256 = "";
            case START_TIME -> start = Instant.EPOCH;
            case END_TIME -> end = Instant.EPOCH;
            case REPEAT -> repeat = 1;
            case VOLUME_OVERRIDE -> volume = -1;
            case AUTHORITY_SIGNATURE -> signature = new byte[0];
            case NONCE -> nonce = new byte[0];
            case DAYS_OF_WEEK -> days = java.util.Set.of();
            case TIMES_OF_DAY -> times = List.of();
            case VALID_FROM -> validFrom = null;
            case VALID_UNTIL -> validUntil = null;
            case ALLOW_NIGHT -> allowNight = false;
            case PINNED -> pinned = false;
            case MAX_DURATION -> maxDurationSeconds = 0;
            case FALLBACK_URI -> fallbackUri = "";
            case FALLBACK_SHA256 -> fallbackSha256 = "";
            default -> { }
        }
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        return switch (resourceId) {
            case PLAY -> play(Who.of(server));
            case STOP -> stop(Who.of(server));
            default -> super.execute(server, resourceId, arguments);
        };
    }

    private ExecuteResponse play(String by) {
        BroadcastItem item;
        Duration delay;
        String refusal = null;
        ScheduleControl.When when = null;
        ScheduleControl.StoredFallback fallback = null;
        synchronized (this) {
            if (active()) return ExecuteResponse.badRequest("item '" + itemId + "' is already " + state);
            Instant now = shared.scheduler.clock().now();
            if (itemId.isEmpty()) return ExecuteResponse.badRequest("item id (resource " + ITEM_ID + ") is not set");
            if (sources.isEmpty()) return ExecuteResponse.badRequest("no source URI (resource " + SOURCE_URIS + ") is set");
            boolean weekly = !days.isEmpty() || !times.isEmpty();
            if (weekly && (days.isEmpty() || times.isEmpty())) {
                return ExecuteResponse.badRequest("a weekly item needs both days of week (resource " + DAYS_OF_WEEK
                        + ") and times of day (resource " + TIMES_OF_DAY + ")");
            }
            if (weekly && shared.schedule.isEmpty()) {
                return ExecuteResponse.badRequest("this station keeps no schedule; a weekly item cannot be stored");
            }
            if (weekly && validFrom != null && validUntil != null && validUntil.isBefore(validFrom)) {
                return ExecuteResponse.badRequest("valid until " + validUntil + " is before valid from " + validFrom);
            }
            if (fallbackUri.isEmpty() != fallbackSha256.isEmpty()) {
                return ExecuteResponse.badRequest("a fallback needs both its URI (resource " + FALLBACK_URI
                        + ") and its SHA-256 (resource " + FALLBACK_SHA256 + ")");
            }
            if (!fallbackUri.isEmpty()) {
                String scheme = sources.get(0).getScheme();
                if (!sha256.isEmpty() || !(scheme.equals("http") || scheme.equals("https"))) {
                    return ExecuteResponse.badRequest("a fallback plays when the item's stream is down, but item '" + itemId
                            + "' is no stream (" + (sha256.isEmpty() ? "its first source is " + sources.get(0)
                            : "it has a Content SHA-256") + ")");
                }
                boolean stored = weekly || (start.isAfter(now) && shared.schedule.isPresent());
                if (!stored) {
                    return ExecuteResponse.badRequest("a fallback is kept only with an item stored in the station's"
                            + " schedule (Days Of Week + Times Of Day, or a Start Time ahead); item '" + itemId
                            + "' plays at Play, before its fallback could be fetched");
                }
                fallback = new ScheduleControl.StoredFallback(fallbackSha256, URI.create(fallbackUri));
            }
            BroadcastItemEnabler other = shared.active.putIfAbsent(itemId, this);
            if (other != null && other != this) {
                return ExecuteResponse.badRequest("item id '" + itemId + "' is already active in instance " + other.getId());
            }
            Instant from = start.isAfter(now) ? start : now;
            boolean hasEnd = end.getEpochSecond() > 0;
            if (hasEnd && !end.isAfter(from)) refusal = "end time " + end + " has passed (now " + now + ")";
            boolean signed = signature.length > 0;
            if (refusal == null && level == Level.EMERGENCY && (shared.requireSigned || signed)) {
                if (shared.authenticator.isEmpty()) {
                    refusal = "item is signed but no authority key is configured";
                } else {
                    EmergencyAuthenticator.Verdict v = shared.authenticator.get().verify(itemId, level, sources,
                            sha256.isEmpty() ? null : sha256, end, nonce, signature);
                    if (v instanceof EmergencyAuthenticator.Verdict.Refused r) refusal = r.reason();
                }
            }
            if (refusal != null) {
                shared.active.remove(itemId, this);
                state = "ended";
                result = new ItemResult.Refused(refusal).describe();
                item = null;
                delay = Duration.ZERO;
            } else {
                BroadcastItem.Builder b = BroadcastItem.builder(itemId, level).sources(sources)
                        .sha256(sha256.isEmpty() ? null : sha256).repeat((int) repeat).origin(by).allowNight(allowNight);
                if (volume >= 0) b.volume((int) volume);
                if (maxDurationSeconds > 0) b.maxDuration(Duration.ofSeconds(maxDurationSeconds));
                if (hasEnd) b.notAfter(end);
                item = b.build();
                delay = Duration.between(now, from);
                result = "";
                if (weekly) when = new ScheduleControl.When.Weekly(days, times, validFrom, validUntil);
                else if (delay.isPositive() && shared.schedule.isPresent()) when = new ScheduleControl.When.Once(from);
                if (when != null) {
                    state = "scheduled";
                    inSchedule = true;
                } else {
                    state = delay.isPositive() ? "scheduled" : "queued";
                    if (delay.isPositive()) scheduled = shared.scheduler.schedule(delay, () -> submit(item));
                }
            }
        }
        if (when != null) return storeInSchedule(item, when, fallback, by);
        fireResourcesChange(getResourcePaths(STATE, RESULT));
        if (refusal != null) {
            Logger.tag("lwm2m").warn("broadcast item {} ({}) from {} refused: {}", itemId, level.lower(), by, refusal);
            return ExecuteResponse.badRequest("refused: " + refusal);
        }
        Logger.tag("lwm2m").info("broadcast item {} ({}) played by {}{}", item.id(), item.level().lower(), by,
                delay.isPositive() ? " at " + start : "");
        if (!delay.isPositive()) shared.control.submit(item);
        return ExecuteResponse.success();
    }

    /** Play of a weekly item or one whose start lies ahead: a durable entry of the station's schedule. */
    private ExecuteResponse storeInSchedule(BroadcastItem item, ScheduleControl.When when,
                                            ScheduleControl.StoredFallback fallback, String by) {
        java.util.Optional<String> refused = shared.schedule.orElseThrow().put(item, when, fallback, pinned, by);
        synchronized (this) {
            if (refused.isPresent()) {
                inSchedule = false;
                shared.active.remove(itemId, this);
                state = "ended";
                result = new ItemResult.Refused(refused.get()).describe();
            } else {
                result = "in the station's schedule: " + RecurrenceText.describe(when);
            }
        }
        fireResourcesChange(getResourcePaths(STATE, RESULT));
        if (refused.isPresent()) {
            Logger.tag("lwm2m").warn("broadcast item {} from {} not scheduled: {}", item.id(), by, refused.get());
            return ExecuteResponse.badRequest("refused: " + refused.get());
        }
        Logger.tag("lwm2m").info("broadcast item {} ({}) scheduled by {}: {}", item.id(), item.level().lower(), by,
                RecurrenceText.describe(when));
        return ExecuteResponse.success();
    }

    private void submit(BroadcastItem item) {
        synchronized (this) {
            if (!state.equals("scheduled")) return;
            state = "queued";
        }
        fireResourceChange(STATE);
        shared.control.submit(item);
    }

    private ExecuteResponse stop(String by) {
        boolean wasScheduled;
        String id;
        boolean stored;
        synchronized (this) {
            if (!active()) return ExecuteResponse.success();
            id = itemId;
            stored = inSchedule;
            if (stored) {
                inSchedule = false;
                shared.active.remove(itemId, this);
                state = "ended";
                result = new ItemResult.Stopped(by).describe();
            }
        }
        if (stored) {
            shared.schedule.orElseThrow().remove(id, by).ifPresent(why ->
                    Logger.tag("lwm2m").warn("broadcast item {}: removing its schedule entry: {}", id, why));
            Logger.tag("lwm2m").info("broadcast item {} removed from the schedule by {}", id, by);
            fireResourcesChange(getResourcePaths(STATE, RESULT));
            return ExecuteResponse.success();
        }
        synchronized (this) {
            if (!active()) return ExecuteResponse.success();
            wasScheduled = state.equals("scheduled");
            if (wasScheduled) {
                scheduled.cancel();
                shared.active.remove(itemId, this);
                state = "ended";
                result = new ItemResult.Stopped(by).describe();
            }
        }
        Logger.tag("lwm2m").info("broadcast item {} stopped by {}", id, by);
        if (wasScheduled) fireResourcesChange(getResourcePaths(STATE, RESULT));
        else shared.control.stop(id, by);
        return ExecuteResponse.success();
    }

    private void arbiterState(BroadcastControl.ItemState s) {
        synchronized (this) {
            if (state.equals("ended")) return;
            state = s.name().toLowerCase(java.util.Locale.ROOT);
        }
        fireResourceChange(STATE);
    }

    private void ended(ItemResult r) {
        synchronized (this) {
            state = "ended";
            result = r.describe();
        }
        Logger.tag("lwm2m").info("broadcast item {} {}", itemId, r.describe());
        fireResourcesChange(getResourcePaths(STATE, RESULT));
    }

    @Override
    public void onDelete(LwM2mServer server) {
        String id;
        boolean running;
        boolean stored;
        synchronized (this) {
            id = itemId;
            stored = inSchedule;
            inSchedule = false;
            running = active() && !state.equals("scheduled");
            scheduled.cancel();
            shared.active.remove(itemId, this);
        }
        if (stored) shared.schedule.orElseThrow().remove(id, Who.of(server) + " (instance deleted)");
        if (running) shared.control.stop(id, Who.of(server) + " (instance deleted)");
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return RESOURCES;
    }
}
