package vn.loa.agent.lwm2m;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import vn.loa.agent.update.ExitRestarter;
import vn.loa.agent.update.StationUpdates;
import vn.loa.agent.update.UpdateFixture;
import vn.loa.ota.launcher.HealthReport.AudioSelfTest;
import vn.loa.ota.launcher.HealthReporter;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.LoopScheduler;

/**
 * One agent run as the station wires it: a control loop, {@link StationUpdates} and the LwM2M client with Object 5.
 * Its restarter is the real {@link ExitRestarter}: the safe shutdown closes this agent, and the exit code is recorded
 * instead of ending the JVM.
 */
final class TestAgent implements AutoCloseable {

    static final String ENDPOINT = "loa-update-01";
    static final String IDENTITY = "loa-update-01-id";
    static final byte[] KEY = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

    final LoopScheduler loop = new LoopScheduler(Clock.system(Clock.VIETNAM), "test-control");
    final StationUpdates updates;
    final StationLwm2mClient client;
    final CompletableFuture<Integer> exit = new CompletableFuture<>();
    final AtomicLong freeBytes = new AtomicLong(Long.MAX_VALUE);
    private final CountDownLatch hang = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    TestAgent(UpdateFixture device, URI server, String runningVersion, Optional<HealthReporter> health,
              Supplier<AudioSelfTest> audio) throws IOException {
        StationLwm2mClient[] c = new StationLwm2mClient[1];
        updates = StationUpdates.builder(device.config(), loop, () -> UpdateFixture.IDLE, audio,
                        new ExitRestarter(this::close, exit::complete))
                .registered(() -> c[0] != null && c[0].isRegistered()).board(UpdateFixture.BOARD)
                .runningVersion(runningVersion).launcherVersion("1.0.0").health(health)
                .usableSpace(freeBytes::get).launcherPoll(Duration.ofMillis(100)).open();
        Lwm2mConfig cfg = Lwm2mConfig.builder(ENDPOINT, server).nonceFile(device.dir.resolve("nonces-" + System.nanoTime() + ".json"))
                .lifetime(Duration.ofSeconds(60)).updatePeriod(Duration.ofSeconds(20)).requestTimeout(Duration.ofSeconds(2))
                .retry(Duration.ofMillis(200), Duration.ofSeconds(1)).dtlsRetransmission(Duration.ofMillis(200), 2)
                .boardProfile(UpdateFixture.BOARD).build();
        client = StationLwm2mClient.builder(cfg, Lwm2mSecrets.psk(IDENTITY, KEY)).scheduler(loop)
                .updates(updates.service()).build();
        c[0] = client;
        client.start();
    }

    /** Blocks the control loop (a hung agent): no more health beats until {@link #close()}. */
    void hangControlLoop() {
        loop.execute(() -> {
            try {
                hang.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** The safe shutdown: LwM2M deregistered, updates and the loop stopped. Idempotent. */
    @Override public void close() {
        if (!closed.compareAndSet(false, true)) return;
        hang.countDown();
        client.stop();
        updates.close();
        loop.close();
    }
}
