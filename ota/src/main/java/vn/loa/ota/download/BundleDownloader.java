package vn.loa.ota.download;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.tinylog.Logger;
import vn.loa.ota.bundle.BundleFile;
import vn.loa.ota.bundle.BundleVerifier;
import vn.loa.ota.bundle.DirectoryBundle;
import vn.loa.ota.bundle.Manifest;
import vn.loa.ota.bundle.Verification;
import vn.loa.ota.bundle.VerifyPolicy;
import vn.loa.ota.launcher.FileOps;
import vn.loa.ota.slots.SlotInstaller;

/**
 * Downloads a bundle published as a folder (the unzipped {@code bundle.zip}) from its Package URI, which names
 * {@code manifest.json} or the folder ending in {@code /}: first the manifest and its signature, checked before
 * anything else is fetched; then a free-space check (of the library store too when it is on another file system);
 * then only the jars the library store lacks, each through
 * {@link ChunkFetcher}; then the whole bundle is verified from the store.
 *
 * <p>Blocking; call it from a download worker, never from the control loop. Not thread-safe.
 */
public final class BundleDownloader {

    /** Largest manifest or signature accepted (a manifest lists jars; it is small). */
    public static final int MAX_CONTROL_FILE = 1 << 20;
    /** Kept free beyond the jars' own bytes (state files, logs). */
    public static final long SPACE_MARGIN = 4L << 20;

    private final HttpClient http;
    private final SlotInstaller store;
    private final FileOps fs;
    private final LongSupplier usableSpace;
    private final Optional<LongSupplier> storeSpace;
    private final Duration requestTimeout;
    private final BundleVerifier verifier = new BundleVerifier();

    /** {@code usableSpace} reports free bytes where the download and the store live (one file system). */
    public BundleDownloader(HttpClient http, SlotInstaller store, FileOps fs, LongSupplier usableSpace, Duration requestTimeout) {
        this(http, store, fs, usableSpace, Optional.empty(), requestTimeout);
    }

    /**
     * For a download folder ({@code stateDir}) on another file system than the library store ({@code root}):
     * {@code downloadSpace} reports free bytes for the chunks, {@code storeSpace} for the jars they are copied into.
     */
    public BundleDownloader(HttpClient http, SlotInstaller store, FileOps fs, LongSupplier downloadSpace,
                            LongSupplier storeSpace, Duration requestTimeout) {
        this(http, store, fs, downloadSpace, Optional.of(storeSpace), requestTimeout);
    }

    private BundleDownloader(HttpClient http, SlotInstaller store, FileOps fs, LongSupplier usableSpace,
                             Optional<LongSupplier> storeSpace, Duration requestTimeout) {
        this.http = http;
        this.store = store;
        this.fs = fs;
        this.usableSpace = usableSpace;
        this.storeSpace = storeSpace;
        this.requestTimeout = requestTimeout;
    }

    /** The {@code manifest.json} address a Package URI stands for, or a failure naming what is wrong with it. */
    public static Optional<DownloadOutcome.Failed> checkUri(String packageUri) {
        URI u;
        try {
            u = new URI(packageUri.trim());
        } catch (Exception e) {
            return Optional.of(new DownloadOutcome.Failed(DownloadFailure.INVALID_URI, "package URI '" + ShownUri.of(packageUri) + "' is not a URI"));
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.startsWith("coap")) {
            return Optional.of(new DownloadOutcome.Failed(DownloadFailure.UNSUPPORTED_PROTOCOL,
                    "package URI '" + ShownUri.of(packageUri) + "': CoAP download is not supported; use http or https"));
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of(new DownloadOutcome.Failed(scheme.isEmpty() ? DownloadFailure.INVALID_URI : DownloadFailure.UNSUPPORTED_PROTOCOL,
                    "package URI '" + ShownUri.of(packageUri) + "': expected scheme 'http' or 'https' but was '" + scheme + "'"));
        }
        if (u.getHost() == null) {
            return Optional.of(new DownloadOutcome.Failed(DownloadFailure.INVALID_URI, "package URI '" + ShownUri.of(packageUri) + "' has no host"));
        }
        if (u.getPath() != null && u.getPath().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            return Optional.of(zipRefused("package URI '" + ShownUri.of(packageUri) + "' names a zip file"));
        }
        return Optional.empty();
    }

    /** Bytes every zip file starts with ({@code PK\3\4}). */
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    /** A bundle.zip where the unzipped bundle folder was expected: unsupported package, saying how to publish. */
    static DownloadOutcome.Failed zipRefused(String what) {
        return new DownloadOutcome.Failed(DownloadFailure.UNSUPPORTED_PACKAGE, what + ": unsupported package type; a receiver"
                + " downloads the unzipped bundle: publish the files of bundle.zip as a folder and write the URI of its"
                + " manifest.json (or of the folder, ending in /) (docs/ota.md, Publishing and downloading)");
    }

    static URI manifestUri(String packageUri) {
        URI u = URI.create(packageUri.trim());
        return u.getPath() == null || u.getPath().isEmpty() || u.getPath().endsWith("/") ? u.resolve(Manifest.FILE) : u;
    }

    public DownloadOutcome download(String packageUri, VerifyPolicy policy, BooleanSupplier cancelled) throws IOException {
        Optional<DownloadOutcome.Failed> bad = checkUri(packageUri);
        if (bad.isPresent()) return bad.get();
        URI manifestUri = manifestUri(packageUri);
        Path dir = store.layout().downloads();
        fs.mkdirs(dir);

        Small manifest = small(manifestUri);
        if (manifest.failure() != null) return manifest.failure();
        Small sig = small(manifestUri.resolve(Manifest.SIGNATURE_FILE));
        if (sig.failure() != null) return sig.failure();
        Verification head = verifier.verifyManifest(Optional.of(manifest.bytes()), Optional.of(sig.bytes()), policy);
        if (head instanceof Verification.Refused r) {
            Logger.tag("ota").warn("refused {} before downloading jars: {}", ShownUri.of(manifestUri), r.reason());
            return new DownloadOutcome.Failed(r.kind() == Verification.Kind.INTEGRITY ? DownloadFailure.INTEGRITY
                    : DownloadFailure.UNSUPPORTED_PACKAGE, r.reason());
        }
        Manifest m = ((Verification.Accepted) head).manifest();

        long needed = 0;
        long missing = 0;
        int reused = 0;
        for (BundleFile f : m.files()) {
            if (store.has(f)) {
                reused++;
            } else {
                needed += f.size() - ChunkFetcher.confirmed(dir, f.sha256());
                missing += f.size();
            }
        }
        long free = usableSpace.getAsLong();
        if (needed + SPACE_MARGIN > free) {
            return new DownloadOutcome.Failed(DownloadFailure.OUT_OF_STORAGE, m.version() + " needs " + needed
                    + " more bytes (+" + SPACE_MARGIN + " margin) but only " + free + " are free"
                    + (storeSpace.isPresent() ? " in " + dir : "") + "; nothing downloaded");
        }
        if (storeSpace.isPresent()) {
            long storeFree = storeSpace.get().getAsLong();
            if (missing + SPACE_MARGIN > storeFree) {
                return new DownloadOutcome.Failed(DownloadFailure.OUT_OF_STORAGE, m.version() + " needs " + missing
                        + " bytes (+" + SPACE_MARGIN + " margin) in " + store.layout().libStore() + " but only "
                        + storeFree + " are free there; nothing downloaded");
            }
        }
        Logger.tag("ota").info("downloading {}: {} jar(s) to fetch ({} bytes), {} already in the store",
                m.version(), m.files().size() - reused, needed, reused);

        ChunkFetcher fetcher = new ChunkFetcher(http, fs, requestTimeout);
        long bytes = 0;
        int fetched = 0;
        for (BundleFile f : m.files()) {
            if (store.has(f)) continue;
            FetchOutcome o = fetcher.fetch(manifestUri.resolve(f.path()), f.size(), f.sha256(), dir, cancelled);
            switch (o) {
                case FetchOutcome.Complete c -> {
                    store.store(c.file(), f.sha256());
                    bytes += c.bytesTransferred();
                    fetched++;
                }
                case FetchOutcome.Failed x -> {
                    return new DownloadOutcome.Failed(x.kind(), x.reason());
                }
            }
        }

        fs.write(dir.resolve(Manifest.FILE), manifest.bytes());
        fs.write(dir.resolve(Manifest.SIGNATURE_FILE), sig.bytes());
        Map<String, Path> files = new LinkedHashMap<>();
        files.put(Manifest.FILE, dir.resolve(Manifest.FILE));
        files.put(Manifest.SIGNATURE_FILE, dir.resolve(Manifest.SIGNATURE_FILE));
        for (BundleFile f : m.files()) files.put(f.path(), store.layout().libJar(f.sha256()));
        Verification full = verifier.verify(DirectoryBundle.mapped(files), policy);
        if (full instanceof Verification.Refused r) {
            for (BundleFile f : m.files()) {
                if (r.reason().startsWith(f.path() + ":")) fs.delete(store.layout().libJar(f.sha256()));
            }
            return new DownloadOutcome.Failed(DownloadFailure.INTEGRITY, r.reason());
        }
        return new DownloadOutcome.Downloaded((Verification.Accepted) full, manifest.bytes(), sig.bytes(), bytes, fetched, reused);
    }

    private record Small(byte[] bytes, DownloadOutcome.Failed failure) { }

    private Small small(URI uri) {
        String last = "no attempt";
        for (int attempt = 0; attempt < ChunkFetcher.MAX_ATTEMPTS_WITHOUT_PROGRESS; attempt++) {
            try {
                HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build(),
                        StallGuardedBody.handler(requestTimeout));
                try (InputStream in = r.body()) {
                    if (r.statusCode() == 404 || r.statusCode() == 410) {
                        return new Small(null, new DownloadOutcome.Failed(DownloadFailure.INVALID_URI,
                                ShownUri.of(uri) + ": the server says " + r.statusCode() + " (not found)"));
                    }
                    if (r.statusCode() != 200) {
                        last = ShownUri.of(uri) + ": HTTP " + r.statusCode();
                        continue;
                    }
                    byte[] b = in.readNBytes(MAX_CONTROL_FILE + 1);
                    if (b.length >= ZIP_MAGIC.length && java.util.Arrays.equals(b, 0, ZIP_MAGIC.length, ZIP_MAGIC, 0, ZIP_MAGIC.length)) {
                        return new Small(null, zipRefused(ShownUri.of(uri) + " is a zip file, not a Loa manifest"));
                    }
                    if (b.length > MAX_CONTROL_FILE) {
                        return new Small(null, new DownloadOutcome.Failed(DownloadFailure.INTEGRITY,
                                ShownUri.of(uri) + " is larger than " + MAX_CONTROL_FILE + " bytes; not a Loa manifest"));
                    }
                    long declared = r.headers().firstValueAsLong("Content-Length").orElse(b.length);
                    if (declared != b.length) {
                        last = ShownUri.of(uri) + ": connection closed after " + b.length + " of " + declared + " bytes";
                        continue;
                    }
                    return new Small(b, null);
                }
            } catch (IOException e) {
                last = ShownUri.of(uri) + ": " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Small(null, new DownloadOutcome.Failed(DownloadFailure.CANCELLED, "interrupted"));
            }
        }
        return new Small(null, new DownloadOutcome.Failed(DownloadFailure.CONNECTION_LOST, last));
    }
}
