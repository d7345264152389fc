package vn.loa.agent.lwm2m;

import java.nio.file.Path;
import java.util.Optional;
import vn.loa.agent.audio.WavCaptureSink;
import vn.loa.agent.config.LoaConfig;
import vn.loa.agent.runtime.Station;

/**
 * A whole {@link Station} (simulated board, real audio engine into {@code capture.wav} under the temp dir) with the
 * LwM2M client of {@link StationLwm2mClientIT}'s endpoint and PSK, started against a fresh in-process Leshan
 * {@link TestServer} on loopback. Closing stops the station first (deregistration), then the server.
 */
record ServedStation(TestServer server, Station station) implements AutoCloseable {

    /**
     * @param configJson the station's loa.json text
     * @param ntpSynchronised what the station's NTP probe answers (false: the clock is not trusted until the server
     *                        writes its time)
     */
    static ServedStation start(Path tmp, String configJson, boolean ntpSynchronised) throws Exception {
        return start(tmp, configJson, ntpSynchronised, vn.loa.hal.time.Clock.system(vn.loa.hal.time.Clock.VIETNAM), null);
    }

    /**
     * @param clock        the station's clock
     * @param authorityKey base64 Ed25519 public key: signed emergencies required; {@code null}: none
     */
    static ServedStation start(Path tmp, String configJson, boolean ntpSynchronised, vn.loa.hal.time.Clock clock,
                               String authorityKey) throws Exception {
        TestServer server = TestServer.start(StationLwm2mClientIT.ENDPOINT, StationLwm2mClientIT.IDENTITY,
                StationLwm2mClientIT.KEY);
        try {
            LoaConfig config = LoaConfig.parse(configJson, "loa.json", tmp.resolve("data"));
            Lwm2mConfig.Builder cfg = StationLwm2mClientIT.config(server.uri()).nonceFile(tmp.resolve("nonces.json"));
            if (authorityKey != null) cfg.authorityPublicKey(authorityKey).requireSignedEmergency(true);
            Station station = Station.builder(config).sink(new WavCaptureSink(tmp.resolve("capture.wav"))).clock(clock)
                    .lwm2m(cfg.build(), Lwm2mSecrets.psk(StationLwm2mClientIT.IDENTITY, StationLwm2mClientIT.KEY))
                    .syncProbe(() -> Optional.of(ntpSynchronised)).start();
            return new ServedStation(server, station);
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    @Override public void close() {
        try {
            station.close();
        } finally {
            server.close();
        }
    }
}
