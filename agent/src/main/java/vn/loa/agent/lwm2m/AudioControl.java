package vn.loa.agent.lwm2m;

import java.util.Optional;
import vn.loa.agent.broadcast.Level;
import vn.loa.hal.Amplifier;

/**
 * The station's audio output as the management plane sees it (Object 33000): read a snapshot, set the master volume,
 * mute and the emergency minimum volume. Implemented by the audio engine / arbiter.
 *
 * <p>Thread contract: every method may be called from a protocol thread; setters hand the change over to the control
 * loop and return at once (the change shows in {@link #status()} once applied). {@link #status()} returns a consistent
 * snapshot and never blocks. Listeners are called after any change of the status, from any thread, and must not block.
 */
public interface AudioControl {

    /**
     * @param volume             master volume 0..100
     * @param muted              master mute (emergencies still play: the arbiter decides)
     * @param emergencyMinVolume emergencies play at no less than this, 0..100
     * @param amplifier          the amplifier's state (of the main zone), reported as its lower-case name
     * @param amplifierFault     the amplifier's fault / over-temperature input is active
     * @param soundCardPresent   the audio output device is there
     * @param underruns          underruns of the sink since start
     * @param currentLevel       the level on air, empty when idle
     * @param currentItemId      the item on air, empty when idle
     * @param outOfService       held out of service (the remote kill switch): nothing plays, amplifiers off
     */
    record Status(int volume, boolean muted, int emergencyMinVolume, Amplifier.State amplifier, boolean amplifierFault,
                  boolean soundCardPresent, long underruns, Optional<Level> currentLevel, Optional<String> currentItemId,
                  boolean outOfService) {

        /** In service. */
        public Status(int volume, boolean muted, int emergencyMinVolume, Amplifier.State amplifier, boolean amplifierFault,
                      boolean soundCardPresent, long underruns, Optional<Level> currentLevel, Optional<String> currentItemId) {
            this(volume, muted, emergencyMinVolume, amplifier, amplifierFault, soundCardPresent, underruns, currentLevel,
                    currentItemId, false);
        }

        public Status {
            if (volume < 0 || volume > 100) throw new IllegalArgumentException("volume " + volume + " outside 0..100");
            if (emergencyMinVolume < 0 || emergencyMinVolume > 100) {
                throw new IllegalArgumentException("emergencyMinVolume " + emergencyMinVolume + " outside 0..100");
            }
            java.util.Objects.requireNonNull(amplifier, "amplifier");
            java.util.Objects.requireNonNull(currentLevel, "currentLevel");
            java.util.Objects.requireNonNull(currentItemId, "currentItemId");
        }
    }

    Status status();

    /** {@code volume} is 0..100 (checked by the caller). */
    void setVolume(int volume, String by);

    void setMuted(boolean muted, String by);

    /** {@code volume} is 0..100 (checked by the caller). */
    void setEmergencyMinVolume(int volume, String by);

    /**
     * Takes the receiver out of service (the remote kill switch: the item on air stops, the amplifiers go off, every
     * item is refused, emergencies too) or puts it back. Kept across restarts.
     */
    void setOutOfService(boolean outOfService, String by);

    void addStatusListener(Runnable listener);
}
