package vn.loa.agent.audio;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import vn.loa.agent.broadcast.Level;

/** A playback that could not even be opened (bad URI); FAILED from the start with its reason. */
record FailedPlayback(String itemId, String reason) implements Playback {
    @Override public Phase phase() { return Phase.FAILED; }
    @Override public Optional<String> failure() { return Optional.of(reason); }
    @Override public PlaybackStats stats() { return new PlaybackStats(0, 0, 0, 0, 0, "", 0, 0, 0, "", "", reason); }
    @Override public void play(Level level, OptionalInt volume, Duration fadeIn) { }
    @Override public void fadeOutAndClose(Duration fade) { }
    @Override public boolean silent() { return true; }
    @Override public void close() { }
}
