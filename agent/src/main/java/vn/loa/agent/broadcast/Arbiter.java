package vn.loa.agent.broadcast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tinylog.Logger;
import vn.loa.agent.audio.AudioConfig;
import vn.loa.agent.audio.Playback;
import vn.loa.agent.audio.PlaybackStats;
import vn.loa.agent.audio.Player;
import vn.loa.hal.Amplifier;
import vn.loa.hal.time.Cancellable;
import vn.loa.hal.time.Scheduler;

/**
 * Decides what airs. EMERGENCY &gt; PRIORITY &gt; NORMAL &gt; BACKGROUND: a higher level preempts a lower one
 * at once (the lower fades out from that tick and the higher goes on air when its playback is ready: at once
 * for stored content, after connecting and buffering for a stream; the lower then resumes from its start or is
 * dropped per {@link BroadcastItem#onPreempt()}); equal levels queue in arrival order. An item's repeats, max
 * duration, not-after deadline and volume override are applied here: an item whose
 * {@link BroadcastItem#notAfter()} has passed is not started (refused, also when it waited in the queue) and one
 * on air at its not-after is faded out and completed.
 *
 * <p>It drives the amplifier: demands it when an item is due (buffering starts in parallel with the
 * warm-up), makes audio audible only once the amplifier is ON, releases it to HOLD when nothing is left. An
 * amplifier FAULT stops the current item at once with {@code Failed("amplifier fault: ...")}. An item that
 * played to its end (or its max duration) while more than 10 % ({@link #SOUND_CARD_GONE_FRACTION}) of its
 * airtime did not reach the sound card ends {@code Failed("sound card gone: ...")}: the play log tells the truth.
 *
 * <p>Every time an item is about to go on air, first start or resume after a preemption (not between its own
 * repeats), the {@link StartGuard} is asked (the station's power policy and quiet hours): an item admitted when it was
 * handed over may have waited behind a long one, or been preempted, past the start of quiet hours. A refused item
 * ends {@code Refused(reason)} and the next one is looked at.
 *
 * <p>Threading: all decisions run on the control loop ({@link Scheduler}); {@link #submit}, {@link #stop}
 * and {@link #status} may be called from any thread. Listeners are called on the loop.
 */
public final class Arbiter implements AutoCloseable {

    /** Share of an item's airtime that may go unheard (sound card gone or busy) before it counts as failed. */
    public static final double SOUND_CARD_GONE_FRACTION = 0.1;

    /** How often the arbiter looks at the playing item and the amplifier, and the preemption fade. */
    public record Settings(Duration tick, Duration fade) {
        public Settings {
            if (tick.isNegative() || tick.isZero()) throw new IllegalArgumentException("arbiter tick must be positive but was " + tick);
            if (fade.isNegative()) throw new IllegalArgumentException("fade must not be negative but was " + fade);
        }

        public static Settings from(AudioConfig c) {
            return new Settings(c.tick(), c.fade());
        }
    }

    /**
     * Whether an item may go on air now; asked on the loop each time an item is about to start or resume. Must not
     * block; a refusal is the guard's to audit.
     */
    @FunctionalInterface
    public interface StartGuard {
        /** Lets everything play. */
        StartGuard NONE = item -> Optional.empty();

        /** Empty: it may play; else why not (it ends {@code Refused(reason)}). */
        Optional<String> refusal(BroadcastItem item);
    }

    private static final class Entry {
        final BroadcastItem item;
        final Instant submitted;
        Playback playback;
        boolean audible;
        Instant firstStarted;
        long audibleSinceNanos;
        long airNanos;
        int plays;
        int completedPlays;
        int underruns;
        int corruptFrames;
        double underrunSeconds;
        double unheardSeconds;
        String unheardReason = "";
        /** The source URL the playback last played from, empty until one connected. */
        String source = "";

        Entry(BroadcastItem item, Instant submitted) {
            this.item = item;
            this.submitted = submitted;
        }
    }

    private final Scheduler loop;
    private final Amplifier amp;
    private final Player player;
    private final Settings settings;
    private final List<ArbiterListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<Level, ArrayDeque<Entry>> queues = new EnumMap<>(Level.class);
    private Entry current;
    private boolean demanded;
    private String faultReason = "";
    private String lastAmpReason = "";
    private Cancellable ticker = Cancellable.NONE;
    private volatile ArbiterStatus status;
    private volatile StartGuard startGuard = StartGuard.NONE;

    public Arbiter(Scheduler loop, Amplifier amp, Player player, Settings settings) {
        this.loop = loop;
        this.amp = amp;
        this.player = player;
        this.settings = settings;
        for (Level l : Level.values()) queues.put(l, new ArrayDeque<>());
        status = new ArbiterStatus(Optional.empty(), Optional.empty(), "idle", 0, 0, 0, "", amp.state(), 0, "");
    }

    /** Starts the tick on the loop and listens to the amplifier. Call once. */
    public void start() {
        amp.addListener((a, from, to, reason) -> {
            if (to == Amplifier.State.FAULT) faultReason = reason;
            lastAmpReason = reason;
            loop.execute(this::evaluate); // never re-enter a decision from inside amp.demand()/release()
        });
        ticker = loop.scheduleAtFixedRate(settings.tick(), settings.tick(), this::evaluate);
    }

    /** Asked before each start and resume. By default {@link StartGuard#NONE}. Set before {@link #start()}. */
    public void guardStarts(StartGuard guard) {
        startGuard = java.util.Objects.requireNonNull(guard, "guard");
    }

    public void addListener(ArbiterListener l) {
        listeners.add(l);
    }

    /** Hands an item over; it is queued, started or preempts on the loop. Any thread. */
    public void submit(BroadcastItem item) {
        loop.execute(() -> accept(item));
    }

    /** Stops the item with this id, playing or queued: result {@code Stopped(by)}. Any thread. */
    public void stop(String id, String by) {
        loop.execute(() -> doStop(id, by));
    }

    /**
     * Stops the item on air if {@code which} says so (result {@code Stopped(by)}); queued items are left to the
     * {@link StartGuard}. {@code which} runs on the loop. Any thread.
     */
    public void stopCurrentIf(java.util.function.Predicate<BroadcastItem> which, String by) {
        loop.execute(() -> {
            if (current != null && which.test(current.item)) doStop(current.item.id(), by);
        });
    }

    /** The latest snapshot (refreshed every tick). Any thread. */
    public ArbiterStatus status() {
        return status;
    }

    private void accept(BroadcastItem item) {
        Instant now = loop.clock().now();
        if ((current != null && current.item.id().equals(item.id()))
                || queues.values().stream().flatMap(ArrayDeque::stream).anyMatch(e -> e.item.id().equals(item.id()))) {
            Entry dup = new Entry(item, now);
            end(dup, new ItemResult.Refused("an item with id '" + item.id() + "' is already queued or playing"));
            return;
        }
        Entry e = new Entry(item, now);
        if (pastNotAfter(item)) {
            end(e, notAfterRefusal(item));
            return;
        }
        Logger.tag("arbiter").info("{} {} submitted by {}", item.level().lower(), item.id(), item.origin());
        if (current != null && item.level().outranks(current.item.level())) {
            Optional<String> refused = refusal(e);
            if (refused.isPresent()) {
                end(e, new ItemResult.Refused(refused.get()));
                return;
            }
            preempt(current, item.id());
            current = e;
        } else {
            queues.get(item.level()).addLast(e);
            fire(l -> l.onQueued(item));
        }
        evaluate();
    }

    private void preempt(Entry e, String byId) {
        Logger.tag("arbiter").info("{} {} preempted by {} ({})", e.item.level().lower(), e.item.id(), byId,
                e.item.onPreempt().name().toLowerCase());
        stopPlayback(e, true);
        if (e.item.onPreempt() == BroadcastItem.PreemptPolicy.RESUME) {
            queues.get(e.item.level()).addFirst(e);
            fire(l -> l.onInterrupted(e.item, byId));
        } else {
            end(e, new ItemResult.Preempted(byId));
        }
    }

    private void stopPlayback(Entry e, boolean fade) {
        if (e.playback == null) return;
        accumulate(e);
        if (fade && e.audible) e.playback.fadeOutAndClose(settings.fade());
        else e.playback.close();
        e.playback = null;
        e.audible = false;
    }

    private void accumulate(Entry e) {
        if (e.playback == null) return;
        if (e.audible) e.airNanos += loop.clock().monotonicNanos() - e.audibleSinceNanos;
        PlaybackStats s = e.playback.stats();
        e.underruns += s.underruns();
        e.corruptFrames += s.corruptFrames();
        e.underrunSeconds += s.underrunSeconds();
        e.unheardSeconds += s.unheardSeconds();
        if (!s.unheardReason().isEmpty()) e.unheardReason = s.unheardReason();
        if (s.currentUrl() != null && !s.currentUrl().isEmpty()) e.source = s.currentUrl();
        e.audibleSinceNanos = loop.clock().monotonicNanos();
    }

    private void doStop(String id, String by) {
        if (current != null && current.item.id().equals(id)) {
            Entry e = current;
            current = null;
            stopPlayback(e, true);
            end(e, new ItemResult.Stopped(by));
            evaluate();
            return;
        }
        for (ArrayDeque<Entry> q : queues.values()) {
            for (Entry e : new ArrayList<>(q)) {
                if (e.item.id().equals(id)) {
                    q.remove(e);
                    end(e, new ItemResult.Stopped(by));
                    return;
                }
            }
        }
        Logger.tag("arbiter").info("stop {} by {}: no such item", id, by);
    }

    /** The decision step: runs on the loop every tick and after every event. */
    private void evaluate() {
        if (evaluating) return;
        evaluating = true;
        try {
            for (int guard = 0; guard < 100; guard++) {
                if (!step()) break;
            }
        } finally {
            evaluating = false;
        }
        publishStatus();
    }

    private boolean evaluating;

    /** One decision; true when something changed and another step may follow. */
    private boolean step() {
        if (current == null) {
            current = next();
            if (current == null) {
                if (demanded) {
                    demanded = false;
                    amp.release();
                    Logger.tag("arbiter").info("idle; amplifier released");
                }
                return false;
            }
        }
        Entry e = current;
        if (amp.state() == Amplifier.State.FAULT) {
            current = null;
            stopPlayback(e, false);
            end(e, new ItemResult.Failed("amplifier fault" + (faultReason.isEmpty() ? "" : ": " + faultReason)));
            return true;
        }
        if (e.audible && amp.state() == Amplifier.State.OFF) {
            current = null;
            stopPlayback(e, false);
            end(e, new ItemResult.Failed("amplifier switched off while playing: " + lastAmpReason));
            return true;
        }
        if (pastNotAfter(e.item)) {
            current = null;
            boolean aired = e.firstStarted != null;
            stopPlayback(e, true);
            if (aired) Logger.tag("arbiter").info("{}: not-after {} reached", e.item.id(), e.item.notAfter());
            end(e, aired ? new ItemResult.Completed() : notAfterRefusal(e.item));
            return true;
        }
        if (e.playback == null) {
            e.playback = player.open(e.item);
            e.plays++;
        }
        if (!demanded || amp.state() == Amplifier.State.OFF || amp.state() == Amplifier.State.HOLD) {
            demanded = true;
            amp.demand(e.item.level() == Level.EMERGENCY);
        }
        Playback p = e.playback;
        Playback.Phase phase = p.phase();
        if (phase == Playback.Phase.FAILED) {
            current = null;
            String why = p.failure().orElse("playback failed");
            stopPlayback(e, false);
            end(e, new ItemResult.Failed(why));
            return true;
        }
        if (phase == Playback.Phase.ENDED) {
            accumulate(e);
            p.close();
            e.playback = null;
            e.audible = false;
            e.completedPlays++;
            if (e.completedPlays < e.item.repeat() && !maxDurationReached(e)) {
                Logger.tag("arbiter").info("{}: play {} of {}", e.item.id(), e.completedPlays + 1, e.item.repeat());
                return true;
            }
            current = null;
            end(e, new ItemResult.Completed());
            return true;
        }
        if (!e.audible) {
            if (amp.state() == Amplifier.State.ON && phase == Playback.Phase.READY) {
                Duration fadeIn = e.item.level() == Level.EMERGENCY ? Duration.ZERO : settings.fade();
                p.play(e.item.level(), e.item.volume(), fadeIn);
                e.audible = true;
                e.audibleSinceNanos = loop.clock().monotonicNanos();
                if (e.firstStarted == null) {
                    e.firstStarted = loop.clock().now();
                    Instant at = e.firstStarted;
                    Logger.tag("arbiter").info("{} {} on air", e.item.level().lower(), e.item.id());
                    fire(l -> l.onStarted(e.item, at));
                }
            }
            return false;
        }
        if (maxDurationReached(e)) {
            current = null;
            stopPlayback(e, true);
            Logger.tag("arbiter").info("{}: max duration {} reached", e.item.id(), e.item.maxDuration());
            end(e, new ItemResult.Completed());
            return true;
        }
        return false;
    }

    private boolean pastNotAfter(BroadcastItem item) {
        return item.notAfter() != null && !loop.clock().now().isBefore(item.notAfter());
    }

    private ItemResult notAfterRefusal(BroadcastItem item) {
        return new ItemResult.Refused("its not-after " + item.notAfter() + " passed before it aired (now "
                + loop.clock().now() + ")");
    }

    private boolean maxDurationReached(Entry e) {
        if (e.item.maxDuration() == null) return false;
        long air = e.airNanos + (e.audible ? loop.clock().monotonicNanos() - e.audibleSinceNanos : 0);
        return air >= e.item.maxDuration().toNanos();
    }

    /** The next queued item the start guard lets on air; those it refuses end here. */
    private Entry next() {
        for (int i = Level.values().length - 1; i >= 0; i--) {
            ArrayDeque<Entry> q = queues.get(Level.values()[i]);
            for (Entry e = q.pollFirst(); e != null; e = q.pollFirst()) {
                Optional<String> refused = refusal(e);
                if (refused.isEmpty()) return e;
                Logger.tag("arbiter").info("{} {} not {}: {}", e.item.level().lower(), e.item.id(),
                        e.firstStarted == null ? "started" : "resumed", refused.get());
                end(e, new ItemResult.Refused(refused.get()));
            }
        }
        return null;
    }

    private Optional<String> refusal(Entry e) {
        try {
            return startGuard.refusal(e.item);
        } catch (RuntimeException ex) {
            Logger.tag("arbiter").error(ex, "start guard failed for {}; refusing it", e.item.id());
            return Optional.of("start guard failed: " + ex);
        }
    }

    private void end(Entry e, ItemResult ended) {
        double air = e.airNanos / 1e9;
        boolean unheard = e.unheardSeconds > 0 && e.unheardSeconds > SOUND_CARD_GONE_FRACTION * air;
        ItemResult result = !(ended instanceof ItemResult.Completed) || !unheard ? ended
                : new ItemResult.Failed(String.format(java.util.Locale.ROOT, "sound card gone: %.1f s of %.1f s on air not heard (%s)",
                        Math.min(air, e.unheardSeconds), air, e.unheardReason));
        Instant now = loop.clock().now();
        ItemTiming t = new ItemTiming(e.submitted, Optional.ofNullable(e.firstStarted), now,
                Duration.ofNanos(e.airNanos), e.plays, e.underruns, e.underrunSeconds, e.source, e.corruptFrames);
        Logger.tag("arbiter").info("{} {} {}", e.item.level().lower(), e.item.id(), result.describe());
        fire(l -> l.onEnded(e.item, result, t));
    }

    private void fire(java.util.function.Consumer<ArbiterListener> call) {
        for (ArbiterListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException ex) {
                Logger.tag("arbiter").error(ex, "listener failed; the others still hear");
            }
        }
    }

    private void publishStatus() {
        int queued = queues.values().stream().mapToInt(ArrayDeque::size).sum();
        Entry e = current;
        if (e == null) {
            status = new ArbiterStatus(Optional.empty(), Optional.empty(), "idle", 0, 0, 0, "", amp.state(), queued, "");
            return;
        }
        PlaybackStats s = e.playback == null ? null : e.playback.stats();
        String phase;
        if (amp.state() != Amplifier.State.ON && !e.audible) phase = "waiting-amplifier";
        else if (e.playback == null) phase = "buffering";
        else phase = switch (e.playback.phase()) {
            case BUFFERING, READY -> "buffering";
            case REBUFFERING -> "rebuffering";
            default -> "playing";
        };
        status = new ArbiterStatus(Optional.of(e.item.id()), Optional.of(e.item.level()), phase,
                s == null ? 0 : s.bufferSeconds(), e.underruns + (s == null ? 0 : s.underruns()),
                s == null ? 0 : s.reconnects(), s == null ? "" : s.title(), amp.state(), queued,
                s == null ? "" : s.lastError(), s == null || s.codec() == null ? "" : s.codec(),
                s == null ? 0 : s.corruptFrames());
    }

    /**
     * Stops everything on the loop: the current item and every queued one end {@code Stopped(by)}, the
     * amplifier is forced off. Any thread; the work happens on the loop.
     */
    public void shutdown(String by) {
        loop.execute(() -> {
            ticker.cancel();
            if (current != null) {
                Entry e = current;
                current = null;
                stopPlayback(e, false);
                end(e, new ItemResult.Stopped(by));
            }
            for (ArrayDeque<Entry> q : queues.values()) {
                while (!q.isEmpty()) end(q.poll(), new ItemResult.Stopped(by));
            }
            demanded = false;
            amp.forceOff("arbiter shut down by " + by);
            publishStatus();
        });
    }

    @Override public void close() {
        shutdown("shutdown");
    }
}
