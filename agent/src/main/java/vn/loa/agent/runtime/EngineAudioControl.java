package vn.loa.agent.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.tinylog.Logger;
import vn.loa.agent.audio.AudioEngine;
import vn.loa.agent.broadcast.Arbiter;
import vn.loa.agent.broadcast.ArbiterListener;
import vn.loa.agent.broadcast.ArbiterStatus;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.ItemTiming;
import vn.loa.agent.lwm2m.AudioControl;
import vn.loa.agent.store.AudioSettingsStore;
import vn.loa.agent.store.AuditLog;
import vn.loa.hal.Amplifier;
import vn.loa.hal.time.Cancellable;
import vn.loa.hal.time.Scheduler;

/**
 * The station's audio output as the management plane and the dashboard see it: master volume, mute and the
 * emergency minimum go to the engine's mixer on the control loop; the status is assembled from the arbiter's snapshot
 * (item and level on air, amplifier), the amplifier's fault input, the engine (sound card open) and the underruns of
 * every item since start.
 *
 * <p>Threading: setters hand over to the loop and return at once; {@link #status()} never blocks. Listeners hear
 * every change of the status (checked after each setter, arbiter event and amplifier transition, and once every
 * {@link #POLL} for what changes without an event: underruns, the sound card), on the loop.
 */
final class EngineAudioControl implements AudioControl {

    /** How often the status is compared for changes that come without an event. */
    static final Duration POLL = Duration.ofSeconds(1);

    private final Scheduler loop;
    private final AudioEngine engine;
    private final Arbiter arbiter;
    private final BooleanSupplier amplifierFault;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong endedUnderruns = new AtomicLong();
    private volatile int volume;
    private volatile boolean muted;
    private volatile int emergencyMinVolume;
    private Status last;
    private Cancellable poll = Cancellable.NONE;
    private AudioSettingsStore store; // null: settings live in memory only
    private vn.loa.agent.schedule.ServiceHold service = new vn.loa.agent.schedule.ServiceHold();
    private java.util.function.Consumer<String> silence = reason -> { };
    private AuditLog audit;
    private vn.loa.hal.time.Clock clock;

    /**
     * Starts from the engine's configured master volume and emergency minimum, unmuted. Listens to the arbiter and to
     * {@code amp} from now on.
     *
     * @param amplifierFault whether the main zone's fault input is active
     */
    EngineAudioControl(Scheduler loop, AudioEngine engine, Arbiter arbiter, Amplifier amp, BooleanSupplier amplifierFault) {
        this.loop = loop;
        this.engine = engine;
        this.arbiter = arbiter;
        this.amplifierFault = amplifierFault;
        this.volume = engine.config().mixer().masterVolume();
        this.emergencyMinVolume = engine.config().mixer().emergencyMinVolume();
        this.last = status();
        arbiter.addListener(new ArbiterListener() {
            @Override public void onQueued(BroadcastItem item) {
                loop.execute(EngineAudioControl.this::refresh); // after the arbiter published its status
            }

            @Override public void onStarted(BroadcastItem item, Instant at) {
                loop.execute(EngineAudioControl.this::refresh);
            }

            @Override public void onInterrupted(BroadcastItem item, String byItemId) {
                loop.execute(EngineAudioControl.this::refresh);
            }

            @Override public void onEnded(BroadcastItem item, ItemResult result, ItemTiming timing) {
                endedUnderruns.addAndGet(timing.underruns());
                loop.execute(EngineAudioControl.this::refresh);
            }
        });
        amp.addListener((a, from, to, reason) -> loop.execute(this::refresh));
    }

    /**
     * Restores the volume, mute and emergency minimum the headend last set (kept in {@code store}) unless loa.json's
     * audio settings changed since, and from now on keeps every change there and in {@code audit}. A file that cannot
     * be used is logged with its reason and loa.json applies. Before {@link #start()}, on the starting thread.
     */
    void keepIn(AudioSettingsStore store, AuditLog audit, vn.loa.hal.time.Clock clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        int cv = configVolume();
        int ce = configEmergencyMin();
        switch (store.load(cv, ce)) {
            case AudioSettingsStore.Loaded.None n -> { }
            case AudioSettingsStore.Loaded.Apply a -> {
                AudioSettingsStore.Settings s = a.settings();
                engine.setMasterVolume(s.volume());
                engine.mixer().setMuted(s.muted());
                engine.mixer().setEmergencyMinVolume(s.emergencyMinVolume());
                volume = s.volume();
                muted = s.muted();
                emergencyMinVolume = s.emergencyMinVolume();
                restoreHold(s);
                Logger.tag("audio").info("master volume {}{}, emergency minimum {}: as set by {} at {} (kept in {})",
                        s.volume(), s.muted() ? " muted" : "", s.emergencyMinVolume(), s.setBy(), s.setAt(), store.file());
            }
            case AudioSettingsStore.Loaded.Superseded x -> {
                AudioSettingsStore.Settings s = x.settings();
                restoreHold(s);
                Logger.tag("audio").info("{}: the volume {} set by {} at {} is set aside: loa.json's audio.volume/"
                        + "emergencyMinVolume changed since ({}/{} then, {}/{} now); loa.json applies, unmuted",
                        store.file(), s.volume(), s.setBy(), s.setAt(), s.configVolume(), s.configEmergencyMinVolume(), cv, ce);
            }
            case AudioSettingsStore.Loaded.Unusable u -> Logger.tag("audio").warn("{}; loa.json's volume {} applies, "
                    + "unmuted, until the headend sets it again", u.reason(), cv);
        }
        this.last = status();
    }

    /**
     * The station's kill switch: {@code service} is what its play gate asks; {@code silence} stops what is on air and
     * switches the amplifiers off, with the reason (on the loop). Before {@link #keepIn}.
     */
    void controlService(vn.loa.agent.schedule.ServiceHold service, java.util.function.Consumer<String> silence) {
        this.service = java.util.Objects.requireNonNull(service, "service");
        this.silence = java.util.Objects.requireNonNull(silence, "silence");
    }

    private void restoreHold(AudioSettingsStore.Settings s) {
        s.outOfService().ifPresent(h -> {
            service.hold(h);
            Logger.tag("audio").warn("OUT OF SERVICE since {} (set by {}): nothing plays, emergencies included, and the "
                    + "amplifiers stay off until the headend puts the receiver back in service", h.since(), h.by());
        });
    }

    @Override public void setOutOfService(boolean o, String by) {
        loop.execute(() -> {
            if (o == service.held().isPresent()) return;
            if (o) {
                vn.loa.agent.schedule.ServiceHold.Held h = new vn.loa.agent.schedule.ServiceHold.Held(by, (clock == null
                        ? java.time.Instant.now() : clock.now()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
                service.hold(h);
                Logger.tag("audio").warn("OUT OF SERVICE, set by {}: the item on air stops, the amplifiers go off and "
                        + "nothing plays (emergencies included) until the headend puts the receiver back in service", by);
                silence.accept("out of service (set by " + by + ")");
            } else {
                service.release();
                Logger.tag("audio").info("back in service, set by {}", by);
            }
            keep(by, o ? "out of service" : "back in service");
            refresh();
        });
    }

    private int configVolume() {
        return engine.config().mixer().masterVolume();
    }

    private int configEmergencyMin() {
        return engine.config().mixer().emergencyMinVolume();
    }

    /** On the loop, after a setter applied its change: audited, and kept for the next start. */
    private void keep(String by, String detail) {
        if (audit != null) audit.record(by, "audio.set", detail);
        if (store == null) return;
        try {
            store.save(new AudioSettingsStore.Settings(volume, muted, emergencyMinVolume, configVolume(),
                    configEmergencyMin(), by, clock.now(), service.held()));
        } catch (java.io.IOException | RuntimeException e) {
            Logger.tag("audio").warn("{} applied but not saved in {}: {}; after a restart the last saved setting "
                    + "(or loa.json's) applies", detail, store.file(), e.getMessage());
        }
    }

    /** Starts the periodic check. On any thread; once. */
    void start() {
        poll = loop.scheduleAtFixedRate(POLL, POLL, this::refresh);
    }

    void stop() {
        poll.cancel();
    }

    @Override public Status status() {
        ArbiterStatus a = arbiter.status();
        return new Status(volume, muted, emergencyMinVolume, a.amplifier(),
                amplifierFault.getAsBoolean(), engine.status().sinkOpen(), endedUnderruns.get() + a.underruns(),
                a.level(), a.currentId(), service.held().isPresent());
    }

    /** The current item's buffer, for the station snapshot. */
    double bufferSeconds() {
        return arbiter.status().bufferSeconds();
    }

    @Override public void setVolume(int v, String by) {
        loop.execute(() -> {
            engine.setMasterVolume(v);
            volume = v;
            Logger.tag("audio").info("master volume {} set by {}", v, by);
            keep(by, "master volume " + v);
            refresh();
        });
    }

    @Override public void setMuted(boolean m, String by) {
        loop.execute(() -> {
            engine.mixer().setMuted(m);
            muted = m;
            Logger.tag("audio").info("master {} by {} (emergencies still play)", m ? "muted" : "unmuted", by);
            keep(by, m ? "muted" : "unmuted");
            refresh();
        });
    }

    @Override public void setEmergencyMinVolume(int v, String by) {
        loop.execute(() -> {
            engine.mixer().setEmergencyMinVolume(v);
            emergencyMinVolume = v;
            Logger.tag("audio").info("emergency minimum volume {} set by {}", v, by);
            keep(by, "emergency minimum volume " + v);
            refresh();
        });
    }

    @Override public void addStatusListener(Runnable l) {
        listeners.add(l);
    }

    /** Tells the listeners when the status differs from the last one they heard of. */
    void refresh() {
        Status now = status();
        synchronized (this) {
            if (now.equals(last)) return;
            last = now;
        }
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                Logger.tag("audio").error(e, "audio status listener failed; the others still hear");
            }
        }
    }
}
