package vn.loa.agent.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A local file or a cached bulletin. When an expected SHA-256 is given the whole file is hashed first and a
 * mismatch refuses to play it (a corrupt cache entry must not go on air).
 */
public final class FileSource implements ByteSource {

    private final Path file;
    private final String sha256;
    private final String name;
    private final FetchStats stats = new FetchStats();

    /** @param sha256 expected lower-case hex digest, or {@code null} to skip the check */
    public FileSource(Path file, String sha256) {
        this(file, sha256, file.toString());
    }

    /**
     * @param sha256 expected lower-case hex digest, or {@code null} to skip the check
     * @param name   the source as the item gave it ({@code file:/...}, {@code cache:SHA256}): its
     *               {@link FetchStats#currentUrl()} once open, so the play log names the source the item listed
     */
    public FileSource(Path file, String sha256, String name) {
        this.file = file;
        this.sha256 = sha256;
        this.name = java.util.Objects.requireNonNull(name, "name");
    }

    @Override public void fetch(FetchSink sink) throws IOException {
        if (!Files.isRegularFile(file)) {
            String msg = file + ": " + (Files.exists(file) ? "is not a regular file" : "file not found");
            stats.error(msg);
            throw new NoSuchFileException(msg);
        }
        if (sha256 != null) verify();
        stats.connected(name);
        sink.beginSegment(contentTypeOf(file), file.toString());
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while (!sink.stopped() && (n = in.read(buf)) > 0) {
                sink.write(buf, 0, n);
                stats.addBytes(n);
            }
        }
    }

    private void verify() throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
            }
            String got = HexFormat.of().formatHex(md.digest());
            if (!got.equals(sha256)) {
                String msg = file + ": SHA-256 is " + got + " but the item expects " + sha256 + "; not played";
                stats.error(msg);
                throw new IOException(msg);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    static String contentTypeOf(Path p) {
        String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith(".mp3")) return "audio/mpeg";
        if (n.endsWith(".opus") || n.endsWith(".ogg")) return "audio/ogg";
        if (n.endsWith(".wav")) return "audio/wav";
        return "";
    }

    @Override public boolean live() {
        return false;
    }

    @Override public FetchStats stats() {
        return stats;
    }

    @Override public String describe() {
        return file.toString();
    }
}
