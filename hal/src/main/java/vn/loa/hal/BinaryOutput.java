package vn.loa.hal;

/**
 * An on/off output of the station (amplifier relay, FM-source gate, mute relay, status LED) in logical terms:
 * {@code set(true)} energises the role whatever the wiring polarity; the board profile says which pin level
 * that is.
 *
 * <p>Threading: may be called from any thread (the board's safe state runs from shutdown hooks), but the
 * station drives outputs from the control loop. After the board is closed, {@code set(true)} is ignored and
 * logged, so nothing can re-energise a released board.
 */
public interface BinaryOutput {

    /** The role's name on the board, e.g. {@code "fmGate"} or {@code "amp.main.relay"}. */
    String role();

    /** The logical state last set (or the profile's initial state). */
    boolean active();

    void set(boolean active);
}
