package vn.loa.agent.runtime;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import vn.loa.agent.audio.Playback;
import vn.loa.agent.audio.PlaybackStats;
import vn.loa.agent.audio.Player;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.Level;

/** A player whose playbacks are READY at once and then do what the test says; remembers what it opened. */
final class ScriptedPlayer implements Player {

    static final class Scripted implements Playback {
        final String id;
        volatile Phase phase = Phase.READY;
        volatile int underruns;
        volatile boolean closed;

        Scripted(String id) {
            this.id = id;
        }

        @Override public String itemId() { return id; }
        @Override public Phase phase() { return phase; }
        @Override public Optional<String> failure() { return Optional.empty(); }
        @Override public PlaybackStats stats() {
            return new PlaybackStats(2.5, underruns, 0, 0, 0, "wav", 0, 0, 0, "", "", "");
        }
        @Override public void play(Level level, OptionalInt volume, Duration fadeIn) { phase = Phase.PLAYING; }
        @Override public void fadeOutAndClose(Duration fade) { closed = true; }
        @Override public boolean silent() { return closed; }
        @Override public void close() { closed = true; }
    }

    final Map<String, Scripted> opened = new LinkedHashMap<>();

    @Override public synchronized Playback open(BroadcastItem item) {
        Scripted s = new Scripted(item.id());
        opened.put(item.id(), s);
        return s;
    }
}
