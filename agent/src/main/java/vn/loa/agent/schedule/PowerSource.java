package vn.loa.agent.schedule;

/**
 * The board's mains-present input as the station's policy needs it (the HAL's mains sense, debounced).
 * Listeners are called on the control loop, once per change.
 */
public interface PowerSource {

    /** True while mains power is present; false on battery/UPS. */
    boolean mainsPresent();

    void addListener(Listener listener);

    @FunctionalInterface
    interface Listener {
        void onMainsChanged(boolean present);
    }
}
