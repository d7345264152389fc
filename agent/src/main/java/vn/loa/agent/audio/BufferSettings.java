package vn.loa.agent.audio;

/**
 * How much a track buffers.
 *
 * @param startSeconds  fill at which a fresh track may start (the target; emergencies may use less)
 * @param targetSeconds fill to rebuffer to after an underrun, and the level drift correction holds
 * @param maxSeconds    the compressed buffer's bound, in seconds at the highest MP3 bitrate (320 kb/s)
 */
public record BufferSettings(double startSeconds, double targetSeconds, double maxSeconds) {

    /** Bytes per second assumed for sizing the compressed buffer: 320 kb/s. */
    public static final int SIZING_BYTES_PER_SECOND = 40_000;

    public BufferSettings {
        if (targetSeconds <= 0 || targetSeconds > maxSeconds) {
            throw new IllegalArgumentException("buffer target " + targetSeconds + " s must be in (0, max " + maxSeconds + " s]");
        }
        if (startSeconds < 0 || startSeconds > targetSeconds) {
            throw new IllegalArgumentException("buffer start " + startSeconds + " s must be in [0, target " + targetSeconds + " s]");
        }
    }

    public BufferSettings withStart(double seconds) {
        return new BufferSettings(Math.min(seconds, targetSeconds), targetSeconds, maxSeconds);
    }

    int capacityBytes() {
        return (int) Math.max(256 * 1024, maxSeconds * SIZING_BYTES_PER_SECOND);
    }
}
