package vn.loa.testbench.bench;

import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import vn.loa.agent.lwm2m.Lwm2mConfig;
import vn.loa.agent.lwm2m.Lwm2mSecrets;
import vn.loa.agent.lwm2m.RegistrationOutcome;
import vn.loa.agent.lwm2m.StationLwm2mClient;

/**
 * The process {@code ./loa bench lwm2m} starts to time JVM start → registered: builds the station's client from its
 * arguments ({@code SERVER_URI ENDPOINT IDENTITY KEY_HEX}), registers, deregisters and exits 0, or exits 1 after 30 s.
 */
public final class Lwm2mBenchChild {

    private Lwm2mBenchChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        Lwm2mConfig cfg = Lwm2mConfig.builder(args[1], URI.create(args[0])).build();
        CountDownLatch registered = new CountDownLatch(1);
        StationLwm2mClient c = StationLwm2mClient.builder(cfg, Lwm2mSecrets.psk(args[2], HexFormat.of().parseHex(args[3])))
                .listener((o, retry) -> {
                    if (o instanceof RegistrationOutcome.Registered) registered.countDown();
                }).build();
        c.start();
        boolean ok = registered.await(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
        c.stop();
        System.exit(ok ? 0 : 1);
    }
}
