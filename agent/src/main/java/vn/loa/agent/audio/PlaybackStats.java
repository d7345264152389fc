package vn.loa.agent.audio;

/**
 * A snapshot of one playback: buffer fill, underruns, decode problems and the source's connection history.
 *
 * @param bufferSeconds   audio buffered ahead (decoded and compressed), in seconds
 * @param underruns       times the buffer ran dry while playing
 * @param underrunSeconds silence inserted by underruns in all
 * @param playedSeconds   audio sent to the mixer
 * @param corruptFrames   frames skipped as undecodable
 * @param codec           {@code mp3}, {@code opus}, {@code wav}, or empty before the first bytes
 * @param driftPpm        the speed correction in force (parts per million)
 * @param unheardSeconds  audio of this playback mixed into blocks the sound card did not take (gone, busy)
 * @param unheardReason   the sound card's last error while that happened, or empty
 */
public record PlaybackStats(double bufferSeconds, int underruns, double underrunSeconds, double playedSeconds,
                            int corruptFrames, String codec, int driftPpm, int reconnects, int failovers,
                            String currentUrl, String title, String lastError, double unheardSeconds,
                            String unheardReason) {

    /** Everything heard: no unheard seconds. */
    public PlaybackStats(double bufferSeconds, int underruns, double underrunSeconds, double playedSeconds,
                         int corruptFrames, String codec, int driftPpm, int reconnects, int failovers,
                         String currentUrl, String title, String lastError) {
        this(bufferSeconds, underruns, underrunSeconds, playedSeconds, corruptFrames, codec, driftPpm, reconnects,
                failovers, currentUrl, title, lastError, 0, "");
    }
}
