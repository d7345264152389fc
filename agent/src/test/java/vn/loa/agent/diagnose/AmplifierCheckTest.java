package vn.loa.agent.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.loa.hal.Amplifier;
import vn.loa.hal.time.Cancellable;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.Scheduler;

class AmplifierCheckTest {

    /** Runs tasks at once on the caller: enough for a check that only executes. */
    private static final Scheduler INLINE = new Scheduler() {
        @Override public Clock clock() { return Clock.system(Clock.VIETNAM); }
        @Override public void execute(Runnable task) { task.run(); }
        @Override public Cancellable schedule(Duration delay, Runnable task) { throw new AssertionError("not used"); }
        @Override public Cancellable scheduleAtFixedRate(Duration i, Duration p, Runnable t) { throw new AssertionError("not used"); }
        @Override public boolean inLoop() { return true; }
    };

    /** An amplifier whose demand ends in {@code onDemand} (after WARMING), or stays WARMING when that is WARMING. */
    private static final class FakeAmp implements Amplifier {
        State state;
        final State onDemand;
        final List<Listener> listeners = new ArrayList<>();
        final List<String> calls = new ArrayList<>();

        FakeAmp(State initial, State onDemand) {
            this.state = initial;
            this.onDemand = onDemand;
        }

        void go(State to) {
            State from = state;
            state = to;
            listeners.forEach(l -> l.onTransition(this, from, to, "test"));
        }

        @Override public String zone() { return "main"; }
        @Override public State state() { return state; }
        @Override public void demand(boolean emergency) {
            calls.add("demand");
            go(State.WARMING);
            if (onDemand != State.WARMING) go(onDemand);
        }
        @Override public void release() { calls.add("release"); }
        @Override public void forceOff(String reason) { calls.add("forceOff"); go(State.OFF); }
        @Override public void addListener(Listener l) { listeners.add(l); }
    }

    private static CheckResult check(FakeAmp amp) throws InterruptedException {
        return new AmplifierCheck(amp, INLINE, Duration.ofMillis(200)).run();
    }

    @Test
    void an_idle_amplifier_is_cycled_and_left_off() throws InterruptedException {
        FakeAmp amp = new FakeAmp(Amplifier.State.OFF, Amplifier.State.ON);
        assertThat(check(amp)).isEqualTo(CheckResult.pass("zone main: relay cycled, warmed up and switched off again"));
        assertThat(amp.calls).containsExactly("demand", "forceOff");
        assertThat(amp.state()).isEqualTo(Amplifier.State.OFF);
    }

    @Test
    void an_active_fault_input_fails_with_cause_and_remedy() throws InterruptedException {
        CheckResult r = check(new FakeAmp(Amplifier.State.FAULT, Amplifier.State.FAULT));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.detail()).isEqualTo("zone main: fault input active");
        assertThat(r.cause()).isEqualTo("amplifier overheated or shorted (or its fault wire is loose)");
    }

    @Test
    void a_fault_when_switched_on_fails_and_the_amplifier_is_forced_off() throws InterruptedException {
        FakeAmp amp = new FakeAmp(Amplifier.State.OFF, Amplifier.State.FAULT);
        assertThat(check(amp).detail()).isEqualTo("zone main: fault input active when switched on");
        assertThat(amp.calls).containsExactly("demand", "forceOff");
    }

    @Test
    void an_amplifier_that_never_gets_ready_fails_within_the_bound_and_is_forced_off() throws InterruptedException {
        FakeAmp amp = new FakeAmp(Amplifier.State.OFF, Amplifier.State.WARMING);
        CheckResult r = check(amp);
        assertThat(r.detail()).isEqualTo("zone main: asked for, not ready within 200 ms");
        assertThat(r.remedy()).contains("relay");
        assertThat(amp.calls).containsExactly("demand", "forceOff");
    }

    @Test
    void an_amplifier_on_air_is_not_cycled() throws InterruptedException {
        FakeAmp amp = new FakeAmp(Amplifier.State.ON, Amplifier.State.ON);
        assertThat(check(amp).status()).isEqualTo(Status.PASS);
        assertThat(amp.calls).isEmpty();
    }
}
