package vn.loa.ota.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;

/**
 * Read access to the files of a bundle wherever they are: a {@code bundle.zip}, an exploded folder, or the
 * files a device has downloaded. Paths use {@code /}, relative to the bundle root.
 */
public interface BundleContent {

    /** Every file path present (folders excluded). */
    Set<String> paths() throws IOException;

    /** Opens one file, or empty when it is absent. The caller closes the stream. */
    Optional<InputStream> open(String path) throws IOException;

    default Optional<byte[]> readAll(String path) throws IOException {
        Optional<InputStream> in = open(path);
        if (in.isEmpty()) return Optional.empty();
        try (InputStream s = in.get()) {
            return Optional.of(s.readAllBytes());
        }
    }
}
