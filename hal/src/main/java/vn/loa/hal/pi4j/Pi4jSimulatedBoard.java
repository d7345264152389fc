package vn.loa.hal.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import vn.loa.hal.BoardProfile;
import vn.loa.hal.BoardProfile.InputPin;
import vn.loa.hal.BoardProfile.InputRole;
import vn.loa.hal.SimulatedBoard;
import vn.loa.hal.time.Scheduler;

/**
 * The {@link Pi4jBoard} code on Pi4J's mock GPIO provider. Input handles go through
 * {@link MockDigitalInput#mockState}, which fires Pi4J's real change events, so the debounce and listener
 * path is the device's. Works in any JVM: the context names the mock providers and detects nothing.
 */
public final class Pi4jSimulatedBoard extends Pi4jBoard implements SimulatedBoard {

    private Pi4jSimulatedBoard(BoardProfile profile, Scheduler scheduler, Context context,
            Map<String, Consumer<DigitalInput>> healthy) {
        super(profile, scheduler, context, MockDigitalInputProvider.ID, MockDigitalOutputProvider.ID, healthy);
    }

    /** Opens {@code profile}'s pins on mock GPIO, inputs set to a healthy station (see {@link SimulatedBoard}). */
    public static SimulatedBoard open(BoardProfile profile, Scheduler scheduler) {
        Context context = Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
                .build();
        Map<String, Consumer<DigitalInput>> healthy = new LinkedHashMap<>();
        for (var e : profile.inputsByRole().entrySet()) {
            boolean active = e.getKey().equals(InputRole.MAINS_PRESENT.key());
            InputPin spec = e.getValue();
            healthy.put(e.getKey(), pin -> mock(e.getKey(), pin).mockState(level(spec.activeLow() != active)));
        }
        try {
            return new Pi4jSimulatedBoard(profile, scheduler, context, healthy);
        } catch (RuntimeException e) {
            context.shutdown();
            throw e;
        }
    }

    @Override public void setInput(String role, boolean active) {
        InputPin spec = inputSpec(role);
        setInputLevel(role, spec.activeLow() != active);
    }

    @Override public void setInputLevel(String role, boolean high) {
        inputSpec(role);
        mock(role, inputPins().get(role)).mockState(level(high));
    }

    @Override public boolean outputLevel(String role) {
        return pi4jOutput(role).pin().state() == DigitalState.HIGH;
    }

    @Override public boolean outputActive(String role) {
        return profile().outputsByRole().get(role).levelFor(true) == outputLevel(role);
    }

    private InputPin inputSpec(String role) {
        InputPin spec = profile().inputsByRole().get(role);
        if (spec == null) {
            throw new IllegalArgumentException("no input role \"" + role + "\" on this board (roles: "
                    + String.join(", ", profile().inputsByRole().keySet()) + ")");
        }
        return spec;
    }

    private static MockDigitalInput mock(String role, DigitalInput pin) {
        if (pin instanceof MockDigitalInput m) return m;
        throw new IllegalStateException(role + " is not on mock GPIO but on " + pin.getClass().getName());
    }
}
