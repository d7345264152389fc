package vn.loa.ota.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import vn.loa.ota.release.BundleBuilder;

/** Builds small signed bundles from pseudo-random "jars" for tests, and rewrites them to tamper. */
public final class TestBundles {

    public static final Instant CREATED = Instant.parse("2026-01-05T01:00:00Z");

    private TestBundles() {
    }

    /** Writes a file of {@code size} seeded pseudo-random bytes. */
    public static Path jar(Path dir, String name, int size, long seed) throws IOException {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        Files.createDirectories(dir);
        Path p = dir.resolve(name);
        Files.write(p, b);
        return p;
    }

    /** A builder over app.jar (20 kB) and two libraries (30 kB, 70 kB) in {@code dir}. */
    public static BundleBuilder builder(Path dir, String version, KeyPair key) throws IOException {
        return new BundleBuilder(Version.parse(version), key.getPrivate(), key.getPublic(), CREATED)
                .app(jar(dir, "loa-agent.jar", 20_000, 1))
                .lib(jar(dir, "loa-hal.jar", 30_000, 2))
                .lib(jar(dir, "tinylog.jar", 70_000, 3));
    }

    /** Copies a zip, passing every entry's bytes through {@code edit} (return null to drop the entry). */
    public static Path rewrite(Path zip, Path out, Map<String, UnaryOperator<byte[]>> edits, Map<String, byte[]> add)
            throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                try (InputStream in = z.getInputStream(e)) {
                    byte[] b = in.readAllBytes();
                    UnaryOperator<byte[]> f = edits.get(e.getName());
                    if (f != null) b = f.apply(b);
                    if (b != null) entries.put(e.getName(), b);
                }
            }
        }
        entries.putAll(add);
        try (OutputStream o = Files.newOutputStream(out); ZipOutputStream zo = new ZipOutputStream(o)) {
            for (var e : entries.entrySet()) {
                zo.putNextEntry(new ZipEntry(e.getKey()));
                zo.write(e.getValue());
                zo.closeEntry();
            }
        }
        return out;
    }
}
