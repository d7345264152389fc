package vn.loa.testbench.sim;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CountDownLatch;
import org.tinylog.Logger;
import vn.loa.agent.audio.JavaSoundSink;
import vn.loa.agent.audio.WavCaptureSink;
import vn.loa.agent.broadcast.ArbiterListener;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.ItemTiming;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.config.LoaConfig;
import vn.loa.agent.lwm2m.DeviceInfo;
import vn.loa.agent.lwm2m.Lwm2mConfig;
import vn.loa.agent.lwm2m.Lwm2mSecrets;
import vn.loa.agent.runtime.Station;
import vn.loa.agent.runtime.StationSnapshot;
import vn.loa.agent.schedule.Recurrence;
import vn.loa.agent.schedule.ScheduleChange;
import vn.loa.agent.schedule.ScheduleEntry;
import vn.loa.hal.BinaryInput;
import vn.loa.hal.BoardOpenException;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.time.Clock;
import vn.loa.testbench.dashboard.Action;
import vn.loa.testbench.dashboard.ActionResult;
import vn.loa.testbench.dashboard.Actions;
import vn.loa.testbench.dashboard.Dashboard;
import vn.loa.testbench.dashboard.PlayLogEntry;
import vn.loa.testbench.dashboard.Playing;
import vn.loa.testbench.dashboard.ReceiverView;
import vn.loa.testbench.dashboard.StationSource;
import vn.loa.testbench.dashboard.StationView;
import vn.loa.testbench.dashboard.Target;
import vn.loa.testbench.headend.ContentServer;
import vn.loa.testbench.headend.Headend;
import vn.loa.testbench.netfault.ReceiverLink;

/**
 * A whole simulated commune station on this machine: the headend (embedded LwM2M server, {@link Headend}), the
 * content server ({@link ContentServer}), N receivers each running the real agent ({@link Station}) on the simulated
 * board, registered through its own fault proxies ({@link ReceiverLink}), and (unless turned off) the dashboard. It
 * is the {@link StationSource} and the {@link Actions} of the dashboard and the console.
 *
 * <p>Lifecycle: {@link Builder#start()} starts everything or nothing; {@link #close()} (idempotent, any thread,
 * shutdown hook included) stops the dashboard, every receiver (amplifiers off, deregistered, bounded), the links, the
 * headend and the content server. Thread-safe.
 */
public final class SimStation implements StationSource, Actions, AutoCloseable {

    /**
     * A receiver's capture is rotated to {@code capture.1.wav} at 64 MiB of audio (about 5.8 minutes at 48 kHz
     * stereo; the engine writes silence while idle), so a sim left running keeps the last 6-12 minutes per receiver
     * instead of filling the disk at 11 MB a minute.
     */
    public static final long CAPTURE_ROTATE_BYTES = 64L << 20;

    /** Where receivers keep their state when no data folder is given. */
    public static final Path DEFAULT_DATA = Path.of("run", "sim");
    /** Receivers when none is given. */
    public static final int DEFAULT_RECEIVERS = 3;
    /** The dashboard's port when none is given. */
    public static final int DEFAULT_PORT = 8080;
    /**
     * The registration lifetime the receivers announce: 300 s, the agent's default (Leshan's client warns below
     * 277 s). The headend's silence limit, not the lifetime, decides when a silent receiver drops.
     */
    public static final Duration LIFETIME = Duration.ofSeconds(300);
    /** Registration updates (the NAT keep-alive) every 10 s by default. */
    public static final Duration UPDATE_PERIOD = Duration.ofSeconds(10);
    /** Updates a receiver may miss before the headend counts it gone: the silence limit is this many update periods. */
    static final int MISSED_UPDATES = 3;
    /** Most receivers one machine runs comfortably (each is a whole agent with its own threads). */
    public static final int MAX_RECEIVERS = 20;
    /** Seconds of buffered audio the dashboard shows as a full buffer. */
    static final double FULL_BUFFER_SECONDS = 2.0;
    /** The default schedule's entry id in every receiver. */
    public static final String SCHEDULE_ENTRY = "sim-normal";
    /** How often the default schedule airs the normal bulletin when no period is given. */
    public static final Duration DEFAULT_SCHEDULE_PERIOD = Duration.ofMinutes(5);
    /** Each receiver's configuration file, in its folder. */
    public static final String CONFIG_FILE = "loa.json";
    /** The board every simulated receiver runs on (the bundles' target). */
    static final String SIM_BOARD = "simulated";
    /** Each receiver's A/B slot tree and launcher state, in its folder; reset to {@link SimRelease#BASE} at every start. */
    public static final String OTA_DIR = "ota";
    /** Play-log lines kept for the dashboard. */
    static final int PLAY_LOG_LINES = 200;

    private final Builder options;
    private final Headend headend;
    private final ContentServer content;
    private final SimRelease release;
    private final List<SimReceiver> receivers;
    private final Map<String, String> titles = new ConcurrentHashMap<>();
    private final Deque<PlayLogEntry> playLog = new ArrayDeque<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Clock clock;
    private volatile Dashboard dashboard;
    private boolean closing;

    private SimStation(Builder options, Headend headend, ContentServer content, SimRelease release, List<SimReceiver> receivers,
                       Clock clock) {
        this.options = options;
        this.headend = headend;
        this.content = content;
        this.release = release;
        this.receivers = List.copyOf(receivers);
        this.clock = clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The receivers in order: {@code rx-1}, {@code rx-2}, ... */
    public List<SimReceiver> receivers() {
        return receivers;
    }

    /** The receiver named {@code name}, if there is one. */
    public Optional<SimReceiver> receiver(String name) {
        return receivers.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public Headend headend() {
        return headend;
    }

    public ContentServer content() {
        return content;
    }

    /** The signed test release this sim offers, and the key its receivers trust. */
    public SimRelease release() {
        return release;
    }

    /** The dashboard, unless it was turned off ({@link Builder#dashboard(boolean)}). */
    public Optional<Dashboard> dashboard() {
        return Optional.ofNullable(dashboard);
    }

    /** The data folder holding one sub-folder per receiver and the generated content. */
    public Path dataDir() {
        return options.dataDir;
    }

    /**
     * How long a receiver may stay silent before the headend drops it: {@value #MISSED_UPDATES} update periods (30 s
     * by default).
     */
    public Duration silenceLimit() {
        return options.updatePeriod.multipliedBy(MISSED_UPDATES);
    }

    /** How many receivers the headend has registered now. */
    public int registeredCount() {
        return (int) receivers.stream().filter(r -> headend.isRegistered(r.endpoint())).count();
    }

    /** The URIs {@code receiver} plays a {@code level} bulletin from: through its own TCP proxy. */
    public List<URI> sourcesFor(SimReceiver receiver, Level level) {
        String path = content.bulletinFor(level).map(ContentServer.Bulletin::path).orElse(ContentServer.LIVE_PATH);
        return List.of(receiver.contentBase().resolve(path));
    }

    // ---- StationSource

    @Override public StationView snapshot() {
        List<ReceiverView> views = new ArrayList<>();
        for (SimReceiver r : receivers) views.add(view(r));
        List<PlayLogEntry> log;
        synchronized (playLog) {
            log = List.copyOf(playLog);
        }
        return new StationView(clock.now(), views, log);
    }

    private ReceiverView view(SimReceiver r) {
        StationSnapshot s = r.station().snapshot();
        boolean registered = headend.isRegistered(r.endpoint());
        ReceiverView.Registration reg = registered ? ReceiverView.Registration.REGISTERED
                : r.link().isUp() ? ReceiverView.Registration.REGISTERING : ReceiverView.Registration.OFFLINE;
        String amp = s.amplifiers().values().stream().findFirst().map(Enum::name).orElse("NONE");
        Optional<Playing> playing = s.itemId().flatMap(id -> s.level().map(l -> new Playing(id, title(id), l)));
        boolean fault = r.faultRoles().stream().anyMatch(role -> r.board().input(role).map(BinaryInput::active).orElse(false));
        double fill = Math.max(0, Math.min(1, s.bufferSeconds() / FULL_BUFFER_SECONDS));
        double meter = Math.max(0, Math.min(1, r.station().engine().mixer().lastPeak()));
        return new ReceiverView(r.name(), r.label(), reg, registered ? headend.uri().toString() : "", amp, playing,
                s.volume(), fill, s.underruns(), s.mains(), s.tamper(), fault, r.link().isUp(), r.impairment().describe(),
                r.disk().isFull(), s.version(), meter, r.station().audioControl().status().outOfService(),
                r.lineRoles().stream().anyMatch(role -> r.board().input(role).map(BinaryInput::active).orElse(false)));
    }

    /** The bulletin's title for an item id: fired ones by id, schedule occurrences ({@code ENTRY@TIME}) by entry. */
    private String title(String itemId) {
        String t = titles.get(itemId);
        if (t != null) return t;
        int at = itemId.indexOf('@');
        return at > 0 ? titles.getOrDefault(itemId.substring(0, at), itemId) : itemId;
    }

    /**
     * Puts (or replaces) the entry {@value #SCHEDULE_ENTRY} into {@code receiver}'s schedule: the normal bulletin at
     * every multiple of {@code period} from midnight, local time, every day; stored ahead in the receiver's cache
     * (fetched through its TCP proxy) and played from there, so it plays on through a network cut. Quiet hours
     * still apply (at night it is held, as on a real receiver). Returns the station's answer.
     */
    public String putDefaultSchedule(SimReceiver receiver, Duration period) {
        ContentServer.Bulletin b = content.bulletinFor(Level.NORMAL).orElseThrow();
        List<LocalTime> times = new ArrayList<>();
        for (LocalTime t = LocalTime.MIDNIGHT; times.isEmpty() || t.isAfter(LocalTime.MIDNIGHT); t = t.plus(period)) times.add(t);
        BroadcastItem item = BroadcastItem.builder(SCHEDULE_ENTRY, Level.NORMAL)
                .source(receiver.contentBase().resolve(b.path())).sha256(b.sha256()).origin("sim").build();
        ScheduleEntry entry = new ScheduleEntry(SCHEDULE_ENTRY, new Recurrence.Weekly(EnumSet.allOf(DayOfWeek.class), times,
                null, null), item, null, false, "sim", null);
        titles.put(SCHEDULE_ENTRY, b.title());
        return schedule(receiver, entry);
    }

    /** Adds or replaces one schedule entry at {@code receiver} (on its control loop); returns the station's answer. */
    public String schedule(SimReceiver receiver, ScheduleEntry entry) {
        CompletableFuture<ScheduleChange> change = new CompletableFuture<>();
        receiver.station().loop().execute(() -> {
            try {
                change.complete(receiver.station().schedule().put(entry, "sim"));
            } catch (RuntimeException e) {
                change.completeExceptionally(e);
            }
        });
        try {
            return switch (change.get(Station.STOP_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                case ScheduleChange.Applied a -> "entry " + entry.id() + " set (schedule version " + a.version() + ")";
                case ScheduleChange.Rejected r -> "entry " + entry.id() + " refused: " + r.reason();
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException | TimeoutException e) {
            return "not set: " + e;
        }
    }

    // ---- Actions

    @Override public ActionResult perform(Action action) {
        try {
            return switch (action) {
                case Action.Fire f -> fire(f.target(), f.level());
                case Action.SetVolume v -> volume(v.target(), v.volume());
                case Action.SetService v -> service(v.target(), v.inService());
                case Action.SetMains m -> input(m.receiverId(), r -> {
                    r.board().setInput("mainsPresent", m.present());
                    return action.describe();
                });
                case Action.SetDoor d -> input(d.receiverId(), r -> {
                    r.board().setInput("doorOpen", d.open());
                    return action.describe();
                });
                case Action.SetSpeakerLine l -> input(l.receiverId(), r -> {
                    r.lineRoles().forEach(role -> r.board().setInput(role, l.open()));
                    return action.describe();
                });
                case Action.SetAmplifierFault a -> input(a.receiverId(), r -> {
                    r.faultRoles().forEach(role -> r.board().setInput(role, a.fault())); // the whole rack: every zone
                    return action.describe();
                });
                case Action.SetNetwork n -> input(n.receiverId(), r -> {
                    if (n.up()) r.link().restore();
                    else r.link().cut();
                    return action.describe();
                });
                case Action.SetNetworkLoss l -> input(l.receiverId(), r -> {
                    r.impair(r.impairment().withLoss(l.percent() / 100.0));
                    return action.describe();
                });
                case Action.SetNetworkDelay d -> input(d.receiverId(), r -> {
                    r.impair(r.impairment().withDelay(Duration.ofMillis(d.millis())));
                    return action.describe();
                });
                case Action.SetNetworkJitter j -> input(j.receiverId(), r -> {
                    r.impair(r.impairment().withJitter(Duration.ofMillis(j.millis())));
                    return action.describe();
                });
                case Action.SetNetworkBandwidth b -> input(b.receiverId(), r -> {
                    r.impair(r.impairment().withBandwidth(b.bytesPerSecond()));
                    return action.describe();
                });
                case Action.SetNetworkBlackhole b -> input(b.receiverId(), r -> {
                    r.impair(r.impairment().withBlackhole(b.blackhole()));
                    return action.describe();
                });
                case Action.RebindNat n -> input(n.receiverId(), r -> {
                    r.link().rebindNat();
                    return action.describe();
                });
                case Action.ResetConnections c -> input(c.receiverId(), r -> {
                    r.link().resetConnections();
                    return action.describe();
                });
                case Action.SetDiskFull d -> input(d.receiverId(), r -> {
                    r.disk().full(d.full());
                    return action.describe();
                });
                case Action.Stop st -> stop(st.target());
                case Action.PushUpdate u -> update(u.target(), u.broken());
            };
        } catch (RuntimeException e) {
            Logger.tag("sim").warn(e, "{} failed", action.describe());
            return ActionResult.refused(action.describe() + " failed: " + e.getMessage());
        }
    }

    private List<SimReceiver> targets(Target t) {
        return switch (t) {
            case Target.All a -> receivers;
            case Target.One o -> receiver(o.receiverId()).map(List::of).orElse(List.of());
        };
    }

    private ActionResult unknown(String id) {
        return ActionResult.refused("no receiver '" + id + "' (receivers: "
                + String.join(", ", receivers.stream().map(SimReceiver::name).toList()) + ")");
    }

    private ActionResult fire(Target t, Level level) {
        List<SimReceiver> rs = targets(t);
        if (rs.isEmpty()) return unknown(t.word());
        Map<String, SimReceiver> byEndpoint = new ConcurrentHashMap<>();
        rs.forEach(r -> byEndpoint.put(r.endpoint(), r));
        List<Headend.FireResult> results = headend.fireAll(rs.stream().map(SimReceiver::endpoint).toList(), level,
                e -> sourcesFor(byEndpoint.get(e), level));
        String title = content.bulletinFor(level).map(ContentServer.Bulletin::title).orElse("Live relay");
        List<String> failed = new ArrayList<>();
        String itemId = null;
        for (Headend.FireResult r : results) {
            switch (r) {
                case Headend.FireResult.Played p -> {
                    itemId = p.itemId();
                    titles.put(p.itemId(), title);
                }
                case Headend.FireResult.NotPlayed n -> failed.add(n.reason());
            }
        }
        if (itemId == null) return ActionResult.refused("fire " + level.lower() + ": " + String.join("; ", failed));
        String msg = "fired " + itemId + " to " + (results.size() - failed.size()) + " of " + results.size() + " receiver(s)";
        return ActionResult.done(failed.isEmpty() ? msg : msg + "; " + String.join("; ", failed));
    }

    private ActionResult volume(Target t, int volume) {
        List<SimReceiver> rs = targets(t);
        if (rs.isEmpty()) return unknown(t.word());
        return summary(headend.setVolumeAll(rs.stream().map(SimReceiver::endpoint).toList(), volume), "volume " + volume,
                n -> "volume " + volume + " on " + n + " of " + rs.size() + " receiver(s)");
    }

    /**
     * What a fanned-out headend change answers: refused ({@code what: reasons}) when it failed everywhere, else
     * {@code done} with how many took it and the reasons of those that did not.
     */
    private static ActionResult summary(java.util.Map<String, vn.loa.agent.lwm2m.HeadendServer.Outcome> outcomes, String what,
                                        java.util.function.IntFunction<String> doneOn) {
        List<String> failed = outcomes.values().stream().filter(o -> !o.ok()).map(vn.loa.agent.lwm2m.HeadendServer.Outcome::message).toList();
        if (failed.size() == outcomes.size()) return ActionResult.refused(what + ": " + String.join("; ", failed));
        String msg = doneOn.apply(outcomes.size() - failed.size());
        return ActionResult.done(failed.isEmpty() ? msg : msg + "; " + String.join("; ", failed));
    }

    private ActionResult service(Target t, boolean inService) {
        List<SimReceiver> rs = targets(t);
        if (rs.isEmpty()) return unknown(t.word());
        String what = inService ? "back in service" : "out of service";
        return summary(headend.setOutOfServiceAll(rs.stream().map(SimReceiver::endpoint).toList(), !inService), what,
                n -> n + " of " + rs.size() + " receiver(s) " + what
                        + (inService ? "" : " (amplifiers off, nothing plays, emergencies included)"));
    }

    private ActionResult input(String id, java.util.function.Function<SimReceiver, String> change) {
        Optional<SimReceiver> r = receiver(id);
        if (r.isEmpty()) return unknown(id);
        return ActionResult.done(change.apply(r.get()));
    }

    /**
     * Offers the sim's signed test release ({@link SimRelease#RELEASE}) to the target receivers through the headend
     * (Object 5: Package URI through each receiver's own content proxy, wait for Downloaded, execute Update). The rest
     * happens at each receiver: install into the other slot, safe shutdown, restart on trial by its simulated launcher,
     * commit or roll back ({@link SimReceiver#updateStatus()}). {@code broken} arms the simulated defect for each target's
     * next trial (its control loop hangs), so that trial is rolled back.
     */
    private ActionResult update(Target t, boolean broken) {
        List<SimReceiver> rs = targets(t);
        if (rs.isEmpty()) return unknown(t.word());
        List<String> offered = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (SimReceiver r : rs) {
            if (!headend.isRegistered(r.endpoint())) {
                refusals.add(r.endpoint() + " is not registered with the headend");
                continue;
            }
            if (broken) r.launcher().breakNextTrial();
            var o = headend.pushUpdate(r.endpoint(), r.contentBase().resolve(release.manifestPath()));
            if (o.ok()) offered.add(r.name());
            else {
                if (broken) r.launcher().keepNextTrial();
                refusals.add(o.message());
            }
        }
        if (offered.isEmpty()) return ActionResult.refused("update: " + String.join("; ", refusals));
        String msg = (broken ? "broken update (simulated defect: its control loop hangs on trial) " : "update ")
                + SimRelease.RELEASE + " installing on " + String.join(", ", offered) + "; trial of "
                + SimLauncher.POLICY.stableWindow().toSeconds() + " s follows";
        return ActionResult.done(refusals.isEmpty() ? msg : msg + "; " + String.join("; ", refusals));
    }

    private ActionResult stop(Target t) {
        List<SimReceiver> rs = targets(t);
        if (rs.isEmpty()) return unknown(t.word());
        List<String> done = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (SimReceiver r : rs) {
            var o = headend.stop(r.endpoint());
            if (o.ok()) done.add(r.name());
            else failed.add(o.message());
        }
        if (done.isEmpty()) return ActionResult.refused("stop: " + String.join("; ", failed));
        return ActionResult.done("stopped on " + String.join(", ", done) + (failed.isEmpty() ? "" : "; " + String.join("; ", failed)));
    }

    /** The play log, oldest first (at most {@value #PLAY_LOG_LINES} lines). */
    public List<PlayLogEntry> playLog() {
        synchronized (playLog) {
            return List.copyOf(playLog);
        }
    }

    private void logged(PlayLogEntry e) {
        synchronized (playLog) {
            playLog.addLast(e);
            while (playLog.size() > PLAY_LOG_LINES) playLog.removeFirst();
        }
    }

    /** Follows one receiver's items into the play log. */
    private final class PlayLogFeed implements ArbiterListener {
        private final String receiver;

        PlayLogFeed(String receiver) {
            this.receiver = receiver;
        }

        @Override public void onStarted(BroadcastItem item, Instant at) {
            logged(new PlayLogEntry(at, receiver, item.id(), title(item.id()), item.level(), "playing"));
        }

        @Override public void onEnded(BroadcastItem item, ItemResult result, ItemTiming timing) {
            logged(new PlayLogEntry(clock.now(), receiver, item.id(), title(item.id()), item.level(),
                    result.describe()));
        }
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Stops everything; see the class contract. */
    @Override public void close() {
        synchronized (this) {
            if (closing) return;
            closing = true;
        }
        try {
            Dashboard d = dashboard;
            if (d != null) d.close();
            // Each receiver's close may wait for its deregistration: close them side by side.
            List<Thread> stops = new ArrayList<>();
            for (SimReceiver r : receivers) {
                stops.add(Thread.ofPlatform().name("sim-stop-" + r.name()).start(() -> {
                    r.launcher().close(); // starts nothing more
                    r.station().close();
                }));
            }
            for (Thread t : stops) {
                try {
                    t.join(Station.DEREGISTRATION_BOUND.plus(Station.STOP_BOUND).plusSeconds(2).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            for (SimReceiver r : receivers) r.link().close();
            headend.close();
            content.close();
            Logger.tag("sim").info("simulated station stopped: {} receiver(s) at their safe state", receivers.size());
        } finally {
            closed.countDown();
        }
    }

    /**
     * Options of a {@link SimStation}; each setter names its default. Not thread-safe.
     */
    public static final class Builder {
        private int receivers = DEFAULT_RECEIVERS;
        private Path dataDir = DEFAULT_DATA;
        private int port = DEFAULT_PORT;
        private boolean dashboardOn = true;
        private boolean speaker;
        private boolean speech = true;
        private Clock clock;
        private Duration updatePeriod = UPDATE_PERIOD;
        private Duration schedulePeriod = DEFAULT_SCHEDULE_PERIOD;

        private Builder() {
        }

        /** How many receivers, 1..{@value #MAX_RECEIVERS}. By default {@value #DEFAULT_RECEIVERS}. */
        public Builder receivers(int n) {
            if (n < 1 || n > MAX_RECEIVERS) throw new IllegalArgumentException("receivers " + n + " outside 1.." + MAX_RECEIVERS);
            receivers = n;
            return this;
        }

        /**
         * The folder for the generated content and one sub-folder per receiver ({@code rx-1}, ...: its state, logs and
         * {@code capture.wav}); kept between runs like a device's disk, the capture rewritten each run. By default
         * {@code run/sim}.
         */
        public Builder dataDir(Path dir) {
            dataDir = Objects.requireNonNull(dir, "dataDir");
            return this;
        }

        /** The dashboard's port on 127.0.0.1 (0 = any free one). By default {@value #DEFAULT_PORT}. */
        public Builder port(int p) {
            if (p < 0 || p > 65535) throw new IllegalArgumentException("port " + p + " outside 0..65535");
            port = p;
            return this;
        }

        /** Whether to serve the dashboard. By default on. */
        public Builder dashboard(boolean on) {
            dashboardOn = on;
            return this;
        }

        /** Receiver 1 plays on the sound card instead of a WAV capture. By default off (every receiver captures). */
        public Builder speaker(boolean on) {
            speaker = on;
            return this;
        }

        /** Spoken bulletins by {@code espeak-ng} when installed. By default on (tones when it is missing). */
        public Builder speech(boolean on) {
            speech = on;
            return this;
        }

        /** The receivers' clock. By default the machine's clock in Vietnam's time zone. */
        public Builder clock(Clock c) {
            clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /**
         * How often each receiver's default schedule airs the normal bulletin ({@link SimStation#putDefaultSchedule}),
         * 1 minute .. 1 day, a whole number of minutes; {@link Duration#ZERO} for no default schedule. By default
         * {@link #DEFAULT_SCHEDULE_PERIOD}.
         */
        public Builder schedulePeriod(Duration d) {
            if (!d.isZero() && (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(Duration.ofDays(1)) > 0
                    || d.toSeconds() % 60 != 0)) {
                throw new IllegalArgumentException("schedule period " + d + " must be whole minutes from 1 minute to 1 day, or 0 for none");
            }
            schedulePeriod = d;
            return this;
        }

        /** How often receivers send a registration update. By default {@link #UPDATE_PERIOD}. */
        public Builder updatePeriod(Duration d) {
            if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.multipliedBy(MISSED_UPDATES).compareTo(LIFETIME) > 0) {
                throw new IllegalArgumentException("update period " + d.toSeconds() + " s must be 1.."
                        + LIFETIME.dividedBy(MISSED_UPDATES).toSeconds() + " s");
            }
            updatePeriod = d;
            return this;
        }

        /**
         * Starts the headend, the content server, every receiver and the dashboard. A failure closes what was started
         * and is rethrown: a bad board profile is a {@link ConfigException}, a board that cannot open a
         * {@link BoardOpenException}, a dashboard port in use an {@link java.io.UncheckedIOException} saying so.
         */
        public SimStation start() throws IOException, ConfigException, BoardOpenException {
            Clock clk = clock != null ? clock : Clock.system(Clock.VIETNAM);
            Path data = dataDir.toAbsolutePath();
            Files.createDirectories(data);
            List<AutoCloseable> opened = new ArrayList<>();
            List<SimReceiver> rs = new ArrayList<>();
            try {
                Headend headend = Headend.start(updatePeriod.multipliedBy(MISSED_UPDATES));
                opened.add(headend);
                ContentServer content = ContentServer.start(data.resolve("content"), speech);
                opened.add(content);
                SimRelease release = SimRelease.create(data, content, SIM_BOARD);
                SecureRandom random = new SecureRandom();
                for (int i = 1; i <= receivers; i++) {
                    SimReceiver r = startReceiver(i, data, headend, content, release, clk, random, opened);
                    rs.add(r);
                }
                SimStation sim = new SimStation(this, headend, content, release, rs, clk);
                for (SimReceiver r : rs) {
                    PlayLogFeed feed = sim.new PlayLogFeed(r.name());
                    r.station().addItemListener(feed);
                    r.launcher().onStarted(next -> {
                        next.addItemListener(feed);
                        r.swap(next);
                    });
                    if (!schedulePeriod.isZero()) {
                        Logger.tag("sim").info("{}: default schedule: {}", r.name(), sim.putDefaultSchedule(r, schedulePeriod));
                    }
                }
                if (dashboardOn) {
                    sim.dashboard = Dashboard.builder(sim, sim).port(port).title("Loa testbench: " + receivers + " receivers").build();
                }
                Logger.tag("sim").info("simulated station up: headend {}, content {}, {} receiver(s){}", headend.uri(),
                        content.baseUri(), receivers, sim.dashboard == null ? "" : ", dashboard " + sim.dashboard.url());
                return sim;
            } catch (IOException | ConfigException | BoardOpenException | RuntimeException e) {
                for (int i = opened.size() - 1; i >= 0; i--) {
                    try {
                        opened.get(i).close();
                    } catch (Exception suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
        }

        /**
         * The receiver's {@code loa.json} in its folder, written on the first run ({@code station.name} = the receiver's
         * name, the simulated board) and read as it is after that, so a technician's edits (quiet hours, audio, ...)
         * stay. A damaged file is a {@link ConfigException} naming it.
         */
        private static LoaConfig receiverConfig(String name, Path dir) throws IOException, ConfigException {
            Path file = dir.resolve(CONFIG_FILE);
            if (!Files.exists(file)) {
                Files.writeString(file, """
                        {
                          "station": { "name": "%s" },
                          "board": { "profile": "simulated" }
                        }
                        """.formatted(name));
            }
            LoaConfig c = LoaConfig.load(file, dir);
            if (!c.board().profile().equals("simulated")) {
                throw new ConfigException(List.of(file + ": board.profile '" + c.board().profile()
                        + "' is not 'simulated'; a simulated receiver runs on the simulated board"));
            }
            return c.withLwm2m(Optional.empty());
        }

        private SimReceiver startReceiver(int i, Path data, Headend headend, ContentServer content, SimRelease release,
                                          Clock clk, SecureRandom random, List<AutoCloseable> opened)
                throws IOException, ConfigException, BoardOpenException {
            String name = "rx-" + i;
            String endpoint = "loa-sim-" + name;
            Path dir = data.resolve(name);
            Files.createDirectories(dir);
            ReceiverLink link = ReceiverLink.open(name, headend.address(), content.address(), 1000L * i);
            opened.add(link);
            byte[] key = new byte[16];
            random.nextBytes(key);
            headend.allow(endpoint, endpoint, key);
            Lwm2mConfig lc = Lwm2mConfig.builder(endpoint, URI.create("coaps://127.0.0.1:" + link.managementAddress().getPort()))
                    .lifetime(LIFETIME).updatePeriod(updatePeriod).requestTimeout(Duration.ofSeconds(5))
                    .retry(Duration.ofSeconds(1), Duration.ofSeconds(15)).dtlsRetransmission(Duration.ofSeconds(1), 3)
                    .secretsFile(dir.resolve("lwm2m-secrets.json")).nonceFile(dir.resolve("lwm2m-nonces.json"))
                    .boardProfile("simulated").build();
            LoaConfig config = receiverConfig(name, dir);
            boolean onSpeaker = speaker && i == 1;
            Path capture = dir.resolve("capture.wav");
            Files.deleteIfExists(capture);
            QuotaDisk disk = new QuotaDisk(name);
            SimLauncher launcher = new SimLauncher(name, SimRelease.resetSlots(dir.resolve(OTA_DIR)), release.trustDir(), clk,
                    (version, updates) -> Station.builder(config)
                            .sink(onSpeaker ? new JavaSoundSink("") : new WavCaptureSink(capture, CAPTURE_ROTATE_BYTES))
                            .lwm2m(lc, Lwm2mSecrets.psk(endpoint, key)).clock(clk).syncProbe(() -> Optional.of(true)).disk(disk)
                            .deviceInfo(new DeviceInfo("Loa", SIM_BOARD, endpoint, version)).part(updates).start());
            opened.add(launcher);
            Station station;
            try {
                station = launcher.boot();
            } catch (IOException | ConfigException | BoardOpenException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(name + ": " + e.getMessage(), e);
            }
            opened.add(station);
            return new SimReceiver(name, "Ấp " + i + ", cột " + (10 + i), endpoint, station, launcher, link,
                    onSpeaker ? Optional.empty() : Optional.of(capture), dir, disk);
        }
    }

}
