package vn.loa.hal;

/**
 * One amplifier zone as the station sees it: something that must be asked for, warms up before it may
 * carry audio, is held on for a while when idle, and locks itself out on a fault.
 *
 * <p>Threading: every method is called on the control loop only; listeners are called there too.
 * Safe state: {@link State#OFF} (relay released) whenever the owner is not sure.
 */
public interface Amplifier {

    enum State {
        /** Relay released. */
        OFF,
        /** Relay closed, amplifier not yet ready for audio. */
        WARMING,
        /** Ready: audio may be sent. */
        ON,
        /** Idle, kept on for a while so back-to-back items do not cycle the relay. */
        HOLD,
        /** Fault input active or retries exhausted: relay released, no audio until it clears. */
        FAULT
    }

    /** Receives every state change, with a short human reason ("warm-up 2000 ms elapsed"). */
    @FunctionalInterface
    interface Listener {
        void onTransition(Amplifier amp, State from, State to, String reason);
    }

    /** The zone's name from the board profile, e.g. {@code "main"}. */
    String zone();

    State state();

    /**
     * Why the amplifier is in its state, or what it is waiting for, in words for logs and status reports
     * ("demand waits 7000 ms: minimum off time ...", "fault cleared; retry 2/4 this hour in 60000 ms").
     * By default the state's name.
     */
    default String reason() {
        return state().name();
    }

    /**
     * Asks for the amplifier to carry audio. Idempotent. Audio may start once the state is {@link State#ON}.
     * {@code emergency} lets the sequencer shorten waits it may shorten (hold, minimum off time) but never
     * the warm-up.
     */
    void demand(boolean emergency);

    /** No more audio for now: goes to {@link State#HOLD}, then {@link State#OFF} after the hold time. */
    void release();

    /** Releases the relay at once (shutdown, update switch, remote kill). */
    void forceOff(String reason);

    void addListener(Listener listener);
}
