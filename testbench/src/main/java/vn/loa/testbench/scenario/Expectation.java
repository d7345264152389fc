package vn.loa.testbench.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import vn.loa.agent.diagnose.Status;
import vn.loa.hal.Amplifier;

/**
 * Something that must hold once a scenario has run, judged on what the recorder saw. {@link #index()} is its
 * position in the file's {@code expect} array, so messages can say {@code expect[2]}.
 */
public sealed interface Expectation {

    int index();

    List<String> receivers();

    /** The word after {@code "expect"} in the file. */
    String word();

    /** What is expected, in words: {@code 'storm' completed, started within 2.00s of being fired}. */
    String describe();

    /** Registered with the headend within {@code within} of the station's start. */
    record Registered(int index, Duration within, List<String> receivers) implements Expectation {
        public Registered {
            receivers = List.copyOf(receivers);
        }

        @Override public String word() { return "registered"; }

        @Override public String describe() {
            return "registered within " + ScenarioTime.format(within) + " of the station's start";
        }
    }

    /**
     * Never registered during the scenario; with {@code failure} (a {@code RegistrationOutcome.Failure} name in
     * lower case with dashes, e.g. {@code handshake-failed}) at least one attempt must have failed that way.
     */
    record NotRegistered(int index, Optional<String> failure, List<String> receivers) implements Expectation {
        public NotRegistered {
            receivers = List.copyOf(receivers);
        }

        @Override public String word() { return "notRegistered"; }

        @Override public String describe() {
            return "never registered" + failure.map(f -> ", an attempt failed with " + f).orElse("");
        }
    }

    /**
     * Item {@code item} ended with {@code result} ({@code completed}, {@code preempted}, {@code stopped},
     * {@code refused}, {@code failed}); with {@code startedWithin}, first audible within that long of the time it
     * was fired (the fire step's actual time) or due (a schedule entry's due time).
     */
    record Aired(int index, String item, String result, Optional<Duration> startedWithin, List<String> receivers)
            implements Expectation {
        public static final List<String> RESULTS = List.of("completed", "preempted", "stopped", "refused", "failed");

        public Aired {
            Objects.requireNonNull(item);
            if (!RESULTS.contains(result)) throw new IllegalArgumentException("result '" + result + "' is not one of " + RESULTS);
            receivers = List.copyOf(receivers);
        }

        @Override public String word() { return "aired"; }

        @Override public String describe() {
            return "'" + item + "' " + result + startedWithin.map(w -> ", first audible within " + ScenarioTime.format(w)
                    + " of being fired or due").orElse("");
        }
    }

    /** Item {@code item} was never audible. */
    record NotAired(int index, String item, List<String> receivers) implements Expectation {
        public NotAired {
            receivers = List.copyOf(receivers);
        }

        @Override public String word() { return "notAired"; }

        @Override public String describe() {
            return "'" + item + "' never audible";
        }
    }

    /** Item {@code item} was cut off by item {@code by} (whether it resumed later or was dropped). */
    record Preempted(int index, String item, String by, List<String> receivers) implements Expectation {
        public Preempted {
            receivers = List.copyOf(receivers);
        }

        @Override public String word() { return "preempted"; }

        @Override public String describe() {
            return "'" + item + "' cut off by '" + by + "'";
        }
    }

    /** The amplifier reached {@code state} at or after {@code after}, and by {@code after + within} when given. */
    record AmplifierState(int index, Amplifier.State state, Duration after, Optional<Duration> within, List<String> receivers)
            implements Expectation {
        public AmplifierState {
            Objects.requireNonNull(state);
            receivers = List.copyOf(receivers);
        }

        @Override public String word() { return "amplifier"; }

        @Override public String describe() {
            return "amplifier " + state + " at or after " + ScenarioTime.format(after)
                    + within.map(w -> " and by " + ScenarioTime.format(after.plus(w))).orElse("");
        }
    }

    /** The update ended with {@code result} (an LwM2M Object 5 Update Result name, e.g. {@code update-failed}). */
    record UpdateResult(int index, String result, Optional<String> version, List<String> receivers) implements Expectation {
        public UpdateResult {
            receivers = List.copyOf(receivers);
        }

        @Override public String word() { return "updateResult"; }

        @Override public String describe() {
            return "update result " + result + version.map(v -> ", running version " + v).orElse("");
        }
    }

    /** No audio underrun in any item it played. */
    record NoUnderruns(int index, List<String> receivers) implements Expectation {
        public NoUnderruns {
            receivers = List.copyOf(receivers);
        }

        @Override public String word() { return "noUnderruns"; }

        @Override public String describe() {
            return "no audio underrun";
        }
    }

    /** The receiver's latest self-test report has check {@code check} with {@code status}. */
    record Diagnosed(int index, String check, Status status, List<String> receivers) implements Expectation {
        public Diagnosed {
            Objects.requireNonNull(check);
            Objects.requireNonNull(status);
            receivers = List.copyOf(receivers);
        }

        @Override public String word() { return "diagnose"; }

        @Override public String describe() {
            return "diagnose check '" + check + "' " + status;
        }
    }
}
