package vn.loa.agent.store;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tinylog.Logger;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.json.JsonNode;
import vn.loa.hal.time.Cancellable;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.Scheduler;

/**
 * Stored bulletins, kept by their sha256 in {@code DIR/SHA256}: downloaded whole before they are needed (HTTP,
 * resuming a partial {@code DIR/partial/SHA256.part} with a {@code Range} request), verified, then renamed into
 * place; verified again each time they are looked up to be played, so a corrupt or partial file is never
 * played (it is deleted and reported {@link Lookup.Corrupt}, and the caller fetches it again or fails the
 * item with the reason).
 *
 * <p>Stored files plus partial downloads never exceed the quota: room is made by evicting the least recently
 * used entries that no one pins ({@link #pin}); emergency content and pinned items are never evicted, and a
 * download that cannot fit fails with the reason. The index ({@code index.json}: sizes, use order, pins) is
 * written with {@link AtomicStateWriter}; files on disk not in it are adopted at open, entries without a file
 * dropped. Everything the cache writes (downloaded bytes, fsyncs, the rename into place, the index) goes through its
 * {@link Disk}, so a full disk (or a simulated receiver's quota) fails a download with the reason; reads and
 * deletions use the file system directly.
 *
 * <p>A stored item's source is written {@code cache:SHA256} (see {@link #uriOf}); the player resolves it with
 * {@link #resolve(URI)}. Thread-safe: {@link #fetch} blocks (run it on a fetcher thread, never on the control
 * loop); {@link #lookup} reads the file to verify it (a few ms per MB).
 */
public final class ContentCache implements AutoCloseable {

    /** The URI scheme for stored content: {@code cache:} followed by 64 lower-case hex digits. */
    public static final String SCHEME = "cache";
    private static final String INDEX = "index.json";
    private static final int BUFFER = 64 * 1024;

    /** What a lookup found. */
    public sealed interface Lookup {
        String sha256();

        /** Whole and verified: play {@code file}. */
        record Hit(String sha256, Path file, long size) implements Lookup { }

        /** Not stored (never fetched, or evicted). */
        record Missing(String sha256) implements Lookup { }

        /** Stored but damaged: deleted now; fetch it again. */
        record Corrupt(String sha256, String reason) implements Lookup { }
    }

    /** What a fetch did. */
    public sealed interface FetchResult {
        String sha256();

        /** Stored and verified; {@code downloaded} false when it was already there. */
        record Stored(String sha256, long size, boolean downloaded) implements FetchResult { }

        /** Not stored; {@code reason} says why (quoted source, HTTP status, hash, quota). */
        record Failed(String sha256, String reason) implements FetchResult { }
    }

    private record Entry(long size, long useSeq, Instant lastUsed) { }

    private final Path dir;
    private final Path partialDir;
    private final CacheConfig config;
    private final Clock clock;
    private final Scheduler scheduler;
    private final HttpClient http;
    private volatile vn.loa.agent.audio.SourceAllowList allow = vn.loa.agent.audio.SourceAllowList.ANY;
    private final boolean ownsHttp;
    private final Disk disk;
    private final AtomicStateWriter state;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, Set<String>> pins = new TreeMap<>();
    private final Set<String> inFlight = new HashSet<>();
    private long useSeq;

    private ContentCache(Path dir, CacheConfig config, Scheduler scheduler, HttpClient http, boolean ownsHttp, Disk disk) {
        this.scheduler = scheduler;
        this.disk = disk;
        this.state = new AtomicStateWriter(disk);
        Clock clock = scheduler.clock();
        this.dir = dir;
        this.partialDir = dir.resolve("partial");
        this.config = config;
        this.clock = clock;
        this.http = http;
        this.ownsHttp = ownsHttp;
    }

    /**
     * Opens (creating) the cache in {@code dir} with its own HTTP client, closed by {@link #close()}.
     * {@code scheduler} gives the time and runs the stall watchdog of downloads: a download that receives
     * nothing for {@code responseTimeout} is broken off (its part kept for resuming).
     */
    public static ContentCache open(Path dir, CacheConfig config, Scheduler scheduler) throws IOException {
        return open(dir, config, scheduler, RealDisk.INSTANCE);
    }

    /** As {@link #open(Path, CacheConfig, Scheduler)}, writing through {@code disk}. */
    public static ContentCache open(Path dir, CacheConfig config, Scheduler scheduler, Disk disk) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        ContentCache c = new ContentCache(dir, config, scheduler, client, true, disk);
        c.load();
        return c;
    }

    /** Opens with a caller's HTTP client; {@code ownsClient} says whether {@link #close()} closes it. */
    public static ContentCache open(Path dir, CacheConfig config, Scheduler scheduler, HttpClient client, boolean ownsClient)
            throws IOException {
        ContentCache c = new ContentCache(dir, config, scheduler, client, ownsClient, RealDisk.INSTANCE);
        c.load();
        return c;
    }

    /** {@code cache:SHA256} for a hash. */
    public static URI uriOf(String sha256) {
        requireSha(sha256);
        return URI.create(SCHEME + ":" + sha256);
    }

    /** The hash of a {@code cache:SHA256} URI, or empty for any other URI. */
    public static Optional<String> shaOf(URI uri) {
        if (!SCHEME.equals(uri.getScheme())) return Optional.empty();
        String s = uri.getSchemeSpecificPart();
        return s != null && s.matches("[0-9a-f]{64}") ? Optional.of(s) : Optional.empty();
    }

    /** For the player: the verified file behind a {@code cache:SHA256} source. */
    public Lookup resolve(URI source) {
        Optional<String> sha = shaOf(source);
        if (sha.isEmpty()) {
            throw new IllegalArgumentException("source '" + source + "' is not cache: followed by 64 lower-case hex digits");
        }
        return lookup(sha.get());
    }

    /** Verifies and returns a stored item (marking it used), or says why not. */
    public Lookup lookup(String sha256) {
        requireSha(sha256);
        Path file = dir.resolve(sha256);
        synchronized (this) {
            if (!entries.containsKey(sha256)) return new Lookup.Missing(sha256);
        }
        String actual;
        long size;
        try {
            size = Files.size(file);
            actual = hash(file);
        } catch (NoSuchFileException e) {
            synchronized (this) {
                entries.remove(sha256);
                saveQuietly();
            }
            return new Lookup.Missing(sha256);
        } catch (IOException e) {
            return corrupt(sha256, "stored file " + file + " cannot be read: " + e.getMessage());
        }
        if (!actual.equals(sha256)) {
            return corrupt(sha256, "stored file " + file + " (" + size + " bytes) hashes to " + actual + ", not its name");
        }
        synchronized (this) {
            entries.put(sha256, new Entry(size, ++useSeq, clock.now()));
            saveQuietly();
        }
        return new Lookup.Hit(sha256, file, size);
    }

    /** True if stored (not verified: {@link #lookup} verifies). */
    public synchronized boolean contains(String sha256) {
        return entries.containsKey(sha256);
    }

    /**
     * Replaces what {@code owner} pins (e.g. {@code "schedule"}: the content of emergency and pinned entries).
     * Pinned hashes are never evicted; they need not be stored yet. Durable on return (best effort: a write
     * failure is logged).
     */
    public synchronized void pin(String owner, Set<String> sha256s) {
        for (String s : sha256s) requireSha(s);
        if (sha256s.isEmpty()) pins.remove(owner);
        else pins.put(owner, new TreeSet<>(sha256s));
        saveQuietly();
    }

    public synchronized Set<String> pinned() {
        Set<String> all = new TreeSet<>();
        for (Set<String> s : pins.values()) all.addAll(s);
        return all;
    }

    /** Bytes used by stored items and partial downloads. */
    public synchronized long usedBytes() {
        return storedBytes() + partialBytes();
    }

    public long quotaBytes() {
        return config.quotaBytes();
    }

    /**
     * Downloads only from sources {@code allow} allows, after redirects too (a redirect elsewhere fails the fetch
     * with nothing stored). Every source until this is called.
     */
    public void allowOnly(vn.loa.agent.audio.SourceAllowList allow) {
        this.allow = java.util.Objects.requireNonNull(allow, "allow");
    }

    /** Stored hashes, least recently used first (the eviction order, pinned ones included). */
    public synchronized List<String> byLeastRecentUse() {
        List<String> out = new ArrayList<>(entries.keySet());
        out.sort(Comparator.comparingLong(s -> entries.get(s).useSeq()));
        return out;
    }

    /**
     * Downloads {@code url} unless stored already, resuming a partial download, and stores it if its sha256 is
     * {@code sha256}. Blocks; never on the control loop. Failures are values naming the source and the reason;
     * an interrupted download keeps its part for the next try.
     */
    public FetchResult fetch(URI url, String sha256) {
        requireSha(sha256);
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return new FetchResult.Failed(sha256, "source '" + url + "' is not http or https; cannot download it");
        }
        java.util.Optional<String> refused = allow.refusal(url);
        if (refused.isPresent()) {
            Logger.tag("cache").warn("fetch of {} refused: {}", sha256, refused.get());
            return new FetchResult.Failed(sha256, refused.get());
        }
        synchronized (this) {
            Entry e = entries.get(sha256);
            if (e != null) {
                return new FetchResult.Stored(sha256, e.size(), false);
            }
            if (!inFlight.add(sha256)) {
                return new FetchResult.Failed(sha256, "another download of " + sha256 + " is in progress");
            }
        }
        try {
            Files.createDirectories(partialDir);
            FetchResult r = download(url, sha256, true);
            switch (r) {
                case FetchResult.Stored s -> Logger.tag("cache").info("stored {} ({} bytes) from {}", sha256, s.size(), url);
                case FetchResult.Failed f -> Logger.tag("cache").warn("fetch of {} failed: {}", sha256, f.reason());
            }
            return r;
        } catch (IOException e) {
            return new FetchResult.Failed(sha256, "cannot write the cache in " + dir + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new FetchResult.Failed(sha256, "download of " + url + " interrupted (shutting down)");
        } finally {
            synchronized (this) {
                inFlight.remove(sha256);
            }
        }
    }

    private FetchResult download(URI url, String sha, boolean mayRetry) throws IOException, InterruptedException {
        Path part = partialDir.resolve(sha + ".part");
        long have = Files.exists(part) ? Files.size(part) : 0;
        HttpRequest.Builder rb = HttpRequest.newBuilder(url).timeout(config.responseTimeout()).GET();
        if (have > 0) rb.header("Range", "bytes=" + have + "-");
        HttpResponse<InputStream> resp;
        try {
            resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return new FetchResult.Failed(sha, "cannot reach " + url + ": " + describe(e));
        }
        try (InputStream in = resp.body()) {
            java.util.Optional<String> redirected = resp.uri().equals(url) ? java.util.Optional.empty()
                    : allow.refusal(resp.uri());
            if (redirected.isPresent()) {
                return new FetchResult.Failed(sha, vn.loa.ota.download.ShownUri.of(url) + " redirected to a "
                        + redirected.get() + "; nothing stored");
            }
            int status = resp.statusCode();
            boolean append;
            if (status == 206 && have > 0) {
                String range = resp.headers().firstValue("Content-Range").orElse("");
                if (!range.startsWith("bytes " + have + "-")) {
                    Files.deleteIfExists(part);
                    return mayRetry ? download(url, sha, false)
                            : new FetchResult.Failed(sha, "server " + url + " answered the range request with Content-Range '" + range + "'");
                }
                append = true;
            } else if (status == 200) {
                append = false;
                have = 0;
            } else if (status == 416 && have > 0) {
                Files.deleteIfExists(part);
                return mayRetry ? download(url, sha, false)
                        : new FetchResult.Failed(sha, "server " + url + " refused the range request (HTTP 416)");
            } else {
                return new FetchResult.Failed(sha, "HTTP " + status + " from " + url);
            }
            long length = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
            long room;
            synchronized (this) {
                long need = length >= 0 ? length : 0;
                if (!append) need -= currentSize(part);
                if (!makeRoom(need)) {
                    Files.deleteIfExists(part);
                    return new FetchResult.Failed(sha, "does not fit the cache quota: needs " + (have + Math.max(0, length))
                            + " bytes, " + config.quotaBytes() + " bytes quota with " + pinnedBytes() + " pinned");
                }
                room = config.quotaBytes() - usedBytes() + (append ? 0 : currentSize(part));
            }
            long written = 0;
            StallWatch watch = new StallWatch(in);
            try {
                if (!append) disk.write(part, new byte[0]);
                byte[] buf = new byte[BUFFER];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    watch.progress();
                    if (written + n > room) {
                        Files.deleteIfExists(part);
                        return new FetchResult.Failed(sha, "download of " + url + " exceeds the cache quota of "
                                + config.quotaBytes() + " bytes after " + (have + written) + " bytes; discarded");
                    }
                    try {
                        disk.append(part, java.util.Arrays.copyOf(buf, n));
                    } catch (IOException e) {
                        watch.stop();
                        Files.deleteIfExists(part);
                        return new FetchResult.Failed(sha, "cannot write " + part + " after " + (have + written)
                                + " bytes: " + describe(e) + " (disk full?); discarded");
                    }
                    written += n;
                }
            } catch (IOException e) {
                watch.stop();
                if (watch.stalled) return stalled(sha, url, have + written);
                return new FetchResult.Failed(sha, "download of " + url + " broke off after " + (have + written)
                        + " bytes (" + describe(e) + "); the part is kept and resumed next time");
            }
            watch.stop();
            if (watch.stalled) return stalled(sha, url, have + written);
            String actual = hash(part);
            long size = Files.size(part);
            if (!actual.equals(sha)) {
                Files.deleteIfExists(part);
                if (append && mayRetry) {
                    Logger.tag("cache").warn("resumed download of {} does not verify; fetching it whole", sha);
                    return download(url, sha, false);
                }
                return new FetchResult.Failed(sha, "sha256 mismatch: expected " + sha + " but " + url + " gave "
                        + size + " bytes hashing to " + actual + "; discarded");
            }
            disk.fsync(part);
            Path target = dir.resolve(sha);
            disk.rename(part, target);
            disk.fsyncDir(dir);
            synchronized (this) {
                entries.put(sha, new Entry(size, ++useSeq, clock.now()));
                save();
            }
            return new FetchResult.Stored(sha, size, true);
        }
    }

    private FetchResult stalled(String sha, URI url, long bytes) {
        return new FetchResult.Failed(sha, "download of " + url + " stalled: nothing received for "
                + config.responseTimeout().toSeconds() + " s after " + bytes + " bytes; the part is kept and resumed next time");
    }

    /**
     * Breaks off a body that stops arriving: checks on the scheduler every quarter of the response timeout and
     * closes the stream (which ends the blocked read) once nothing came for the whole timeout.
     */
    private final class StallWatch {
        private final InputStream in;
        private final Cancellable task;
        private volatile long last = clock.monotonicNanos();
        private volatile boolean stalled;

        StallWatch(InputStream in) {
            this.in = in;
            Duration every = config.responseTimeout().dividedBy(4);
            this.task = scheduler.scheduleAtFixedRate(every, every, this::check);
        }

        void progress() {
            last = clock.monotonicNanos();
        }

        private void check() {
            if (stalled || clock.monotonicNanos() - last < config.responseTimeout().toNanos()) return;
            stalled = true;
            task.cancel();
            try {
                in.close();
            } catch (IOException e) {
                Logger.tag("cache").warn("closing a stalled download: {}", e.toString());
            }
        }

        void stop() {
            task.cancel();
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static long currentSize(Path p) throws IOException {
        return Files.exists(p) ? Files.size(p) : 0;
    }

    /** Evicts least recently used, unpinned items until {@code need} more bytes fit. Holds the lock. */
    private boolean makeRoom(long need) throws IOException {
        if (usedBytes() + need <= config.quotaBytes()) return true;
        Set<String> pinned = pinned();
        boolean changed = false;
        for (String sha : byLeastRecentUse()) {
            if (usedBytes() + need <= config.quotaBytes()) break;
            if (pinned.contains(sha)) continue;
            Entry e = entries.remove(sha);
            Files.deleteIfExists(dir.resolve(sha));
            changed = true;
            Logger.tag("cache").info("evicted {} ({} bytes, least recently used) to make room for {} bytes", sha, e.size(), need);
        }
        if (changed) save();
        return usedBytes() + need <= config.quotaBytes();
    }

    private long storedBytes() {
        long sum = 0;
        for (Entry e : entries.values()) sum += e.size();
        return sum;
    }

    private long pinnedBytes() {
        long sum = 0;
        for (String s : pinned()) {
            Entry e = entries.get(s);
            if (e != null) sum += e.size();
        }
        return sum;
    }

    private long partialBytes() {
        long sum = 0;
        try (var s = Files.list(partialDir)) {
            for (Path p : (Iterable<Path>) s::iterator) sum += Files.size(p);
        } catch (IOException e) {
            return 0;
        }
        return sum;
    }

    private Lookup corrupt(String sha, String reason) {
        Logger.tag("cache").warn("{}; deleted, it will be fetched again", reason);
        synchronized (this) {
            entries.remove(sha);
            try {
                Files.deleteIfExists(dir.resolve(sha));
            } catch (IOException e) {
                Logger.tag("cache").error("cannot delete corrupt {}: {}", sha, e.toString());
            }
            saveQuietly();
        }
        return new Lookup.Corrupt(sha, reason);
    }

    static String hash(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = in.read(buf)) >= 0) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void requireSha(String sha) {
        if (sha == null || !sha.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("'" + sha + "' is not a sha256 (64 lower-case hex digits)");
        }
    }

    private synchronized void load() throws IOException {
        Files.createDirectories(partialDir);
        Path indexFile = dir.resolve(INDEX);
        Optional<byte[]> raw = state.read(indexFile);
        if (raw.isPresent()) {
            try {
                JsonNode root = JsonNode.parse(new String(raw.get(), StandardCharsets.UTF_8), indexFile.toString());
                useSeq = root.integer("useSeq", 0, 0, Long.MAX_VALUE);
                for (var e : root.object("entries").entries().entrySet()) {
                    JsonNode n = e.getValue();
                    Entry en = new Entry(n.integer("size", 0, 0, Long.MAX_VALUE), n.integer("use", 0, 0, Long.MAX_VALUE),
                            n.parsed("lastUsed", Instant.EPOCH, Instant::parse));
                    n.rejectUnknownKeys();
                    if (e.getKey().matches("[0-9a-f]{64}")) entries.put(e.getKey(), en);
                }
                for (var e : root.object("pins").entries().entrySet()) {
                    Set<String> s = new TreeSet<>();
                    if (e.getValue().raw() instanceof List<?> l) {
                        for (Object o : l) if (o instanceof String h && h.matches("[0-9a-f]{64}")) s.add(h);
                    }
                    pins.put(e.getKey(), s);
                }
                root.rejectUnknownKeys();
                root.problems().throwIfAny();
            } catch (ConfigException e) {
                Logger.tag("cache").warn("cache index unreadable ({}); rebuilding it from the files", e.getMessage());
                entries.clear();
                pins.clear();
            }
        }
        Set<String> onDisk = new HashSet<>();
        try (var s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (n.matches("[0-9a-f]{64}") && Files.isRegularFile(p)) onDisk.add(n);
            }
        }
        entries.keySet().removeIf(k -> !onDisk.contains(k));
        for (String sha : onDisk) {
            if (!entries.containsKey(sha)) entries.put(sha, new Entry(Files.size(dir.resolve(sha)), 0, Instant.EPOCH));
        }
        // A full disk must not keep the station from starting: the index is rebuilt from the files at the next open.
        saveQuietly();
        Logger.tag("cache").info("{}: {} item(s), {} of {} bytes used", dir, entries.size(), usedBytes(), config.quotaBytes());
    }

    private void save() throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("useSeq", useSeq);
        Map<String, Object> es = new LinkedHashMap<>();
        for (var e : entries.entrySet()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("size", e.getValue().size());
            m.put("use", e.getValue().useSeq());
            m.put("lastUsed", e.getValue().lastUsed().toString());
            es.put(e.getKey(), m);
        }
        root.put("entries", es);
        Map<String, Object> ps = new LinkedHashMap<>();
        for (var e : pins.entrySet()) ps.put(e.getKey(), new ArrayList<>(e.getValue()));
        root.put("pins", ps);
        state.write(dir.resolve(INDEX), JSON.std.asString(root).getBytes(StandardCharsets.UTF_8));
    }

    private void saveQuietly() {
        try {
            save();
        } catch (IOException e) {
            Logger.tag("cache").error("cannot write the cache index: {}", e.toString());
        }
    }

    @Override public void close() {
        if (ownsHttp) http.close();
    }
}
