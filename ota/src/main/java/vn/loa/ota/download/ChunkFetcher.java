package vn.loa.ota.download;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tinylog.Logger;
import vn.loa.ota.bundle.Sha256;
import vn.loa.ota.launcher.FileOps;

/**
 * Fetches one file over HTTP(S) into a persisted chunk store so that a cut resumes where it stopped: data goes
 * to {@code <sha256>.part} in {@link #CHUNK}-byte chunks, each fsynced and then recorded in
 * {@code <sha256>.meta} (confirmed length, ETag, Last-Modified). On resume the part file is cut back to the
 * confirmed length, so at most one chunk is fetched twice per cut. A server that answers a range request with
 * 200, or whose ETag/Last-Modified changed, makes this file start over (never the others). Finally the
 * file's size and SHA-256 are checked against the manifest.
 *
 * <p>Runs on the caller's thread (a download worker), blocking on the network; not thread-safe.
 */
public final class ChunkFetcher {

    public static final int CHUNK = 64 * 1024;
    /** Attempts in a row that bring no new chunk before the fetch gives up for now. */
    public static final int MAX_ATTEMPTS_WITHOUT_PROGRESS = 3;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final HttpClient http;
    private final FileOps fs;
    private final Duration requestTimeout;

    /** {@code requestTimeout} bounds the wait for response headers and any silence within a body. */
    public ChunkFetcher(HttpClient http, FileOps fs, Duration requestTimeout) {
        this.http = http;
        this.fs = fs;
        this.requestTimeout = requestTimeout;
    }

    private record Meta(long confirmed, String etag, String lastModified) {
        byte[] bytes(URI uri) {
            return ("uri=" + uri + "\nconfirmed=" + confirmed + "\netag=" + (etag == null ? "" : etag)
                    + "\nlastModified=" + (lastModified == null ? "" : lastModified) + "\n").getBytes();
        }

        static Meta read(Path f) {
            java.util.Properties p = new java.util.Properties();
            try (InputStream in = Files.newInputStream(f)) {
                p.load(in);
                String e = p.getProperty("etag", "");
                String l = p.getProperty("lastModified", "");
                return new Meta(Long.parseLong(p.getProperty("confirmed", "0")), e.isEmpty() ? null : e, l.isEmpty() ? null : l);
            } catch (IOException | NumberFormatException e) {
                return new Meta(0, null, null);
            }
        }
    }

    /** Bytes already confirmed on disk for this file (for progress and free-space estimates). */
    public static long confirmed(Path dir, String sha256) {
        Path meta = dir.resolve(sha256 + ".meta");
        return Files.exists(meta) ? Meta.read(meta).confirmed() : 0;
    }

    public FetchOutcome fetch(URI uri, long size, String sha256, Path dir, BooleanSupplier cancelled) throws IOException {
        fs.mkdirs(dir);
        Path part = dir.resolve(sha256 + ".part");
        Path metaFile = dir.resolve(sha256 + ".meta");
        Meta meta = Files.exists(metaFile) && Files.exists(part) ? Meta.read(metaFile) : new Meta(0, null, null);
        if (meta.confirmed() > size) meta = new Meta(0, null, null);
        long transferred = 0;
        int restarts = 0;
        int withoutProgress = 0;
        int hashRestarts = 0;
        long chunks = size / CHUNK + 1;
        long maxAttempts = 2 * chunks + 10;
        String lastError = "no attempt made";
        for (long attempt = 0; attempt < maxAttempts; attempt++) {
            if (cancelled.getAsBoolean()) return new FetchOutcome.Failed(DownloadFailure.CANCELLED, "cancelled", transferred);
            if (meta.confirmed() == size) {
                String got = Sha256.hex(part);
                if (got.equals(sha256)) {
                    Logger.tag("ota").info("fetched {} ({} bytes, {} transferred, {} restart(s))", ShownUri.of(uri), size, transferred, restarts);
                    fs.delete(metaFile);
                    return new FetchOutcome.Complete(part, transferred, restarts);
                }
                fs.delete(part);
                fs.delete(metaFile);
                meta = new Meta(0, null, null);
                if (++hashRestarts > 1) {
                    return new FetchOutcome.Failed(DownloadFailure.INTEGRITY, ShownUri.of(uri) + ": sha256 " + got
                            + " differs from the manifest's " + sha256 + " after a fresh download", transferred);
                }
                Logger.tag("ota").warn("{}: sha256 {} differs from the manifest's; fetching it again from the start", ShownUri.of(uri), got);
                continue;
            }
            truncate(part, meta.confirmed());
            HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET();
            if (meta.confirmed() > 0) {
                rb.header("Range", "bytes=" + meta.confirmed() + "-");
                if (meta.etag() != null) rb.header("If-Range", meta.etag());
                else if (meta.lastModified() != null) rb.header("If-Range", meta.lastModified());
            }
            HttpResponse<InputStream> resp;
            try {
                resp = http.send(rb.build(), StallGuardedBody.handler(requestTimeout));
            } catch (IOException e) {
                lastError = e.toString();
                if (++withoutProgress >= MAX_ATTEMPTS_WITHOUT_PROGRESS) break;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new FetchOutcome.Failed(DownloadFailure.CANCELLED, "interrupted", transferred);
            }
            String etag = resp.headers().firstValue("ETag").orElse(null);
            String lastMod = resp.headers().firstValue("Last-Modified").orElse(null);
            long start;
            try (InputStream body = resp.body()) {
                int status = resp.statusCode();
                if (status == 404 || status == 410) {
                    return new FetchOutcome.Failed(DownloadFailure.INVALID_URI, ShownUri.of(uri) + ": the server says " + status + " (not found)", transferred);
                }
                if (status == 206) {
                    Optional<Long> from = resp.headers().firstValue("Content-Range").flatMap(ChunkFetcher::rangeStart);
                    boolean changed = (meta.etag() != null && !meta.etag().equals(etag))
                            || (meta.etag() == null && meta.lastModified() != null && !meta.lastModified().equals(lastMod));
                    if (from.isEmpty() || from.get() != meta.confirmed() || changed) {
                        Logger.tag("ota").warn("{}: {}; starting this file again", ShownUri.of(uri), changed
                                ? "the file changed on the server (ETag/Last-Modified)" : "the server sent another range");
                        fs.delete(part);
                        meta = new Meta(0, null, null);
                        fs.atomicWrite(metaFile, meta.bytes(uri));
                        restarts++;
                        continue;
                    }
                    start = meta.confirmed();
                } else if (status == 200) {
                    if (meta.confirmed() > 0) {
                        Logger.tag("ota").warn("{}: the server sent the whole file (200) instead of the range; starting this file again", ShownUri.of(uri));
                        restarts++;
                    }
                    start = 0;
                    truncate(part, 0);
                } else if (status == 416 && meta.confirmed() > 0) {
                    fs.delete(part);
                    meta = new Meta(0, null, null);
                    restarts++;
                    continue;
                } else {
                    lastError = ShownUri.of(uri) + ": HTTP " + status;
                    if (status >= 400 && status < 500) {
                        return new FetchOutcome.Failed(DownloadFailure.INVALID_URI, lastError, transferred);
                    }
                    if (++withoutProgress >= MAX_ATTEMPTS_WITHOUT_PROGRESS) break;
                    continue;
                }
                meta = new Meta(start, etag, lastMod);
                fs.atomicWrite(metaFile, meta.bytes(uri));
                long before = meta.confirmed();
                try {
                    meta = copyChunks(body, part, metaFile, uri, meta, size, cancelled);
                } catch (IOException e) {
                    lastError = e.toString();
                    meta = Meta.read(metaFile); // every chunk confirmed before the cut
                }
                transferred += Math.max(0, meta.confirmed() - before);
                if (meta.confirmed() > before) withoutProgress = 0;
                else if (++withoutProgress >= MAX_ATTEMPTS_WITHOUT_PROGRESS) break;
            }
        }
        return new FetchOutcome.Failed(DownloadFailure.CONNECTION_LOST, ShownUri.of(uri) + ": " + lastError + "; "
                + Meta.read(metaFile).confirmed() + " of " + size + " bytes kept for the next attempt", transferred);
    }

    private Meta copyChunks(InputStream body, Path part, Path metaFile, URI uri, Meta meta, long size,
                            BooleanSupplier cancelled) throws IOException {
        byte[] buf = new byte[CHUNK];
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long pos = meta.confirmed();
            while (pos < size && !cancelled.getAsBoolean()) {
                int want = (int) Math.min(CHUNK, size - pos);
                int n = body.readNBytes(buf, 0, want);
                if (n < want) throw new IOException("connection closed after " + (pos + n) + " of " + size + " bytes");
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) ch.write(bb, pos + bb.position());
                ch.force(false);
                pos += n;
                meta = new Meta(pos, meta.etag(), meta.lastModified());
                fs.atomicWrite(metaFile, meta.bytes(uri));
            }
        }
        return meta;
    }

    private static void truncate(Path part, long length) throws IOException {
        if (!Files.exists(part)) return;
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
            if (ch.size() > length) ch.truncate(length);
        }
    }

    private static Optional<Long> rangeStart(String header) {
        Matcher m = CONTENT_RANGE.matcher(header.trim());
        return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }
}
