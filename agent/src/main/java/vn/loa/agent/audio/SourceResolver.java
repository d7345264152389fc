package vn.loa.agent.audio;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import vn.loa.hal.time.Clock;

/**
 * Turns an item's source URIs into one {@link ByteSource}: {@code http(s)://} URLs become one stream with
 * the others as failovers, and the first non-HTTP source after them its stored fallback
 * ({@link FallbackSource}); {@code file:} or a plain path a file, {@code cache:SHA256} a cached bulletin
 * checked against its hash.
 *
 * <p>ffmpeg decodes HLS, AAC and MP4: a URL or file whose path ends in {@code .m3u8}, {@code .aac},
 * {@code .m4a} or {@code .mp4} goes to it directly; a file whose first bytes say so (an ADTS header,
 * {@code ftyp}, {@code #EXTM3U}) too; a stream whose Content-Type or first bytes say so is handed to it by
 * the {@link HttpStreamSource} once connected. When ffmpeg cannot be run the item fails saying it is needed.
 */
public final class SourceResolver {

    private final AudioConfig config;
    private final Clock clock;
    private final Random random;
    private final StoredContent stored;

    /** {@code cache:} sources are files in {@link AudioConfig#cacheDir()}. */
    public SourceResolver(AudioConfig config, Clock clock, Random random) {
        this(config, clock, random, StoredContent.folder(config.cacheDir()));
    }

    /**
     * @param random jitter for reconnect back-off (a seeded one in tests)
     * @param stored where {@code cache:SHA256} sources are found
     */
    public SourceResolver(AudioConfig config, Clock clock, Random random, StoredContent stored) {
        this.config = config;
        this.clock = clock;
        this.random = random;
        this.stored = java.util.Objects.requireNonNull(stored, "stored");
    }

    /**
     * Throws {@link IllegalArgumentException} with a message quoting the URI it cannot use, or naming the source
     * that {@code audio.allowSources} does not allow.
     */
    public ByteSource resolve(List<URI> sources, String sha256) {
        config.http().allow().refusal(sources).ifPresent(r -> {
            throw new IllegalArgumentException(r);
        });
        URI first = sources.get(0);
        String scheme = first.getScheme() == null ? "" : first.getScheme().toLowerCase(Locale.ROOT);
        String path = first.getPath() == null ? first.toString() : first.getPath();
        boolean viaFfmpeg = needsFfmpeg(path);
        switch (scheme) {
            case "http", "https" -> {
                if (viaFfmpeg) return ffmpeg(first.toString(), "HLS/AAC");
                List<URI> http = new ArrayList<>();
                URI fallback = null;
                for (URI u : sources) {
                    String s = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                    if (s.equals("http") || s.equals("https")) http.add(u);
                    else if (fallback == null) fallback = u;
                }
                HttpStreamSource stream = new HttpStreamSource(http, config.http(), random, clock,
                        (javax.net.ssl.SSLSocketFactory) javax.net.ssl.SSLSocketFactory.getDefault(),
                        (url, format) -> ffmpeg(url.toString(), format));
                if (fallback == null) return stream;
                return new FallbackSource(stream, resolve(List.of(fallback), sha256), config.fallbackAfter());
            }
            case "file", "" -> {
                Path p = scheme.isEmpty() ? Path.of(first.toString()) : Path.of(first);
                if (viaFfmpeg) return ffmpeg(p.toString(), "HLS/AAC");
                String sniffed = sniff(p);
                if (sniffed != null) return ffmpeg(p.toString(), sniffed);
                return new FileSource(p, sha256, first.toString());
            }
            case "cache" -> {
                String hex = first.getSchemeSpecificPart();
                if (!hex.matches("[0-9a-f]{64}")) {
                    throw new IllegalArgumentException("source '" + first + "': cache: needs 64 lower-case hex digits");
                }
                return new FileSource(stored.file(hex), hex, first.toString());
            }
            default -> throw new IllegalArgumentException("source '" + first + "': scheme '" + scheme
                    + "' is not playable (http, https, file, cache)");
        }
    }

    private FfmpegSource ffmpeg(String input, String format) {
        return new FfmpegSource(config.ffmpeg(), input, config.output(),
                new Backoff(config.http().backoffInitial(), config.http().backoffMax(), random), format);
    }

    /** What ffmpeg must decode in this file, by its first bytes; {@code null} when unreadable (FileSource says why). */
    static String sniff(Path file) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            return PcmDecoder.ffmpegFormat(in.readNBytes(PcmDecoder.SNIFF_BYTES), FileSource.contentTypeOf(file));
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    static boolean needsFfmpeg(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return p.endsWith(".m3u8") || p.endsWith(".aac") || p.endsWith(".m4a") || p.endsWith(".mp4");
    }
}
