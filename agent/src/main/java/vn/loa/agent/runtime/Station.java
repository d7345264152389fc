package vn.loa.agent.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;
import vn.loa.agent.audio.AudioConfig;
import vn.loa.agent.audio.AudioEngine;
import vn.loa.agent.audio.AudioSink;
import vn.loa.agent.audio.StoredContent;
import vn.loa.agent.broadcast.Arbiter;
import vn.loa.agent.broadcast.ArbiterListener;
import vn.loa.agent.broadcast.ArbiterStatus;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.ItemTiming;
import vn.loa.agent.config.LoaConfig;
import vn.loa.agent.diagnose.ClockCheck;
import vn.loa.agent.lwm2m.AudioControl;
import vn.loa.agent.lwm2m.DeviceInfo;
import vn.loa.agent.lwm2m.Lwm2mConfig;
import vn.loa.agent.lwm2m.Lwm2mSecrets;
import vn.loa.agent.lwm2m.RebootHook;
import vn.loa.agent.lwm2m.StationLwm2mClient;
import vn.loa.agent.schedule.ClockTrust;
import vn.loa.agent.schedule.ItemSink;
import vn.loa.agent.schedule.PlayGate;
import vn.loa.agent.schedule.PowerPolicy;
import vn.loa.agent.schedule.QuietHoursGuard;
import vn.loa.agent.schedule.ScheduleRunner;
import vn.loa.agent.schedule.ScheduleStore;
import vn.loa.agent.schedule.SyncProbe;
import vn.loa.agent.store.AuditLog;
import vn.loa.agent.store.ContentCache;
import vn.loa.agent.store.Disk;
import vn.loa.agent.store.PlayEvent;
import vn.loa.agent.store.PlayLog;
import vn.loa.agent.store.RealDisk;
import vn.loa.hal.Amplifier;
import vn.loa.hal.Board;
import vn.loa.hal.BoardOpenException;
import vn.loa.hal.BoardProfile;
import vn.loa.hal.Boards;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.LoopScheduler;

/**
 * One running receiver: the control loop, the board (outputs at their safe levels until told otherwise), the audio
 * engine on its own thread (its {@code cache:} sources found through the content cache), the arbiter that drives the
 * main amplifier zone behind the station's play gate (power policy over the board's mains input, quiet hours), the
 * schedule runner, the play log, the audit log, the clock trust, and (when configured) the LwM2M client over the
 * station's adapters ({@link EngineAudioControl}, {@link ArbiterBroadcasts}, {@link BoardSensors}).
 *
 * <p>Every item, whoever sent it (headend, console, {@link #submit}, the schedule), ends exactly once in the play log
 * (through {@link ScheduleRunner#onPlayed}, which adds the scheduled start of its own occurrences); items sent to play
 * now pass the {@link PlayGate} first and a refusal ends them as {@link ItemResult.Refused} (audited by the gate).
 *
 * <p>Lifecycle: {@link Builder#start()} opens everything or nothing (a failure closes what was opened and leaves the
 * outputs safe; the LwM2M client is started last, after the board and the arbiter are up). {@link #close} is
 * idempotent, may be called from any thread (shutdown hook included, the control loop too): it stops the item on air,
 * drives the board to its safe state (amplifiers off, FM gate closed, mute on), deregisters from the LwM2M server
 * (bounded by {@link #DEREGISTRATION_BOUND}; the safe state does not wait for it), then releases the GPIO. Owns the
 * sink it is given.
 *
 * <p>Threading: accessors and {@link #snapshot()} may be called from any thread; decisions run on {@link #loop()}.
 */
public final class Station implements AutoCloseable {

    /** The longest {@link #close()} waits for the LwM2M client to deregister before it releases the board anyway. */
    public static final Duration DEREGISTRATION_BOUND = Duration.ofSeconds(5);
    /** The longest {@link #close()} waits for the control loop to stop the item on air. */
    public static final Duration STOP_BOUND = Duration.ofSeconds(3);

    /** Adds objects to the station's LwM2M client (Firmware Update, Play Log, ...) before it is built. */
    @FunctionalInterface
    public interface Lwm2mExtension {
        /**
         * Called once during {@link Builder#start()}, on the starting thread, after the board, arbiter and adapters
         * exist and before the client is built; {@code station} is not yet returned to the caller. Throwing fails the
         * start (everything opened is closed).
         */
        void extend(StationLwm2mClient.Builder client, Station station);
    }

    /**
     * Something that runs with the station and stops with it (the update service and its health beats, ...). Opened by
     * {@link Builder#start()} once the board, arbiter, schedule and adapters are up, before the LwM2M client is built.
     */
    public interface Part extends AutoCloseable {
        /** Adds this part's LwM2M objects to the client being built; only called when the station has LwM2M. */
        default void extend(StationLwm2mClient.Builder client) {
        }

        /**
         * Stops it. Called once by {@link Station#close()} after the outputs are safe, before the LwM2M client
         * deregisters and the control loop stops; must not throw.
         */
        @Override void close();
    }

    /** Opens a {@link Part} for a starting station; throwing fails the start (everything opened is closed). */
    @FunctionalInterface
    public interface PartFactory {
        Part open(Station station);
    }

    private final LoaConfig config;
    private final LoopScheduler loop;
    private final Board board;
    private final Amplifier mainZone;
    private final AudioEngine engine;
    private final Arbiter arbiter;
    private final GatedArbiter gated;
    private final EngineAudioControl audioControl;
    private final vn.loa.agent.schedule.ServiceHold service = new vn.loa.agent.schedule.ServiceHold();
    private final BoardSensors sensors;
    private final ClockTrust clockTrust;
    private final ExecutorService probeExecutor;
    private final AuditLog audit;
    private final PlayLog playLog;
    private final ContentCache cache;
    private final QuietHoursGuard quietHours;
    private final PowerPolicy power;
    private final ScheduleRunner schedule;
    private final String version;
    private final Map<String, Amplifier.State> ampStates = new java.util.concurrent.ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<Part> parts = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile StationLwm2mClient lwm2m;
    private volatile boolean lwm2mStopped;
    private boolean closing;

    /** The durable stores, opened before the board. */
    private record Stores(AuditLog audit, PlayLog playLog, ContentCache cache) { }

    private Station(LoaConfig config, Clock clock, LoopScheduler loop, Board board, AudioEngine engine, Stores stores,
                    Builder b) {
        this.config = config;
        this.loop = loop;
        this.board = board;
        this.mainZone = mainZone(board);
        this.engine = engine;
        this.audit = stores.audit();
        this.playLog = stores.playLog();
        this.cache = stores.cache();
        cache.allowOnly(engine.config().http().allow());
        if (engine.config().http().allow().allowsAll() && !config.board().profile().equals(LoaConfig.NOSEC_BOARD)) {
            Logger.tag("station").warn("audio.allowSources is not set in loa.json: any stream URL sent to this receiver "
                    + "will play; list the commune's stream and content servers there");
        }
        this.version = b.deviceInfo != null ? b.deviceInfo.firmwareVersion() : agentVersion();
        this.arbiter = new Arbiter(loop, mainZone, engine, Arbiter.Settings.from(engine.config()));
        this.probeExecutor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "loa-clock-probe");
            t.setDaemon(true);
            return t;
        });
        this.clockTrust = new ClockTrust(clock, b.buildDate, b.syncProbe, config.schedule().clockTolerance(),
                Duration.ofMinutes(1), new FirstProbeHere(probeExecutor));
        this.quietHours = new QuietHoursGuard(config.quietHours(), config.schedule().zone(), audit);
        this.power = new PowerPolicy(config.power(), new BoardPower(board), audit);
        PlayGate gate = new PlayGate(quietHours, power, clock, engine.config().http().allow(), audit, service);
        this.gated = new GatedArbiter(loop, arbiter, gate::admit);
        this.schedule = ScheduleRunner.builder(loop, new ItemSink() {
                    @Override public void submit(BroadcastItem item) {
                        gated.submitAdmitted(item);
                    }

                    @Override public void cancel(String itemId, String reason) {
                        gated.stop(itemId, reason);
                    }
                }, new ScheduleStore(b.disk, config.store().scheduleFile()), playLog, audit, clockTrust)
                .config(config.schedule()).quietHours(quietHours).power(power).cache(cache).build();
        gated.followPower(power); // after the schedule's own power listener: it stops its occurrences first
        gated.addListener(new ArbiterListener() {
            @Override public void onEnded(BroadcastItem i, ItemResult r, ItemTiming t) {
                schedule.onPlayed(playEvent(i, r, t));
            }
        });
        List<String> faultRoles = board.profile().amplifiers().stream().map(BoardProfile.Zone::faultRole).toList();
        this.audioControl = new EngineAudioControl(loop, engine, arbiter, mainZone, () -> faultRoles.stream()
                .anyMatch(role -> board.input(role).map(vn.loa.hal.BinaryInput::active).orElse(false)));
        audioControl.controlService(service, reason -> {
            arbiter.stopCurrentIf(item -> true, reason);
            loop.execute(() -> mainZone.forceOff(reason)); // after the stop: nothing demands it again while held
        });
        audioControl.keepIn(new vn.loa.agent.store.AudioSettingsStore(b.disk, config.store().audioSettingsFile()), audit,
                clock);
        this.sensors = new BoardSensors(board, clock, config.store().dataDir(), () -> clockTrust.current().trusted());
        clockTrust.addListener(t -> sensors.changed());
        for (Amplifier a : board.amplifiers()) {
            ampStates.put(a.zone(), a.state());
            a.addListener((amp, from, to, reason) -> ampStates.put(amp.zone(), to));
        }
        arbiter.addListener(new AudioPath());
    }

    /**
     * The zone the arbiter drives. The one place that picks it: when the arbiter drives every zone through a composite
     * amplifier, this is where it is made.
     */
    /** Every amplifier zone as one (a zone that faults leaves the others playing); a single zone as it is. */
    private static Amplifier mainZone(Board board) {
        return vn.loa.hal.ZoneGroup.of(board.amplifiers());
    }

    /**
     * What the play log keeps of an ended item: its source is the one that played (the stored fallback when the
     * stream was down), or the first listed when none connected. On the loop.
     */
    private PlayEvent playEvent(BroadcastItem i, ItemResult r, ItemTiming t) {
        boolean aired = t.started().isPresent();
        return new PlayEvent(i.id(), i.level(), i.origin(), null, t.started().orElse(null), t.ended(), r,
                t.source().isEmpty() ? i.sources().get(0).toString() : t.source(), t.underruns(), arbiter.status().amplifier().name(),
                aired ? i.volume().orElse(audioControl.status().volume()) : -1);
    }

    /**
     * Runs the clock trust's first OS probe on the starting thread, so the schedule starts with a verdict (it would
     * otherwise hold its first occurrences for up to a minute), and every later one on the probe thread.
     */
    private static final class FirstProbeHere implements java.util.concurrent.Executor {
        private final java.util.concurrent.Executor later;
        private boolean first = true;

        FirstProbeHere(java.util.concurrent.Executor later) {
            this.later = later;
        }

        @Override public void execute(Runnable r) {
            boolean now;
            synchronized (this) {
                now = first;
                first = false;
            }
            if (now) r.run();
            else later.execute(r);
        }
    }

    /** A builder for a station of {@code config}; see its setters for the defaults. */
    public static Builder builder(LoaConfig config) {
        return new Builder(config);
    }

    /**
     * Opens the board named by the config and starts the station with {@code audio} on {@code sink}; LwM2M as the
     * config says. Same as {@code builder(config).audio(audio).sink(sink).clock(clock).start()}.
     */
    public static Station start(LoaConfig config, AudioConfig audio, AudioSink sink, Clock clock)
            throws ConfigException, BoardOpenException {
        return builder(config).audio(audio).sink(sink).clock(clock).start();
    }

    /**
     * Builds and starts a {@link Station}. Required: the config and {@link #sink}. Every other option says its
     * default.
     */
    public static final class Builder {
        private final LoaConfig config;
        private Clock clock;
        private AudioConfig audio;
        private AudioSink sink;
        private Lwm2mConfig lwm2mConfig;
        private Lwm2mSecrets lwm2mSecrets;
        private SyncProbe syncProbe = SyncProbe.system();
        private Disk disk = RealDisk.INSTANCE;
        private Instant buildDate = ClockCheck.EARLIEST_BUILD;
        private DeviceInfo deviceInfo;
        private RebootHook rebootHook;
        private final List<Lwm2mExtension> extensions = new ArrayList<>();
        private final List<PartFactory> partFactories = new ArrayList<>();

        private Builder(LoaConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Wall and monotonic time. By default the machine's clocks in {@code station.timezone}. */
        public Builder clock(Clock c) { clock = Objects.requireNonNull(c, "clock"); return this; }

        /** The audio engine's settings. By default {@code config.audio()}. */
        public Builder audio(AudioConfig a) { audio = Objects.requireNonNull(a, "audio"); return this; }

        /** Where the audio goes; required. The station owns it (closes it, also when the start fails). */
        public Builder sink(AudioSink s) { sink = Objects.requireNonNull(s, "sink"); return this; }

        /**
         * The LwM2M client's settings and keys, instead of the config's section. By default: when
         * {@code config.lwm2m()} is present, its secrets are read from its {@code secretsFile} (a file others may read
         * is refused); when absent, the station runs without a management plane.
         */
        public Builder lwm2m(Lwm2mConfig c, Lwm2mSecrets s) {
            lwm2mConfig = Objects.requireNonNull(c, "lwm2m config");
            lwm2mSecrets = Objects.requireNonNull(s, "lwm2m secrets");
            return this;
        }

        /**
         * The file system the schedule, play log and audit log are written through (tests pass one that fails on cue).
         * By default {@link RealDisk#INSTANCE}. The content cache always uses the real file system.
         */
        public Builder disk(Disk d) { disk = Objects.requireNonNull(d, "disk"); return this; }

        /** Whether the OS clock is NTP-synchronised. By default {@link SyncProbe#system()}. */
        public Builder syncProbe(SyncProbe p) { syncProbe = Objects.requireNonNull(p, "syncProbe"); return this; }

        /**
         * The clock is never trusted before this. By default {@link ClockCheck#EARLIEST_BUILD} (a fixed date, so tests
         * with manual clocks work); {@code loa run} passes the agent's real build time ({@link ClockCheck#buildTimeOf}).
         */
        public Builder buildDate(Instant d) { buildDate = Objects.requireNonNull(d, "buildDate"); return this; }

        /**
         * The Device object's facts. By default manufacturer "Loa", model = {@code board.profile}, serial = the
         * LwM2M endpoint, version = the agent jar's implementation version (or "dev").
         */
        public Builder deviceInfo(DeviceInfo d) { deviceInfo = Objects.requireNonNull(d, "deviceInfo"); return this; }

        /** What the Device object's Reboot does. By default none: Reboot answers 5.00 "no reboot hook". */
        public Builder rebootHook(RebootHook r) { rebootHook = Objects.requireNonNull(r, "rebootHook"); return this; }

        /** More LwM2M objects (Firmware Update, Play Log, ...); applied in the order added. By default none. */
        public Builder lwm2mExtension(Lwm2mExtension e) { extensions.add(Objects.requireNonNull(e, "extension")); return this; }

        /**
         * Something to run with the station (e.g. {@link UpdatesPart}); opened in the order added, after the core is
         * up and before the LwM2M client, closed by {@link Station#close()}. By default none.
         */
        public Builder part(PartFactory f) { partFactories.add(Objects.requireNonNull(f, "part")); return this; }

        /**
         * Opens the board and starts everything. A bad board profile, an unusable {@code lwm2m} section or secrets
         * file is a {@link ConfigException} naming file, key and reason; a board that cannot be opened a
         * {@link BoardOpenException}. Either way nothing is powered and the sink is closed.
         */
        public Station start() throws ConfigException, BoardOpenException {
            Objects.requireNonNull(sink, "Station.Builder: sink() is required");
            Clock clk = clock != null ? clock : Clock.system(config.station().zone());
            AudioConfig au = audio != null ? audio : config.audio();
            Lwm2mConfig lc = lwm2mConfig;
            Lwm2mSecrets ls = lwm2mSecrets;
            BoardProfile profile;
            try {
                if (lc == null && config.lwm2m().isPresent()) {
                    lc = config.lwm2m().get();
                    ls = Lwm2mSecrets.read(lc.secretsFile(), lc.security());
                }
                profile = BoardProfile.load(config.board().profile());
            } catch (ConfigException e) {
                sink.close();
                throw e;
            }
            LoopScheduler loop = new LoopScheduler(clk, "loa-control");
            Board board = null;
            AudioEngine engine = null;
            Stores stores = null;
            Station s = null;
            try {
                stores = openStores(loop);
                board = Boards.open(profile, loop);
                if (board.amplifiers().isEmpty()) {
                    throw new BoardOpenException("board profile " + profile.source() + " has no amplifier zone; nothing to play on", null);
                }
                engine = new AudioEngine(au, sink, Clock.system(clk.zone()), new Random(), storedIn(stores.cache()));
                s = new Station(config, clk, loop, board, engine, stores, this);
                engine.startAudioThread();
                s.arbiter.start();
                s.audioControl.start();
                s.sensors.start(loop);
                s.startSchedule();
                Logger.tag("station").info("station {} up: {}; playing on amplifier zone(s) '{}', sink {}; schedule version {} ({} entries), "
                        + "quiet hours {}{}, {}", config.station().name(), board, s.mainZone.zone(), sink.describe(),
                        s.schedule.schedule().version(), s.schedule.schedule().entries().size(), config.quietHours(),
                        config.quietHours().enabled() ? "" : " (off)", s.power.onMains() ? "on mains" : "on battery");
                for (PartFactory f : partFactories) s.parts.add(Objects.requireNonNull(f.open(s), "a part factory returned null"));
                if (lc != null) s.startLwm2m(lc, ls, this);
                else Logger.tag("station").info("no lwm2m section: running without a management server");
                return s;
            } catch (ConfigException | BoardOpenException | RuntimeException e) {
                if (s != null) {
                    s.close();
                } else {
                    if (engine != null) engine.close();
                    else sink.close();
                    if (board != null) board.close();
                    if (stores != null) stores.cache().close();
                    loop.close();
                }
                throw e;
            }
        }

        /** Audit log, play log and content cache under {@code store.dataDir}; an unusable folder is a config problem. */
        private Stores openStores(LoopScheduler loop) throws ConfigException {
            var sc = config.store();
            AuditLog audit;
            PlayLog playLog;
            try {
                audit = AuditLog.open(disk, sc.auditDir(), loop.clock(), sc);
                playLog = PlayLog.open(disk, sc.playLogDir(), sc);
            } catch (java.io.IOException e) {
                throw new ConfigException(List.of("store.dataDir " + sc.dataDir() + ": cannot open the logs: " + e.getMessage()
                        + "; amplifiers stay off"));
            }
            try {
                return new Stores(audit, playLog, ContentCache.open(sc.cacheDir(), config.cache(), loop, disk));
            } catch (java.io.IOException e) {
                throw new ConfigException(List.of("store.dataDir " + sc.dataDir() + ": cannot open the content cache "
                        + sc.cacheDir() + ": " + e.getMessage() + "; amplifiers stay off"));
            }
        }
    }

    /** {@code cache:SHA256} sources: the verified file from the content cache, or the reason it cannot play. */
    static StoredContent storedIn(ContentCache cache) {
        return sha -> switch (cache.lookup(sha)) {
            case ContentCache.Lookup.Hit h -> h.file();
            case ContentCache.Lookup.Missing m -> throw new IllegalArgumentException("stored bulletin " + sha
                    + " is not in the content cache");
            case ContentCache.Lookup.Corrupt c -> throw new IllegalArgumentException(c.reason());
        };
    }

    /** Starts the schedule runner on the loop and waits (bounded) until it has loaded the stored schedule. */
    private void startSchedule() {
        CountDownLatch started = new CountDownLatch(1);
        loop.execute(() -> {
            try {
                schedule.start();
            } finally {
                started.countDown();
            }
        });
        try {
            if (!started.await(STOP_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                Logger.tag("station").warn("schedule runner did not start within {} s; it will when the loop gets to it",
                        STOP_BOUND.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void startLwm2m(Lwm2mConfig lc, Lwm2mSecrets ls, Builder b) throws ConfigException {
        DeviceInfo info = b.deviceInfo != null ? b.deviceInfo : new DeviceInfo("Loa", config.board().profile(), lc.endpoint(), version);
        StationLwm2mClient client;
        try {
            StationLwm2mClient.Builder cb = StationLwm2mClient.builder(lc, ls).audio(audioControl)
                    .broadcasts(new ArbiterBroadcasts(gated)).sensors(sensors).device(info).scheduler(loop)
                    .playLog(new PlayLogFeeds(playLog))
                    .schedule(new RunnerScheduleControl(loop, schedule, config.schedule().zone(),
                            engine.config().http().allow(), audit))
                    .serverTime(serverNow -> switch (clockTrust.serverTime(serverNow)) {
                        case ClockTrust.Trust.Trusted t -> "clock trusted (" + t.basis() + ")";
                        case ClockTrust.Trust.Untrusted u -> "clock not trusted: " + u.reason();
                    });
            if (b.rebootHook != null) cb.reboot(b.rebootHook);
            for (Part p : parts) p.extend(cb);
            for (Lwm2mExtension e : b.extensions) e.extend(cb, this);
            client = cb.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of("lwm2m: " + e.getMessage() + "; amplifiers stay off"));
        }
        lwm2m = client;
        client.start();
        Logger.tag("station").info("LwM2M client started: endpoint {} server {} ({})", lc.endpoint(), client.serverUri(),
                lc.security().lower());
    }

    /** Unmutes the audio path only while an item is on air; mutes it again when the station falls idle. */
    private final class AudioPath implements ArbiterListener {
        @Override public void onStarted(BroadcastItem item, Instant at) {
            board.output("mute").ifPresent(m -> m.set(false));
        }

        @Override public void onEnded(BroadcastItem item, ItemResult result, ItemTiming timing) {
            loop.schedule(Duration.ZERO, () -> {
                if (arbiter.status().currentId().isEmpty()) board.output("mute").ifPresent(m -> m.set(true));
            });
        }
    }

    /**
     * Sends an item to play now, through the play gate like a headend Play: a refusal ends it with
     * {@link ItemResult.Refused} (listeners of {@link #addItemListener} hear it). Any thread; returns at once.
     */
    public void submit(BroadcastItem item) {
        gated.submit(item);
    }

    /** Stops an item, queued or on air ({@code by} names who asked). Any thread. */
    public void stop(String itemId, String by) {
        gated.stop(itemId, by);
    }

    /**
     * Hears every item's transitions, including refusals by the play gate: each submitted item ends exactly once.
     * Called on the control loop; must not block.
     */
    public void addItemListener(ArbiterListener l) {
        gated.addListener(l);
    }

    /** A consistent-enough picture for status pages; cheap, never blocks, any thread. */
    public StationSnapshot snapshot() {
        ArbiterStatus a = arbiter.status();
        AudioControl.Status au = audioControl.status();
        StationLwm2mClient c = lwm2m;
        Map<String, Amplifier.State> amps = new LinkedHashMap<>();
        for (Amplifier amp : board.amplifiers()) amps.put(amp.zone(), ampStates.getOrDefault(amp.zone(), Amplifier.State.OFF));
        return new StationSnapshot(config.station().name(), Optional.ofNullable(c).map(StationLwm2mClient::endpoint),
                c != null && !lwm2mStopped && c.isRegistered(), amps, a.level(), a.currentId(), a.phase(), au.volume(), au.muted(),
                a.bufferSeconds(), au.underruns(), sensors.mainsPresent(), sensors.tamper(), clockTrust.current().trusted(),
                version);
    }

    public LoaConfig config() {
        return config;
    }

    public Board board() {
        return board;
    }

    public Arbiter arbiter() {
        return arbiter;
    }

    public AudioEngine engine() {
        return engine;
    }

    public LoopScheduler loop() {
        return loop;
    }

    /** The station's own state as the headend sees it (Object 33002): mains, tamper, clock, speaker lines. */
    public vn.loa.agent.lwm2m.StationSensors sensors() {
        return sensors;
    }

    /** The audio output as the management plane sees it (volume, mute, emergency minimum, status). */
    public AudioControl audioControl() {
        return audioControl;
    }

    /** Whether the wall clock may drive the schedule. */
    public ClockTrust clockTrust() {
        return clockTrust;
    }

    /** The schedule; its methods run on {@link #loop()} ({@code loop().execute(...)} from other threads). */
    public ScheduleRunner schedule() {
        return schedule;
    }

    /** Every aired, refused or failed item, for {@code ./loa log} and the headend. Thread-safe. */
    public PlayLog playLog() {
        return playLog;
    }

    /** Who changed what and what was refused. Thread-safe. */
    public AuditLog audit() {
        return audit;
    }

    /** Stored bulletins by hash. Thread-safe; {@code fetch} blocks (never call it on the loop). */
    public ContentCache cache() {
        return cache;
    }

    /** What may play on battery, and whether the station is on mains. */
    public PowerPolicy power() {
        return power;
    }

    /** The quiet-hours window and its guard. */
    public QuietHoursGuard quietHours() {
        return quietHours;
    }

    /** The part of this type the station was started with (e.g. {@link UpdatesPart}), if any. */
    public <T extends Part> Optional<T> part(Class<T> type) {
        return parts.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** The LwM2M client, when the station has a management plane. */
    public Optional<StationLwm2mClient> lwm2m() {
        return Optional.ofNullable(lwm2m);
    }

    /** The running agent release (the Device object's firmware version). */
    public String version() {
        return version;
    }

    /** Blocks until {@link #close} has finished. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Drives everything to the safe state and stops. See the class contract. */
    @Override public void close() {
        if (loop.inLoop()) {
            // The loop must stay free to run the shutdown below; close from a thread of our own.
            Thread t = new Thread(this::close, "loa-close");
            t.start();
            return;
        }
        synchronized (this) {
            if (closing) return;
            closing = true;
        }
        try {
            CountDownLatch stopped = new CountDownLatch(1);
            loop.execute(() -> {
                try {
                    schedule.stop();
                    arbiter.shutdown("station shutdown");
                } finally {
                    loop.execute(stopped::countDown); // after the arbiter's own shutdown task
                }
            });
            if (!stopped.await(STOP_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                Logger.tag("station").warn("control loop did not stop the item within {} s; forcing outputs safe",
                        STOP_BOUND.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            board.safeState("station shutdown");
            Logger.tag("station").info("safe state: amplifiers off, FM gate closed, audio muted");
            for (Part p : parts) {
                try {
                    p.close();
                } catch (RuntimeException e) {
                    Logger.tag("station").error(e, "a station part failed to stop; going on with the shutdown");
                }
            }
            stopLwm2m();
            audioControl.stop();
            sensors.stop();
            engine.close();
            board.close();
            loop.close();
            cache.close();
            probeExecutor.shutdownNow();
            closed.countDown();
        }
    }

    /** Deregisters, waiting at most {@link #DEREGISTRATION_BOUND}; a hung client is left behind (daemon thread). */
    private void stopLwm2m() {
        StationLwm2mClient c = lwm2m;
        if (c == null) return;
        lwm2mStopped = true; // whatever the server hears, the station no longer counts as registered
        Thread t = new Thread(c::stop, "loa-lwm2m-stop");
        t.setDaemon(true);
        t.start();
        try {
            t.join(DEREGISTRATION_BOUND.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            Logger.tag("station").warn("LwM2M deregistration did not finish within {} s; releasing the board anyway",
                    DEREGISTRATION_BOUND.toSeconds());
        }
    }

    static String agentVersion() {
        String v = Station.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
