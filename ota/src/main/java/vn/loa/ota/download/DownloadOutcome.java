package vn.loa.ota.download;

import vn.loa.ota.bundle.Verification;

/** The result of downloading a bundle. */
public sealed interface DownloadOutcome {

    /**
     * Every jar is in the library store and the whole bundle verified. {@code bytesFetched} counts jar bytes
     * confirmed this time; {@code jarsFetched}/{@code jarsReused} show what the incremental download saved.
     */
    record Downloaded(Verification.Accepted verification, byte[] manifestBytes, byte[] signature, long bytesFetched,
                      int jarsFetched, int jarsReused) implements DownloadOutcome { }

    record Failed(DownloadFailure kind, String reason) implements DownloadOutcome { }
}
