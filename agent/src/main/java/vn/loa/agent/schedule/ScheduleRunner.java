package vn.loa.agent.schedule;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.tinylog.Logger;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.store.AuditLog;
import vn.loa.agent.store.ContentCache;
import vn.loa.agent.store.PlayEvent;
import vn.loa.agent.store.PlayListener;
import vn.loa.agent.store.PlayLog;
import vn.loa.agent.store.PlayRecord;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.time.Cancellable;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.Scheduler;

/**
 * Plays the station's schedule on the control loop, with or without the network: at each occurrence it checks
 * the gates in order (entry already on air, power policy, clock trust for non-emergency, quiet hours, stored
 * content) and hands the occurrence to the {@link ItemSink}, or writes why not to the play log (refusals are
 * audited too). Stored
 * bulletins are prefetched into the {@link ContentCache} {@code prefetchAhead} before their slot and played from
 * it ({@code cache:SHA256}); one missing at slot time is fetched then and started late (up to
 * {@code lateStart}) or failed with the reason.
 *
 * <p>Its tick (at least once a minute) also writes play log and audit records a disk failure held in memory
 * ({@link PlayLog#retryHeld()}, {@link AuditLog#retryHeld()}).
 *
 * <p>Wall-clock safety: the loop looks at the schedule at least once a minute, so NTP steps are followed; a
 * step back does not replay an occurrence already handed over, a long jump forward does not flood the log;
 * while the clock is untrusted non-emergency occurrences are held and play when trust returns within
 * {@code lateStart}, else they are logged as missed.
 *
 * <p>Wiring: every end of an item the sink reports (scheduled or not) goes to {@link #onPlayed}; the runner
 * fills in the scheduled start of its occurrences and passes the event on to the play log. Threading: all
 * methods on the control loop ({@link Scheduler}); downloads run on the fetch executor and post back.
 * Lifecycle: {@link #start()} once, {@link #stop()} once.
 */
public final class ScheduleRunner implements PlayListener {

    static final Duration MAX_TICK = Duration.ofMinutes(1);
    static final Duration MAX_BACKLOG = Duration.ofDays(1);
    static final int MAX_MISSED_PER_ENTRY = 20;
    /** Bound on occurrences looked at per entry and tick (a day of one-minute slots fits). */
    static final int MAX_OCCURRENCES_PER_TICK = 2_000;
    private static final DateTimeFormatter OCCURRENCE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    /** A coming occurrence (for status reports). */
    public record Upcoming(String entryId, Level level, ZonedDateTime at) { }

    private record Occ(String entryId, Instant at) { }

    private record Due(ScheduleEntry entry, ZonedDateTime at) { }

    private final Scheduler scheduler;
    private final Clock clock;
    private final ItemSink sink;
    private final ScheduleStore store;
    private final PlayLog playLog;
    private final AuditLog audit;
    private final ClockTrust trust;
    private final ScheduleConfig config;
    private final QuietHoursGuard quiet;
    private final PowerPolicy power;
    private final ContentCache cache;
    private final Executor fetchExecutor;
    private final ExecutorService ownedExecutor;

    private Schedule schedule = Schedule.EMPTY;
    private final Map<String, ZonedDateTime> cursors = new HashMap<>();
    private final Map<String, String> onAir = new HashMap<>();
    private final Map<String, Occ> occurrences = new HashMap<>();
    private final Map<String, List<Consumer<ContentCache.FetchResult>>> fetching = new HashMap<>();
    private final Set<String> playedBeforeStart = new HashSet<>();
    private Cancellable tickTimer = Cancellable.NONE;
    private Cancellable prefetchTimer = Cancellable.NONE;
    private boolean started;
    private Set<String> lastPins;

    private ScheduleRunner(Builder b) {
        this.scheduler = b.scheduler;
        this.clock = b.scheduler.clock();
        this.sink = b.sink;
        this.store = b.store;
        this.playLog = b.playLog;
        this.audit = b.audit;
        this.trust = b.trust;
        this.config = b.config;
        this.quiet = b.quiet != null ? b.quiet : new QuietHoursGuard(QuietHoursConfig.defaults(), b.config.zone(), b.audit);
        this.power = b.power;
        this.cache = b.cache;
        if (b.fetchExecutor != null) {
            this.fetchExecutor = b.fetchExecutor;
            this.ownedExecutor = null;
        } else {
            this.ownedExecutor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "loa-fetch");
                t.setDaemon(true);
                return t;
            });
            this.fetchExecutor = ownedExecutor;
        }
        if (power != null) power.addListener(this::powerChanged);
    }

    /**
     * @param scheduler the control loop
     * @param sink      the arbiter
     * @param store     where the schedule is kept
     * @param playLog   where ended items are written
     * @param audit     where changes and refusals are written
     * @param trust     whether the wall clock may drive the schedule
     */
    public static Builder builder(Scheduler scheduler, ItemSink sink, ScheduleStore store, PlayLog playLog,
                                  AuditLog audit, ClockTrust trust) {
        return new Builder(scheduler, sink, store, playLog, audit, trust);
    }

    /** Options; each says its default. */
    public static final class Builder {
        private final Scheduler scheduler;
        private final ItemSink sink;
        private final ScheduleStore store;
        private final PlayLog playLog;
        private final AuditLog audit;
        private final ClockTrust trust;
        private ScheduleConfig config = ScheduleConfig.defaults();
        private QuietHoursGuard quiet;
        private PowerPolicy power;
        private ContentCache cache;
        private Executor fetchExecutor;

        private Builder(Scheduler scheduler, ItemSink sink, ScheduleStore store, PlayLog playLog, AuditLog audit,
                        ClockTrust trust) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            this.sink = Objects.requireNonNull(sink, "sink");
            this.store = Objects.requireNonNull(store, "store");
            this.playLog = Objects.requireNonNull(playLog, "playLog");
            this.audit = Objects.requireNonNull(audit, "audit");
            this.trust = Objects.requireNonNull(trust, "trust");
        }

        /** By default {@link ScheduleConfig#defaults()}. */
        public Builder config(ScheduleConfig c) { this.config = Objects.requireNonNull(c); return this; }

        /** By default the default quiet hours (22:00-05:00) in the config's zone. */
        public Builder quietHours(QuietHoursGuard q) { this.quiet = q; return this; }

        /** By default none: the station is treated as always on mains. */
        public Builder power(PowerPolicy p) { this.power = p; return this; }

        /** By default none: entries with stored content ({@code sha256}) fail with "no content cache". */
        public Builder cache(ContentCache c) { this.cache = c; return this; }

        /**
         * Where downloads run. By default the runner's own daemon thread {@code loa-fetch}, shut down by
         * {@link #stop()}; a passed-in executor stays the caller's. A direct executor ({@code Runnable::run})
         * blocks the loop during downloads: for tests only.
         */
        public Builder fetchExecutor(Executor e) { this.fetchExecutor = e; return this; }

        public ScheduleRunner build() {
            return new ScheduleRunner(this);
        }
    }

    /** Loads the stored schedule and starts playing it (an occurrence due up to {@code lateStart} ago plays now). */
    public void start() {
        if (started) throw new IllegalStateException("schedule runner already started");
        started = true;
        try {
            schedule = store.load();
        } catch (ConfigException | IOException e) {
            Logger.tag("schedule").error("stored schedule {} unusable ({}); running with none until the headend sends one",
                    store.file(), e.getMessage());
            audit.record("schedule", "schedule.unreadable", store.file() + ": " + e.getMessage());
            schedule = Schedule.EMPTY;
        }
        Instant now = clock.now();
        ZonedDateTime from = now.minus(config.lateStart()).atZone(config.zone());
        for (ScheduleEntry e : schedule.entries()) cursors.put(e.id(), from);
        try {
            for (PlayRecord r : playLog.since(now.minus(config.lateStart()).minus(MAX_TICK))) playedBeforeStart.add(r.event().itemId());
        } catch (IOException e) {
            Logger.tag("schedule").warn("cannot read the play log to skip occurrences already played: {}", e.toString());
        }
        updatePins();
        Logger.tag("schedule").info("schedule version {} running: {} entries, zone {}", schedule.version(),
                schedule.entries().size(), config.zone());
        tick();
        prefetchTimer = scheduler.scheduleAtFixedRate(Duration.ZERO, config.prefetchEvery(), this::prefetch);
    }

    /** Stops the timers (and the runner's own fetch thread). Items already handed over are the sink's. */
    public void stop() {
        tickTimer.cancel();
        prefetchTimer.cancel();
        if (ownedExecutor != null) ownedExecutor.shutdownNow();
        started = false;
    }

    public Schedule schedule() {
        return schedule;
    }

    /** The scheduled start of an occurrence the runner handed over and that has not ended yet. */
    public Optional<Instant> scheduledStart(String itemId) {
        Occ o = occurrences.get(itemId);
        return o == null ? Optional.empty() : Optional.of(o.at());
    }

    /** The next {@code limit} occurrences from now, earliest first. */
    public List<Upcoming> upcoming(int limit) {
        ZonedDateTime now = clock.now().atZone(config.zone());
        List<Upcoming> out = new ArrayList<>();
        for (ScheduleEntry e : schedule.entries()) {
            ZonedDateTime c = now;
            for (int i = 0; i < limit; i++) {
                Optional<ZonedDateTime> n = e.nextAfter(c);
                if (n.isEmpty()) break;
                out.add(new Upcoming(e.id(), e.item().level(), n.get()));
                c = n.get();
            }
        }
        out.sort(Comparator.comparing(Upcoming::at));
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    // ---- changes ----------------------------------------------------------------------------------------

    /**
     * Adds or replaces one entry for {@code who}; stored atomically, audited, in force at once. The entry is
     * stamped with {@code who} and the current time as its setter.
     */
    public ScheduleChange put(ScheduleEntry entry, String who) {
        entry = stamp(entry, who);
        boolean replacing = schedule.entry(entry.id()).isPresent();
        return apply(schedule.with(entry), who, replacing ? "schedule.replace" : "schedule.add",
                entry.describe() + quietWarning(entry));
    }

    /** Removes one entry for {@code who}; an occurrence of it on air is stopped. Unknown id: rejected. */
    public ScheduleChange remove(String entryId, String who) {
        if (schedule.entry(entryId).isEmpty()) {
            return new ScheduleChange.Rejected("no schedule entry '" + entryId + "'");
        }
        return apply(schedule.without(entryId), who, "schedule.remove", entryId);
    }

    /** Replaces the whole schedule for {@code who} (its version becomes the next one). */
    public ScheduleChange replace(List<ScheduleEntry> entries, String who) {
        entries = entries.stream().map(e -> stamp(e, who)).toList();
        StringBuilder d = new StringBuilder(entries.size() + " entries");
        for (ScheduleEntry e : entries) d.append("; ").append(e.describe()).append(quietWarning(e));
        Schedule next;
        try {
            next = new Schedule(schedule.version() + 1, entries);
        } catch (IllegalArgumentException e) {
            return new ScheduleChange.Rejected(e.getMessage());
        }
        return apply(next, who, "schedule.replace-all", d.toString());
    }

    private ScheduleEntry stamp(ScheduleEntry e, String who) {
        return new ScheduleEntry(e.id(), e.recurrence(), e.item(), e.fallback(), e.pinned(), who, clock.now());
    }

    private ScheduleChange apply(Schedule next, String who, String action, String detail) {
        try {
            store.save(next);
        } catch (IOException e) {
            String reason = "cannot store schedule version " + next.version() + " in " + store.file() + ": " + e.getMessage()
                    + "; version " + schedule.version() + " stays";
            audit.record(who, action + ".failed", reason);
            return new ScheduleChange.Rejected(reason);
        }
        Schedule old = schedule;
        schedule = next;
        ZonedDateTime now = clock.now().atZone(config.zone());
        for (ScheduleEntry e : old.entries()) {
            if (next.entry(e.id()).isPresent()) continue;
            cursors.remove(e.id());
            String playing = onAir.get(e.id());
            if (playing != null) sink.cancel(playing, "schedule entry " + e.id() + " removed by " + who);
        }
        for (ScheduleEntry e : next.entries()) cursors.putIfAbsent(e.id(), now);
        audit.record(who, action, "version " + next.version() + ": " + detail);
        updatePins();
        if (started) {
            tick();
            prefetch();
        }
        return new ScheduleChange.Applied(next.version());
    }

    private String quietWarning(ScheduleEntry e) {
        if (e.item().level() == Level.EMERGENCY || e.item().allowNight()) return "";
        List<LocalTime> inside = e.recurrence().timesOfDay().stream().filter(t -> quiet.config().contains(t)).toList();
        return inside.isEmpty() ? "" : "; warning: " + inside + " inside quiet hours " + quiet.config()
                + ", those occurrences will be refused";
    }

    // ---- playing ----------------------------------------------------------------------------------------

    /**
     * Every ended item, from the sink's side (scheduled or not). Fills the scheduled start of the runner's own
     * occurrences, frees their entry for its next occurrence, and writes the event to the play log.
     */
    @Override public void onPlayed(PlayEvent event) {
        Occ o = occurrences.remove(event.itemId());
        PlayEvent out = event;
        if (o != null) {
            onAir.remove(o.entryId(), event.itemId());
            if (event.scheduledStart() == null) {
                out = new PlayEvent(event.itemId(), event.level(), event.origin(), o.at(), event.actualStart(),
                        event.end(), event.result(), event.source(), event.underruns(), event.amplifier(), event.volume());
            }
        }
        playLog.onPlayed(out);
    }

    private void tick() {
        tickTimer.cancel();
        // At least once a minute: what a disk failure kept in memory is written as soon as the disk takes it.
        playLog.retryHeld();
        audit.retryHeld();
        Instant now = clock.now();
        ZonedDateTime zNow = now.atZone(config.zone());
        boolean trusted = trust.current().trusted();
        List<Due> due = new ArrayList<>();
        for (ScheduleEntry e : schedule.entries()) {
            ZonedDateTime cur = cursors.computeIfAbsent(e.id(), k -> zNow);
            if (cur.isAfter(zNow.plus(MAX_TICK))) {
                Logger.tag("schedule").warn("{}: wall clock stepped back from {} to {}; continuing from now", e.id(), cur, zNow);
                cur = zNow;
            }
            if (Duration.between(cur, zNow).compareTo(MAX_BACKLOG) > 0) {
                Logger.tag("schedule").warn("{}: wall clock jumped forward from {} to {}; occurrences in between are skipped",
                        e.id(), cur, zNow);
                cur = zNow.minus(config.lateStart());
            }
            int missed = 0;
            for (int n = 0; n < MAX_OCCURRENCES_PER_TICK; n++) {
                Optional<ZonedDateTime> next = e.nextAfter(cur);
                if (next.isEmpty() || next.get().isAfter(zNow)) break;
                if (!trusted && e.item().level() != Level.EMERGENCY) break;
                Duration late = Duration.between(next.get(), zNow);
                if (late.compareTo(config.lateStart()) <= 0) {
                    due.add(new Due(e, next.get()));
                } else if (missed++ < MAX_MISSED_PER_ENTRY) {
                    String id = itemId(e, next.get());
                    if (!playedBeforeStart.contains(id)) {
                        record(e, id, next.get().toInstant(), new ItemResult.Failed("missed: its slot passed "
                                + late.toMinutes() + " min ago (station not running, or clock not trusted then)"));
                    }
                }
                cur = next.get();
            }
            cursors.put(e.id(), cur);
        }
        due.sort(Comparator.comparing((Due d) -> d.at().toInstant())
                .thenComparing(d -> d.entry().item().level(), Comparator.reverseOrder()));
        for (Due d : due) fire(d.entry(), d.at());
        armNext(zNow);
    }

    private void armNext(ZonedDateTime zNow) {
        Duration delay = MAX_TICK;
        for (ScheduleEntry e : schedule.entries()) {
            Optional<ZonedDateTime> n = e.nextAfter(cursors.get(e.id()));
            if (n.isPresent() && n.get().isAfter(zNow)) {
                Duration d = Duration.between(zNow, n.get());
                if (d.compareTo(delay) < 0) delay = d;
            }
        }
        tickTimer = scheduler.schedule(delay, this::tick);
    }

    private static String itemId(ScheduleEntry e, ZonedDateTime at) {
        return e.id() + "@" + at.toLocalDateTime().format(OCCURRENCE);
    }

    private void fire(ScheduleEntry e, ZonedDateTime at) {
        String id = itemId(e, at);
        if (playedBeforeStart.remove(id)) {
            Logger.tag("schedule").info("{} already in the play log before the restart; not played again", id);
            return;
        }
        Instant scheduled = at.toInstant();
        String busy = onAir.get(e.id());
        BroadcastItem probe = e.occurrence(id, e.item().sources());
        if (busy != null) {
            String reason = "previous occurrence " + busy + " still on air";
            audit.record(probe.origin(), "refused.on-air", e.item().level().lower() + " item " + id + ": " + reason);
            record(e, id, scheduled, new ItemResult.Refused(reason));
            return;
        }
        if (power != null) {
            Admission a = power.admit(probe);
            if (a instanceof Admission.Refused r) {
                record(e, id, scheduled, r.asResult());
                return;
            }
        }
        if (quiet.admit(probe, clock.now()) instanceof Admission.Refused r) {
            record(e, id, scheduled, r.asResult());
            return;
        }
        String sha = e.item().sha256();
        if (sha != null) {
            if (cache == null) {
                record(e, id, scheduled, new ItemResult.Failed("stored bulletin " + sha + " but no content cache"));
                return;
            }
            ContentCache.Lookup l = cache.lookup(sha);
            if (!(l instanceof ContentCache.Lookup.Hit)) {
                String why = l instanceof ContentCache.Lookup.Corrupt c ? c.reason() : "not in the cache";
                fetchAtSlot(e, id, at, why);
                return;
            }
        }
        boolean fallbackStored = e.fallback() != null && cache != null && cache.contains(e.fallback().sha256());
        BroadcastItem item = e.occurrence(id, e.occurrenceSources(fallbackStored));
        onAir.put(e.id(), id);
        occurrences.put(id, new Occ(e.id(), scheduled));
        Logger.tag("schedule").info("{} due at {}: handing over ({}, sources {})", id, at.toLocalTime(),
                item.level().lower(), item.sources());
        sink.submit(item);
    }

    private void fetchAtSlot(ScheduleEntry e, String id, ZonedDateTime at, String why) {
        String sha = e.item().sha256();
        List<URI> urls = httpSources(e.item().sources());
        if (urls.isEmpty()) {
            record(e, id, at.toInstant(), new ItemResult.Failed("stored bulletin " + sha + " " + why + " and no http source to fetch it"));
            return;
        }
        Logger.tag("schedule").warn("{}: stored bulletin {} {} at slot time; fetching it now", id, sha, why);
        onAir.put(e.id(), id);
        occurrences.put(id, new Occ(e.id(), at.toInstant()));
        fetch(sha, urls, r -> {
            occurrences.remove(id);
            onAir.remove(e.id(), id);
            Optional<ScheduleEntry> current = schedule.entry(e.id());
            if (current.isEmpty() || !started) {
                record(e, id, at.toInstant(), new ItemResult.Stopped(current.isEmpty()
                        ? "schedule entry " + e.id() + " removed while its content was being fetched"
                        : "schedule stopped while its content was being fetched"));
                return;
            }
            Duration late = Duration.between(at.toInstant(), clock.now());
            if (r instanceof ContentCache.FetchResult.Stored && late.compareTo(config.lateStart()) <= 0
                    && cache.contains(sha)) {
                fire(current.get(), at);
            } else {
                String reason = r instanceof ContentCache.FetchResult.Failed f ? f.reason()
                        : "fetched " + late.toMinutes() + " min after its slot, later than " + config.lateStart().toMinutes() + " min";
                record(e, id, at.toInstant(), new ItemResult.Failed("stored bulletin " + sha + " not available at slot time: " + reason));
            }
        });
    }

    private void record(ScheduleEntry e, String id, Instant scheduled, ItemResult result) {
        playLog.onPlayed(PlayEvent.notAired(id, e.item().level(), "schedule:" + e.setBy(), scheduled, clock.now(), result));
    }

    private void powerChanged(boolean onMains) {
        if (onMains) return;
        for (var en : new ArrayList<>(onAir.entrySet())) {
            Optional<ScheduleEntry> e = schedule.entry(en.getKey());
            if (e.isPresent() && power.refused(e.get().item().level())) {
                sink.cancel(en.getValue(), "mains power lost; " + e.get().item().level().lower() + " items are skipped on battery");
            }
        }
    }

    // ---- content ----------------------------------------------------------------------------------------

    /**
     * Downloads stored bulletins due within {@code prefetchAhead}, pinned entries' content and every fallback, after
     * pinning what is due within that horizon (so one download never evicts another that is still waiting for its slot).
     */
    void prefetch() {
        if (cache == null) return;
        updatePins();
        ZonedDateTime now = clock.now().atZone(config.zone());
        for (ScheduleEntry e : schedule.entries()) {
            String sha = e.item().sha256();
            if (sha != null && !cache.contains(sha)) {
                boolean needed = pinnedEntry(e) || dueWithinHorizon(e, now);
                List<URI> urls = httpSources(e.item().sources());
                if (needed && !urls.isEmpty()) fetch(sha, urls, r -> { });
            }
            if (e.fallback() != null && !cache.contains(e.fallback().sha256())) {
                fetch(e.fallback().sha256(), List.of(e.fallback().from()), r -> { });
            }
        }
    }

    private void fetch(String sha, List<URI> urls, Consumer<ContentCache.FetchResult> then) {
        List<Consumer<ContentCache.FetchResult>> waiting = fetching.get(sha);
        if (waiting != null) {
            waiting.add(then);
            return;
        }
        List<Consumer<ContentCache.FetchResult>> w = new ArrayList<>();
        w.add(then);
        fetching.put(sha, w);
        fetchExecutor.execute(() -> {
            ContentCache.FetchResult r = new ContentCache.FetchResult.Failed(sha, "no source");
            for (URI u : urls) {
                r = cache.fetch(u, sha);
                if (r instanceof ContentCache.FetchResult.Stored) break;
            }
            ContentCache.FetchResult result = r;
            scheduler.execute(() -> {
                List<Consumer<ContentCache.FetchResult>> cbs = fetching.remove(sha);
                if (cbs != null) for (Consumer<ContentCache.FetchResult> c : cbs) c.accept(result);
            });
        });
    }

    private static List<URI> httpSources(List<URI> sources) {
        return sources.stream().filter(u -> "http".equals(u.getScheme()) || "https".equals(u.getScheme())).toList();
    }

    private static boolean pinnedEntry(ScheduleEntry e) {
        return e.pinned() || e.item().level() == Level.EMERGENCY;
    }

    /** An occurrence from {@code lateStart} ago (it may still start) up to {@code prefetchAhead} ahead. */
    private boolean dueWithinHorizon(ScheduleEntry e, ZonedDateTime now) {
        Optional<ZonedDateTime> next = e.recurrence().nextAfter(now.minus(config.lateStart()));
        return next.isPresent() && !next.get().isAfter(now.plus(config.prefetchAhead()));
    }

    /**
     * Pins, as owner "schedule": the content of emergency and pinned entries, every fallback, and the content of every
     * entry due within the prefetch horizon (released from the pin once its last occurrence in it is past). Written only
     * when the set changes.
     */
    private void updatePins() {
        if (cache == null) return;
        ZonedDateTime now = clock.now().atZone(config.zone());
        Set<String> pins = new TreeSet<>();
        for (ScheduleEntry e : schedule.entries()) {
            String sha = e.item().sha256();
            if (sha != null && (pinnedEntry(e) || dueWithinHorizon(e, now))) pins.add(sha);
            if (e.fallback() != null) pins.add(e.fallback().sha256());
        }
        if (pins.equals(lastPins)) return;
        cache.pin("schedule", pins);
        lastPins = pins;
    }
}
