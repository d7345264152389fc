package vn.loa.agent.schedule;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.Level;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.json.JsonNode;

/**
 * The JSON form of the stored schedule ({@code schedule.json}, written and read by {@link ScheduleStore} only). The
 * headend never sends this form: it sets entries one at a time through LwM2M Broadcast Item instances, which become
 * {@link ScheduleEntry} values on the station (see docs/schedule-and-store.md). Strict, because the file may have been
 * edited or damaged: unknown keys and bad values are reported all at once with their JSON path.
 * <pre>
 * {"version": 3, "entries": [
 *   {"id": "morning", "level": "normal", "sources": ["https://headend/b/17.mp3"], "sha256": "…64 hex…",
 *    "weekly": {"days": ["mon","tue","wed","thu","fri"], "times": ["06:00","17:30"],
 *               "from": "2026-01-01", "until": "2026-06-30"},
 *    "repeat": 1, "maxDurationSeconds": 1800, "notAfter": "2026-06-30T17:00:00Z", "volume": 70, "onPreempt": "resume",
 *    "allowNight": false, "pinned": false,
 *    "fallback": {"sha256": "…64 hex…", "from": "https://headend/b/fallback.mp3"},
 *    "setBy": "srv1", "setAt": "2026-01-04T10:00:00Z"},
 *   {"id": "storm", "level": "emergency", "sources": ["cache:…64 hex…"], "once": "2026-01-05T03:15"}
 * ]}</pre>
 * Exactly one of {@code once} (local date-time) and {@code weekly} per entry; {@code days} are
 * {@code mon..sun} or {@code "daily"}. {@code maxDurationSeconds} caps each occurrence's airtime;
 * {@code notAfter} (an instant) ends the entry: no occurrence starts at or after it and none airs past it.
 */
public final class ScheduleCodec {

    private ScheduleCodec() {
    }

    /** Parses a whole schedule; every problem is in the exception, each naming {@code source} and the path. */
    public static Schedule parse(String json, String source) throws ConfigException {
        JsonNode root = JsonNode.parse(json, source);
        long version = root.integer("version", 0, 0, Long.MAX_VALUE);
        List<ScheduleEntry> entries = new ArrayList<>();
        for (JsonNode n : root.array("entries")) {
            ScheduleEntry e = entry(n);
            if (e != null) entries.add(e);
        }
        root.rejectUnknownKeys();
        root.problems().throwIfAny();
        try {
            return new Schedule(version, entries);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(source + ": entries " + e.getMessage()));
        }
    }

    /** Parses one entry object (as a headend sends it); {@code setBy} fills an absent {@code setBy}. */
    public static ScheduleEntry parseEntry(String json, String source, String setBy, Instant setAt) throws ConfigException {
        JsonNode n = JsonNode.parse(json, source);
        ScheduleEntry e = entry(n);
        n.problems().throwIfAny();
        if (e == null) throw new ConfigException(List.of(source + ": is not a schedule entry"));
        if (e.setBy().equals("unknown") || e.setAt() == null) {
            e = new ScheduleEntry(e.id(), e.recurrence(), e.item(), e.fallback(), e.pinned(),
                    e.setBy().equals("unknown") ? setBy : e.setBy(), e.setAt() == null ? setAt : e.setAt());
        }
        return e;
    }

    /** Reads one entry; returns {@code null} (with problems recorded) when it cannot be built. */
    static ScheduleEntry entry(JsonNode n) {
        int before = n.problems().all().size();
        String id = n.requiredString("id");
        Level level = n.has("level") ? n.parsed("level", Level.NORMAL, Level::parse) : required(n, "level", Level.NORMAL);
        List<URI> sources = new ArrayList<>();
        List<JsonNode> srcs = n.array("sources");
        if (srcs.isEmpty()) n.problem("sources", "must list at least one source");
        for (JsonNode s : srcs) {
            s.asString().ifPresent(str -> {
                try {
                    URI u = new URI(str);
                    String scheme = u.getScheme() == null ? "" : u.getScheme();
                    if (!List.of("http", "https", "file", "cache").contains(scheme)) {
                        s.problem("", "'" + str + "' is not an http, https, file or cache source");
                    } else {
                        sources.add(u);
                    }
                } catch (java.net.URISyntaxException e) {
                    s.problem("", "'" + str + "' is not a URI: " + e.getReason());
                }
            });
        }
        String sha = n.optString("sha256").orElse(null);
        if (sha != null && !sha.matches("[0-9a-f]{64}")) {
            n.problem("sha256", "'" + sha + "' is not 64 lower-case hex digits");
            sha = null;
        }
        int repeat = n.intValue("repeat", 1, 1, 100);
        Duration max = n.has("maxDurationSeconds") ? Duration.ofSeconds(n.integer("maxDurationSeconds", 1, 1, 86_400)) : null;
        Instant notAfter = n.parsed("notAfter", null, v -> parse(v, Instant::parse, "an instant (2026-06-30T17:00:00Z)"));
        Integer volume = n.has("volume") ? n.intValue("volume", 0, 0, 100) : null;
        BroadcastItem.PreemptPolicy onPreempt = n.parsed("onPreempt", null, s -> {
            try {
                return BroadcastItem.PreemptPolicy.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("is not resume or drop");
            }
        });
        boolean allowNight = n.bool("allowNight", false);
        boolean pinned = n.bool("pinned", false);
        String setBy = n.string("setBy", "unknown");
        Instant setAt = n.parsed("setAt", null, v -> parse(v, Instant::parse, "an instant (2026-01-04T23:00:00Z)"));
        Recurrence rec = null;
        boolean hasOnce = n.has("once");
        boolean hasWeekly = n.has("weekly");
        if (hasOnce && hasWeekly) {
            n.problem("", "has both once and weekly; give one");
        } else if (hasOnce) {
            LocalDateTime at = n.parsed("once", null, v -> parse(v, LocalDateTime::parse, "a local date-time (2026-01-05T06:00)"));
            if (at != null) rec = new Recurrence.Once(at);
        } else if (hasWeekly) {
            rec = weekly(n.object("weekly"));
        } else {
            n.problem("", "needs once (a local date-time) or weekly");
        }
        ScheduleEntry.Fallback fallback = null;
        if (n.has("fallback")) {
            JsonNode f = n.object("fallback");
            String fsha = f.requiredString("sha256");
            URI from = f.parsed("from", null, URI::create);
            if (from == null && !f.has("from")) f.problem("from", "is required");
            f.rejectUnknownKeys();
            if (!fsha.matches("[0-9a-f]{64}")) f.problem("sha256", "'" + fsha + "' is not 64 lower-case hex digits");
            else if (from != null) fallback = new ScheduleEntry.Fallback(fsha, from);
        }
        n.rejectUnknownKeys();
        if (n.problems().all().size() > before || rec == null) return null;
        try {
            BroadcastItem.Builder b = BroadcastItem.builder(id, level).sources(sources).sha256(sha).repeat(repeat)
                    .maxDuration(max).notAfter(notAfter).allowNight(allowNight).origin(setBy);
            if (volume != null) b.volume(volume);
            if (onPreempt != null) b.onPreempt(onPreempt);
            return new ScheduleEntry(id, rec, b.build(), fallback, pinned, setBy, setAt);
        } catch (IllegalArgumentException e) {
            n.problem("", e.getMessage());
            return null;
        }
    }

    private static <T> T parse(String v, java.util.function.Function<String, T> f, String what) {
        try {
            return f.apply(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("is not " + what);
        }
    }

    private static <T> T required(JsonNode n, String key, T dflt) {
        n.problem(key, "is required");
        return dflt;
    }

    private static Recurrence weekly(JsonNode w) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        List<LocalTime> times = new ArrayList<>();
        List<JsonNode> dl = w.array("days");
        if (dl.isEmpty()) w.problem("days", "must list at least one day (mon..sun or daily)");
        for (JsonNode d : dl) {
            d.asString().ifPresent(s -> {
                if (s.equals("daily")) days.addAll(EnumSet.allOf(DayOfWeek.class));
                else {
                    DayOfWeek dow = day(s);
                    if (dow == null) d.problem("", "'" + s + "' is not a day (mon, tue, wed, thu, fri, sat, sun, daily)");
                    else days.add(dow);
                }
            });
        }
        List<JsonNode> tl = w.array("times");
        if (tl.isEmpty()) w.problem("times", "must list at least one time of day (HH:mm)");
        for (JsonNode t : tl) {
            t.asString().ifPresent(s -> {
                try {
                    times.add(LocalTime.parse(s));
                } catch (java.time.format.DateTimeParseException e) {
                    t.problem("", "'" + s + "' is not a time of day (HH:mm)");
                }
            });
        }
        LocalDate from = w.parsed("from", null, v -> parse(v, LocalDate::parse, "a date (2026-01-05)"));
        LocalDate until = w.parsed("until", null, v -> parse(v, LocalDate::parse, "a date (2026-01-05)"));
        w.rejectUnknownKeys();
        if (days.isEmpty() || times.isEmpty()) return null;
        try {
            return new Recurrence.Weekly(days, times, from, until);
        } catch (IllegalArgumentException e) {
            w.problem("", e.getMessage());
            return null;
        }
    }

    private static DayOfWeek day(String s) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equalsIgnoreCase(s)) return d;
        }
        return null;
    }

    /** The JSON text of a schedule, in the form {@link #parse} reads. */
    public static String write(Schedule s) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", s.version());
        List<Object> es = new ArrayList<>();
        for (ScheduleEntry e : s.entries()) es.add(toMap(e));
        root.put("entries", es);
        try {
            return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write schedule version " + s.version(), e);
        }
    }

    static Map<String, Object> toMap(ScheduleEntry e) {
        BroadcastItem it = e.item();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("level", it.level().lower());
        m.put("sources", it.sources().stream().map(URI::toString).toList());
        if (it.sha256() != null) m.put("sha256", it.sha256());
        switch (e.recurrence()) {
            case Recurrence.Once o -> m.put("once", o.at().toString());
            case Recurrence.Weekly w -> {
                Map<String, Object> wm = new LinkedHashMap<>();
                wm.put("days", w.days().stream().sorted()
                        .map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT)).toList());
                wm.put("times", w.times().stream().map(LocalTime::toString).toList());
                if (w.validFrom() != null) wm.put("from", w.validFrom().toString());
                if (w.validUntil() != null) wm.put("until", w.validUntil().toString());
                m.put("weekly", wm);
            }
        }
        m.put("repeat", it.repeat());
        if (it.maxDuration() != null) m.put("maxDurationSeconds", it.maxDuration().toSeconds());
        if (it.notAfter() != null) m.put("notAfter", it.notAfter().toString());
        if (it.volume().isPresent()) m.put("volume", it.volume().getAsInt());
        m.put("onPreempt", it.onPreempt().name().toLowerCase(Locale.ROOT));
        m.put("allowNight", it.allowNight());
        m.put("pinned", e.pinned());
        if (e.fallback() != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("sha256", e.fallback().sha256());
            f.put("from", e.fallback().from().toString());
            m.put("fallback", f);
        }
        m.put("setBy", e.setBy());
        if (e.setAt() != null) m.put("setAt", e.setAt().toString());
        return m;
    }
}
