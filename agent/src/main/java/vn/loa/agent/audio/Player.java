package vn.loa.agent.audio;

import vn.loa.agent.broadcast.BroadcastItem;

/** The audio engine as the arbiter sees it: opens an item's audio, silent until told to play. */
public interface Player {

    /**
     * Opens the item's sources and starts buffering at once (in parallel with the amplifier's warm-up).
     * Never throws for a bad source: the returned playback is then FAILED with the reason. Any thread.
     */
    Playback open(BroadcastItem item);
}
