package vn.loa.testbench.dashboard;

/**
 * The console's actions, as the station carries them out. The simulated station implements it; the
 * dashboard calls it for each button press, the console for each typed command.
 *
 * <p>Called on an HTTP worker thread (one per request, possibly several at once): must be thread-safe and
 * should return promptly, handing the work to the station's control loop; the effect shows in a later
 * {@link StationSource#snapshot()}. An unknown receiver or an impossible request is a
 * {@link ActionResult.Refused} naming it, not an exception.
 */
@FunctionalInterface
public interface Actions {

    ActionResult perform(Action action);
}
