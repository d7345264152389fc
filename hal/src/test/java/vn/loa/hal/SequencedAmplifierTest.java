package vn.loa.hal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.loa.hal.Amplifier.State;
import vn.loa.hal.time.ManualScheduler;

class SequencedAmplifierTest {

    /** An in-memory relay that counts how often it closed. */
    static final class FakeRelay implements BinaryOutput {
        boolean on;
        int closings;

        @Override public String role() { return "amp.main.relay"; }
        @Override public boolean active() { return on; }
        @Override public void set(boolean active) {
            if (active && !on) closings++;
            on = active;
        }
    }

    private static final AmplifierSettings SETTINGS = AmplifierSettings.builder()
            .warmUp(Duration.ofSeconds(2)).hold(Duration.ofSeconds(30)).minOff(Duration.ofSeconds(10))
            .emergencyMinOff(Duration.ofSeconds(1)).faultBackoff(Duration.ofSeconds(30))
            .faultBackoffMax(Duration.ofMinutes(5)).faultRetriesPerHour(3).build();

    private final ManualScheduler loop = new ManualScheduler();
    private final FakeRelay relay = new FakeRelay();
    private final DebouncedInput fault = new DebouncedInput("amp.main.fault", Duration.ofMillis(100), false, loop);
    private final List<String> transitions = new ArrayList<>();
    private SequencedAmplifier amp;

    @BeforeEach
    void open() {
        amp = new SequencedAmplifier("main", relay, Optional.of(fault), SETTINGS, loop);
        amp.addListener((a, from, to, reason) -> transitions.add(from + "->" + to + ": " + reason));
    }

    private void faultFor(Duration d) {
        fault.rawChanged(true);
        loop.advance(Duration.ofMillis(100));
        loop.advance(d);
        fault.rawChanged(false);
        loop.advance(Duration.ofMillis(100));
    }

    private void runToOn() {
        amp.demand(false);
        loop.advance(SETTINGS.warmUp());
        assertThat(amp.state()).isEqualTo(State.ON);
    }

    @Test
    void demand_closes_the_relay_and_is_on_after_the_warm_up() {
        amp.demand(false);
        assertThat(amp.state()).isEqualTo(State.WARMING);
        assertThat(relay.on).isTrue();
        loop.advance(Duration.ofMillis(1999));
        assertThat(amp.state()).isEqualTo(State.WARMING);
        loop.advance(Duration.ofMillis(1));
        assertThat(amp.state()).isEqualTo(State.ON);
        assertThat(transitions).containsExactly(
                "OFF->WARMING: demand; relay closed, warm-up 2000 ms",
                "WARMING->ON: warm-up 2000 ms elapsed");
    }

    @Test
    void release_holds_then_opens_the_relay() {
        runToOn();
        amp.release();
        assertThat(amp.state()).isEqualTo(State.HOLD);
        assertThat(relay.on).isTrue();
        loop.advance(Duration.ofSeconds(29));
        assertThat(amp.state()).isEqualTo(State.HOLD);
        loop.advance(Duration.ofSeconds(1));
        assertThat(amp.state()).isEqualTo(State.OFF);
        assertThat(relay.on).isFalse();
        assertThat(transitions).last().isEqualTo("HOLD->OFF: idle hold 30000 ms elapsed; relay opened");
    }

    @Test
    void demand_during_hold_returns_to_on_without_cycling_the_relay() {
        runToOn();
        amp.release();
        loop.advance(Duration.ofSeconds(10));
        amp.demand(false);
        assertThat(amp.state()).isEqualTo(State.ON);
        assertThat(relay.closings).isEqualTo(1);
        loop.advance(Duration.ofMinutes(5));
        assertThat(amp.state()).as("the hold timer was cancelled").isEqualTo(State.ON);
    }

    @Test
    void emergency_demand_during_hold_is_on_at_once() {
        runToOn();
        amp.release();
        amp.demand(true);
        assertThat(amp.state()).isEqualTo(State.ON);
        assertThat(transitions).last().isEqualTo("HOLD->ON: emergency demand during hold; relay stayed closed");
    }

    @Test
    void emergency_demand_during_warm_up_does_not_shorten_it() {
        amp.demand(false);
        loop.advance(Duration.ofMillis(500));
        amp.demand(true);
        loop.advance(Duration.ofMillis(1499));
        assertThat(amp.state()).isEqualTo(State.WARMING);
        loop.advance(Duration.ofMillis(1));
        assertThat(amp.state()).isEqualTo(State.ON);
    }

    @Test
    void release_during_warm_up_still_finishes_the_warm_up_then_holds() {
        amp.demand(false);
        loop.advance(Duration.ofSeconds(1));
        amp.release();
        assertThat(amp.state()).isEqualTo(State.WARMING);
        amp.demand(false);
        loop.advance(Duration.ofMillis(999));
        assertThat(amp.state()).as("a new demand never skips the rest of the warm-up").isEqualTo(State.WARMING);
        amp.release();
        loop.advance(Duration.ofMillis(1));
        assertThat(amp.state()).isEqualTo(State.HOLD);
    }

    @Test
    void demand_within_minimum_off_time_waits_and_says_so() {
        runToOn();
        amp.release();
        loop.advance(Duration.ofSeconds(30));
        assertThat(amp.state()).isEqualTo(State.OFF);
        loop.advance(Duration.ofSeconds(3));
        amp.demand(false);
        assertThat(amp.state()).isEqualTo(State.OFF);
        assertThat(relay.on).isFalse();
        assertThat(amp.reason()).isEqualTo(
                "demand waits 7000 ms: minimum off time 10000 ms (relay wear) since the relay opened");
        loop.advance(Duration.ofMillis(6999));
        assertThat(amp.state()).isEqualTo(State.OFF);
        loop.advance(Duration.ofMillis(1));
        assertThat(amp.state()).isEqualTo(State.WARMING);
        assertThat(transitions).last().isEqualTo("OFF->WARMING: demand after waiting 7000 ms for minimum off time"
                + " 10000 ms; relay closed, warm-up 2000 ms");
        assertThat(relay.closings).isEqualTo(2);
    }

    @Test
    void emergency_demand_during_minimum_off_time_waits_only_the_emergency_minimum_and_still_warms_up() {
        runToOn();
        amp.forceOff("test");
        amp.demand(false);
        loop.advance(Duration.ofMillis(500));
        amp.demand(true);
        assertThat(amp.reason()).isEqualTo(
                "emergency demand waits 500 ms: minimum off time 1000 ms (relay wear) since the relay opened");
        loop.advance(Duration.ofMillis(500));
        assertThat(amp.state()).isEqualTo(State.WARMING);
        loop.advance(Duration.ofMillis(1999));
        assertThat(amp.state()).as("warm-up is never shortened").isEqualTo(State.WARMING);
        loop.advance(Duration.ofMillis(1));
        assertThat(amp.state()).isEqualTo(State.ON);
    }

    @Test
    void release_while_waiting_for_minimum_off_time_cancels_the_start() {
        runToOn();
        amp.forceOff("test");
        amp.demand(false);
        amp.release();
        loop.advance(Duration.ofMinutes(1));
        assertThat(amp.state()).isEqualTo(State.OFF);
        assertThat(relay.closings).isEqualTo(1);
    }

    @Test
    void fault_during_warm_up_opens_the_relay_and_locks_out() {
        amp.demand(false);
        loop.advance(Duration.ofSeconds(1));
        fault.rawChanged(true);
        loop.advance(Duration.ofMillis(100));
        assertThat(amp.state()).isEqualTo(State.FAULT);
        assertThat(relay.on).isFalse();
        assertThat(transitions).last().asString().startsWith("WARMING->FAULT: fault input active");
        loop.advance(Duration.ofHours(2));
        assertThat(amp.state()).as("no retry while the fault input stays active").isEqualTo(State.FAULT);
        assertThat(relay.closings).isEqualTo(1);
    }

    @Test
    void fault_while_on_opens_the_relay_and_retries_after_back_off_once_cleared() {
        runToOn();
        fault.rawChanged(true);
        loop.advance(Duration.ofMillis(100));
        assertThat(amp.state()).isEqualTo(State.FAULT);
        assertThat(relay.on).isFalse();
        loop.advance(Duration.ofMinutes(2));
        fault.rawChanged(false);
        loop.advance(Duration.ofMillis(100));
        assertThat(amp.reason()).isEqualTo("fault cleared; retry 1/3 this hour in 30000 ms (back-off)");
        loop.advance(Duration.ofMillis(29_999));
        assertThat(amp.state()).isEqualTo(State.FAULT);
        loop.advance(Duration.ofMillis(1));
        assertThat(transitions).contains("FAULT->OFF: fault retry 1/3 this hour after 30000 ms back-off");
        assertThat(amp.state()).as("still demanded, so it warms up again").isEqualTo(State.WARMING);
        loop.advance(SETTINGS.warmUp());
        assertThat(amp.state()).isEqualTo(State.ON);
    }

    @Test
    void back_off_doubles_with_each_retry_in_the_hour() {
        runToOn();
        faultFor(Duration.ofSeconds(1));
        assertThat(amp.reason()).endsWith("in 30000 ms (back-off)");
        loop.advance(Duration.ofSeconds(30));
        loop.advance(SETTINGS.warmUp());
        faultFor(Duration.ofSeconds(1));
        assertThat(amp.reason()).isEqualTo("fault cleared; retry 2/3 this hour in 60000 ms (back-off)");
        loop.advance(Duration.ofSeconds(60));
        loop.advance(SETTINGS.warmUp());
        faultFor(Duration.ofSeconds(1));
        assertThat(amp.reason()).isEqualTo("fault cleared; retry 3/3 this hour in 120000 ms (back-off)");
    }

    @Test
    void retry_cap_keeps_fault_until_a_retry_window_opens_never_a_tight_loop() {
        runToOn();
        for (int i = 0; i < 3; i++) {
            faultFor(Duration.ofSeconds(1));
            loop.advance(Duration.ofMinutes(5)); // past any back-off: retry happens
            assertThat(amp.state()).isIn(State.WARMING, State.ON);
            loop.advance(SETTINGS.warmUp());
        }
        assertThat(amp.retriesInLastHour()).isEqualTo(3);
        faultFor(Duration.ofSeconds(1));
        assertThat(amp.state()).isEqualTo(State.FAULT);
        assertThat(amp.reason()).startsWith("fault cleared; retry cap 3 per hour reached, next retry in ");
        int closings = relay.closings;

        // the first retry was made about 33 s in; its hour ends about 45 min from now
        loop.advance(Duration.ofMinutes(40));
        assertThat(amp.state()).isEqualTo(State.FAULT);
        assertThat(relay.closings).isEqualTo(closings);
        loop.advance(Duration.ofMinutes(10));
        assertThat(amp.state()).isIn(State.WARMING, State.ON);
        assertThat(relay.closings).isEqualTo(closings + 1);
        assertThat(transitions).filteredOn(t -> t.startsWith("FAULT->OFF")).hasSize(4);
    }

    @Test
    void fault_again_before_the_retry_cancels_it() {
        runToOn();
        faultFor(Duration.ofSeconds(1));
        loop.advance(Duration.ofSeconds(10));
        fault.rawChanged(true);
        loop.advance(Duration.ofMillis(100));
        assertThat(amp.reason()).isEqualTo("fault input active again before the retry; retry cancelled");
        loop.advance(Duration.ofHours(3));
        assertThat(amp.state()).isEqualTo(State.FAULT);
        assertThat(relay.closings).isEqualTo(1);
    }

    @Test
    void demand_during_fault_is_remembered_for_the_retry_but_force_off_clears_it() {
        amp.demand(false);
        loop.advance(SETTINGS.warmUp());
        faultFor(Duration.ofSeconds(1));
        amp.forceOff("operator kill");
        assertThat(amp.state()).isEqualTo(State.FAULT);
        loop.advance(Duration.ofMinutes(1));
        assertThat(amp.state()).as("retried, but nobody demands it").isEqualTo(State.OFF);
        assertThat(relay.on).isFalse();
    }

    @Test
    void fault_already_active_at_start_means_fault() {
        DebouncedInput stuck = new DebouncedInput("amp.x.fault", Duration.ZERO, true, loop);
        SequencedAmplifier x = new SequencedAmplifier("x", new FakeRelay(), Optional.of(stuck), SETTINGS, loop);
        assertThat(x.state()).isEqualTo(State.FAULT);
        x.demand(true);
        loop.advance(Duration.ofMinutes(10));
        assertThat(x.state()).isEqualTo(State.FAULT);
    }

    @Test
    void force_off_opens_the_relay_at_once_from_any_running_state() {
        runToOn();
        amp.forceOff("update switch");
        assertThat(amp.state()).isEqualTo(State.OFF);
        assertThat(relay.on).isFalse();
        assertThat(transitions).last().isEqualTo("ON->OFF: forced off: update switch");
        loop.advance(Duration.ofMinutes(5));
        assertThat(amp.state()).as("the demand went with the force-off").isEqualTo(State.OFF);
    }

    @Test
    void first_demand_after_start_does_not_wait_for_minimum_off_time() {
        amp.demand(false);
        assertThat(amp.state()).isEqualTo(State.WARMING);
    }
}
