package vn.loa.agent.store;

/**
 * Told once for every item whose turn on air is over (played, preempted, stopped, refused, failed).
 * Called on the control loop; must not block for long and must not throw.
 */
@FunctionalInterface
public interface PlayListener {
    void onPlayed(PlayEvent event);
}
