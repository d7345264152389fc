package vn.loa.agent.audio;

import java.io.IOException;

/**
 * Where an item's compressed bytes come from: a file, an HTTP/Icecast stream, an ffmpeg subprocess. Runs on
 * its own fetch thread, owned by the track.
 */
public interface ByteSource {

    /**
     * Fetches until the content ends (returns normally), the sink is stopped (returns), or the source gives up
     * (throws, with a message naming the source and why). A live stream reconnects inside this call and only
     * returns when stopped. Interruption ends it too.
     */
    void fetch(FetchSink sink) throws IOException;

    /** True for a live stream: it never ends by itself and drift correction applies. */
    boolean live();

    FetchStats stats();

    /** Called from another thread when the track closes: release sockets and processes now. */
    default void abort() {
    }

    /** For logs: the URL or path. */
    String describe();
}
