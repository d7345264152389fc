package vn.loa.agent.audio;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import vn.loa.agent.broadcast.Arbiter;
import vn.loa.agent.broadcast.ArbiterListener;
import vn.loa.agent.broadcast.ArbiterStatus;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.ItemTiming;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.cli.Args;
import vn.loa.agent.cli.Command;
import vn.loa.agent.config.LoaConfig;
import vn.loa.hal.Amplifier;
import vn.loa.hal.Board;
import vn.loa.hal.BoardOpenException;
import vn.loa.hal.BoardProfile;
import vn.loa.hal.Boards;
import vn.loa.hal.ZoneGroup;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.LoopScheduler;

/**
 * {@code ./loa play}: plays sources through exactly the station's engine (arbiter, amplifier sequencing,
 * buffer, decoder, mixer, sink) in real time, printing buffer fill, underruns and the amplifier state once a
 * second. Exit 0 when the item completed, 1 with the reason when it failed, 2 for a usage error.
 */
public final class PlayCommand implements Command {

    /** The board a plain {@code ./loa play} opens when neither {@code --board} nor {@code --config} names one. */
    public static final String DEFAULT_BOARD = "simulated";

    @Override public String name() {
        return "play";
    }

    @Override public String summary() {
        return "play a stream or file through the station's audio engine";
    }

    @Override public String help() {
        return """
                Usage: ./loa play <url-or-file>... [OPTIONS]
                       ./loa play --list-devices

                Plays through the station's own engine: the arbiter sequences the amplifier, the stream is
                buffered, decoded (MP3, Opus in Ogg, WAV; HLS/AAC via ffmpeg), mixed and sent to the sink.
                Several sources are one item: the first is the primary, the others are failovers.

                Options:
                  --level L        background, normal, priority or emergency (default normal)
                  --out FILE       write a WAV capture instead of playing on the sound card
                  --device NAME    sound device (part of its name; default: the system default)
                  --seconds N      stop after N seconds on air (counts as completed; default: to the end)
                  --volume V       volume 0..100 for this item (default: the configured master volume, 80)
                  --start-timeout S  give up when not on air after S seconds (default 30; the station itself
                                   keeps reconnecting forever, this command does not)
                  --board PROFILE  the board whose amplifiers to sequence: a shipped profile (simulated,
                                   raspberry-pi-4, raspberry-pi-5) or a profile file (default: the one in
                                   --config, else simulated); every amplifier zone is demanded, warmed up,
                                   held and released exactly as the agent does, and the board is left in
                                   its safe state (amplifiers off, muted) when the command ends
                  --config FILE    use the "audio" and "board" settings of this loa.json, read and checked as
                                   loa run reads it (cache: sources are looked up in audio.cacheDir, else
                                   store.dataDir/cache, else paths.data/cache); default: built-in defaults,
                                   with the cache in /var/lib/loa/cache
                  --list-devices   list the sound devices and exit

                Exit codes: 0 the item completed, 1 it failed (the reason is printed), 2 usage error.""";
    }

    @Override public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of("level", "out", "device", "seconds", "volume", "config", "start-timeout", "board"), Set.of("list-devices"));
        if (a.flag("list-devices")) {
            List<String> devices = JavaSoundSink.listDevices();
            if (devices.isEmpty()) out.println("no sound output devices found");
            devices.forEach(out::println);
            return OK;
        }
        if (a.positional().isEmpty()) throw new Args.UsageException("give at least one URL or file to play");
        Level level;
        try {
            level = Level.parse(a.value("level", "normal"));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--level '" + a.value("level", "") + "' " + e.getMessage());
        }
        int seconds = a.intValue("seconds", 0, 1, 86_400);
        int volume = a.intValue("volume", -1, 0, 100);
        int startTimeout = a.intValue("start-timeout", 30, 1, 3600);
        AudioConfig config = AudioConfig.defaults();
        String boardName = DEFAULT_BOARD;
        if (a.value("config").isPresent()) {
            try {
                // the station's own reading: audio.cacheDir follows store.dataDir and paths.data as in loa run
                LoaConfig loa = LoaConfig.load(Path.of(a.value("config").get()), LoaConfig.DEVICE_DATA);
                config = loa.audio();
                boardName = loa.board().profile();
            } catch (vn.loa.hal.json.ConfigException e) {
                err.println("./loa play: the configuration has problems; nothing played:");
                e.problems().forEach(p -> err.println("  " + p));
                return FAILED;
            }
        }
        boardName = a.value("board", boardName);
        BoardProfile profile;
        try {
            profile = BoardProfile.load(boardName);
        } catch (vn.loa.hal.json.ConfigException e) {
            err.println("./loa play: board profile '" + boardName + "' has problems; nothing played:");
            e.problems().forEach(p -> err.println("  " + p));
            return FAILED;
        }
        List<URI> sources = new ArrayList<>();
        for (String s : a.positional()) sources.add(toUri(s));
        BroadcastItem.Builder b = BroadcastItem.builder("cli-play", level).sources(sources).origin("cli");
        if (seconds > 0) b.maxDuration(Duration.ofSeconds(seconds));
        if (volume >= 0) b.volume(volume);
        BroadcastItem item = b.build();

        AudioSink sink = a.value("out").<AudioSink>map(p -> new WavCaptureSink(Path.of(p)))
                .orElseGet(() -> new JavaSoundSink(a.value("device", "")));
        Clock clock = Clock.system(Clock.VIETNAM);
        try (LoopScheduler loop = new LoopScheduler(clock, "loa-control");
             AudioEngine engine = new AudioEngine(config, sink, clock, new Random())) {
            Board board;
            try {
                board = Boards.open(profile, loop);
            } catch (BoardOpenException e) {
                err.println("./loa play: cannot open board " + profile.source() + ": " + e.getMessage()
                        + " (is the agent running and holding the GPIO lines? stop it first)");
                return FAILED;
            }
            try {
                return play(board, loop, engine, config, item, level, a, sink, clock, out, err, startTimeout);
            } finally {
                board.safeState("end of ./loa play");
                board.close();
            }
        }
    }

    private static int play(Board board, LoopScheduler loop, AudioEngine engine, AudioConfig config, BroadcastItem item,
                            Level level, Args a, AudioSink sink, Clock clock, PrintStream out, PrintStream err,
                            int startTimeout) throws InterruptedException {
        {
            if (board.amplifiers().isEmpty()) {
                err.println("./loa play: board " + board + " has no amplifier zone; nothing to play on");
                return FAILED;
            }
            Amplifier amp = ZoneGroup.of(board.amplifiers());
            amp.addListener((z, from, to, why) -> out.println("amplifier " + z.zone() + " " + from + " -> " + to + ": " + why));
            Arbiter arbiter = new Arbiter(loop, amp, engine, Arbiter.Settings.from(config));
            CountDownLatch ended = new CountDownLatch(1);
            AtomicReference<ItemResult> result = new AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean onAir = new java.util.concurrent.atomic.AtomicBoolean();
            arbiter.addListener(new ArbiterListener() {
                @Override public void onStarted(BroadcastItem i, java.time.Instant at) {
                    onAir.set(true);
                    board.output("mute").ifPresent(m -> m.set(false));
                    out.println("on air: " + i.sources().get(0));
                }

                @Override public void onEnded(BroadcastItem i, ItemResult r, ItemTiming t) {
                    board.output("mute").ifPresent(m -> m.set(true));
                    result.set(r);
                    out.printf("%s after %.1f s on air, %d underrun(s) (%.1f s of silence)%s%n", r.describe(),
                            t.airtime().toMillis() / 1000.0, t.underruns(), t.underrunSeconds(),
                            t.corruptFrames() == 0 ? "" : ", " + t.corruptFrames() + " corrupt frame(s) skipped");
                    ended.countDown();
                }
            });
            engine.startAudioThread();
            arbiter.start();
            out.println("playing " + String.join(" ", a.positional()) + " at level " + level.lower() + " to "
                    + sink.describe());
            arbiter.submit(item);
            long started = clock.monotonicNanos();
            String gaveUp = null;
            while (!ended.await(1, TimeUnit.SECONDS)) {
                ArbiterStatus s = arbiter.status();
                EngineStatus e = engine.status();
                double elapsed = (clock.monotonicNanos() - started) / 1e9;
                out.printf("[%5.1fs] %-17s buffer %4.1f s  underruns %d  reconnects %d  amp %s%s%s%s%s%s%n",
                        elapsed, s.phase(), s.bufferSeconds(), s.underruns(),
                        s.reconnects(), s.amplifier(), s.codec().isEmpty() ? "" : "  " + s.codec(),
                        s.corruptFrames() == 0 ? "" : "  corrupt frames skipped " + s.corruptFrames(),
                        s.title().isEmpty() ? "" : "  title '" + s.title() + "'",
                        e.sinkOpen() ? "" : "  sink: " + e.lastSinkError(),
                        s.lastError().isEmpty() ? "" : "  last error: " + s.lastError());
                if (!onAir.get() && elapsed >= startTimeout && gaveUp == null) {
                    gaveUp = "not on air after " + startTimeout + " s" + (s.lastError().isEmpty() ? "" : "; last error: " + s.lastError());
                    arbiter.stop(item.id(), "./loa play --start-timeout");
                }
            }
            arbiter.shutdown("end of ./loa play");
            CountDownLatch shutDown = new CountDownLatch(1);
            loop.execute(shutDown::countDown); // the loop drops queued tasks on close: let the shutdown run first
            shutDown.await(2, TimeUnit.SECONDS);
            out.println("amplifier " + amp.state());
            if (gaveUp != null) {
                err.println("./loa play: " + gaveUp);
                return FAILED;
            }
            ItemResult r = result.get();
            if (r instanceof ItemResult.Completed) return OK;
            err.println("./loa play: " + r.describe());
            return FAILED;
        }
    }

    static URI toUri(String s) throws Args.UsageException {
        if (s.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !s.matches("^[a-zA-Z]:\\\\.*")) {
            try {
                return URI.create(s);
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException("'" + s + "' is not a valid URL: " + e.getMessage());
            }
        }
        return Path.of(s).toAbsolutePath().toUri();
    }
}
