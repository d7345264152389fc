package vn.loa.agent.runtime;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import vn.loa.agent.broadcast.Level;
import vn.loa.hal.Amplifier;

/**
 * One receiver at a glance, for the dashboard, the simulator and status lines. Immutable.
 *
 * @param name          the station's name ({@code station.name})
 * @param endpoint      its LwM2M endpoint name, empty without a management plane
 * @param registered    registered with its LwM2M server right now
 * @param amplifiers    every amplifier zone's state, in profile order
 * @param level         the level on air (or being prepared), empty when idle
 * @param itemId        the item on air (or being prepared), empty when idle
 * @param phase         the arbiter's phase: idle, waiting-amplifier, buffering, playing, rebuffering
 * @param volume        master volume 0..100
 * @param muted         master mute (emergencies still play)
 * @param bufferSeconds audio buffered ahead for the item on air
 * @param underruns     underruns since the station started
 * @param mains         mains power present
 * @param tamper        the cabinet door / tamper switch is open
 * @param clockTrusted  the wall clock may drive the schedule
 * @param version       the running agent release
 */
public record StationSnapshot(String name, Optional<String> endpoint, boolean registered,
                              Map<String, Amplifier.State> amplifiers, Optional<Level> level, Optional<String> itemId,
                              String phase, int volume, boolean muted, double bufferSeconds, long underruns,
                              boolean mains, boolean tamper, boolean clockTrusted, String version) {
    public StationSnapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(version, "version");
        amplifiers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(amplifiers));
    }
}
