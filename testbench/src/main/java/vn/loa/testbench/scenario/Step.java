package vn.loa.testbench.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import vn.loa.agent.broadcast.Level;
import vn.loa.testbench.netfault.Impairment;

/**
 * One scripted action of a scenario, due {@link #at()} after the scenario's start. {@link #index()} is its
 * position in the file's {@code steps} array, so messages can say {@code step[3]}.
 */
public sealed interface Step {

    int index();

    Duration at();

    /** The word after {@code "do"} in the file. */
    String word();

    /** One line for logs and the report, e.g. {@code fire emergency 'storm' (bulletin siren) to rx-1, rx-2}. */
    String describe();

    /** {@code step[3] at 5.00s}. */
    default String where() {
        return "step[" + index() + "] at " + ScenarioTime.format(at());
    }

    /** The headend fires item {@code id} (bulletin {@code bulletin}) at {@code level} to {@code receivers}. */
    record Fire(int index, Duration at, String id, Level level, String bulletin, List<String> receivers) implements Step {
        public Fire {
            Objects.requireNonNull(id);
            Objects.requireNonNull(level);
            receivers = List.copyOf(receivers);
        }

        @Override public String word() { return "fire"; }

        @Override public String describe() {
            return "fire " + level.lower() + " '" + id + "' (bulletin " + bulletin + ") to " + String.join(", ", receivers);
        }
    }

    /** The headend stops item {@code id} on {@code receivers}. */
    record Stop(int index, Duration at, String id, List<String> receivers) implements Step {
        public Stop {
            receivers = List.copyOf(receivers);
        }

        @Override public String word() { return "stop"; }

        @Override public String describe() {
            return "stop '" + id + "' on " + String.join(", ", receivers);
        }
    }

    /**
     * A one-off schedule entry {@code id}, due {@code due} after the scenario's start, is put directly on the own
     * schedule of each of {@code receivers} (not through the headend); they play it from their schedule.
     */
    record Schedule(int index, Duration at, String id, Level level, String bulletin, Duration due, List<String> receivers)
            implements Step {
        public Schedule {
            receivers = List.copyOf(receivers);
            if (due.compareTo(at) <= 0) {
                throw new IllegalArgumentException("schedule '" + id + "' is due at " + ScenarioTime.format(due)
                        + ", not after the step that sets it (" + ScenarioTime.format(at) + ")");
            }
        }

        @Override public String word() { return "schedule"; }

        @Override public String describe() {
            return "schedule " + level.lower() + " '" + id + "' (bulletin " + bulletin + ") due at " + ScenarioTime.format(due)
                    + " on " + String.join(", ", receivers);
        }
    }

    /** What happens to a receiver's link through its fault proxy. */
    sealed interface NetChange {
        /** Everything blackholed, as on a dead cellular link. */
        record Cut() implements NetChange { }

        /** The cut ends; any impairment set applies again. */
        record Restore() implements NetChange { }

        /** Delay, jitter, loss, bandwidth... on both directions. */
        record Impair(Impairment impairment) implements NetChange { }

        /** The carrier moves the receiver to a new public address. */
        record RebindNat() implements NetChange { }

        /** Every TCP connection is reset (RST both ways); UDP mappings are forgotten. */
        record Reset() implements NetChange { }

        default String describe() {
            return switch (this) {
                case Cut c -> "cut";
                case Restore r -> "restore";
                case Impair i -> "impair (" + i.impairment().describe() + ")";
                case RebindNat n -> "rebind NAT";
                case Reset r -> "reset connections";
            };
        }
    }

    record Net(int index, Duration at, NetChange change, List<String> receivers) implements Step {
        public Net {
            Objects.requireNonNull(change);
            receivers = List.copyOf(receivers);
        }

        @Override public String word() { return "net"; }

        @Override public String describe() {
            return "network " + change.describe() + " on " + String.join(", ", receivers);
        }
    }

    /** Mains power present or lost (the receiver runs on its battery). */
    record Mains(int index, Duration at, boolean present, List<String> receivers) implements Step {
        public Mains {
            receivers = List.copyOf(receivers);
        }

        @Override public String word() { return "mains"; }

        @Override public String describe() {
            return (present ? "restore" : "pull") + " mains on " + String.join(", ", receivers);
        }
    }

    /** The box's door (tamper switch) opened or closed. */
    record Door(int index, Duration at, boolean open, List<String> receivers) implements Step {
        public Door {
            receivers = List.copyOf(receivers);
        }

        @Override public String word() { return "door"; }

        @Override public String describe() {
            return (open ? "open" : "close") + " door on " + String.join(", ", receivers);
        }
    }

    /** The amplifier's fault (over-temperature) input tripped or cleared. */
    record AmpFault(int index, Duration at, boolean fault, List<String> receivers) implements Step {
        public AmpFault {
            receivers = List.copyOf(receivers);
        }

        @Override public String word() { return "ampFault"; }

        @Override public String describe() {
            return (fault ? "trip" : "clear") + " amplifier fault on " + String.join(", ", receivers);
        }
    }

    /**
     * The receiver's simulated disk quota used up ({@code full}) or freed: while full, its durable state (audit log,
     * play log, schedule) cannot be written, as on a full disk.
     */
    record Disk(int index, Duration at, boolean full, List<String> receivers) implements Step {
        public Disk {
            receivers = List.copyOf(receivers);
        }

        @Override public String word() { return "disk"; }

        @Override public String describe() {
            return (full ? "fill" : "free") + " the disk on " + String.join(", ", receivers);
        }
    }

    /** The headend sets the master volume. */
    record Volume(int index, Duration at, int volume, List<String> receivers) implements Step {
        public Volume {
            receivers = List.copyOf(receivers);
            if (volume < 0 || volume > 100) throw new IllegalArgumentException("volume " + volume + " outside 0..100");
        }

        @Override public String word() { return "volume"; }

        @Override public String describe() {
            return "volume " + volume + " on " + String.join(", ", receivers);
        }
    }

    /**
     * The headend offers the simulated station's test release over the air (as the console's {@code update});
     * {@code broken}: with the simulated defect that makes its trial fail ({@code update RX --broken}).
     */
    record Update(int index, Duration at, List<String> receivers, boolean broken) implements Step {
        public Update {
            receivers = List.copyOf(receivers);
        }

        @Override public String word() { return "update"; }

        @Override public String describe() {
            return "push the test release" + (broken ? " with a simulated defect" : "") + " to " + String.join(", ", receivers);
        }
    }

    /** Runs the receiver's self-tests ({@code ./loa diagnose}) and records the report. */
    record Diagnose(int index, Duration at, List<String> receivers) implements Step {
        public Diagnose {
            receivers = List.copyOf(receivers);
        }

        @Override public String word() { return "diagnose"; }

        @Override public String describe() {
            return "diagnose " + String.join(", ", receivers);
        }
    }

    /** Does nothing: the scenario lasts at least until {@link #at()}. */
    record Wait(int index, Duration at) implements Step {
        @Override public String word() { return "wait"; }

        @Override public String describe() {
            return "wait until " + ScenarioTime.format(at);
        }
    }
}
