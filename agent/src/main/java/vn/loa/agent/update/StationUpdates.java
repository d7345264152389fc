package vn.loa.agent.update;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.tinylog.Logger;
import vn.loa.agent.broadcast.ArbiterStatus;
import vn.loa.hal.time.Cancellable;
import vn.loa.hal.time.Scheduler;
import vn.loa.ota.ActivationPolicy;
import vn.loa.ota.UpdateService;
import vn.loa.ota.bundle.TrustStore;
import vn.loa.ota.bundle.VerifyPolicy;
import vn.loa.ota.bundle.Version;
import vn.loa.ota.download.BundleDownloader;
import vn.loa.ota.launcher.FileOps;
import vn.loa.ota.launcher.HealthReport;
import vn.loa.ota.launcher.HealthReporter;
import vn.loa.ota.launcher.LaunchSpec;
import vn.loa.ota.launcher.RealFileOps;
import vn.loa.ota.launcher.SlotLayout;
import vn.loa.ota.slots.SlotInstaller;

/**
 * The station's side of over-the-air updates, assembled in one place: the {@link UpdateService} (download, verify,
 * install into the inactive slot, restart through the {@link UpdateService.Restarter}) that LwM2M Object 5 drives, the
 * {@link StationActivationPolicy} fed from the arbiter, and the health beats the launcher's trial waits for.
 *
 * <p>Health beats are sent from the control loop every {@code update.heartbeatSeconds}: {@code audio=} from the audio
 * self-test, {@code registered=} from the LwM2M client. A stuck loop stops them, which is what the launcher's watchdog
 * watches. The same tick notices when activation became allowed (an emergency ended) and tells the service at once.
 *
 * <p>Lifecycle: {@link Builder#open()} starts the service on the loop (reading the launcher state: a trial in progress,
 * a commit or rollback to report) and the beats; {@link #close()} stops both, the download worker and the health
 * socket. Owns a worker thread {@code loa-update} and an HTTP client; does not own the loop.
 */
public final class StationUpdates implements AutoCloseable {

    /** How long {@link Builder#open()} waits for the loop to start the service. */
    static final long START_WAIT_MS = 5000;

    private final UpdateService service;
    private final ExecutorService worker;
    private final HttpClient http;
    private final Optional<HealthReporter> health;
    private final Scheduler loop;
    private final Cancellable beats;
    private final ActivationPolicy activation;
    private final Supplier<HealthReport.AudioSelfTest> audio;
    private final BooleanSupplier registered;
    private boolean activationAllowed = true;

    private StationUpdates(Builder b, UpdateService service, ExecutorService worker, HttpClient http,
                           Optional<HealthReporter> health, ActivationPolicy activation) {
        this.service = service;
        this.worker = worker;
        this.http = http;
        this.health = health;
        this.loop = b.loop;
        this.activation = activation;
        this.audio = b.audioSelfTest;
        this.registered = b.registered;
        CompletableFuture<Void> started = new CompletableFuture<>();
        Runnable start = () -> {
            try {
                service.start();
                started.complete(null);
            } catch (RuntimeException e) {
                started.completeExceptionally(e);
            }
        };
        if (loop.inLoop()) start.run();
        else loop.execute(start);
        try {
            started.get(START_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the update service started on the control loop", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the update service did not start on the control loop within "
                    + START_WAIT_MS + " ms: " + e, e);
        }
        this.beats = loop.scheduleAtFixedRate(Duration.ZERO, b.config.heartbeat(), this::tick);
        Logger.tag("update").info("updates ready: running {}, committed {}, slots in {}, health beats {}",
                service.runningVersion(), service.snapshot().committedVersion(), b.config.root(),
                health.isPresent() ? "every " + b.config.heartbeat().toMillis() + " ms" : "off (not started by the launcher)");
    }

    public static Builder builder(UpdateConfig config, Scheduler loop, Supplier<ArbiterStatus> arbiter,
                                  Supplier<HealthReport.AudioSelfTest> audioSelfTest, UpdateService.Restarter restarter) {
        return new Builder(config, loop, arbiter, audioSelfTest, restarter);
    }

    /** The service LwM2M Object 5 maps onto ({@code StationLwm2mClient.Builder.updates}). */
    public UpdateService service() {
        return service;
    }

    /** Runs on the loop: one health beat, and a nudge to the service when activation just became allowed. */
    private void tick() {
        health.ifPresent(h -> h.beat(audio.get(), registered.getAsBoolean()));
        boolean allowed = activation.mayActivateNow() instanceof ActivationPolicy.Decision.Allowed;
        if (allowed && !activationAllowed) service.activationPolicyChanged();
        activationAllowed = allowed;
    }

    /** Stops the beats, the service and the download worker; idempotent; any thread. */
    @Override public void close() {
        beats.cancel();
        service.stop();
        worker.shutdownNow();
        http.close();
        health.ifPresent(HealthReporter::close);
    }

    /**
     * Builds and opens {@link StationUpdates}. Required: the {@code update} config, the control loop, what is on air,
     * the audio self-test and the restarter. Everything else is optional and documented per setter.
     */
    public static final class Builder {
        private final UpdateConfig config;
        private final Scheduler loop;
        private final Supplier<ArbiterStatus> arbiter;
        private final Supplier<HealthReport.AudioSelfTest> audioSelfTest;
        private final UpdateService.Restarter restarter;
        private BooleanSupplier registered = () -> false;
        private String board;
        private String runningVersion;
        private String launcherVersion = System.getProperty("loa.launcher.version");
        private Optional<HealthReporter> health;
        private LongSupplier usableSpace;
        private Duration launcherPoll = Duration.ofSeconds(30);

        private Builder(UpdateConfig config, Scheduler loop, Supplier<ArbiterStatus> arbiter,
                        Supplier<HealthReport.AudioSelfTest> audioSelfTest, UpdateService.Restarter restarter) {
            this.config = Objects.requireNonNull(config, "config");
            this.loop = Objects.requireNonNull(loop, "loop");
            this.arbiter = Objects.requireNonNull(arbiter, "arbiter");
            this.audioSelfTest = Objects.requireNonNull(audioSelfTest, "audioSelfTest");
            this.restarter = Objects.requireNonNull(restarter, "restarter");
        }

        /**
         * Whether the LwM2M client is registered now (reported in beats; an install while registered makes the trial
         * wait for re-registration). Called on the loop, must not block. By default never registered.
         */
        public Builder registered(BooleanSupplier r) { registered = Objects.requireNonNull(r); return this; }

        /** The board name bundles must list (e.g. {@code raspberry-pi-4}). By default not checked. */
        public Builder board(String b) { board = b; return this; }

        /**
         * The release running now. By default the version in the launch file of the slot the launcher started
         * ({@code -Dloa.slot}), else the agent jar's Implementation-Version, else {@code 0.0.0}.
         */
        public Builder runningVersion(String v) { runningVersion = v; return this; }

        /** The installed launcher's version (bundles name a minimum). By default {@code -Dloa.launcher.version}; not checked without it. */
        public Builder launcherVersion(String v) { launcherVersion = v; return this; }

        /**
         * Where health beats go. By default the launcher that started this JVM ({@code -Dloa.launcher.health} and
         * {@code LOA_HEALTH_TOKEN}); none when not started by a launcher. A given reporter is closed by {@link #close()}.
         */
        public Builder health(Optional<HealthReporter> h) { health = Objects.requireNonNull(h); return this; }

        /**
         * Free bytes for downloads. By default the usable space of the file store holding {@code stateDir}, and, when
         * {@code root} is on another file system, of that one too (the jars are copied there). A given supplier
         * stands for both.
         */
        public Builder usableSpace(LongSupplier s) { usableSpace = s; return this; }

        /** How often the launcher state is read during a trial, to report the commit. By default 30 s. */
        public Builder launcherPoll(Duration d) { launcherPoll = Objects.requireNonNull(d); return this; }

        /**
         * Builds the service, starts it on the loop and starts the beats. Health trouble (a malformed
         * {@code -Dloa.launcher.health}, no socket) is logged and leaves the beats off: the station still plays, and a
         * trial without beats is rolled back by the launcher. A control loop that does not run the start within
         * {@link #START_WAIT_MS} is an {@link IllegalStateException}; nothing is left running then.
         */
        public StationUpdates open() {
            SlotLayout layout = config.layout();
            FileOps fs = new RealFileOps();
            SlotInstaller installer = new SlotInstaller(layout, fs);
            HttpClient http = HttpClient.newBuilder().connectTimeout(config.downloadTimeout())
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            BundleDownloader downloader;
            if (usableSpace != null || sameFileStore(layout.stateDir(), layout.root())) {
                LongSupplier space = usableSpace != null ? usableSpace : () -> freeBytes(layout.stateDir());
                downloader = new BundleDownloader(http, installer, fs, space, config.downloadTimeout());
            } else {
                downloader = new BundleDownloader(http, installer, fs, () -> freeBytes(layout.stateDir()),
                        () -> freeBytes(layout.root()), config.downloadTimeout());
            }
            ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "loa-update");
                t.setDaemon(true);
                return t;
            });
            ActivationPolicy activation = new StationActivationPolicy(arbiter, loop.clock(), config.window());
            String running = runningVersion != null ? runningVersion : detectRunningVersion(layout);
            Optional<Version> launcher = parse(launcherVersion);
            UpdateService[] self = new UpdateService[1];
            Supplier<VerifyPolicy> policy = () -> {
                VerifyPolicy.Builder p = VerifyPolicy.builder(trust(config.trustDir())).now(loop.clock().now());
                if (board != null) p.board(board);
                launcher.ifPresent(p::launcherVersion);
                parse(self[0].snapshot().committedVersion()).ifPresent(p::installed);
                return p.build();
            };
            UpdateService service = UpdateService.builder(loop, worker, downloader, installer, policy, restarter, fs)
                    .activation(activation).trustDir(config.trustDir()).registered(registered::getAsBoolean)
                    .runningVersion(running).launcherPoll(launcherPoll).build();
            self[0] = service;
            Optional<HealthReporter> beats = health;
            if (beats == null) {
                try {
                    beats = HealthReporter.fromEnvironment();
                } catch (IOException e) {
                    Logger.tag("update").error("health beats off, the launcher will roll a trial back: {}", e.getMessage());
                    beats = Optional.empty();
                }
            }
            try {
                return new StationUpdates(this, service, worker, http, beats, activation);
            } catch (RuntimeException e) {
                service.stop();
                worker.shutdownNow();
                http.close();
                beats.ifPresent(HealthReporter::close);
                throw e;
            }
        }

        private static TrustStore trust(Path dir) {
            try {
                return TrustStore.load(dir);
            } catch (IOException e) {
                Logger.tag("update").error("no release key can be trusted ({}); every bundle will be refused", e.getMessage());
                return TrustStore.of(List.of());
            }
        }

        private static Optional<Version> parse(String v) {
            if (v == null) return Optional.empty();
            try {
                return Optional.of(Version.parse(v));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        private static long freeBytes(Path dir) {
            Path p = existing(dir);
            try {
                return p == null ? 0 : Files.getFileStore(p).getUsableSpace();
            } catch (IOException e) {
                Logger.tag("update").warn("free space of {} unknown: {}", p, e.getMessage());
                return 0;
            }
        }

        /** The folder itself or its nearest existing parent. */
        private static Path existing(Path dir) {
            Path p = dir.toAbsolutePath();
            while (p != null && !Files.exists(p)) p = p.getParent();
            return p;
        }

        /** Whether both folders (or their nearest existing parents) are on one file system; true when unknown. */
        static boolean sameFileStore(Path a, Path b) {
            Path pa = existing(a);
            Path pb = existing(b);
            try {
                return pa == null || pb == null || Files.getFileStore(pa).equals(Files.getFileStore(pb));
            } catch (IOException e) {
                return true;
            }
        }

        static String detectRunningVersion(SlotLayout layout) {
            String slot = System.getProperty("loa.slot");
            if (slot != null && SlotLayout.SLOTS.contains(slot)
                    && LaunchSpec.check(layout.slot(slot)) instanceof LaunchSpec.SlotCheck.Bootable b) {
                return b.spec().version();
            }
            String v = StationUpdates.class.getPackage().getImplementationVersion();
            return v != null ? v : "0.0.0";
        }
    }
}
