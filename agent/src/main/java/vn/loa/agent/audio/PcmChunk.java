package vn.loa.agent.audio;

/**
 * A run of decoded interleaved 16-bit samples in the decoder's own format. The array is owned by the
 * receiver once handed over (decoders allocate a fresh one per chunk).
 */
public record PcmChunk(short[] samples, int frames, PcmFormat format) {

    public PcmChunk {
        if (frames < 0 || (long) frames * format.channels() > samples.length) {
            throw new IllegalArgumentException(frames + " frames do not fit " + samples.length + " samples");
        }
    }
}
