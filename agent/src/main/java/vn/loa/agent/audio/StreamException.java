package vn.loa.agent.audio;

import java.io.IOException;

/**
 * A stream URL failed. {@link #permanent()} means trying the same URL again will not help (HTML page,
 * 4xx, redirect loop, bad scheme); otherwise it is worth a reconnect (refused, timeout, 5xx, stall).
 */
public final class StreamException extends IOException {
    private final boolean permanent;

    public StreamException(String message, boolean permanent) {
        super(message);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
