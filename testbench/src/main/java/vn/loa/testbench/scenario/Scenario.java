package vn.loa.testbench.scenario;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A scripted rehearsal, as read from a scenario file by {@link ScenarioParser}: which receivers and bulletins,
 * the steps in time order, and what must hold afterwards. Immutable.
 *
 * @param source       where it was read from (for messages)
 * @param startTimeout how long the runner waits for the receivers expected to register before the steps'
 *                     clock starts anyway
 * @param localTime    the station's local time of day when the scenario starts (see {@link RehearsalClock})
 */
public record Scenario(String name, String description, String source, List<ReceiverSpec> receivers,
                       Map<String, BulletinSpec> bulletins, List<Step> steps, List<Expectation> expectations,
                       Duration startTimeout, LocalTime localTime) {

    public Scenario {
        Objects.requireNonNull(name);
        Objects.requireNonNull(description);
        Objects.requireNonNull(source);
        Objects.requireNonNull(startTimeout);
        Objects.requireNonNull(localTime);
        receivers = List.copyOf(receivers);
        bulletins = Map.copyOf(bulletins);
        steps = steps.stream().sorted(Comparator.comparing(Step::at).thenComparingInt(Step::index)).toList();
        expectations = List.copyOf(expectations);
        if (receivers.stream().noneMatch(ReceiverSpec::expectedToRegister)) {
            throw new IllegalArgumentException("scenario " + name + " needs at least one receiver with the right PSK");
        }
    }

    /** When the last step is due: the scenario runs this long after its start (then expectations are judged). */
    public Duration length() {
        return steps.stream().map(Step::at).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }

    public Optional<ReceiverSpec> receiver(String name) {
        return receivers.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
