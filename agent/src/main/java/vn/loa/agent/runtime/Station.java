package vn.loa.agent.runtime;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;
import vn.loa.agent.audio.AudioConfig;
import vn.loa.agent.audio.AudioEngine;
import vn.loa.agent.audio.AudioSink;
import vn.loa.agent.broadcast.Arbiter;
import vn.loa.agent.broadcast.ArbiterListener;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.ItemTiming;
import vn.loa.agent.config.LoaConfig;
import vn.loa.hal.Amplifier;
import vn.loa.hal.Board;
import vn.loa.hal.BoardOpenException;
import vn.loa.hal.BoardProfile;
import vn.loa.hal.Boards;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.LoopScheduler;

/**
 * One running receiver: the control loop, the board (outputs at their safe levels until told otherwise), the
 * audio engine on its own thread and the arbiter that drives the first amplifier zone.
 *
 * <p>Lifecycle: {@link #start} opens everything or nothing (a failure closes what was opened and leaves the
 * outputs safe); {@link #close} is idempotent, may be called from any thread (shutdown hook included), stops
 * the item on air, drives the board to its safe state (amplifiers off, FM gate closed, mute on), logs it, and
 * releases the GPIO. Owns the sink it is given.
 */
public final class Station implements AutoCloseable {

    private final LoaConfig config;
    private final LoopScheduler loop;
    private final Board board;
    private final AudioEngine engine;
    private final Arbiter arbiter;
    private final CountDownLatch closed = new CountDownLatch(1);
    private boolean closing;

    private Station(LoaConfig config, LoopScheduler loop, Board board, AudioEngine engine, Arbiter arbiter) {
        this.config = config;
        this.loop = loop;
        this.board = board;
        this.engine = engine;
        this.arbiter = arbiter;
    }

    /**
     * Opens the board named by the config and starts the station. A bad board profile is a
     * {@link ConfigException} naming file, path and reason; nothing is powered.
     */
    public static Station start(LoaConfig config, AudioConfig audio, AudioSink sink, Clock clock)
            throws ConfigException, BoardOpenException {
        BoardProfile profile;
        try {
            profile = BoardProfile.load(config.board().profile());
        } catch (ConfigException e) {
            sink.close();
            throw e;
        }
        LoopScheduler loop = new LoopScheduler(clock, "loa-control");
        Board board = null;
        AudioEngine engine = null;
        try {
            board = Boards.open(profile, loop);
            if (board.amplifiers().isEmpty()) {
                throw new BoardOpenException("board profile " + profile.source() + " has no amplifier zone; nothing to play on", null);
            }
            Amplifier amp = board.amplifiers().get(0);
            engine = new AudioEngine(audio, sink, Clock.system(clock.zone()), new Random());
            Arbiter arbiter = new Arbiter(loop, amp, engine, Arbiter.Settings.from(audio));
            Station s = new Station(config, loop, board, engine, arbiter);
            arbiter.addListener(s.new AudioPath());
            engine.startAudioThread();
            arbiter.start();
            Logger.tag("station").info("station {} up: {}; playing on zone '{}', sink {}", config.station().name(),
                    board, amp.zone(), sink);
            return s;
        } catch (BoardOpenException | RuntimeException e) {
            if (engine != null) engine.close();
            else sink.close();
            if (board != null) board.close();
            loop.close();
            throw e;
        }
    }

    /** Unmutes the audio path only while an item is on air; mutes it again when the station falls idle. */
    private final class AudioPath implements ArbiterListener {
        @Override public void onStarted(BroadcastItem item, java.time.Instant at) {
            board.output("mute").ifPresent(m -> m.set(false));
        }

        @Override public void onEnded(BroadcastItem item, ItemResult result, ItemTiming timing) {
            loop.schedule(Duration.ZERO, () -> {
                if (arbiter.status().currentId().isEmpty()) board.output("mute").ifPresent(m -> m.set(true));
            });
        }
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

    /** Blocks until {@link #close} has finished. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Drives everything to the safe state and stops. See the class contract. */
    @Override public void close() {
        synchronized (this) {
            if (closing) return;
            closing = true;
        }
        try {
            CountDownLatch stopped = new CountDownLatch(1);
            loop.execute(() -> {
                try {
                    arbiter.shutdown("station shutdown");
                } finally {
                    stopped.countDown();
                }
            });
            if (!stopped.await(3, TimeUnit.SECONDS)) {
                Logger.tag("station").warn("control loop did not stop the item within 3 s; forcing outputs safe");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            board.safeState("station shutdown");
            Logger.tag("station").info("safe state: amplifiers off, FM gate closed, audio muted");
            engine.close();
            board.close();
            loop.close();
            closed.countDown();
        }
    }
}
