package vn.loa.agent.lwm2m;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The station's own state as the management plane sees it (Objects 3 and 33002): power, tamper, temperature, uptime,
 * disk, clock, self-test. Implemented over the HAL and the agent.
 *
 * <p>Thread contract: {@link #read()} returns a consistent snapshot, never blocks on I/O (implementations cache), and may
 * be called from any thread. Listeners are called after a change worth a notification (mains lost or back, tamper,
 * clock trust, self-test result), from any thread, and must not block.
 */
public interface StationSensors {

    /**
     * @param mainsPresent     mains power is present
     * @param batteryPercent   battery charge 0..100 when the board has a battery sensor
     * @param tamper           the enclosure door / tamper switch is open
     * @param enclosureCelsius enclosure temperature when the board has a sensor
     * @param uptime           time since the agent started
     * @param diskFreeBytes    free bytes on the state / cache file system
     * @param clockTrusted     the wall clock is synchronised (NTP or server) and may be used for schedules
     * @param lastSelfTest     the last self-test's one-line result, empty when none ran yet
     * @param speakerLinesOpen the zones whose supervised speaker line is open, comma-separated ("" when every supervised
     *                         line is closed); empty when the board supervises no speaker line
     */
    record Reading(boolean mainsPresent, OptionalInt batteryPercent, boolean tamper, OptionalDouble enclosureCelsius,
                   Duration uptime, long diskFreeBytes, boolean clockTrusted, Optional<String> lastSelfTest,
                   Optional<String> speakerLinesOpen) {

        /** A board without speaker-line supervision. */
        public Reading(boolean mainsPresent, OptionalInt batteryPercent, boolean tamper, OptionalDouble enclosureCelsius,
                       Duration uptime, long diskFreeBytes, boolean clockTrusted, Optional<String> lastSelfTest) {
            this(mainsPresent, batteryPercent, tamper, enclosureCelsius, uptime, diskFreeBytes, clockTrusted, lastSelfTest,
                    Optional.empty());
        }

        public Reading {
            Objects.requireNonNull(speakerLinesOpen, "speakerLinesOpen");
            Objects.requireNonNull(batteryPercent, "batteryPercent");
            Objects.requireNonNull(enclosureCelsius, "enclosureCelsius");
            Objects.requireNonNull(uptime, "uptime");
            Objects.requireNonNull(lastSelfTest, "lastSelfTest");
            if (batteryPercent.isPresent() && (batteryPercent.getAsInt() < 0 || batteryPercent.getAsInt() > 100)) {
                throw new IllegalArgumentException("batteryPercent " + batteryPercent.getAsInt() + " outside 0..100");
            }
            if (diskFreeBytes < 0) throw new IllegalArgumentException("diskFreeBytes " + diskFreeBytes + " is negative");
        }
    }

    Reading read();

    void addChangeListener(Runnable listener);
}
