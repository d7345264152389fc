package vn.loa.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.hal.time.ManualScheduler;

class ContentCacheIT {

    @TempDir Path tmp;
    private BulletinServer server;
    private final ManualScheduler time = new ManualScheduler();

    @BeforeEach void start() throws Exception {
        server = new BulletinServer();
    }

    @AfterEach void stop() {
        server.close();
    }

    private ContentCache cache(long quota) throws Exception {
        return ContentCache.open(tmp.resolve("cache"), CacheConfig.defaults().withQuotaBytes(quota), time);
    }

    @Test
    void stores_a_bulletin_by_its_hash_and_plays_it_verified() throws Exception {
        byte[] b = BulletinServer.bytes(200_000, 1);
        String sha = BulletinServer.sha256(b);
        try (ContentCache c = cache(1_000_000)) {
            assertThat(c.fetch(server.put("/b1.mp3", b), sha)).isEqualTo(new ContentCache.FetchResult.Stored(sha, b.length, true));
            ContentCache.Lookup l = c.resolve(URI.create("cache:" + sha));
            assertThat(l).isInstanceOf(ContentCache.Lookup.Hit.class);
            assertThat(Files.readAllBytes(((ContentCache.Lookup.Hit) l).file())).isEqualTo(b);
            assertThat(c.fetch(server.uri("/b1.mp3"), sha)).isEqualTo(new ContentCache.FetchResult.Stored(sha, b.length, false));
            assertThat(server.requests()).as("stored content is not downloaded again").isEqualTo(1);
        }
        try (ContentCache again = cache(1_000_000)) {
            assertThat(again.contains(sha)).as("survives a restart").isTrue();
        }
    }

    @Test
    void with_an_allow_list_a_bulletin_from_elsewhere_or_redirected_elsewhere_is_not_downloaded() throws Exception {
        byte[] b = BulletinServer.bytes(5000, 4);
        String sha = BulletinServer.sha256(b);
        try (BulletinServer elsewhere = new BulletinServer(); ContentCache c = cache(1_000_000)) {
            URI foreign = elsewhere.put("/b.mp3", b);
            c.allowOnly(vn.loa.agent.audio.SourceAllowList.of(java.util.List.of(server.uri("/").toString())));
            assertThat(c.fetch(foreign, sha)).isEqualTo(new ContentCache.FetchResult.Failed(sha, "source " + foreign
                    + " is not in audio.allowSources of loa.json (" + server.uri("/") + ")"));
            assertThat(elsewhere.requests()).as("never asked").isZero();

            URI moved = server.redirect("/moved.mp3", foreign);
            assertThat(c.fetch(moved, sha)).isEqualTo(new ContentCache.FetchResult.Failed(sha, moved + " redirected to a "
                    + "source " + foreign + " is not in audio.allowSources of loa.json (" + server.uri("/") + "); nothing stored"));
            assertThat(c.contains(sha)).isFalse();

            assertThat(c.fetch(server.put("/b.mp3", b), sha)).isInstanceOf(ContentCache.FetchResult.Stored.class);
        }
    }

    @Test
    void wrong_hash_is_refused_with_both_hashes_and_nothing_is_stored() throws Exception {
        byte[] b = BulletinServer.bytes(5000, 2);
        String wanted = "ab".repeat(32);
        try (ContentCache c = cache(1_000_000)) {
            ContentCache.FetchResult r = c.fetch(server.put("/x.mp3", b), wanted);
            assertThat(r).isInstanceOf(ContentCache.FetchResult.Failed.class);
            assertThat(((ContentCache.FetchResult.Failed) r).reason()).isEqualTo("sha256 mismatch: expected " + wanted
                    + " but " + server.uri("/x.mp3") + " gave 5000 bytes hashing to " + BulletinServer.sha256(b) + "; discarded");
            assertThat(c.lookup(wanted)).isEqualTo(new ContentCache.Lookup.Missing(wanted));
            assertThat(c.usedBytes()).isZero();
        }
    }

    @Test
    void a_truncated_download_is_never_stored_and_resumes_with_a_range_request() throws Exception {
        byte[] b = BulletinServer.bytes(300_000, 3);
        String sha = BulletinServer.sha256(b);
        try (ContentCache c = cache(1_000_000)) {
            URI u = server.put("/long.mp3", b);
            server.truncateNext(1);
            ContentCache.FetchResult first = c.fetch(u, sha);
            assertThat(first).isInstanceOf(ContentCache.FetchResult.Failed.class);
            assertThat(((ContentCache.FetchResult.Failed) first).reason()).startsWith("download of " + u + " broke off after")
                    .endsWith("the part is kept and resumed next time");
            assertThat(c.lookup(sha)).isInstanceOf(ContentCache.Lookup.Missing.class);
            assertThat(c.fetch(u, sha)).isEqualTo(new ContentCache.FetchResult.Stored(sha, b.length, true));
            assertThat(server.ranges().get(0)).isEqualTo("-");
            assertThat(server.ranges().get(1)).startsWith("bytes=").isNotEqualTo("bytes=0-");
            assertThat(c.lookup(sha)).isInstanceOf(ContentCache.Lookup.Hit.class);
        }
    }

    @Test
    void a_stalled_download_is_broken_off_after_the_response_timeout_and_resumed_later() throws Exception {
        byte[] b = BulletinServer.bytes(400_000, 20);
        String sha = BulletinServer.sha256(b);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService fetcher = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (ContentCache c = cache(1_000_000)) {
            URI u = server.put("/stall.mp3", b);
            server.stallNext(release);
            java.util.concurrent.Future<ContentCache.FetchResult> f = fetcher.submit(() -> c.fetch(u, sha));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.stalled() == 1);
            ContentCache.FetchResult r = null;
            for (int i = 0; i < 200 && r == null; i++) {
                time.advance(Duration.ofSeconds(10));
                try {
                    r = f.get(50, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException notYet) {
                    // the fetch thread has not reached its watchdog yet; move time on again
                }
            }
            assertThat(r).isInstanceOf(ContentCache.FetchResult.Failed.class);
            assertThat(((ContentCache.FetchResult.Failed) r).reason()).matches("download of " + java.util.regex.Pattern.quote(u.toString())
                    + " stalled: nothing received for 30 s after \\d+ bytes; the part is kept and resumed next time");
            release.countDown();
            assertThat(c.fetch(u, sha)).isEqualTo(new ContentCache.FetchResult.Stored(sha, b.length, true));
        } finally {
            release.countDown();
            fetcher.shutdownNow();
        }
    }

    @Test
    void a_corrupted_stored_file_is_never_played_it_is_deleted_and_reported() throws Exception {
        byte[] b = BulletinServer.bytes(10_000, 4);
        String sha = BulletinServer.sha256(b);
        try (ContentCache c = cache(1_000_000)) {
            c.fetch(server.put("/c.mp3", b), sha);
            Path f = tmp.resolve("cache").resolve(sha);
            Files.write(f, BulletinServer.bytes(10_000, 5));
            ContentCache.Lookup l = c.lookup(sha);
            assertThat(l).isInstanceOf(ContentCache.Lookup.Corrupt.class);
            assertThat(((ContentCache.Lookup.Corrupt) l).reason()).contains(f.toString()).contains("hashes to");
            assertThat(Files.exists(f)).isFalse();
            assertThat(c.fetch(server.uri("/c.mp3"), sha)).isInstanceOf(ContentCache.FetchResult.Stored.class);
        }
    }

    @Test
    void a_bulletin_larger_than_the_quota_fails_with_the_reason() throws Exception {
        byte[] b = BulletinServer.bytes(50_000, 6);
        String sha = BulletinServer.sha256(b);
        try (ContentCache c = cache(40_000)) {
            ContentCache.FetchResult r = c.fetch(server.put("/big.mp3", b), sha);
            assertThat(((ContentCache.FetchResult.Failed) r).reason())
                    .isEqualTo("does not fit the cache quota: needs 50000 bytes, 40000 bytes quota with 0 pinned");
            assertThat(c.usedBytes()).isZero();
        }
    }

    @Test
    void eviction_takes_the_least_recently_used_and_never_a_pinned_one() throws Exception {
        String[] sha = new String[5];
        URI[] uri = new URI[5];
        for (int i = 0; i < 5; i++) {
            byte[] b = BulletinServer.bytes(10_000, 10 + i);
            sha[i] = BulletinServer.sha256(b);
            uri[i] = server.put("/" + i + ".mp3", b);
        }
        try (ContentCache c = cache(30_000)) {
            c.pin("schedule", Set.of(sha[0]));
            for (int i = 0; i < 3; i++) {
                assertThat(c.fetch(uri[i], sha[i])).isInstanceOf(ContentCache.FetchResult.Stored.class);
                time.advance(Duration.ofMinutes(1));
            }
            c.lookup(sha[1]);
            assertThat(c.byLeastRecentUse()).containsExactly(sha[0], sha[2], sha[1]);
            assertThat(c.fetch(uri[3], sha[3])).isInstanceOf(ContentCache.FetchResult.Stored.class);
            assertThat(c.byLeastRecentUse()).as("0 is pinned, 2 was least recently used").containsExactly(sha[0], sha[1], sha[3]);
            c.pin("schedule", Set.of(sha[0], sha[1], sha[3]));
            ContentCache.FetchResult r = c.fetch(uri[4], sha[4]);
            assertThat(((ContentCache.FetchResult.Failed) r).reason())
                    .isEqualTo("does not fit the cache quota: needs 10000 bytes, 30000 bytes quota with 30000 pinned");
            assertThat(c.byLeastRecentUse()).containsExactly(sha[0], sha[1], sha[3]);
        }
    }

    @Test
    void a_full_disk_fails_the_download_with_the_reason_and_keeps_nothing() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/full")),
                "needs /dev/full (Linux) to make writes fail with 'No space left on device'");
        byte[] b = BulletinServer.bytes(100_000, 30);
        String sha = BulletinServer.sha256(b);
        try (ContentCache c = cache(1_000_000)) {
            Path part = tmp.resolve("cache/partial/" + sha + ".part");
            Files.createSymbolicLink(part, Path.of("/dev/full"));
            ContentCache.FetchResult r = c.fetch(server.put("/full.mp3", b), sha);
            assertThat(((ContentCache.FetchResult.Failed) r).reason())
                    .isEqualTo("cannot write " + part + " after 0 bytes: No space left on device (disk full?); discarded");
            assertThat(Files.exists(part, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
            assertThat(c.fetch(server.uri("/full.mp3"), sha)).isInstanceOf(ContentCache.FetchResult.Stored.class);
        }
    }

    @Test
    void on_a_full_disk_the_cache_still_opens_with_what_it_holds_and_a_download_fails_with_the_reason() throws Exception {
        FillableDisk disk = new FillableDisk();
        byte[] kept = BulletinServer.bytes(50_000, 31);
        byte[] next = BulletinServer.bytes(50_000, 32);
        String keptSha = BulletinServer.sha256(kept);
        String nextSha = BulletinServer.sha256(next);
        CacheConfig cfg = CacheConfig.defaults().withQuotaBytes(1_000_000);
        try (ContentCache c = ContentCache.open(tmp.resolve("cache"), cfg, time, disk)) {
            assertThat(c.fetch(server.put("/kept.mp3", kept), keptSha)).isInstanceOf(ContentCache.FetchResult.Stored.class);
        }
        disk.full = true;
        try (ContentCache c = ContentCache.open(tmp.resolve("cache"), cfg, time, disk)) { // its index cannot be rewritten
            assertThat(c.contains(keptSha)).isTrue();
            assertThat(c.lookup(keptSha)).isInstanceOf(ContentCache.Lookup.Hit.class);
            Path part = tmp.resolve("cache/partial/" + nextSha + ".part");
            ContentCache.FetchResult r = c.fetch(server.put("/next.mp3", next), nextSha);
            assertThat(((ContentCache.FetchResult.Failed) r).reason())
                    .isEqualTo("cannot write " + part + " after 0 bytes: " + part + ": No space left on device (disk full?); discarded");
            assertThat(c.contains(nextSha)).isFalse();
            assertThat(Files.exists(part)).isFalse();
            disk.full = false;
            assertThat(c.fetch(server.uri("/next.mp3"), nextSha)).isInstanceOf(ContentCache.FetchResult.Stored.class);
        }
    }

    @Test
    void use_order_and_pins_survive_a_restart_and_stray_files_are_adopted() throws Exception {
        byte[] a = BulletinServer.bytes(1000, 40);
        byte[] b = BulletinServer.bytes(1000, 41);
        String shaA = BulletinServer.sha256(a);
        String shaB = BulletinServer.sha256(b);
        try (ContentCache c = cache(1_000_000)) {
            c.fetch(server.put("/a", a), shaA);
            c.fetch(server.put("/b", b), shaB);
            c.lookup(shaA);
            c.pin("server", Set.of(shaB));
        }
        byte[] stray = BulletinServer.bytes(500, 42);
        String shaS = BulletinServer.sha256(stray);
        Files.write(tmp.resolve("cache").resolve(shaS), stray);
        try (ContentCache c = cache(1_000_000)) {
            assertThat(c.byLeastRecentUse()).containsExactly(shaS, shaB, shaA);
            assertThat(c.pinned()).containsExactly(shaB);
            assertThat(c.usedBytes()).isEqualTo(2500);
            assertThat(c.lookup(shaS)).isInstanceOf(ContentCache.Lookup.Hit.class);
        }
    }

    @Test
    void http_errors_and_bad_sources_are_named() throws Exception {
        String sha = "cd".repeat(32);
        try (ContentCache c = cache(1_000)) {
            assertThat(((ContentCache.FetchResult.Failed) c.fetch(server.uri("/none.mp3"), sha)).reason())
                    .isEqualTo("HTTP 404 from " + server.uri("/none.mp3"));
            assertThat(((ContentCache.FetchResult.Failed) c.fetch(URI.create("ftp://x/y.mp3"), sha)).reason())
                    .isEqualTo("source 'ftp://x/y.mp3' is not http or https; cannot download it");
        }
    }
}
