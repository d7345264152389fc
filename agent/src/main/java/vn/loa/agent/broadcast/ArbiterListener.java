package vn.loa.agent.broadcast;

import java.time.Instant;

/**
 * Follows items through the arbiter (the play log, LwM2M objects and the dashboard subscribe). Called on the
 * control loop: must return quickly and never block; an exception is logged and the others still hear.
 */
public interface ArbiterListener {

    /** Accepted and waiting (behind an equal or higher level, or for the amplifier). */
    default void onQueued(BroadcastItem item) {
    }

    /** First audible: the amplifier is ON and the audio went into the mix. */
    default void onStarted(BroadcastItem item, Instant at) {
    }

    /** Cut by a higher level; with policy RESUME it will play again from its start (or reconnect) later. */
    default void onInterrupted(BroadcastItem item, String byItemId) {
    }

    /** Finished, one way or another; exactly once per accepted or refused item. */
    default void onEnded(BroadcastItem item, ItemResult result, ItemTiming timing) {
    }
}
