package vn.loa.testbench.dashboard;

import java.util.Objects;
import java.util.Optional;

/**
 * What a technician sees of one receiver at one moment.
 *
 * @param id stable identifier used in actions (e.g. {@code rx-1}); letters, digits, '-', '_' and '.'
 * @param label a human name (e.g. {@code Ấp 3, cột 12})
 * @param registration state with the LwM2M server
 * @param registrationDetail e.g. the server address or why it was rejected; may be empty
 * @param amplifier the amplifier state as the HAL names it (e.g. {@code OFF}, {@code WARMING_UP}, {@code ON},
 *     {@code FAULT})
 * @param playing the item on air, if any
 * @param volume 0..100
 * @param bufferFill audio buffer fill 0..1
 * @param underruns audio underruns since start
 * @param mainsPresent mains power present
 * @param doorOpen door/tamper switch open
 * @param amplifierFault the amplifier's fault input is active
 * @param networkUp the receiver's network link is up (false when cut from the testbench)
 * @param impairment what the testbench does to its traffic besides a cut, e.g. {@code delay=100ms loss=5.0%}, or
 *     {@code clean}
 * @param diskFull its simulated disk quota is used up: its durable state (logs, schedule) cannot be written
 * @param version the agent version running
 * @param meter output level 0..1 (peak of the last tick) for the level meter
 * @param outOfService the headend took it out of service (remote kill switch): nothing plays, amplifiers off
 * @param speakerLineOpen a supervised speaker line is open (cable cut, loudspeaker disconnected)
 */
public record ReceiverView(String id, String label, Registration registration, String registrationDetail,
                           String amplifier, Optional<Playing> playing, int volume, double bufferFill,
                           long underruns, boolean mainsPresent, boolean doorOpen, boolean amplifierFault,
                           boolean networkUp, String impairment, boolean diskFull, String version, double meter,
                           boolean outOfService, boolean speakerLineOpen) {

    /** In service. */
    public ReceiverView(String id, String label, Registration registration, String registrationDetail,
                        String amplifier, Optional<Playing> playing, int volume, double bufferFill,
                        long underruns, boolean mainsPresent, boolean doorOpen, boolean amplifierFault,
                        boolean networkUp, String impairment, boolean diskFull, String version, double meter) {
        this(id, label, registration, registrationDetail, amplifier, playing, volume, bufferFill, underruns, mainsPresent,
                doorOpen, amplifierFault, networkUp, impairment, diskFull, version, meter, false, false);
    }

    /** Registration with the headend's LwM2M server. */
    public enum Registration { REGISTERING, REGISTERED, OFFLINE, REJECTED }

    public ReceiverView {
        if (id == null || !id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("receiver id '" + id + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(registration, "registration");
        Objects.requireNonNull(registrationDetail, "registrationDetail");
        Objects.requireNonNull(amplifier, "amplifier");
        Objects.requireNonNull(playing, "playing");
        Objects.requireNonNull(impairment, "impairment");
        Objects.requireNonNull(version, "version");
        if (volume < 0 || volume > 100) throw new IllegalArgumentException("receiver " + id + ": volume " + volume + " outside 0..100");
        if (!(bufferFill >= 0 && bufferFill <= 1)) {
            throw new IllegalArgumentException("receiver " + id + ": bufferFill " + bufferFill + " outside 0..1");
        }
        if (!(meter >= 0 && meter <= 1)) throw new IllegalArgumentException("receiver " + id + ": meter " + meter + " outside 0..1");
        if (underruns < 0) throw new IllegalArgumentException("receiver " + id + ": underruns " + underruns + " is negative");
    }
}
