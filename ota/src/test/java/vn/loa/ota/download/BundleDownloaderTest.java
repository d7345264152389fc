package vn.loa.ota.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.ota.bundle.ReleaseKeys;
import vn.loa.ota.bundle.TestBundles;
import vn.loa.ota.bundle.TrustStore;
import vn.loa.ota.bundle.Version;
import vn.loa.ota.bundle.VerifyPolicy;
import vn.loa.ota.launcher.RealFileOps;
import vn.loa.ota.slots.Device;
import vn.loa.ota.slots.SlotInstaller;

class BundleDownloaderTest {

    @TempDir Path tmp;
    FlakyHttpServer server;
    HttpClient http;
    KeyPair key;
    Device device;
    long freeSpace = Long.MAX_VALUE;

    @BeforeEach
    void setUp() throws IOException {
        server = new FlakyHttpServer();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        key = ReleaseKeys.generate();
        device = new Device(tmp.resolve("device"));
    }

    @AfterEach
    void tearDown() {
        server.close();
        http.close();
    }

    private VerifyPolicy policy() {
        return VerifyPolicy.builder(TrustStore.of(List.of(key.getPublic()))).board("raspberry-pi-4")
                .launcherVersion(Version.parse("1.0.0")).build();
    }

    private BundleDownloader downloader() {
        return new BundleDownloader(http, new SlotInstaller(device.layout, new RealFileOps()), new RealFileOps(),
                () -> freeSpace, Duration.ofSeconds(5));
    }

    /** Publishes a built bundle under /v/VERSION/ as the unzipped folder. */
    private void publish(Path zip, String version) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                try (InputStream in = z.getInputStream(e)) {
                    server.put("v/" + version + "/" + e.getName(), in.readAllBytes());
                }
            }
        }
    }

    private Path bigBundle(String version, long appSeed) throws IOException {
        Path jars = tmp.resolve("jars-" + version);
        Path zip = tmp.resolve(version + ".zip");
        new vn.loa.ota.release.BundleBuilder(Version.parse(version), key.getPrivate(), key.getPublic(), TestBundles.CREATED)
                .app(TestBundles.jar(jars, "loa-agent.jar", 700_000, appSeed))
                .lib(TestBundles.jar(jars, "loa-hal.jar", 300_000, 2))
                .lib(TestBundles.jar(jars, "tinylog.jar", 1_000_000, 3))
                .boards(List.of("raspberry-pi-4")).writeZip(zip);
        return zip;
    }

    private DownloadOutcome.Downloaded downloaded(DownloadOutcome o) {
        assertThat(o).isInstanceOf(DownloadOutcome.Downloaded.class);
        return (DownloadOutcome.Downloaded) o;
    }

    @Test
    void a_clean_download_fetches_every_jar_once() throws Exception {
        publish(bigBundle("1.2.0", 1), "1.2.0");
        DownloadOutcome.Downloaded d = downloaded(downloader().download(server.uri("v/1.2.0/manifest.json").toString(), policy(), () -> false));
        assertThat(d.jarsFetched()).isEqualTo(3);
        assertThat(d.bytesFetched()).isEqualTo(2_000_000);
        assertThat(server.bytesSent("v/1.2.0/app/loa-agent.jar")).isEqualTo(700_000);
        assertThat(d.verification().manifest().version()).hasToString("1.2.0");
    }

    @Test
    void cuts_at_random_offsets_resume_and_refetch_at_most_one_chunk_per_cut() throws Exception {
        publish(bigBundle("1.2.0", 1), "1.2.0");
        for (long seed = 1; seed <= 3; seed++) {
            server.cutRandomly(seed, 0.6);
            Path dev = tmp.resolve("device-" + seed);
            device = new Device(dev);
            long sentBefore = server.totalBytesSent();
            int cutsBefore = server.cuts();
            DownloadOutcome o = null;
            for (int round = 0; round < 20; round++) {
                o = downloader().download(server.uri("v/1.2.0/").toString(), policy(), () -> false);
                if (o instanceof DownloadOutcome.Downloaded) break;
                assertThat(((DownloadOutcome.Failed) o).kind()).isEqualTo(DownloadFailure.CONNECTION_LOST);
            }
            downloaded(o);
            int cuts = server.cuts() - cutsBefore;
            long sent = server.totalBytesSent() - sentBefore;
            long control = server.bytesSent("v/1.2.0/manifest.json") + server.bytesSent("v/1.2.0/manifest.sig");
            assertThat(cuts).as("seed %d cut the transfer", seed).isGreaterThan(3);
            assertThat(sent - 2_000_000).as("bytes sent again over %d cuts (seed %d)", cuts, seed)
                    .isLessThanOrEqualTo((long) cuts * ChunkFetcher.CHUNK + control);
        }
    }

    @Test
    void a_server_that_ignores_range_restarts_only_that_file() throws Exception {
        publish(bigBundle("1.2.0", 1), "1.2.0");
        server.ignoreRange();
        server.cutRandomly(7, 0.5);
        DownloadOutcome o = null;
        for (int round = 0; round < 30 && !(o instanceof DownloadOutcome.Downloaded); round++) {
            o = downloader().download(server.uri("v/1.2.0/manifest.json").toString(), policy(), () -> false);
        }
        downloaded(o);
        assertThat(server.cuts()).isGreaterThan(0);
    }

    @Test
    void a_file_replaced_on_the_server_mid_download_is_restarted_alone() throws Exception {
        publish(bigBundle("1.2.0", 1), "1.2.0");
        byte[] good = Files.readAllBytes(tmp.resolve("jars-1.2.0/tinylog.jar"));
        byte[] stale = new byte[good.length];
        new Random(99).nextBytes(stale);
        server.put("v/1.2.0/lib/tinylog.jar", stale);
        server.changeAfter("v/1.2.0/lib/tinylog.jar", 300_000, good);
        server.cutRandomly(5, 0.3);
        DownloadOutcome o = null;
        for (int round = 0; round < 30 && !(o instanceof DownloadOutcome.Downloaded); round++) {
            o = downloader().download(server.uri("v/1.2.0/manifest.json").toString(), policy(), () -> false);
        }
        downloaded(o);
        assertThat(server.bytesSent("v/1.2.0/lib/tinylog.jar")).isGreaterThanOrEqualTo(1_300_000);
        assertThat(server.bytesSent("v/1.2.0/app/loa-agent.jar")).isLessThan(1_400_000);
    }

    @Test
    void a_file_that_changes_to_something_else_is_refused_by_its_hash_and_the_other_jars_are_kept() throws Exception {
        publish(bigBundle("1.2.0", 1), "1.2.0");
        byte[] other = new byte[1_000_000];
        new Random(99).nextBytes(other);
        server.changeAfter("v/1.2.0/lib/tinylog.jar", 300_000, other);
        server.cutOnceAt("v/1.2.0/lib/tinylog.jar", 300_000);
        DownloadOutcome o = downloader().download(server.uri("v/1.2.0/manifest.json").toString(), policy(), () -> false);
        assertThat(o).isInstanceOf(DownloadOutcome.Failed.class);
        DownloadOutcome.Failed f = (DownloadOutcome.Failed) o;
        assertThat(f.kind()).isEqualTo(DownloadFailure.INTEGRITY);
        assertThat(f.reason()).contains("lib/tinylog.jar: sha256 ").endsWith("after a fresh download");
        try (var files = Files.list(device.layout.libStore())) {
            assertThat(files.count()).isEqualTo(2);
        }
    }

    @Test
    void a_bundle_too_big_for_the_free_disk_is_refused_before_any_jar_is_fetched() throws Exception {
        publish(bigBundle("1.2.0", 1), "1.2.0");
        freeSpace = 3_000_000;
        DownloadOutcome o = downloader().download(server.uri("v/1.2.0/manifest.json").toString(), policy(), () -> false);
        assertThat(o).isEqualTo(new DownloadOutcome.Failed(DownloadFailure.OUT_OF_STORAGE,
                "1.2.0 needs 2000000 more bytes (+4194304 margin) but only 3000000 are free; nothing downloaded"));
        assertThat(server.bytesSent("v/1.2.0/app/loa-agent.jar") + server.bytesSent("v/1.2.0/lib/tinylog.jar")).isZero();
    }

    @Test
    void an_update_that_changes_only_the_app_jar_downloads_only_the_app_jar() throws Exception {
        publish(bigBundle("1.2.0", 1), "1.2.0");
        downloaded(downloader().download(server.uri("v/1.2.0/manifest.json").toString(), policy(), () -> false));
        publish(bigBundle("1.3.0", 42), "1.3.0");
        DownloadOutcome.Downloaded d = downloaded(downloader().download(server.uri("v/1.3.0/manifest.json").toString(), policy(), () -> false));
        assertThat(d.jarsFetched()).isEqualTo(1);
        assertThat(d.jarsReused()).isEqualTo(2);
        assertThat(server.bytesSent("v/1.3.0/app/loa-agent.jar")).isEqualTo(700_000);
        assertThat(server.bytesSent("v/1.3.0/lib/loa-hal.jar") + server.bytesSent("v/1.3.0/lib/tinylog.jar")).isZero();
    }

    @Test
    void a_bundle_for_another_board_is_refused_before_any_jar_is_fetched() throws Exception {
        publish(bigBundle("1.2.0", 1), "1.2.0");
        VerifyPolicy other = VerifyPolicy.builder(TrustStore.of(List.of(key.getPublic()))).board("orange-pi").build();
        DownloadOutcome o = downloader().download(server.uri("v/1.2.0/manifest.json").toString(), other, () -> false);
        assertThat(o).isEqualTo(new DownloadOutcome.Failed(DownloadFailure.UNSUPPORTED_PACKAGE,
                "board: built for [raspberry-pi-4], not for this board 'orange-pi'"));
        assertThat(server.bytesSent("v/1.2.0/app/loa-agent.jar")).isZero();
    }

    @Test
    void bad_uris_are_named() throws Exception {
        assertThat(downloader().download("coap://10.0.0.1/fw", policy(), () -> false)).isEqualTo(new DownloadOutcome.Failed(
                DownloadFailure.UNSUPPORTED_PROTOCOL, "package URI 'coap://10.0.0.1/fw': CoAP download is not supported; use http or https"));
        assertThat(downloader().download("ftp://x/y", policy(), () -> false)).isEqualTo(new DownloadOutcome.Failed(
                DownloadFailure.UNSUPPORTED_PROTOCOL, "package URI 'ftp://x/y': expected scheme 'http' or 'https' but was 'ftp'"));
        assertThat(downloader().download("not a uri", policy(), () -> false)).isEqualTo(new DownloadOutcome.Failed(
                DownloadFailure.INVALID_URI, "package URI 'not a uri' is not a URI"));
        DownloadOutcome o = downloader().download(server.uri("nothing/manifest.json").toString(), policy(), () -> false);
        assertThat(((DownloadOutcome.Failed) o).kind()).isEqualTo(DownloadFailure.INVALID_URI);
        assertThat(((DownloadOutcome.Failed) o).reason()).endsWith("/nothing/manifest.json: the server says 404 (not found)");
    }
}
