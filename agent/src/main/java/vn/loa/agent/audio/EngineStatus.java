package vn.loa.agent.audio;

/**
 * The engine's own health: the sink and the mixer.
 *
 * @param sinkOpen       the sound card (or capture) is open and taking audio
 * @param sink           its description
 * @param sinkErrors     open/write failures so far
 * @param lastSinkError  the latest one, or empty
 * @param ticks          mixer ticks run
 * @param audible        tracks in the mix now
 * @param clippedSamples samples clipped after the limiter (should stay 0)
 * @param peak           peak of the last block, 0..1
 */
public record EngineStatus(boolean sinkOpen, String sink, int sinkErrors, String lastSinkError, long ticks,
                           int audible, long clippedSamples, double peak) {
}
