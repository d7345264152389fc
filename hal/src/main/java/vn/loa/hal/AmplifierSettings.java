package vn.loa.hal;

import java.time.Duration;

/**
 * Timing of one amplifier zone's sequencer. All defaults live in {@link #DEFAULTS} and {@link Builder}.
 *
 * @param warmUp time from closing the relay until audio may flow; never shortened, not even for an emergency
 * @param hold idle time the amplifier stays on after the last release, so back-to-back items do not cycle
 *     the relay
 * @param minOff shortest time the relay stays open between two cycles (relay and power-supply wear)
 * @param emergencyMinOff the minimum off time an emergency demand waits instead of {@code minOff}
 * @param faultBackoff wait after a fault clears before the first retry; doubled for every retry already made
 *     in the last hour
 * @param faultBackoffMax cap of that doubling
 * @param faultRetriesPerHour how many times per sliding hour a faulted amplifier is switched on again; past
 *     that it stays in fault until the oldest retry is an hour old
 */
public record AmplifierSettings(Duration warmUp, Duration hold, Duration minOff, Duration emergencyMinOff,
        Duration faultBackoff, Duration faultBackoffMax, int faultRetriesPerHour) {

    public static final AmplifierSettings DEFAULTS = builder().build();

    public AmplifierSettings {
        positiveOrZero("warmUp", warmUp);
        positiveOrZero("hold", hold);
        positiveOrZero("minOff", minOff);
        positiveOrZero("emergencyMinOff", emergencyMinOff);
        positiveOrZero("faultBackoff", faultBackoff);
        positiveOrZero("faultBackoffMax", faultBackoffMax);
        if (emergencyMinOff.compareTo(minOff) > 0) {
            throw new IllegalArgumentException("emergencyMinOff " + emergencyMinOff.toMillis()
                    + " ms is longer than minOff " + minOff.toMillis() + " ms; an emergency never waits longer");
        }
        if (faultBackoffMax.compareTo(faultBackoff) < 0) {
            throw new IllegalArgumentException("faultBackoffMax " + faultBackoffMax.toMillis()
                    + " ms is shorter than faultBackoff " + faultBackoff.toMillis() + " ms");
        }
        if (faultRetriesPerHour < 1) {
            throw new IllegalArgumentException("faultRetriesPerHour must be 1 or more but was " + faultRetriesPerHour);
        }
    }

    private static void positiveOrZero(String name, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive but was " + d);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().warmUp(warmUp).hold(hold).minOff(minOff).emergencyMinOff(emergencyMinOff)
                .faultBackoff(faultBackoff).faultBackoffMax(faultBackoffMax).faultRetriesPerHour(faultRetriesPerHour);
    }

    /** Every setter documents its default; {@link #build()} validates. */
    public static final class Builder {
        private Duration warmUp = Duration.ofSeconds(2);
        private Duration hold = Duration.ofSeconds(30);
        private Duration minOff = Duration.ofSeconds(10);
        private Duration emergencyMinOff = Duration.ofSeconds(1);
        private Duration faultBackoff = Duration.ofSeconds(30);
        private Duration faultBackoffMax = Duration.ofMinutes(15);
        private int faultRetriesPerHour = 4;

        private Builder() { }

        /** By default 2 s (amplifiers take about 1-3 s before they carry audio cleanly). */
        public Builder warmUp(Duration d) { warmUp = d; return this; }

        /** By default 30 s. */
        public Builder hold(Duration d) { hold = d; return this; }

        /** By default 10 s. */
        public Builder minOff(Duration d) { minOff = d; return this; }

        /** By default 1 s; must not exceed {@code minOff}. */
        public Builder emergencyMinOff(Duration d) { emergencyMinOff = d; return this; }

        /** By default 30 s. */
        public Builder faultBackoff(Duration d) { faultBackoff = d; return this; }

        /** By default 15 min. */
        public Builder faultBackoffMax(Duration d) { faultBackoffMax = d; return this; }

        /** By default 4; at least 1, so a cleared fault is always retried eventually. */
        public Builder faultRetriesPerHour(int n) { faultRetriesPerHour = n; return this; }

        public AmplifierSettings build() {
            return new AmplifierSettings(warmUp, hold, minOff, emergencyMinOff, faultBackoff, faultBackoffMax,
                    faultRetriesPerHour);
        }
    }
}
