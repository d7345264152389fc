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
import vn.loa.ota.bundle.Sha256;
import vn.loa.ota.launcher.FileOps;
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

    /**
     * Real file operations on a device whose download folder ({@code stateDir}) and library store ({@code root}) are
     * on different file systems: a rename between two folders is refused as the kernel refuses it (EXDEV).
     */
    static final class TwoFileSystems implements FileOps {
        final FileOps real = new RealFileOps();
        final List<String> copies = new java.util.ArrayList<>();
        final Path stateDir;

        TwoFileSystems(Path stateDir) {
            this.stateDir = stateDir.toAbsolutePath();
        }

        @Override public void rename(Path from, Path to) throws IOException {
            if (from.toAbsolutePath().startsWith(stateDir) != to.toAbsolutePath().startsWith(stateDir)) {
                throw new java.nio.file.AtomicMoveNotSupportedException(from.toString(), to.toString(), "Invalid cross-device link");
            }
            real.rename(from, to);
        }

        @Override public void copy(Path from, Path to) throws IOException {
            copies.add(from.getFileName() + " -> " + to.getFileName());
            real.copy(from, to);
        }

        @Override public void write(Path file, byte[] data) throws IOException { real.write(file, data); }
        @Override public void fsync(Path f) throws IOException { real.fsync(f); }
        @Override public void link(Path existing, Path link) throws IOException { real.link(existing, link); }
        @Override public void symlink(Path link, Path target) throws IOException { real.symlink(link, target); }
        @Override public void delete(Path path) throws IOException { real.delete(path); }
        @Override public void mkdirs(Path dir) throws IOException { real.mkdirs(dir); }
    }

    @Test
    void a_store_on_another_file_system_gets_each_jar_by_copy_fsync_and_rename_within_the_store() throws Exception {
        publish(bigBundle("1.2.0", 1), "1.2.0");
        TwoFileSystems fs = new TwoFileSystems(device.layout.stateDir());
        BundleDownloader dl = new BundleDownloader(http, new SlotInstaller(device.layout, fs), fs, () -> freeSpace,
                () -> freeSpace, Duration.ofSeconds(5));

        DownloadOutcome.Downloaded d = downloaded(dl.download(server.uri("v/1.2.0/manifest.json").toString(), policy(), () -> false));

        assertThat(d.jarsFetched()).isEqualTo(3);
        assertThat(fs.copies).hasSize(3).allMatch(c -> c.matches("[0-9a-f]{64}\\.part -> [0-9a-f]{64}\\.jar\\.tmp"));
        for (var f : d.verification().manifest().files()) {
            assertThat(Sha256.hex(device.layout.libJar(f.sha256()))).isEqualTo(f.sha256());
        }
        try (var store = Files.list(device.layout.libStore()); var parts = Files.list(device.layout.downloads())) {
            assertThat(store.map(p -> p.getFileName().toString())).hasSize(3).allMatch(n -> n.endsWith(".jar"));
            assertThat(parts.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void a_store_on_another_file_system_without_room_for_the_jars_is_refused_before_any_jar_is_fetched() throws Exception {
        publish(bigBundle("1.2.0", 1), "1.2.0");
        BundleDownloader dl = new BundleDownloader(http, new SlotInstaller(device.layout, new RealFileOps()), new RealFileOps(),
                () -> Long.MAX_VALUE, () -> 5_000_000, Duration.ofSeconds(5));

        DownloadOutcome o = dl.download(server.uri("v/1.2.0/manifest.json").toString(), policy(), () -> false);

        assertThat(o).isEqualTo(new DownloadOutcome.Failed(DownloadFailure.OUT_OF_STORAGE, "1.2.0 needs 2000000 bytes (+4194304 margin) in "
                + device.layout.libStore() + " but only 5000000 are free there; nothing downloaded"));
        assertThat(server.bytesSent("v/1.2.0/app/loa-agent.jar") + server.bytesSent("v/1.2.0/lib/tinylog.jar")).isZero();
    }

    @Test
    void a_package_uri_naming_a_bundle_zip_is_an_unsupported_package_that_says_how_to_publish() throws Exception {
        Path zip = bigBundle("1.2.0", 1);
        server.put("v/bundle.zip", Files.readAllBytes(zip));

        DownloadOutcome o = downloader().download(server.uri("v/bundle.zip").toString(), policy(), () -> false);

        assertThat(o).isInstanceOf(DownloadOutcome.Failed.class);
        DownloadOutcome.Failed f = (DownloadOutcome.Failed) o;
        assertThat(f.kind()).isEqualTo(DownloadFailure.UNSUPPORTED_PACKAGE);
        assertThat(f.reason()).startsWith("package URI '" + server.uri("v/bundle.zip") + "' names a zip file: unsupported package type;")
                .contains("publish the files of bundle.zip as a folder and write the URI of its manifest.json");
        assertThat(server.bytesSent("v/bundle.zip")).as("refused without downloading").isZero();
        assertThat(BundleDownloader.checkUri("https://h/r/Bundle.ZIP")).map(DownloadOutcome.Failed::kind)
                .contains(DownloadFailure.UNSUPPORTED_PACKAGE);
    }

    @Test
    void a_zip_served_as_the_manifest_is_recognised_by_its_bytes() throws Exception {
        Path zip = bigBundle("1.2.0", 1);
        server.put("v/latest/manifest.json", Files.readAllBytes(zip));

        DownloadOutcome o = downloader().download(server.uri("v/latest/").toString(), policy(), () -> false);

        assertThat(o).isInstanceOf(DownloadOutcome.Failed.class);
        assertThat(((DownloadOutcome.Failed) o).kind()).isEqualTo(DownloadFailure.UNSUPPORTED_PACKAGE);
        assertThat(((DownloadOutcome.Failed) o).reason()).contains("/v/latest/manifest.json is a zip file, not a Loa manifest: unsupported package type");
    }
}
