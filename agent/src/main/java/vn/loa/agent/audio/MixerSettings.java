package vn.loa.agent.audio;

/**
 * The mixer's behaviour.
 *
 * @param masterVolume         0..100, used by items without a volume override
 * @param emergencyMinVolume   0..100, the least an EMERGENCY item is played at, whatever the volumes say
 * @param duckGain             gain (0..1) applied to a source while a higher level is audible
 * @param duckFrames           frames over which ducking moves
 * @param limitPeak            the limiter's ceiling as a fraction of full scale (0..1]
 */
public record MixerSettings(int masterVolume, int emergencyMinVolume, double duckGain, int duckFrames,
                            double limitPeak) {
    public MixerSettings {
        if (masterVolume < 0 || masterVolume > 100) throw new IllegalArgumentException("volume " + masterVolume + " outside 0..100");
        if (emergencyMinVolume < 0 || emergencyMinVolume > 100) {
            throw new IllegalArgumentException("emergency minimum volume " + emergencyMinVolume + " outside 0..100");
        }
        if (duckGain < 0 || duckGain > 1) throw new IllegalArgumentException("duck gain " + duckGain + " outside 0..1");
        if (limitPeak <= 0 || limitPeak > 1) throw new IllegalArgumentException("limiter peak " + limitPeak + " outside (0, 1]");
        if (duckFrames < 1) throw new IllegalArgumentException("duck frames must be positive");
    }
}
