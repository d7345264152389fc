package vn.loa.testbench.scenario;

import java.time.Duration;
import java.util.Objects;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.diagnose.DiagnoseReport;
import vn.loa.hal.Amplifier;

/**
 * Something a receiver did or suffered during a scenario, as the {@link Recorder} saw it. {@link #at()} is
 * relative to the scenario's start (negative before it, e.g. a registration while the station came up).
 */
public sealed interface ScenarioEvent {

    Duration at();

    String receiver();

    /** The same event at another time (the recorder re-bases times once the scenario's start is known). */
    ScenarioEvent shifted(Duration by);

    /**
     * A registration attempt's outcome: {@code registered}, {@code failed} (with {@code failure}, e.g.
     * {@code handshake-failed}) or {@code deregistered}.
     */
    record Registration(Duration at, String receiver, String outcome, String failure, String detail) implements ScenarioEvent {
        public Registration {
            Objects.requireNonNull(outcome);
            Objects.requireNonNull(failure);
            Objects.requireNonNull(detail);
        }

        @Override public Registration shifted(Duration by) {
            return new Registration(at.minus(by), receiver, outcome, failure, detail);
        }
    }

    record ItemQueued(Duration at, String receiver, String itemId, Level level) implements ScenarioEvent {
        @Override public ItemQueued shifted(Duration by) {
            return new ItemQueued(at.minus(by), receiver, itemId, level);
        }
    }

    /** First audible (the amplifier was ON and the audio went into the mix). */
    record ItemStarted(Duration at, String receiver, String itemId, Level level) implements ScenarioEvent {
        @Override public ItemStarted shifted(Duration by) {
            return new ItemStarted(at.minus(by), receiver, itemId, level);
        }
    }

    record ItemInterrupted(Duration at, String receiver, String itemId, String by) implements ScenarioEvent {
        @Override public ItemInterrupted shifted(Duration d) {
            return new ItemInterrupted(at.minus(d), receiver, itemId, by);
        }
    }

    record ItemEnded(Duration at, String receiver, String itemId, Level level, ItemResult result, int underruns,
                     Duration airtime) implements ScenarioEvent {
        @Override public ItemEnded shifted(Duration by) {
            return new ItemEnded(at.minus(by), receiver, itemId, level, result, underruns, airtime);
        }
    }

    record AmplifierTransition(Duration at, String receiver, Amplifier.State from, Amplifier.State to, String reason)
            implements ScenarioEvent {
        @Override public AmplifierTransition shifted(Duration by) {
            return new AmplifierTransition(at.minus(by), receiver, from, to, reason);
        }
    }

    /**
     * A fault put on the receiver or seen by it: {@code mains-lost}, {@code door-open}, {@code amplifier-fault},
     * {@code network}, {@code disk-full}, with whether it became active or cleared.
     */
    record Fault(Duration at, String receiver, String fault, boolean active, String detail) implements ScenarioEvent {
        @Override public Fault shifted(Duration by) {
            return new Fault(at.minus(by), receiver, fault, active, detail);
        }
    }

    /** An over-the-air update ended: {@code result} as an Object 5 Update Result word ({@code success}, ...). */
    record UpdateOutcome(Duration at, String receiver, String result, String version, String detail) implements ScenarioEvent {
        @Override public UpdateOutcome shifted(Duration by) {
            return new UpdateOutcome(at.minus(by), receiver, result, version, detail);
        }
    }

    record Diagnosed(Duration at, String receiver, DiagnoseReport report) implements ScenarioEvent {
        @Override public Diagnosed shifted(Duration by) {
            return new Diagnosed(at.minus(by), receiver, report);
        }
    }
}
