package vn.loa.hal.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.boardinfo.definition.BoardModel;
import com.pi4j.boardinfo.util.BoardInfoHelper;
import com.pi4j.context.ContextBuilder;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputConfig;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.tinylog.Logger;
import vn.loa.hal.Amplifier;
import vn.loa.hal.BinaryInput;
import vn.loa.hal.BinaryOutput;
import vn.loa.hal.Board;
import vn.loa.hal.BoardOpenException;
import vn.loa.hal.BoardProfile;
import vn.loa.hal.BoardProfile.InputPin;
import vn.loa.hal.BoardProfile.OutputPin;
import vn.loa.hal.BoardProfile.OutputRole;
import vn.loa.hal.BoardProfile.Zone;
import vn.loa.hal.DebouncedInput;
import vn.loa.hal.SequencedAmplifier;
import vn.loa.hal.time.Scheduler;

/**
 * A {@link Board} on a Pi4J context: every pin of the profile becomes a Pi4J digital input or output with the
 * profile's polarity ({@code onState}), initial and shutdown states in its config, so
 * {@code context.shutdown()} leaves every pin at its declared safe level. Inputs are debounced by
 * {@link DebouncedInput} on the control loop (Pi4J's own debounce is off, so the loop's monotonic clock is the
 * only one that counts); each zone gets a {@link SequencedAmplifier}.
 *
 * <p>Owns its Pi4J context and shuts it down in {@link #close()}. Pi4J's JVM shutdown hook is not installed:
 * the owner (the agent) closes the board from its own hook, so there is one shutdown path.
 */
public class Pi4jBoard implements Board {

    /** Pi4J debounce is disabled; {@link DebouncedInput} debounces on the loop. */
    private static final long NO_DRIVER_DEBOUNCE = 0L;

    private final BoardProfile profile;
    private final Scheduler scheduler;
    private final Context context;
    private final Map<String, DigitalInput> inputPins;
    private final Map<String, BinaryInput> inputs;
    private final Map<String, Pi4jOutput> outputs;
    private final List<Amplifier> amplifiers;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Opens the profile's pins on the device through the gpiod provider (on {@code profile.gpioChip()}, or the
     * chip Pi4J finds labelled {@code pinctrl-*}). Providers are named explicitly (no auto-detection), so
     * nothing else on the class path is picked up. Refuses early, with a plain message, when Pi4J does not
     * recognise the machine as a Raspberry Pi (its gpiod provider would otherwise fail obscurely).
     */
    public static Board openDevice(BoardProfile profile, Scheduler scheduler) throws BoardOpenException {
        String where = "board profile " + profile.source();
        BoardModel model = BoardInfoHelper.current().getBoardModel();
        if (model == BoardModel.UNKNOWN) {
            throw new BoardOpenException(where + ": this machine is not a Raspberry Pi that Pi4J recognises, so"
                    + " the " + profile.board().key() + " GPIO cannot be opened; amplifiers stay off (use the"
                    + " \"simulated\" profile off the device)", null);
        }
        Logger.tag("board").info("opening {} GPIO through gpiod on {}", profile.board().key(), model.getLabel());
        ContextBuilder builder = Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance());
        profile.gpioChip().ifPresent(builder::setGpioChipName);
        Context context;
        try {
            context = builder.build();
        } catch (RuntimeException e) {
            throw new BoardOpenException(where + ": Pi4J gpiod could not start on " + model.getLabel() + ": "
                    + e.getMessage() + "; amplifiers stay off", e);
        }
        try {
            return new Pi4jBoard(profile, scheduler, context, GpioDDigitalInputProvider.ID,
                    GpioDDigitalOutputProvider.ID, Map.of());
        } catch (RuntimeException e) {
            shutdownQuietly(context);
            throw new BoardOpenException(where + ": GPIO could not be opened on " + model.getLabel() + ": "
                    + e.getMessage() + "; amplifiers stay off", e);
        }
    }

    /**
     * Opens every pin, then reads each input's level; {@code beforeRead} may touch an input pin first (the
     * simulated board sets its mock levels there, before anything reads them).
     */
    Pi4jBoard(BoardProfile profile, Scheduler scheduler, Context context, String inputProvider,
            String outputProvider, Map<String, Consumer<DigitalInput>> beforeRead) {
        this.profile = profile;
        this.scheduler = scheduler;
        this.context = context;

        Map<String, Pi4jOutput> outs = new LinkedHashMap<>();
        for (var e : profile.outputsByRole().entrySet()) {
            outs.put(e.getKey(), new Pi4jOutput(e.getKey(), createOutput(e.getKey(), e.getValue(), outputProvider)));
        }
        this.outputs = Collections.unmodifiableMap(outs);

        Map<String, DigitalInput> pins = new LinkedHashMap<>();
        Map<String, BinaryInput> ins = new LinkedHashMap<>();
        for (var e : profile.inputsByRole().entrySet()) {
            String role = e.getKey();
            InputPin spec = e.getValue();
            DigitalInput pin = createInput(role, spec, inputProvider);
            var prepare = beforeRead.get(role);
            if (prepare != null) prepare.accept(pin);
            DebouncedInput debounced = new DebouncedInput(role, spec.debounce(), pin.isOn(), scheduler);
            pin.addListener(event -> debounced.rawChanged(spec.isActive(event.state() == DigitalState.HIGH)));
            pins.put(role, pin);
            ins.put(role, debounced);
            Logger.tag("board").info("{} on BCM {} ({}, pull {}, debounce {} ms) reads {}", role, spec.pin(),
                    spec.activeLow() ? "active low" : "active high", spec.pull().name().toLowerCase(),
                    spec.debounce().toMillis(), debounced.active() ? "active" : "inactive");
        }
        this.inputPins = Collections.unmodifiableMap(pins);
        this.inputs = Collections.unmodifiableMap(ins);

        List<Amplifier> amps = new ArrayList<>();
        for (Zone z : profile.amplifiers()) {
            amps.add(new SequencedAmplifier(z.name(), outputs.get(z.relayRole()),
                    Optional.ofNullable(inputs.get(z.faultRole())), z.settings(), scheduler));
        }
        this.amplifiers = List.copyOf(amps);
        Logger.tag("board").info("board {} open from {}: {} amplifier zone(s), {} input(s), {} output(s), safe state",
                profile.board().key(), profile.source(), amplifiers.size(), inputs.size(), outputs.size());
    }

    private DigitalOutput createOutput(String role, OutputPin spec, String provider) {
        DigitalOutputConfig config = DigitalOutput.newConfigBuilder(context)
                .id(pi4jId(role))
                .name(role)
                .address(spec.pin())
                .onState(level(spec.levelFor(true)))
                .initial(level(spec.levelFor(spec.initialOn())))
                .shutdown(level(spec.levelFor(spec.shutdownOn())))
                .provider(provider)
                .build();
        return context.create(config);
    }

    private DigitalInput createInput(String role, InputPin spec, String provider) {
        DigitalInputConfig config = DigitalInput.newConfigBuilder(context)
                .id(pi4jId(role))
                .name(role)
                .address(spec.pin())
                .onState(level(!spec.activeLow()))
                .pull(switch (spec.pull()) {
                    case UP -> PullResistance.PULL_UP;
                    case DOWN -> PullResistance.PULL_DOWN;
                    case OFF -> PullResistance.OFF;
                })
                .debounce(NO_DRIVER_DEBOUNCE)
                .provider(provider)
                .build();
        return context.create(config);
    }

    /** Pi4J ids are plain identifiers; role names use dots. */
    static String pi4jId(String role) {
        return "loa-" + role.replace('.', '-');
    }

    static DigitalState level(boolean high) {
        return high ? DigitalState.HIGH : DigitalState.LOW;
    }

    @Override public BoardProfile profile() { return profile; }

    @Override public List<Amplifier> amplifiers() { return amplifiers; }

    @Override public Optional<Amplifier> amplifier(String zone) {
        return amplifiers.stream().filter(a -> a.zone().equals(zone)).findFirst();
    }

    @Override public Map<String, BinaryInput> inputs() { return inputs; }

    @Override public Map<String, BinaryOutput> outputs() { return Collections.unmodifiableMap(outputs); }

    Map<String, DigitalInput> inputPins() { return inputPins; }

    Pi4jOutput pi4jOutput(String role) {
        Pi4jOutput out = outputs.get(role);
        if (out == null) {
            throw new IllegalArgumentException("no output role \"" + role + "\" on this board (roles: "
                    + String.join(", ", outputs.keySet()) + ")");
        }
        return out;
    }

    @Override public void safeState(String reason) {
        Logger.tag("board").warn("safe state ({}): amplifiers off, FM gate closed, mute on", reason);
        for (Zone z : profile.amplifiers()) outputs.get(z.relayRole()).set(false);
        for (OutputRole r : OutputRole.values()) {
            if (r.safetyCritical() && outputs.containsKey(r.key())) outputs.get(r.key()).set(r.safeOn());
        }
        Runnable follow = () -> amplifiers.forEach(a -> a.forceOff(reason));
        if (scheduler.inLoop()) {
            follow.run();
        } else {
            scheduler.execute(follow);
        }
    }

    @Override public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            safeState("board closing");
        } catch (RuntimeException e) {
            Logger.tag("board").error(e, "safe state failed while closing; Pi4J shutdown levels still apply");
        }
        outputs.values().forEach(Pi4jOutput::release);
        shutdownQuietly(context);
        Logger.tag("board").info("board {} closed: outputs at their shutdown states, GPIO released", profile.board().key());
    }

    /** One line for consoles: every amplifier, input and output with its state. */
    @Override public String toString() {
        StringBuilder b = new StringBuilder("board ").append(profile.board().key()).append(closed.get() ? " (closed)" : "");
        for (Amplifier a : amplifiers) b.append(" | amp ").append(a.zone()).append(' ').append(a.state());
        b.append(" | in");
        inputs.forEach((role, in) -> b.append(' ').append(role).append('=').append(in.active() ? "on" : "off"));
        b.append(" | out");
        outputs.forEach((role, out) -> b.append(' ').append(role).append('=').append(out.active() ? "on" : "off"));
        return b.toString();
    }

    private static void shutdownQuietly(Context context) {
        try {
            context.shutdown();
        } catch (RuntimeException e) {
            Logger.tag("board").error(e, "Pi4J shutdown failed");
        }
    }
}
