package vn.loa.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.audio.ToneAnalysis;
import vn.loa.agent.audio.Tones;
import vn.loa.agent.audio.WavCaptureSink;
import vn.loa.agent.config.LoaConfig;
import vn.loa.agent.runtime.Station;
import vn.loa.hal.Amplifier;
import vn.loa.hal.SimulatedBoard;

/**
 * A whole station (simulated board, real audio engine into a WAV capture, arbiter, LwM2M client over the station's
 * adapters) against a real in-process Leshan server over DTLS/PSK on loopback.
 */
class StationOverLwm2mIT {

    @TempDir Path tmp;
    TestServer server;
    Station station;

    @AfterEach
    void tearDown() {
        if (station != null) station.close();
        if (server != null) server.close();
    }

    Registration startStation() throws Exception {
        return startStation("\"quietHours\": {\"enabled\": false}");
    }

    Registration startStation(String sections) throws Exception {
        ServedStation served = ServedStation.start(tmp, "{" + sections + "}", true);
        server = served.server();
        station = served.station();
        Registration r = server.awaitRegistration();
        await().atMost(10, TimeUnit.SECONDS).until(() -> station.snapshot().registered());
        return r;
    }

    @Test
    void a_headend_item_plays_into_the_capture_volume_reaches_the_engine_and_close_deregisters_with_amplifiers_off()
            throws Exception {
        Path tone = Tones.wav(tmp.resolve("tone.wav"), 48_000, 2, 1000, 0.5, 1.0);
        Registration reg = startStation();
        assertThat(station.lwm2m()).isPresent();
        assertThat(station.snapshot().endpoint()).contains(StationLwm2mClientIT.ENDPOINT);

        assertThat(server.send(reg, new WriteRequest(33000, 0, AudioOutputEnabler.VOLUME, 100L)).getCode())
                .isEqualTo(ResponseCode.CHANGED);
        await().atMost(5, TimeUnit.SECONDS).until(() -> station.engine().mixer().masterVolume() == 100);
        assertThat(station.snapshot().volume()).isEqualTo(100);

        var created = server.send(reg, new CreateRequest(33001, new LwM2mObjectInstance(0,
                LwM2mSingleResource.newStringResource(BroadcastItemEnabler.ITEM_ID, "bulletin-1"),
                LwM2mSingleResource.newStringResource(BroadcastItemEnabler.LEVEL, "normal"),
                LwM2mMultipleResource.newStringResource(BroadcastItemEnabler.SOURCE_URIS, Map.of(0, tone.toUri().toString())))));
        assertThat(created.getCode()).as(created.toString()).isEqualTo(ResponseCode.CREATED);
        assertThat(server.send(reg, new ExecuteRequest(33001, 0, BroadcastItemEnabler.PLAY)).isSuccess()).isTrue();
        await().atMost(5, TimeUnit.SECONDS).until(() -> station.snapshot().itemId().equals(Optional.of("bulletin-1")));
        await().atMost(20, TimeUnit.SECONDS).until(() -> "completed".equals(read(reg, 33001, 0, BroadcastItemEnabler.RESULT)));
        assertThat(read(reg, 33000, 0, AudioOutputEnabler.AMPLIFIER_STATE)).isIn("on", "hold");

        station.close();
        Registration gone = server.deregistrations.poll(10, TimeUnit.SECONDS);
        assertThat(gone).as("deregistration on close").isNotNull();
        assertThat(gone.getEndpoint()).isEqualTo(StationLwm2mClientIT.ENDPOINT);
        assertThat(station.snapshot().amplifiers().values()).containsOnly(Amplifier.State.OFF);

        short[] captured = Tones.readMono(tmp.resolve("capture.wav"));
        int first = ToneAnalysis.firstSound(captured, 0, 1000);
        assertThat(first).as("the capture has signal").isGreaterThanOrEqualTo(0);
        int n = 4800;
        int steady = first + 4 * n; // past the fade-in
        assertThat(ToneAnalysis.zeroCrossingHz(captured, steady, n, 48_000)).isCloseTo(1000, offset(20.0));
        assertThat(ToneAnalysis.rms(captured, steady, n)).as("played at volume 100 (gain 1)").isCloseTo(0.5 / Math.sqrt(2), offset(0.02));
    }

    void playItem(Registration reg, int instance, String id, String level, Path file) throws Exception {
        var created = server.send(reg, new CreateRequest(33001, new LwM2mObjectInstance(instance,
                LwM2mSingleResource.newStringResource(BroadcastItemEnabler.ITEM_ID, id),
                LwM2mSingleResource.newStringResource(BroadcastItemEnabler.LEVEL, level),
                LwM2mMultipleResource.newStringResource(BroadcastItemEnabler.SOURCE_URIS, Map.of(0, file.toUri().toString())))));
        assertThat(created.getCode()).as(created.toString()).isEqualTo(ResponseCode.CREATED);
        assertThat(server.send(reg, new ExecuteRequest(33001, instance, BroadcastItemEnabler.PLAY)).isSuccess()).isTrue();
    }

    @Test
    void out_of_service_stops_the_item_on_air_switches_the_amplifiers_off_refuses_emergencies_and_survives_a_restart()
            throws Exception {
        Path longTone = Tones.wav(tmp.resolve("long.wav"), 48_000, 2, 1000, 0.5, 20);
        Path alert = Tones.wav(tmp.resolve("alert.wav"), 48_000, 2, 880, 0.5, 0.5);
        Registration reg = startStation();
        Registration first = reg;
        playItem(reg, 0, "programme", "normal", longTone);
        await().atMost(10, TimeUnit.SECONDS).until(() -> station.snapshot().amplifiers().containsValue(Amplifier.State.ON));

        assertThat(server.send(reg, new WriteRequest(33000, 0, AudioOutputEnabler.OUT_OF_SERVICE, true)).getCode())
                .isEqualTo(ResponseCode.CHANGED);
        await().atMost(5, TimeUnit.SECONDS).until(() -> read(first, 33001, 0, BroadcastItemEnabler.RESULT).startsWith("stopped"));
        assertThat(read(reg, 33001, 0, BroadcastItemEnabler.RESULT)).contains("out of service (set by lwm2m:1)");
        await().atMost(5, TimeUnit.SECONDS).until(() -> station.snapshot().amplifiers().values().stream()
                .allMatch(a -> a == Amplifier.State.OFF));
        assertThat(read(reg, 33000, 0, AudioOutputEnabler.OUT_OF_SERVICE)).isEqualTo("true");

        playItem(reg, 1, "flood", "emergency", alert);
        await().atMost(5, TimeUnit.SECONDS).until(() -> read(first, 33001, 1, BroadcastItemEnabler.RESULT).startsWith("refused"));
        assertThat(read(reg, 33001, 1, BroadcastItemEnabler.RESULT)).startsWith("refused: emergency item flood: out of service since ")
                .contains("(set by lwm2m:1)");
        assertThat(station.snapshot().amplifiers().values()).containsOnly(Amplifier.State.OFF);
        assertThat(station.audit().since(java.time.Instant.EPOCH)).extracting(e -> e.action() + " " + e.who())
                .contains("audio.set lwm2m:1", "refused.out-of-service lwm2m:1");

        station.close();
        server.close();
        Registration again = startStation();
        assertThat(read(again, 33000, 0, AudioOutputEnabler.OUT_OF_SERVICE)).as("kept across the restart").isEqualTo("true");
        assertThat(server.send(again, new WriteRequest(33000, 0, AudioOutputEnabler.OUT_OF_SERVICE, false)).getCode())
                .isEqualTo(ResponseCode.CHANGED);
        await().atMost(5, TimeUnit.SECONDS).until(() -> "false".equals(read(again, 33000, 0, AudioOutputEnabler.OUT_OF_SERVICE)));
        playItem(again, 0, "flood-2", "emergency", alert);
        await().atMost(20, TimeUnit.SECONDS).until(() -> "completed".equals(read(again, 33001, 0, BroadcastItemEnabler.RESULT)));
    }

    @Test
    void mains_loss_on_the_board_reaches_an_observing_headend() throws Exception {
        Registration reg = startStation();
        ObserveResponse first = server.send(reg, new ObserveRequest(33002, 0, StationStatusEnabler.MAINS_PRESENT));
        assertThat(((LwM2mSingleResource) first.getContent()).getValue()).isEqualTo(true);
        ((SimulatedBoard) station.board()).setInput("mainsPresent", false);
        ObserveResponse n = server.notifications.poll(10, TimeUnit.SECONDS);
        assertThat(n).as("notification after mains loss").isNotNull();
        assertThat(((LwM2mSingleResource) n.getContent()).getValue()).isEqualTo(false);
        assertThat(station.snapshot().mains()).isFalse();
    }

    @Test
    void an_open_speaker_line_reaches_an_observing_headend_by_zone() throws Exception {
        Registration reg = startStation();
        ObserveResponse first = server.send(reg, new ObserveRequest(33002, 0, StationStatusEnabler.SPEAKER_LINES_OPEN));
        assertThat(((LwM2mSingleResource) first.getContent()).getValue()).isEqualTo("");
        ((SimulatedBoard) station.board()).setInput("amp.market.lineOpen", true);
        ObserveResponse n = server.notifications.poll(10, TimeUnit.SECONDS);
        assertThat(n).as("notification after the line opened").isNotNull();
        assertThat(((LwM2mSingleResource) n.getContent()).getValue()).isEqualTo("market");
    }

    @Test
    void a_headend_item_refused_by_quiet_hours_reports_the_reason_as_its_result() throws Exception {
        java.time.LocalTime now = java.time.LocalTime.now(vn.loa.hal.time.Clock.VIETNAM);
        java.time.format.DateTimeFormatter hm = java.time.format.DateTimeFormatter.ofPattern("HH:mm");
        Registration reg = startStation("\"quietHours\": {\"start\": \"" + now.minusHours(1).format(hm) + "\", \"end\": \""
                + now.plusHours(1).format(hm) + "\"}");
        server.send(reg, new CreateRequest(33001, new LwM2mObjectInstance(0,
                LwM2mSingleResource.newStringResource(BroadcastItemEnabler.ITEM_ID, "late-chat"),
                LwM2mSingleResource.newStringResource(BroadcastItemEnabler.LEVEL, "normal"),
                LwM2mMultipleResource.newStringResource(BroadcastItemEnabler.SOURCE_URIS, Map.of(0, "http://headend.invalid/c.mp3")))));
        assertThat(server.send(reg, new ExecuteRequest(33001, 0, BroadcastItemEnabler.PLAY)).isSuccess()).isTrue();
        await().atMost(5, TimeUnit.SECONDS).until(() -> read(reg, 33001, 0, BroadcastItemEnabler.RESULT).startsWith("refused: "));
        assertThat(read(reg, 33001, 0, BroadcastItemEnabler.RESULT)).startsWith("refused: quiet hours ")
                .contains("normal item late-chat at ");
        assertThat(read(reg, 33001, 0, BroadcastItemEnabler.STATE)).isEqualTo("ended");
        assertThat(station.audit().since(java.time.Instant.EPOCH)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("refused.quiet-hours");
            assertThat(e.who()).isEqualTo("lwm2m:1");
        });
    }

    @Test
    void with_an_update_section_the_station_offers_object_5_over_its_update_service() throws Exception {
        server = TestServer.start(StationLwm2mClientIT.ENDPOINT, StationLwm2mClientIT.IDENTITY, StationLwm2mClientIT.KEY);
        LoaConfig config = LoaConfig.parse("{\"quietHours\": {\"enabled\": false}, \"update\": {\"root\": \""
                + tmp.resolve("opt") + "\", \"stateDir\": \"" + tmp.resolve("ota") + "\", \"trustDir\": \"" + tmp.resolve("trust")
                + "\"}}", "loa.json", tmp.resolve("data"));
        java.util.List<Integer> exits = new java.util.concurrent.CopyOnWriteArrayList<>();
        station = Station.builder(config).sink(new WavCaptureSink(tmp.resolve("capture.wav")))
                .lwm2m(StationLwm2mClientIT.config(server.uri()).nonceFile(tmp.resolve("nonces.json")).build(),
                        Lwm2mSecrets.psk(StationLwm2mClientIT.IDENTITY, StationLwm2mClientIT.KEY))
                .part(vn.loa.agent.runtime.UpdatesPart.factory(config.update().orElseThrow(), exits::add))
                .syncProbe(() -> Optional.of(true)).start();
        Registration reg = server.awaitRegistration();
        assertThat(station.part(vn.loa.agent.runtime.UpdatesPart.class)).isPresent();
        assertThat(read(reg, 5, 0, 3)).as("Object 5 State: idle").isEqualTo("0");
        assertThat(read(reg, 5, 0, 5)).as("Object 5 Update Result: initial").isEqualTo("0");
        assertThat(read(reg, 3, 0, 3)).isEqualTo(station.part(vn.loa.agent.runtime.UpdatesPart.class).get()
                .updates().service().snapshot().committedVersion());
        station.close();
        assertThat(server.deregistrations.poll(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(exits).as("no restart without an update").isEmpty();
    }

    @Test
    void close_ends_in_the_safe_state_even_when_the_server_no_longer_answers_the_deregistration() throws Exception {
        startStation();
        server.close(); // the De-register now goes nowhere
        Thread closer = new Thread(station::close, "test-close");
        closer.start();
        await().atMost(Station.STOP_BOUND.plus(Station.DEREGISTRATION_BOUND).plusSeconds(2)).until(() -> !closer.isAlive());
        assertThat(station.snapshot().amplifiers().values()).containsOnly(Amplifier.State.OFF);
        assertThat(station.snapshot().registered()).isFalse();
        server = null;
    }

    String read(Registration reg, int o, int i, int r) throws InterruptedException {
        ReadResponse resp = server.send(reg, new ReadRequest(o, i, r));
        assertThat(resp.isSuccess()).as(resp.toString()).isTrue();
        return String.valueOf(((LwM2mSingleResource) resp.getContent()).getValue());
    }
}
