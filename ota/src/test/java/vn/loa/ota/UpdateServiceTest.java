package vn.loa.ota;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.hal.time.ManualScheduler;
import vn.loa.ota.bundle.ReleaseKeys;
import vn.loa.ota.bundle.TestBundles;
import vn.loa.ota.bundle.TrustStore;
import vn.loa.ota.bundle.Version;
import vn.loa.ota.bundle.VerifyPolicy;
import vn.loa.ota.download.BundleDownloader;
import vn.loa.ota.download.FlakyHttpServer;
import vn.loa.ota.launcher.BootPlan;
import vn.loa.ota.launcher.BootPlanner;
import vn.loa.ota.launcher.LauncherState;
import vn.loa.ota.launcher.RealFileOps;
import vn.loa.ota.slots.Device;

class UpdateServiceTest {

    @TempDir Path tmp;
    final ManualScheduler loop = new ManualScheduler();
    FlakyHttpServer server;
    HttpClient http;
    KeyPair key;
    Device device;
    long free = Long.MAX_VALUE;
    String activationBlock = null;
    final List<UpdateSnapshot> seen = new ArrayList<>();
    final List<String> restarts = new ArrayList<>();
    UpdateService service;

    @BeforeEach
    void setUp() throws IOException {
        server = new FlakyHttpServer();
        http = HttpClient.newHttpClient();
        key = ReleaseKeys.generate();
        device = new Device(tmp.resolve("device")).withCommitted("1.0.0", 1);
        service = newService();
    }

    private UpdateService newService() {
        BundleDownloader dl = new BundleDownloader(http, device.installer, new RealFileOps(), () -> free, Duration.ofSeconds(5));
        UpdateService s = UpdateService.builder(loop, Runnable::run, dl, device.installer,
                        () -> VerifyPolicy.builder(TrustStore.of(List.of(key.getPublic()))).board("raspberry-pi-4")
                                .launcherVersion(Version.parse("1.0.0")).installed(Version.parse("1.0.0")).now(loop.now()).build(),
                        restarts::add, new RealFileOps())
                .activation(() -> activationBlock == null ? new ActivationPolicy.Decision.Allowed()
                        : new ActivationPolicy.Decision.Deferred(activationBlock))
                .runningVersion("1.0.0").trustDir(tmp.resolve("trust")).build();
        s.addListener(seen::add);
        s.start();
        return s;
    }

    @AfterEach
    void tearDown() {
        service.stop();
        server.close();
        http.close();
    }

    private String publish(String version, List<String> boards) throws IOException {
        Path zip = tmp.resolve(version + ".zip");
        TestBundles.builder(tmp.resolve("jars-" + version), version, key).boards(boards).writeZip(zip);
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                try (InputStream in = z.getInputStream(e)) {
                    server.put("fw/" + version + "/" + e.getName(), in.readAllBytes());
                }
            }
        }
        return server.uri("fw/" + version + "/manifest.json").toString();
    }

    private String publish(String version) throws IOException {
        return publish(version, List.of("raspberry-pi-4"));
    }

    @Test
    void write_uri_downloads_then_execute_installs_and_restarts_into_the_trial() throws Exception {
        String uri = publish("1.1.0");
        assertThat(service.writePackageUri(uri)).isEqualTo(new UpdateService.Request.Accepted());
        loop.runDue();
        assertThat(seen).extracting(UpdateSnapshot::state).containsExactly(UpdateState.DOWNLOADING, UpdateState.DOWNLOADED);
        assertThat(service.snapshot().pendingVersion()).contains("1.1.0");
        assertThat(service.executeUpdate()).isEqualTo(new UpdateService.Request.Accepted());
        loop.runDue();
        assertThat(restarts).containsExactly("1.1.0");
        assertThat(service.snapshot().state()).isEqualTo(UpdateState.UPDATING);
        assertThat(LauncherState.read(device.layout.stateFile()).orElseThrow().status()).isEqualTo(LauncherState.Status.TRIAL);
    }

    @Test
    void activation_waits_while_the_policy_forbids_it_then_happens() throws Exception {
        service.writePackageUri(publish("1.1.0"));
        loop.runDue();
        activationBlock = "EMERGENCY item 'storm warning' is playing";
        service.executeUpdate();
        loop.advance(Duration.ofMinutes(5));
        assertThat(restarts).isEmpty();
        assertThat(service.snapshot().state()).isEqualTo(UpdateState.DOWNLOADED);
        assertThat(service.snapshot().detail()).isEqualTo("activation deferred: EMERGENCY item 'storm warning' is playing");
        assertThat(device.layout.currentSlot()).contains("A");
        activationBlock = null;
        service.activationPolicyChanged();
        loop.runDue();
        assertThat(restarts).containsExactly("1.1.0");
    }

    @Test
    void after_the_restart_the_trial_shows_updating_then_success_when_the_launcher_commits() throws Exception {
        service.writePackageUri(publish("1.1.0"));
        loop.runDue();
        service.executeUpdate();
        loop.runDue();
        service.stop();
        BootPlanner planner = new BootPlanner(device.layout, new RealFileOps(), 2, () -> "t");
        BootPlan.Launch trial = (BootPlan.Launch) planner.plan();
        service = newService();
        assertThat(service.snapshot().state()).isEqualTo(UpdateState.UPDATING);
        planner.commit(trial.state());
        loop.advance(Duration.ofSeconds(30));
        assertThat(service.snapshot().state()).isEqualTo(UpdateState.IDLE);
        assertThat(service.snapshot().result()).isEqualTo(UpdateResult.SUCCESS);
        assertThat(service.snapshot().committedVersion()).isEqualTo("1.1.0");
    }

    @Test
    void a_rollback_after_the_trial_is_reported_as_update_failed_with_its_reason() throws Exception {
        service.writePackageUri(publish("1.1.0"));
        loop.runDue();
        service.executeUpdate();
        loop.runDue();
        service.stop();
        BootPlanner planner = new BootPlanner(device.layout, new RealFileOps(), 2, () -> "t");
        planner.rollback(((BootPlan.Launch) planner.plan()).state(), "audio self-test failed");
        service = newService();
        assertThat(service.snapshot().result()).isEqualTo(UpdateResult.UPDATE_FAILED);
        assertThat(service.snapshot().detail()).isEqualTo("rolled back from 1.1.0: audio self-test failed");
        assertThat(service.snapshot().committedVersion()).isEqualTo("1.0.0");
    }

    @Test
    void failures_map_to_their_update_results() throws Exception {
        String tampered = publish("1.1.0");
        server.put("fw/1.1.0/lib/loa-hal.jar", new byte[30_000]);
        assertThat(resultOf(tampered)).isEqualTo(UpdateResult.INTEGRITY_FAILURE);
        assertThat(resultOf(publish("1.2.0", List.of("orange-pi")))).isEqualTo(UpdateResult.UNSUPPORTED_PACKAGE);
        assertThat(resultOf(publish("0.9.0"))).isEqualTo(UpdateResult.UNSUPPORTED_PACKAGE);
        assertThat(service.snapshot().detail()).isEqualTo(
                "version: 0.9.0 is not newer than installed 1.0.0 and the bundle does not allow a downgrade");
        free = 1000;
        assertThat(resultOf(publish("1.3.0"))).isEqualTo(UpdateResult.NOT_ENOUGH_STORAGE);
        free = Long.MAX_VALUE;
        assertThat(resultOf("coaps://server/fw")).isEqualTo(UpdateResult.UNSUPPORTED_PROTOCOL);
        assertThat(resultOf(server.uri("fw/bundle.zip").toString())).isEqualTo(UpdateResult.UNSUPPORTED_PACKAGE);
        assertThat(service.snapshot().detail()).contains("names a zip file: unsupported package type");
        assertThat(resultOf("::nonsense")).isEqualTo(UpdateResult.INVALID_URI);
        assertThat(resultOf(server.uri("missing/manifest.json").toString())).isEqualTo(UpdateResult.INVALID_URI);
        assertThat(resultOf("http://127.0.0.1:1/fw/manifest.json")).isEqualTo(UpdateResult.CONNECTION_LOST);
        assertThat(device.layout.currentSlot()).contains("A");
        assertThat(restarts).isEmpty();
    }

    private UpdateResult resultOf(String uri) {
        service.writePackageUri("");
        service.writePackageUri(uri);
        loop.runDue();
        assertThat(service.snapshot().state()).isEqualTo(UpdateState.IDLE);
        return service.snapshot().result();
    }

    @Test
    void requests_in_the_wrong_state_are_rejected_with_the_reason() throws Exception {
        assertThat(service.executeUpdate()).isEqualTo(new UpdateService.Request.Rejected("no package is downloaded (state IDLE)"));
        service.writePackageUri(publish("1.1.0"));
        loop.runDue();
        assertThat(service.writePackageUri(publish("1.2.0"))).isEqualTo(
                new UpdateService.Request.Rejected("state is DOWNLOADED; write an empty Package URI first to cancel"));
        assertThat(service.writePackageUri("")).isEqualTo(new UpdateService.Request.Accepted());
        assertThat(service.snapshot().state()).isEqualTo(UpdateState.IDLE);
        assertThat(service.snapshot().result()).isEqualTo(UpdateResult.INITIAL);
    }

    @Test
    void a_key_learned_through_rotation_is_written_to_the_trust_folder_on_install() throws Exception {
        KeyPair next = ReleaseKeys.generate();
        Path zip = tmp.resolve("rot.zip");
        TestBundles.builder(tmp.resolve("jars-rot"), "1.1.0", next).boards(List.of("raspberry-pi-4"))
                .endorsement(ReleaseKeys.endorse(key.getPrivate(), key.getPublic(), next.getPublic())).writeZip(zip);
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                try (InputStream in = z.getInputStream(e)) {
                    server.put("rot/" + e.getName(), in.readAllBytes());
                }
            }
        }
        service.writePackageUri(server.uri("rot/").toString());
        loop.runDue();
        service.executeUpdate();
        loop.runDue();
        assertThat(Files.exists(tmp.resolve("trust").resolve(ReleaseKeys.keyId(next.getPublic()) + ".pub"))).isTrue();
        assertThat(TrustStore.load(tmp.resolve("trust")).keyIds()).containsExactly(ReleaseKeys.keyId(next.getPublic()));
    }
}
