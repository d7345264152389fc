package vn.loa.hal;

/**
 * A debounced on/off signal from the station (amplifier fault, mains present, door open), already turned into
 * its logical meaning: {@code active()} is true when the condition holds, whatever the wiring polarity.
 *
 * <p>Threading: the state changes only on the control loop {@code Scheduler}; listeners are called there,
 * once per debounced change, never for a bounce shorter than the role's debounce time. {@link #active()} may
 * be read from any thread.
 */
public interface BinaryInput {

    /** Receives each debounced change; called on the control loop. */
    @FunctionalInterface
    interface Listener {
        void onChange(BinaryInput input, boolean active);
    }

    /** The role's name on the board, e.g. {@code "mainsPresent"} or {@code "amp.main.fault"}. */
    String role();

    /** The debounced logical state. */
    boolean active();

    void addListener(Listener listener);
}
