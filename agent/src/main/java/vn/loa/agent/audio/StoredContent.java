package vn.loa.agent.audio;

import java.nio.file.Path;

/**
 * Where the engine finds the file behind a {@code cache:SHA256} source: the station's content cache (verified, marked
 * used, a damaged file deleted and reported), or a plain folder for tools that run without one.
 *
 * <p>Called when an item's playback is opened (on the control loop); may read the file to verify it.
 */
@FunctionalInterface
public interface StoredContent {

    /**
     * The file holding the content with this hash. Throws {@link IllegalArgumentException} with the reason, naming
     * the hash, when it cannot be played (not stored, damaged); the item then fails with that reason.
     */
    Path file(String sha256);

    /** {@code dir/SHA256}, checked against its hash only when played. */
    static StoredContent folder(Path dir) {
        return dir::resolve;
    }
}
