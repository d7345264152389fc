package vn.loa.agent.broadcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import vn.loa.agent.audio.Playback;
import vn.loa.agent.audio.PlaybackStats;
import vn.loa.agent.audio.Player;

/** A player whose playbacks the test moves through their phases by hand. */
final class FakePlayer implements Player {

    static final class FakePlayback implements Playback {
        final String id;
        Phase phase = Phase.BUFFERING;
        String failure;
        boolean closed;
        Duration fadedOutWith;
        Duration fadeIn;
        OptionalInt volume;
        vn.loa.agent.broadcast.Level level;
        /** What the playback reports as its current URL (empty: nothing connected). */
        String url = "";

        FakePlayback(String id) {
            this.id = id;
        }

        @Override public String itemId() { return id; }
        @Override public Phase phase() { return phase; }
        @Override public Optional<String> failure() { return Optional.ofNullable(failure); }
        @Override public PlaybackStats stats() { return new PlaybackStats(1.5, 0, 0, 0, 0, "mp3", 0, 0, 0, url, "", ""); }
        @Override public void play(vn.loa.agent.broadcast.Level l, OptionalInt v, Duration f) {
            phase = Phase.PLAYING;
            level = l;
            volume = v;
            fadeIn = f;
        }
        @Override public void fadeOutAndClose(Duration fade) { fadedOutWith = fade; closed = true; }
        @Override public boolean silent() { return closed; }
        @Override public void close() { closed = true; }
    }

    final List<FakePlayback> opened = new ArrayList<>();
    final Map<String, FakePlayback> last = new LinkedHashMap<>();

    @Override public Playback open(BroadcastItem item) {
        FakePlayback p = new FakePlayback(item.id());
        opened.add(p);
        last.put(item.id(), p);
        return p;
    }

    FakePlayback of(String id) {
        return last.get(id);
    }
}
