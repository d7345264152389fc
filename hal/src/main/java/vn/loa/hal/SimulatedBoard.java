package vn.loa.hal;

/**
 * A {@link Board} on mock GPIO that runs the same driver code as the device, plus the handles a test or the
 * testbench needs: drive an input pin as the wiring would, read the level of any output pin.
 *
 * <p>Opened as a healthy station: mains present, door closed, no amplifier fault. The handles may be called
 * from any thread; input changes then reach the board's listeners on the control loop after the role's
 * debounce, exactly as on hardware.
 */
public interface SimulatedBoard extends Board {

    /** Drives the input pin of {@code role} to the level that means {@code active} under its polarity. */
    void setInput(String role, boolean active);

    /** Drives the input pin of {@code role} to an electrical level (true = HIGH), polarity ignored. */
    void setInputLevel(String role, boolean high);

    /** The electrical level (true = HIGH) of the output pin of {@code role}, as the mock GPIO holds it. */
    boolean outputLevel(String role);

    /** The logical state of the output {@code role}, decoded from its pin level with the profile's polarity. */
    boolean outputActive(String role);
}
