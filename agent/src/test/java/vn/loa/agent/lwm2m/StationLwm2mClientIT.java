package vn.loa.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.CreateResponse;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.loa.agent.broadcast.Level;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.LoopScheduler;

/** The station's LwM2M client against a real in-process Leshan server over DTLS/PSK on loopback. */
class StationLwm2mClientIT {

    static final String ENDPOINT = "loa-test-07";
    static final String IDENTITY = "loa-test-07-id";
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    TestServer server;
    StationLwm2mClient client;
    LoopScheduler loop;
    final FakeStation station = new FakeStation();

    @AfterEach
    void tearDown() {
        if (client != null) client.stop();
        if (server != null) server.close();
        if (loop != null) loop.close();
    }

    @org.junit.jupiter.api.io.TempDir static Path state;

    static Lwm2mConfig.Builder config(URI server) {
        return Lwm2mConfig.builder(ENDPOINT, server).nonceFile((state != null ? state : Path.of(System.getProperty("java.io.tmpdir")))
                        .resolve("loa-nonces-" + System.nanoTime() + ".json"))
                .lifetime(Duration.ofSeconds(60)).updatePeriod(Duration.ofSeconds(20))
                .requestTimeout(Duration.ofSeconds(2)).retry(Duration.ofMillis(200), Duration.ofSeconds(1))
                .dtlsRetransmission(Duration.ofMillis(200), 2).boardProfile("raspberry-pi-4-loa")
                .location(new Lwm2mConfig.Location(10.53, 106.41, java.util.Optional.of(3.0), Instant.parse("2026-01-05T01:00:00Z")));
    }

    Registration startClient(Lwm2mConfig cfg) throws Exception {
        loop = new LoopScheduler(Clock.system(Clock.VIETNAM), "test-lwm2m");
        client = StationLwm2mClient.builder(cfg, Lwm2mSecrets.psk(IDENTITY, KEY)).audio(station).broadcasts(station)
                .sensors(station).reboot(station).scheduler(loop).build();
        client.start();
        Registration r = server.awaitRegistration();
        await().atMost(10, TimeUnit.SECONDS).until(client::isRegistered);
        return r;
    }

    Registration startDefault() throws Exception {
        server = TestServer.start(ENDPOINT, IDENTITY, KEY);
        return startClient(config(server.uri()).build());
    }

    @Test
    void registers_and_every_object_reads() throws Exception {
        Registration reg = startDefault();
        assertThat(reg.getEndpoint()).isEqualTo(ENDPOINT);
        await().atMost(5, TimeUnit.SECONDS).until(client::isRegistered);
        for (int obj : new int[] {1, 3, 4, 6, 7, 33000, 33002}) {
            ReadResponse r = server.send(reg, new ReadRequest(obj, 0));
            assertThat(r.isSuccess()).as("read /%d/0: %s", obj, r).isTrue();
        }
        ReadResponse model = server.send(reg, new ReadRequest(3, 0, 1));
        assertThat(((LwM2mSingleResource) model.getContent()).getValue()).isEqualTo("raspberry-pi-4-loa");
        ReadResponse tz = server.send(reg, new ReadRequest(3, 0, 15));
        assertThat(((LwM2mSingleResource) tz.getContent()).getValue()).isEqualTo("Asia/Ho_Chi_Minh");
        ReadResponse lat = server.send(reg, new ReadRequest(6, 0, 0));
        assertThat(((LwM2mSingleResource) lat.getContent()).getValue()).isEqualTo(10.53);
        ReadResponse tx = server.send(reg, new ReadRequest(7, 0, 2));
        assertThat((Long) ((LwM2mSingleResource) tx.getContent()).getValue()).isGreaterThanOrEqualTo(1L);
        assertThat(client.traffic().snapshot().sentDatagrams()).isPositive();
        assertThat(client.traffic().snapshot().receivedDatagrams()).isPositive();
        assertThat(Path.of("Californium3.properties")).doesNotExist();
        assertThat(Path.of("Californium3.client.properties")).doesNotExist();
    }

    @Test
    void volume_write_reaches_audio_control_and_bad_writes_change_nothing() throws Exception {
        Registration reg = startDefault();
        WriteResponse ok = server.send(reg, new WriteRequest(33000, 0, 0, 40L));
        assertThat(ok.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(station.status().volume()).isEqualTo(40);

        WriteResponse tooLoud = server.send(reg, new WriteRequest(33000, 0, 0, 140L));
        assertThat(tooLoud.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(tooLoud.getErrorMessage()).isEqualTo("volume 140 outside 0..100");
        WriteResponse unknown = server.send(reg, new WriteRequest(33000, 0, 99, 1L));
        assertThat(unknown.getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        WriteResponse readOnly = server.send(reg, new WriteRequest(33000, 0, 3, "on"));
        assertThat(readOnly.getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
        assertThat(station.status().volume()).isEqualTo(40);
        assertThat(station.volumeWrites.get()).isEqualTo(1);
        ReadResponse read = server.send(reg, new ReadRequest(33000, 0, 0));
        assertThat(((LwM2mSingleResource) read.getContent()).getValue()).isEqualTo(40L);
    }

    @Test
    void oversized_write_gets_413_and_changes_nothing() throws Exception {
        Registration reg = startDefault();
        String huge = "http://example.vn/" + "a".repeat(5000);
        CreateResponse c = server.send(reg, new CreateRequest(33001, new LwM2mObjectInstance(0, item("big-1", "normal", huge))));
        assertThat(c.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
        ReadResponse r = server.send(reg, new ReadRequest(33001));
        assertThat(r.isSuccess()).isTrue();
        assertThat(((org.eclipse.leshan.core.node.LwM2mObject) r.getContent()).getInstances()).isEmpty();
    }

    @Test
    void a_value_of_the_wrong_type_gets_400_and_changes_nothing() throws Exception {
        List<org.eclipse.leshan.core.model.ObjectModel> models = new java.util.ArrayList<>();
        for (org.eclipse.leshan.core.model.ObjectModel m : LoaModels.all()) {
            if (m.id != LoaModels.AUDIO_OUTPUT) {
                models.add(m);
                continue;
            }
            List<org.eclipse.leshan.core.model.ResourceModel> rs = new java.util.ArrayList<>();
            for (org.eclipse.leshan.core.model.ResourceModel r : m.resources.values()) {
                rs.add(r.id != AudioOutputEnabler.VOLUME ? r : new org.eclipse.leshan.core.model.ResourceModel(r.id, r.name,
                        r.operations, r.multiple, r.mandatory, org.eclipse.leshan.core.model.ResourceModel.Type.STRING,
                        "", "", "volume as a string, to send a wrong type"));
            }
            models.add(new org.eclipse.leshan.core.model.ObjectModel(m.id, m.name, m.description, m.version, m.multiple,
                    m.mandatory, rs, m.urn, m.lwm2mVersion, m.description2));
        }
        server = new TestServer(0, ENDPOINT, IDENTITY, KEY, models);
        Registration reg = startClient(config(server.uri()).build());
        WriteResponse w = server.send(reg, new WriteRequest(org.eclipse.leshan.core.request.ContentFormat.TEXT, 33000, 0,
                AudioOutputEnabler.VOLUME, "loud"));
        assertThat(w.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(station.status().volume()).isEqualTo(60);
        assertThat(station.volumeWrites.get()).isZero();
    }

    @Test
    void every_writable_broadcast_item_resource_round_trips() throws Exception {
        Registration reg = startDefault();
        server.send(reg, new CreateRequest(33001, new LwM2mObjectInstance(0, item("rt-1", "normal", "file:/var/lib/loa/a.mp3"))));
        Date start = Date.from(Instant.parse("2030-01-01T00:00:00Z"));
        byte[] sig = new byte[64];
        java.util.Arrays.fill(sig, (byte) 7);
        Object[][] values = {
                {BroadcastItemEnabler.ITEM_ID, "rt-2"}, {BroadcastItemEnabler.LEVEL, "emergency"},
                {BroadcastItemEnabler.CONTENT_SHA256, "b".repeat(64)}, {BroadcastItemEnabler.START_TIME, start},
                {BroadcastItemEnabler.END_TIME, start}, {BroadcastItemEnabler.REPEAT, 3L},
                {BroadcastItemEnabler.VOLUME_OVERRIDE, 55L}, {BroadcastItemEnabler.AUTHORITY_SIGNATURE, sig},
                {BroadcastItemEnabler.NONCE, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}},
                {BroadcastItemEnabler.MAX_DURATION, 1800L},
                {BroadcastItemEnabler.FALLBACK_URI, "https://headend.example.vn/b/fallback.mp3"},
                {BroadcastItemEnabler.FALLBACK_SHA256, "d".repeat(64)}};
        for (Object[] v : values) {
            int id = (Integer) v[0];
            WriteRequest w = switch (v[1]) {
                case String s -> new WriteRequest(33001, 0, id, s);
                case Long l -> new WriteRequest(33001, 0, id, l);
                case Date d -> new WriteRequest(33001, 0, id, d);
                case byte[] b -> new WriteRequest(33001, 0, id, b);
                default -> throw new AssertionError(v[1]);
            };
            assertThat(server.send(reg, w).getCode()).as("write /33001/0/%d", id).isEqualTo(ResponseCode.CHANGED);
            Object back = ((LwM2mSingleResource) server.send(reg, new ReadRequest(33001, 0, id)).getContent()).getValue();
            assertThat(back).as("read back /33001/0/%d", id).isEqualTo(v[1]);
        }
        WriteResponse sources = server.send(reg, new WriteRequest(33001, 0, BroadcastItemEnabler.SOURCE_URIS,
                Map.of(0, "http://a.example.vn/x.mp3", 1, "cache:" + "c".repeat(64)), org.eclipse.leshan.core.model.ResourceModel.Type.STRING));
        assertThat(sources.getCode()).isEqualTo(ResponseCode.CHANGED);
        ReadResponse r = server.send(reg, new ReadRequest(33001, 0, BroadcastItemEnabler.SOURCE_URIS));
        assertThat(((LwM2mMultipleResource) r.getContent()).getInstances()).hasSize(2);
        WriteResponse badScheme = server.send(reg, new WriteRequest(33001, 0, BroadcastItemEnabler.SOURCE_URIS,
                Map.of(0, "rtsp://x/y"), org.eclipse.leshan.core.model.ResourceModel.Type.STRING));
        assertThat(badScheme.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(badScheme.getErrorMessage()).isEqualTo("source 'rtsp://x/y' must be http(s)://, file: or cache:");
        assertThat(((LwM2mMultipleResource) server.send(reg, new ReadRequest(33001, 0, BroadcastItemEnabler.SOURCE_URIS))
                .getContent()).getInstances()).hasSize(2);

        WriteResponse tooLong = server.send(reg, new WriteRequest(33001, 0, BroadcastItemEnabler.MAX_DURATION, 90_000L));
        assertThat(tooLong.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(tooLong.getErrorMessage()).isEqualTo("max duration 90000 s outside 0..86400 (0: none)");
        WriteResponse fileFallback = server.send(reg, new WriteRequest(33001, 0, BroadcastItemEnabler.FALLBACK_URI, "file:/tmp/f.mp3"));
        assertThat(fileFallback.getErrorMessage())
                .isEqualTo("fallback URI 'file:/tmp/f.mp3' must be http(s):// (where the station fetches it from) or empty");
        WriteResponse badHash = server.send(reg, new WriteRequest(33001, 0, BroadcastItemEnabler.FALLBACK_SHA256, "ABC"));
        assertThat(badHash.getErrorMessage()).isEqualTo("fallback sha256 'ABC' must be 64 lower-case hex digits or empty");
        assertThat(((LwM2mSingleResource) server.send(reg, new ReadRequest(33001, 0, BroadcastItemEnabler.MAX_DURATION))
                .getContent()).getValue()).as("unchanged by the refused write").isEqualTo(1800L);
        assertThat(((LwM2mSingleResource) server.send(reg, new ReadRequest(33001, 0, BroadcastItemEnabler.FALLBACK_URI))
                .getContent()).getValue()).isEqualTo("https://headend.example.vn/b/fallback.mp3");

        ExecuteResponse play = server.send(reg, new ExecuteRequest(33001, 0, BroadcastItemEnabler.PLAY));
        assertThat(play.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(play.getErrorMessage())
                .isEqualTo("a fallback plays when the item's stream is down, but item 'rt-2' is no stream (it has a Content SHA-256)");
        assertThat(station.submitted).isEmpty();
    }

    static LwM2mResource[] item(String id, String level, String source) {
        return new LwM2mResource[] {
                LwM2mSingleResource.newStringResource(BroadcastItemEnabler.ITEM_ID, id),
                LwM2mSingleResource.newStringResource(BroadcastItemEnabler.LEVEL, level),
                LwM2mMultipleResource.newStringResource(BroadcastItemEnabler.SOURCE_URIS, Map.of(0, source))};
    }

    @Test
    void broadcast_item_written_and_played_reaches_broadcast_control_and_reports_its_result() throws Exception {
        Registration reg = startDefault();
        CreateResponse c = server.send(reg, new CreateRequest(33001, new LwM2mObjectInstance(0,
                item("bulletin-1", "priority", "http://headend.example.vn/b1.mp3"))));
        assertThat(c.getCode()).as(c.toString()).isEqualTo(ResponseCode.CREATED);
        WriteResponse badLevel = server.send(reg, new WriteRequest(33001, 0, BroadcastItemEnabler.LEVEL, "loud"));
        assertThat(badLevel.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(badLevel.getErrorMessage()).contains("'loud'");
        ExecuteResponse play = server.send(reg, new ExecuteRequest(33001, 0, BroadcastItemEnabler.PLAY));
        assertThat(play.isSuccess()).as(play.toString()).isTrue();
        assertThat(station.submitted).hasSize(1);
        assertThat(station.submitted.get(0).id()).isEqualTo("bulletin-1");
        assertThat(station.submitted.get(0).level()).isEqualTo(Level.PRIORITY);
        assertThat(station.submitted.get(0).origin()).isEqualTo("lwm2m:1");
        assertThat(readString(reg, 33001, 0, BroadcastItemEnabler.STATE)).isEqualTo("playing");
        station.finish("bulletin-1");
        assertThat(readString(reg, 33001, 0, BroadcastItemEnabler.RESULT)).isEqualTo("completed");
        assertThat(readString(reg, 33001, 0, BroadcastItemEnabler.STATE)).isEqualTo("ended");
    }

    @Test
    void stop_executes_reach_the_arbiter() throws Exception {
        Registration reg = startDefault();
        server.send(reg, new CreateRequest(33001, new LwM2mObjectInstance(0, item("b2", "normal", "cache:" + "a".repeat(64)))));
        server.send(reg, new ExecuteRequest(33001, 0, BroadcastItemEnabler.PLAY));
        ExecuteResponse stop = server.send(reg, new ExecuteRequest(33001, 0, BroadcastItemEnabler.STOP));
        assertThat(stop.isSuccess()).isTrue();
        assertThat(station.stops).containsExactly("b2 by lwm2m:1");
        assertThat(readString(reg, 33001, 0, BroadcastItemEnabler.RESULT)).isEqualTo("stopped by lwm2m:1");
    }

    @Test
    void an_item_with_a_future_start_is_scheduled_then_submitted_and_can_be_stopped_before() throws Exception {
        Registration reg = startDefault();
        Date soon = Date.from(Instant.now().plusSeconds(1));
        LwM2mResource[] base = item("later-1", "normal", "http://headend.example.vn/l.mp3");
        server.send(reg, new CreateRequest(33001, new LwM2mObjectInstance(0, base[0], base[1], base[2],
                LwM2mSingleResource.newDateResource(BroadcastItemEnabler.START_TIME, soon))));
        assertThat(server.send(reg, new ExecuteRequest(33001, 0, BroadcastItemEnabler.PLAY)).isSuccess()).isTrue();
        assertThat(readString(reg, 33001, 0, BroadcastItemEnabler.STATE)).isEqualTo("scheduled");
        assertThat(station.submitted).isEmpty();
        await().atMost(10, TimeUnit.SECONDS).until(() -> station.submitted.size() == 1);

        Date later = Date.from(Instant.now().plusSeconds(3600));
        LwM2mResource[] b2 = item("later-2", "normal", "http://headend.example.vn/l2.mp3");
        server.send(reg, new CreateRequest(33001, new LwM2mObjectInstance(1, b2[0], b2[1], b2[2],
                LwM2mSingleResource.newDateResource(BroadcastItemEnabler.START_TIME, later))));
        server.send(reg, new ExecuteRequest(33001, 1, BroadcastItemEnabler.PLAY));
        server.send(reg, new ExecuteRequest(33001, 1, BroadcastItemEnabler.STOP));
        assertThat(readString(reg, 33001, 1, BroadcastItemEnabler.RESULT)).isEqualTo("stopped by lwm2m:1");
        assertThat(station.stops).isEmpty();
        assertThat(station.submitted).hasSize(1);
    }

    @Test
    void deleting_a_playing_item_stops_it() throws Exception {
        Registration reg = startDefault();
        server.send(reg, new CreateRequest(33001, new LwM2mObjectInstance(0, item("del-1", "normal", "http://h.example.vn/d.mp3"))));
        server.send(reg, new ExecuteRequest(33001, 0, BroadcastItemEnabler.PLAY));
        var d = server.send(reg, new org.eclipse.leshan.core.request.DeleteRequest(33001, 0));
        assertThat(d.isSuccess()).isTrue();
        assertThat(station.stops).containsExactly("del-1 by lwm2m:1 (instance deleted)");
    }

    String readString(Registration reg, int o, int i, int r) throws InterruptedException {
        ReadResponse resp = server.send(reg, new ReadRequest(o, i, r));
        assertThat(resp.isSuccess()).as(resp.toString()).isTrue();
        return (String) ((LwM2mSingleResource) resp.getContent()).getValue();
    }

    @Test
    void observed_station_status_notifies_a_mains_loss() throws Exception {
        Registration reg = startDefault();
        ObserveResponse first = server.send(reg, new ObserveRequest(33002, 0, StationStatusEnabler.MAINS_PRESENT));
        assertThat(((LwM2mSingleResource) first.getContent()).getValue()).isEqualTo(true);
        station.mains(false);
        ObserveResponse n = server.notifications.poll(10, TimeUnit.SECONDS);
        assertThat(n).as("notification after mains loss").isNotNull();
        assertThat(((LwM2mSingleResource) n.getContent()).getValue()).isEqualTo(false);
        ReadResponse errors = server.send(reg, new ReadRequest(3, 0, DeviceEnabler.ERROR_CODE));
        assertThat(errors.getContent().toString()).contains("value=2");
    }

    @Test
    void reboot_executes_the_safe_reboot_hook() throws Exception {
        Registration reg = startDefault();
        ExecuteResponse r = server.send(reg, new ExecuteRequest(3, 0, DeviceEnabler.REBOOT));
        assertThat(r.isSuccess()).isTrue();
        assertThat(station.reboots).containsExactly("lwm2m:1");
    }

    @Test
    void deregisters_on_stop() throws Exception {
        startDefault();
        client.stop();
        Registration gone = server.deregistrations.poll(10, TimeUnit.SECONDS);
        assertThat(gone).isNotNull();
        assertThat(gone.getEndpoint()).isEqualTo(ENDPOINT);
    }

    @Test
    void reregisters_by_itself_after_the_server_restarts() throws Exception {
        server = TestServer.start(ENDPOINT, IDENTITY, KEY);
        int port = server.port();
        startClient(config(server.uri()).updatePeriod(Duration.ofSeconds(1)).build());
        server.close();
        server = new TestServer(port, ENDPOINT, IDENTITY, KEY, LoaModels.all());
        Registration again = server.registrations.poll(30, TimeUnit.SECONDS);
        assertThat(again).as("re-registration after server restart").isNotNull();
        assertThat(again.getEndpoint()).isEqualTo(ENDPOINT);
    }

    @Test
    void pmax_bounds_the_silence_of_an_observed_resource() throws Exception {
        Registration reg = startDefault();
        var attrs = new org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributeSet(
                org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributes.create(
                        org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributes.MAXIMUM_PERIOD, 1L));
        var wa = server.send(reg, new org.eclipse.leshan.core.request.WriteAttributesRequest(33002, 0, StationStatusEnabler.UPTIME, attrs));
        assertThat(wa.isSuccess()).as(wa.toString()).isTrue();
        ObserveResponse first = server.send(reg, new ObserveRequest(33002, 0, StationStatusEnabler.UPTIME));
        assertThat(first.isSuccess()).isTrue();
        ObserveResponse n = server.notifications.poll(10, TimeUnit.SECONDS);
        assertThat(n).as("a notification at pmax without any change").isNotNull();
        assertThat(((LwM2mSingleResource) n.getContent()).getValue()).isEqualTo(3600L);
    }

    @Test
    void registers_with_raw_public_keys() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        KeyPair serverKeys = ec.generateKeyPair();
        KeyPair clientKeys = ec.generateKeyPair();
        server = new TestServer(0, org.eclipse.leshan.server.security.SecurityInfo.newRawPublicKeyInfo(ENDPOINT,
                clientKeys.getPublic()), serverKeys, LoaModels.all());
        Lwm2mConfig cfg = config(server.uri()).security(SecurityMode.RPK).build();
        assertThat(cfg.cipherSuites()).containsExactly("TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        loop = new LoopScheduler(Clock.system(Clock.VIETNAM), "test-lwm2m");
        client = StationLwm2mClient.builder(cfg, Lwm2mSecrets.rpk(clientKeys.getPrivate().getEncoded(),
                clientKeys.getPublic().getEncoded(), serverKeys.getPublic().getEncoded())).scheduler(loop).build();
        client.start();
        Registration reg = server.awaitRegistration();
        assertThat(reg.getEndpoint()).isEqualTo(ENDPOINT);
        assertThat(server.send(reg, new ReadRequest(3, 0, 0)).isSuccess()).isTrue();
    }

    @Test
    void a_simulator_profile_registers_without_security_and_strangers_still_cannot_command_it() throws Exception {
        server = new TestServer(0, null, null, LoaModels.all());
        Lwm2mConfig cfg = config(server.uri()).security(SecurityMode.NOSEC).allowNoSec(true).build();
        loop = new LoopScheduler(Clock.system(Clock.VIETNAM), "test-lwm2m");
        client = StationLwm2mClient.builder(cfg, Lwm2mSecrets.noSec()).audio(station).scheduler(loop).build();
        client.start();
        Registration reg = server.awaitRegistration();
        await().atMost(10, TimeUnit.SECONDS).until(client::isRegistered);
        assertThat(server.send(reg, new ReadRequest(33000, 0, 0)).isSuccess()).isTrue();

        Path coapClient = Path.of("/usr/bin/coap-client-notls");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(coapClient),
                "coap-client-notls missing: install Debian package libcoap3-bin to run the stranger probe");
        int port = client.localUri().orElseThrow().getPort();
        Process p = new ProcessBuilder(coapClient.toString(), "-m", "put", "-B", "3", "-e", "99",
                "coap://127.0.0.1:" + port + "/33000/0/0").redirectErrorStream(true).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(answer).as("the station answered the stranger with an error").contains("unknown server");
        assertThat(station.volumeWrites.get()).as("coap-client said: %s", answer).isZero();
        assertThat(station.status().volume()).isEqualTo(60);
    }

    // ---- emergency authenticity ----

    KeyPair authority;

    Registration startSigned() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        authority = g.generateKeyPair();
        server = TestServer.start(ENDPOINT, IDENTITY, KEY);
        String pub = Base64.getEncoder().encodeToString(authority.getPublic().getEncoded());
        return startClient(config(server.uri()).authorityPublicKey(pub).requireSignedEmergency(true).build());
    }

    byte[] sign(String id, List<URI> sources, Instant notAfter, byte[] nonce) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(authority.getPrivate());
        s.update(EmergencyAuthenticator.canonicalBytes(id, Level.EMERGENCY, sources, null, notAfter, nonce));
        return s.sign();
    }

    ExecuteResponse createAndPlay(Registration reg, int inst, String id, Instant notAfter, byte[] nonce, byte[] sig)
            throws Exception {
        String src = "http://headend.example.vn/storm.mp3";
        LwM2mResource[] base = item(id, "emergency", src);
        CreateResponse c = server.send(reg, new CreateRequest(33001, new LwM2mObjectInstance(inst, base[0], base[1], base[2],
                LwM2mSingleResource.newDateResource(BroadcastItemEnabler.END_TIME, Date.from(notAfter)),
                LwM2mSingleResource.newBinaryResource(BroadcastItemEnabler.NONCE, nonce),
                LwM2mSingleResource.newBinaryResource(BroadcastItemEnabler.AUTHORITY_SIGNATURE, sig))));
        assertThat(c.getCode()).as(c.toString()).isEqualTo(ResponseCode.CREATED);
        return server.send(reg, new ExecuteRequest(33001, inst, BroadcastItemEnabler.PLAY));
    }

    @Test
    void signed_emergency_plays_once_and_its_replay_is_refused() throws Exception {
        Registration reg = startSigned();
        Instant notAfter = Instant.now().plusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        byte[] nonce = "nonce-0001-abcdef".getBytes(StandardCharsets.US_ASCII);
        List<URI> src = List.of(URI.create("http://headend.example.vn/storm.mp3"));
        ExecuteResponse ok = createAndPlay(reg, 0, "storm-1", notAfter, nonce, sign("storm-1", src, notAfter, nonce));
        assertThat(ok.isSuccess()).as(ok.toString()).isTrue();
        assertThat(station.submitted).extracting(i -> i.id()).containsExactly("storm-1");
        assertThat(station.submitted.get(0).notAfter()).as("the arbiter enforces the signed not-after").isEqualTo(notAfter);
        assertThat(station.submitted.get(0).maxDuration()).as("no Max Duration written").isNull();
        station.finish("storm-1");
        ExecuteResponse replay = createAndPlay(reg, 1, "storm-1", notAfter, nonce, sign("storm-1", src, notAfter, nonce));
        assertThat(replay.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(replay.getErrorMessage()).contains("replays item storm-1");
        assertThat(readString(reg, 33001, 1, BroadcastItemEnabler.RESULT)).startsWith("refused: nonce");
        assertThat(station.submitted).hasSize(1);
    }

    @Test
    void expired_invalid_and_unsigned_emergencies_are_refused_with_the_reason() throws Exception {
        Registration reg = startSigned();
        List<URI> src = List.of(URI.create("http://headend.example.vn/storm.mp3"));
        Instant past = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        byte[] n1 = "nonce-expired-01".getBytes(StandardCharsets.US_ASCII);
        ExecuteResponse expired = createAndPlay(reg, 0, "e1", past, n1, sign("e1", src, past, n1));
        assertThat(expired.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(readString(reg, 33001, 0, BroadcastItemEnabler.RESULT)).contains("refused: end time");

        Instant later = Instant.now().plusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        byte[] n2 = "nonce-invalid-02".getBytes(StandardCharsets.US_ASCII);
        byte[] forged = sign("e2-other", src, later, n2);
        ExecuteResponse invalid = createAndPlay(reg, 1, "e2", later, n2, forged);
        assertThat(invalid.getErrorMessage()).isEqualTo("refused: signature does not verify with the authority key");
        assertThat(readString(reg, 33001, 1, BroadcastItemEnabler.RESULT))
                .isEqualTo("refused: signature does not verify with the authority key");

        ExecuteResponse unsigned = createAndPlay(reg, 2, "e3", later, "nonce-unsigned-3".getBytes(StandardCharsets.US_ASCII), new byte[0]);
        assertThat(unsigned.getErrorMessage()).isEqualTo("refused: no authority signature");
        assertThat(station.submitted).isEmpty();
    }

    @Test
    void working_directory_gets_no_californium_properties() throws Exception {
        startDefault();
        try (var files = Files.list(Path.of("."))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("Californium"));
        }
    }
}
