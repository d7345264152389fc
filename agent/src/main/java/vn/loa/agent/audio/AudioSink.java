package vn.loa.agent.audio;

/**
 * Where the mixed output goes: a sound card or a WAV capture. Called only on the audio thread (or the
 * test's thread when a test drives the clock). A failure is an {@link AudioSinkException}; the engine
 * reports it, closes the sink and reopens it later, so implementations need not retry themselves.
 */
public interface AudioSink extends AutoCloseable {

    void open(PcmFormat format) throws AudioSinkException;

    /** Writes {@code frames} interleaved frames; may block briefly while a sound card drains its buffer. */
    void write(short[] samples, int frames) throws AudioSinkException;

    /** Releases the device or finishes the file. Idempotent; never throws. */
    @Override void close();

    /** For logs and status: the device or file name. */
    String describe();
}
