package vn.loa.agent.audio;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.Level;
import vn.loa.hal.time.Clock;

/**
 * The playback engine: opens tracks for items ({@link Player}), mixes them every tick and writes the block
 * to the sink. The tick is driven either by a test calling {@link #tick()} (manual clock) or by
 * {@link #startAudioThread()}, a real-time thread {@code loa-audio} at the configured tick rate.
 *
 * <p>A sink that fails to open or write is reported (log line, {@link EngineStatus}), closed, and reopened
 * after a delay that starts at {@link AudioConfig#sinkRetry()} and doubles to {@value #SINK_RETRY_CAP_MS} ms;
 * mixing goes on meanwhile so buffers and timings stay true, and every track in a block the sink did not take
 * counts it as not heard ({@link PlaybackStats#unheardSeconds()}; the arbiter fails an item that was mostly
 * not heard). {@link #tick()} never throws.
 */
public final class AudioEngine implements Player, AutoCloseable {

    static final long SINK_RETRY_CAP_MS = 10_000;

    private final AudioConfig config;
    private final AudioSink sink;
    private final Mixer mixer;
    private final SourceResolver resolver;
    private final Clock sourceClock;
    private final short[] block;
    private final int tickFrames;
    private boolean sinkOpen;
    private long retryAtTick;
    private long retryTicks;
    private volatile int sinkErrors;
    private volatile String lastSinkError = "";
    private volatile long ticks;
    private ScheduledExecutorService audioThread;

    /**
     * The engine owns {@code sink} (closes it). {@code sourceClock} is what fetchers measure connect, no-data
     * and slow-server timeouts with, and tracks their no-audio limit: real time in production (sockets live
     * in it), also in tests that drive the mixer by hand. {@code random} seeds reconnect jitter.
     */
    public AudioEngine(AudioConfig config, AudioSink sink, Clock sourceClock, Random random) {
        this(config, sink, sourceClock, random, StoredContent.folder(config.cacheDir()));
    }

    /** As above, with {@code cache:SHA256} sources found through {@code stored} (the station's content cache). */
    public AudioEngine(AudioConfig config, AudioSink sink, Clock sourceClock, Random random, StoredContent stored) {
        this.config = config;
        this.sink = sink;
        this.tickFrames = config.tickFrames();
        this.mixer = new Mixer(config.output(), config.mixer(), tickFrames);
        this.resolver = new SourceResolver(config, sourceClock, random, stored);
        this.sourceClock = sourceClock;
        this.block = new short[tickFrames * config.output().channels()];
        this.retryTicks = Math.max(1, config.sinkRetry().toMillis() / config.tick().toMillis());
    }

    public AudioConfig config() {
        return config;
    }

    public Mixer mixer() {
        return mixer;
    }

    @Override public Playback open(BroadcastItem item) {
        ByteSource source;
        try {
            source = resolver.resolve(item.sources(), item.sha256());
        } catch (IllegalArgumentException e) {
            return new FailedPlayback(item.id(), e.getMessage());
        }
        BufferSettings b = item.level() == Level.EMERGENCY ? config.buffer().withStart(config.emergencyStartSeconds())
                : config.buffer();
        Track t = new Track(item.id(), source, config.output(), b, mixer, config.fade(), sourceClock);
        t.start();
        Logger.tag("audio").info("{}: opened {} (start at {} s buffered)", item.id(), source.describe(), b.startSeconds());
        return t;
    }

    /** One tick: mix and write to the sink. Audio thread or a test's thread; never throws. */
    public void tick() {
        ticks++;
        try {
            mixer.mix(block, tickFrames);
        } catch (RuntimeException e) {
            java.util.Arrays.fill(block, (short) 0);
            Logger.tag("audio").error(e, "mixer failed; writing silence");
        }
        if (!sinkOpen && ticks >= retryAtTick) {
            try {
                sink.open(config.output());
                sinkOpen = true;
                retryTicks = Math.max(1, config.sinkRetry().toMillis() / config.tick().toMillis());
                Logger.tag("audio").info("{} open at {}", sink.describe(), config.output());
            } catch (AudioSinkException | RuntimeException e) {
                sinkFailed(e);
            }
        }
        boolean heard = false;
        if (sinkOpen) {
            try {
                sink.write(block, tickFrames);
                heard = true;
            } catch (AudioSinkException | RuntimeException e) {
                sinkFailed(e);
            }
        }
        if (!heard) mixer.notHeard(tickFrames, sink.describe() + ": " + lastSinkError);
    }

    private void sinkFailed(Exception e) {
        sinkErrors++;
        lastSinkError = e.getMessage() == null ? e.toString() : e.getMessage();
        sink.close();
        sinkOpen = false;
        retryAtTick = ticks + retryTicks;
        Logger.tag("audio").warn("{}; retrying in {} ms", lastSinkError, retryTicks * config.tick().toMillis());
        retryTicks = Math.min(retryTicks * 2, SINK_RETRY_CAP_MS / config.tick().toMillis());
    }

    /** Starts the real-time audio thread. Once. */
    public synchronized void startAudioThread() {
        if (audioThread != null) return;
        audioThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "loa-audio");
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
        long period = config.tick().toNanos();
        audioThread.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.NANOSECONDS);
    }

    public void setMasterVolume(int v) {
        mixer.setMasterVolume(v);
    }

    public EngineStatus status() {
        return new EngineStatus(sinkOpen, sink.describe(), sinkErrors, lastSinkError, ticks, mixer.audibleCount(),
                mixer.clippedSamples(), mixer.lastPeak());
    }

    /** Stops the audio thread (waiting up to {@code timeout}) and closes the sink. */
    public void close(Duration timeout) {
        ScheduledExecutorService t;
        synchronized (this) {
            t = audioThread;
            audioThread = null;
        }
        if (t != null) {
            t.shutdown();
            try {
                t.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sink.close();
        sinkOpen = false;
    }

    @Override public void close() {
        close(Duration.ofSeconds(1));
    }
}
