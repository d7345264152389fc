package vn.loa.ota.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** A {@code bundle.zip} as {@link BundleContent}. Holds the file open until {@link #close()}. */
public final class ZipBundle implements BundleContent, AutoCloseable {

    private final ZipFile zip;

    public ZipBundle(Path file) throws IOException {
        this.zip = new ZipFile(file.toFile());
    }

    @Override public Set<String> paths() {
        Set<String> out = new LinkedHashSet<>();
        for (ZipEntry e : Collections.list(zip.entries())) {
            if (!e.isDirectory()) out.add(e.getName());
        }
        return out;
    }

    @Override public Optional<InputStream> open(String path) throws IOException {
        ZipEntry e = zip.getEntry(path);
        return e == null || e.isDirectory() ? Optional.empty() : Optional.of(zip.getInputStream(e));
    }

    @Override public void close() throws IOException {
        zip.close();
    }
}
