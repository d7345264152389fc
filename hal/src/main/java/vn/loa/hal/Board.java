package vn.loa.hal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The station's I/O as one aggregate, opened from a {@link BoardProfile}: every input and output by role name
 * (station roles by their profile key such as {@code "mainsPresent"} or {@code "fmGate"}; amplifier zones as
 * {@code "amp.<zone>.relay"} and {@code "amp.<zone>.fault"}) and one sequenced {@link Amplifier} per zone.
 *
 * <p>Lifecycle: opened in the safe state (outputs at their profile's initial states, which validation fixes
 * to amplifiers off, FM gate closed, mute on). {@link #close()} drives the safe state, applies each
 * output's shutdown state and releases the GPIO; the board is unusable afterwards.
 *
 * <p>Threading: inputs change and amplifiers run on the control loop given at open; {@link #safeState} and
 * {@link #close()} may be called from any thread (shutdown hooks).
 */
public interface Board extends AutoCloseable {

    BoardProfile profile();

    /** The amplifier zones in profile order. */
    List<Amplifier> amplifiers();

    Optional<Amplifier> amplifier(String zone);

    /** Every input by role name, amplifier faults first, then station inputs in {@link BoardProfile.InputRole} order. */
    Map<String, BinaryInput> inputs();

    /** Every output by role name, amplifier relays first, then station outputs in {@link BoardProfile.OutputRole} order. */
    Map<String, BinaryOutput> outputs();

    default Optional<BinaryInput> input(String role) {
        return Optional.ofNullable(inputs().get(role));
    }

    default Optional<BinaryOutput> output(String role) {
        return Optional.ofNullable(outputs().get(role));
    }

    default Optional<BinaryInput> input(BoardProfile.InputRole role) {
        return input(role.key());
    }

    default Optional<BinaryOutput> output(BoardProfile.OutputRole role) {
        return output(role.key());
    }

    /**
     * All amplifiers off (relays opened at once, sequencers forced to OFF), FM gate closed, mute on. Callable
     * from any thread: off the loop the outputs are set directly and the sequencers follow on the loop.
     * Logged once with {@code reason} (tag {@code board}). The board stays usable: a later demand works.
     */
    void safeState(String reason);

    default void safeState() {
        safeState("safe state requested");
    }

    /** Safe state, then each output to its shutdown state, then GPIO released. Idempotent; never throws. */
    @Override
    void close();
}
