package vn.loa.ota.download;

import java.nio.file.Path;

/** The result of fetching one file into the chunk store. */
public sealed interface FetchOutcome {

    /** The whole file is on disk, its size and SHA-256 checked. */
    record Complete(Path file, long bytesTransferred, int restarts) implements FetchOutcome { }

    /** It could not be fetched now; the chunks already stored stay for the next attempt (except on INTEGRITY). */
    record Failed(DownloadFailure kind, String reason, long bytesTransferred) implements FetchOutcome { }
}
