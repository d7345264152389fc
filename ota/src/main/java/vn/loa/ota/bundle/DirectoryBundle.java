package vn.loa.ota.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Bundle files that live in ordinary files: an exploded bundle folder ({@link #folder(Path)}), or a device's
 * download where each manifest path maps to a file in the library store ({@link #mapped(Map)}).
 */
public final class DirectoryBundle implements BundleContent {

    private final Map<String, Path> files;

    private DirectoryBundle(Map<String, Path> files) {
        this.files = Map.copyOf(files);
    }

    /** Every regular file under {@code root}, by its {@code /}-separated relative path. */
    public static DirectoryBundle folder(Path root) throws IOException {
        Map<String, Path> m = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
                m.put(root.relativize(p).toString().replace('\\', '/'), p);
            }
        }
        return new DirectoryBundle(m);
    }

    public static DirectoryBundle mapped(Map<String, Path> files) {
        return new DirectoryBundle(files);
    }

    @Override public Set<String> paths() {
        return files.keySet();
    }

    @Override public Optional<InputStream> open(String path) throws IOException {
        Path p = files.get(path);
        if (p == null || !Files.isRegularFile(p)) return Optional.empty();
        return Optional.of(Files.newInputStream(p));
    }
}
