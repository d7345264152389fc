package vn.loa.agent.audio;

import java.io.IOException;

/** Where a {@link ByteSource} puts compressed bytes: the track's bounded buffer. Fetch thread only. */
public interface FetchSink {

    /** A new connection or file starts; the decoder opens a fresh decoder at this point. */
    void beginSegment(String contentType, String where);

    /** Appends bytes, waiting while the buffer is full; throws once the track was closed. */
    void write(byte[] b, int off, int len) throws IOException;

    /** True once the track was closed: the source should return. */
    boolean stopped();
}
