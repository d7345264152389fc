package vn.loa.agent.audio;

import java.io.IOException;

/** The bytes are not audio Loa can play (HTML page, unknown container, unsupported encoding). */
public final class AudioFormatException extends IOException {
    public AudioFormatException(String message) {
        super(message);
    }
}
