package vn.loa.agent.audio;

/** A sink could not be opened or written: device gone or busy, disk full. The message names the sink. */
public final class AudioSinkException extends Exception {
    public AudioSinkException(String message, Throwable cause) {
        super(message, cause);
    }

    public AudioSinkException(String message) {
        super(message);
    }
}
