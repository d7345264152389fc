package vn.loa.hal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import vn.loa.hal.Amplifier.State;
import vn.loa.hal.time.ManualScheduler;

/**
 * Random sequences of demands, releases, faults and time, checked against the sequencer's promises after
 * every step. Seeded, so a failure names the seed that reproduces it.
 */
class SequencedAmplifierInvariantsTest {

    private static final AmplifierSettings S = AmplifierSettings.builder()
            .warmUp(Duration.ofSeconds(2)).hold(Duration.ofSeconds(30)).minOff(Duration.ofSeconds(10))
            .emergencyMinOff(Duration.ofSeconds(1)).faultBackoff(Duration.ofSeconds(30))
            .faultBackoffMax(Duration.ofMinutes(5)).faultRetriesPerHour(3).build();

    private static final class Probe implements BinaryOutput {
        final ManualScheduler loop;
        boolean on;
        long closedAt = Long.MIN_VALUE;
        long openedAt = Long.MIN_VALUE;
        final List<String> violations = new ArrayList<>();

        Probe(ManualScheduler loop) { this.loop = loop; }

        @Override public String role() { return "amp.z.relay"; }
        @Override public boolean active() { return on; }
        @Override public void set(boolean active) {
            long now = loop.monotonicNanos();
            if (active && !on) {
                if (openedAt != Long.MIN_VALUE && now - openedAt < S.emergencyMinOff().toNanos()) {
                    violations.add("relay closed " + (now - openedAt) / 1_000_000 + " ms after opening");
                }
                closedAt = now;
            }
            if (!active && on) openedAt = now;
            on = active;
        }
    }

    @Test
    void promises_hold_under_random_operation() {
        for (long seed = 1; seed <= 60; seed++) {
            run(seed);
        }
    }

    private static void run(long seed) {
        Random r = new Random(seed);
        ManualScheduler loop = new ManualScheduler();
        Probe relay = new Probe(loop);
        DebouncedInput fault = new DebouncedInput("amp.z.fault", Duration.ofMillis(100), false, loop);
        SequencedAmplifier amp = new SequencedAmplifier("z", relay, Optional.of(fault), S, loop);
        List<Long> retries = new ArrayList<>();
        amp.addListener((a, from, to, reason) -> {
            long now = loop.monotonicNanos();
            if (to == State.ON && now - relay.closedAt < S.warmUp().toNanos()) {
                relay.violations.add("ON " + (now - relay.closedAt) / 1_000_000 + " ms after the relay closed");
            }
            if (to == State.WARMING && fault.active()) relay.violations.add("WARMING with the fault input active");
            if (from == State.FAULT) {
                retries.add(now);
                long inHour = retries.stream().filter(t -> now - t < Duration.ofHours(1).toNanos()).count();
                if (inHour > S.faultRetriesPerHour()) relay.violations.add(inHour + " retries within an hour");
            }
        });
        for (int step = 0; step < 300; step++) {
            switch (r.nextInt(8)) {
                case 0 -> amp.demand(false);
                case 1 -> amp.demand(true);
                case 2 -> amp.release();
                case 3 -> fault.rawChanged(true);
                case 4 -> fault.rawChanged(false);
                case 5 -> amp.forceOff("random");
                default -> { }
            }
            loop.advance(Duration.ofMillis(r.nextInt(r.nextBoolean() ? 3_000 : 120_000)));
            boolean shouldBeOn = amp.state() == State.WARMING || amp.state() == State.ON || amp.state() == State.HOLD;
            if (relay.on != shouldBeOn) relay.violations.add("relay " + relay.on + " in " + amp.state());
            assertThat(relay.violations).as("seed %d step %d", seed, step).isEmpty();
        }
    }
}
