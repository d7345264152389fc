package vn.loa.ota.download;

/** Why a download stopped, in the terms LwM2M Object 5's Update Result distinguishes. */
public enum DownloadFailure {
    /** The link dropped too often without progress; a later attempt resumes. */
    CONNECTION_LOST,
    /** The bytes do not match the signed manifest, or the signature does not hold. */
    INTEGRITY,
    /** Signed and intact but not for this device (board, launcher, downgrade, expiry). */
    UNSUPPORTED_PACKAGE,
    /** Not enough free disk for the jars still to fetch. */
    OUT_OF_STORAGE,
    /** The URI is malformed or the server says the file does not exist. */
    INVALID_URI,
    /** A scheme this device does not download from (only http and https). */
    UNSUPPORTED_PROTOCOL,
    /** Somebody cancelled it (an empty Package URI was written). */
    CANCELLED
}
