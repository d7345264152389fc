package vn.loa.ota;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.tinylog.Logger;
import vn.loa.hal.time.Cancellable;
import vn.loa.hal.time.Scheduler;
import vn.loa.ota.bundle.ReleaseKeys;
import vn.loa.ota.bundle.VerifyPolicy;
import vn.loa.ota.download.BundleDownloader;
import vn.loa.ota.download.DownloadFailure;
import vn.loa.ota.download.DownloadOutcome;
import vn.loa.ota.launcher.FileOps;
import vn.loa.ota.launcher.LauncherState;
import vn.loa.ota.slots.InstallOutcome;
import vn.loa.ota.slots.SlotInstaller;

/**
 * The device's update state machine with the semantics of LwM2M Object 5 (Firmware Update): write a Package
 * URI to download, execute Update to activate, read State and Update Result. It tells the truth about
 * failures (integrity, unsupported package, out of storage, lost connection, invalid URI, rollback after a
 * failed trial) and never activates while the {@link ActivationPolicy} says no. The LwM2M enabler only maps
 * resources onto these methods.
 *
 * <p>Threading: every public method must be called on the control loop ({@link #loop()}), except
 * {@link #snapshot()}, {@link #loop()} and {@link #runningVersion()}, which any thread may call; downloads and
 * installs run on the given worker executor and post their outcome back to the loop. Listeners are called on
 * the loop after each change. Lifecycle: {@link #start()} once, {@link #stop()} at shutdown.
 */
public final class UpdateService {

    /** The outcome of a write or execute, for the protocol's response code. */
    public sealed interface Request {
        record Accepted() implements Request { }
        /** Refused in the current state; nothing changed. */
        record Rejected(String reason) implements Request { }
    }

    @FunctionalInterface
    public interface Listener {
        void onChange(UpdateSnapshot snapshot);
    }

    /** Stops the agent so the launcher starts {@code current} (the agent exits with code 75). */
    @FunctionalInterface
    public interface Restarter {
        void restartIntoNewSlot(String version);
    }

    private final Scheduler loop;
    private final Executor worker;
    private final BundleDownloader downloader;
    private final SlotInstaller installer;
    private final Supplier<VerifyPolicy> policy;
    private final ActivationPolicy activation;
    private final Restarter restarter;
    private final FileOps fs;
    private final Path trustDir;
    private final Supplier<Boolean> registered;
    private final Duration recheck;
    private final Duration launcherPoll;
    private final String runningVersion;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    private UpdateState state = UpdateState.IDLE;
    private UpdateResult result = UpdateResult.INITIAL;
    private String packageUri = "";
    private String detail = "";
    private Optional<String> pendingVersion = Optional.empty();
    private String committedVersion;
    private DownloadOutcome.Downloaded downloaded;
    private AtomicBoolean cancel = new AtomicBoolean();
    private Cancellable recheckTask = Cancellable.NONE;
    private Cancellable pollTask = Cancellable.NONE;
    private long acknowledgedRollback;
    /** What {@link #snapshot()} returns: republished after every change, so other threads read a whole value. */
    private volatile UpdateSnapshot published;

    private UpdateService(Builder b) {
        this.loop = b.loop;
        this.worker = b.worker;
        this.downloader = b.downloader;
        this.installer = b.installer;
        this.policy = b.policy;
        this.activation = b.activation;
        this.restarter = b.restarter;
        this.fs = b.fs;
        this.trustDir = b.trustDir;
        this.registered = b.registered;
        this.recheck = b.recheck;
        this.launcherPoll = b.launcherPoll;
        this.runningVersion = b.runningVersion;
        this.committedVersion = b.runningVersion;
        this.published = snapshotNow();
    }

    /**
     * {@code worker} runs downloads and installs (blocking I/O); the service never shuts it down.
     * {@code policy} is asked for a fresh {@link VerifyPolicy} (trust store, board, versions, now) per download.
     */
    public static Builder builder(Scheduler loop, Executor worker, BundleDownloader downloader, SlotInstaller installer,
                                  Supplier<VerifyPolicy> policy, Restarter restarter, FileOps fs) {
        return new Builder(loop, worker, downloader, installer, policy, restarter, fs);
    }

    /** Builds the service; options not set keep the defaults each setter names. */
    public static final class Builder {
        private final Scheduler loop;
        private final Executor worker;
        private final BundleDownloader downloader;
        private final SlotInstaller installer;
        private final Supplier<VerifyPolicy> policy;
        private final Restarter restarter;
        private final FileOps fs;
        private ActivationPolicy activation = ActivationPolicy.ALWAYS;
        private Path trustDir;
        private Supplier<Boolean> registered = () -> false;
        private Duration recheck = Duration.ofSeconds(30);
        private Duration launcherPoll = Duration.ofSeconds(30);
        private String runningVersion = "0.0.0";

        private Builder(Scheduler loop, Executor worker, BundleDownloader downloader, SlotInstaller installer,
                        Supplier<VerifyPolicy> policy, Restarter restarter, FileOps fs) {
            this.loop = Objects.requireNonNull(loop);
            this.worker = Objects.requireNonNull(worker);
            this.downloader = Objects.requireNonNull(downloader);
            this.installer = Objects.requireNonNull(installer);
            this.policy = Objects.requireNonNull(policy);
            this.restarter = Objects.requireNonNull(restarter);
            this.fs = Objects.requireNonNull(fs);
        }

        /** When activation may happen. By default always. */
        public Builder activation(ActivationPolicy p) {
            this.activation = p;
            return this;
        }

        /** Where keys learned through a rotation are written as {@code <keyid>.pub}. By default nowhere. */
        public Builder trustDir(Path dir) {
            this.trustDir = dir;
            return this;
        }

        /** Whether the agent is registered now (the trial must re-register if so). By default never. */
        public Builder registered(Supplier<Boolean> r) {
            this.registered = r;
            return this;
        }

        /** How often a deferred activation asks the policy again. By default 30 s. */
        public Builder recheck(Duration d) {
            this.recheck = d;
            return this;
        }

        /** How often the launcher state is read during a trial to see it committed. By default 30 s. */
        public Builder launcherPoll(Duration d) {
            this.launcherPoll = d;
            return this;
        }

        /** The version of the code running now. By default 0.0.0. */
        public Builder runningVersion(String v) {
            this.runningVersion = v;
            return this;
        }

        public UpdateService build() {
            return new UpdateService(this);
        }
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** The state as of the last change; safe from any thread (protocol threads read it for Object 5 and 3). */
    public UpdateSnapshot snapshot() {
        return published;
    }

    private UpdateSnapshot snapshotNow() {
        return new UpdateSnapshot(state, result, packageUri, detail, pendingVersion, committedVersion);
    }

    /** The control loop this service runs on; other threads hand their calls over with {@code loop().execute}. */
    public Scheduler loop() {
        return loop;
    }

    private void onLoop() {
        if (!loop.inLoop()) throw new IllegalStateException("UpdateService must be called on the control loop");
    }

    /** Reads the launcher's state: a trial in progress, a commit or a rollback to report. */
    public void start() {
        onLoop();
        refreshFromLauncher();
        pollTask = loop.scheduleAtFixedRate(launcherPoll, launcherPoll, this::refreshFromLauncher);
    }

    public void stop() {
        pollTask.cancel();
        recheckTask.cancel();
        cancel.set(true);
    }

    private void refreshFromLauncher() {
        Optional<LauncherState> read;
        try {
            read = LauncherState.read(installer.layout().stateFile());
        } catch (IOException e) {
            Logger.tag("ota").warn("launcher state unreadable: {}", e.getMessage());
            return;
        }
        if (read.isEmpty()) return;
        LauncherState st = read.get();
        committedVersion = st.committedVersion();
        published = snapshotNow();
        if (st.status() == LauncherState.Status.TRIAL) {
            if (state != UpdateState.UPDATING || !pendingVersion.equals(st.trialVersion())) {
                set(UpdateState.UPDATING, UpdateResult.INITIAL, "version " + st.trialVersion().orElse("?")
                        + " is on trial", st.trialVersion());
            }
            return;
        }
        if (state == UpdateState.UPDATING && pendingVersion.isPresent() && st.committedVersion().equals(pendingVersion.get())) {
            set(UpdateState.IDLE, UpdateResult.SUCCESS, "version " + st.committedVersion() + " committed", Optional.empty());
            return;
        }
        Optional<LauncherState.Rollback> rb = st.rollback();
        if (rb.isPresent() && rb.get().seq() > acknowledgedRollback && state != UpdateState.DOWNLOADING
                && state != UpdateState.DOWNLOADED && result != UpdateResult.UPDATE_FAILED) {
            set(UpdateState.IDLE, UpdateResult.UPDATE_FAILED, "rolled back from " + rb.get().version() + ": "
                    + rb.get().reason(), Optional.empty());
        }
    }

    /**
     * Object 5 Package URI write. A URI starts a download; an empty one cancels a download or discards a
     * downloaded package and returns to Idle. A bad URI is accepted as a write and reported in Update Result.
     */
    public Request writePackageUri(String uri) {
        onLoop();
        if (uri == null || uri.isBlank()) {
            if (state == UpdateState.UPDATING) return new Request.Rejected("an update is being applied; it cannot be cancelled");
            cancel.set(true);
            recheckTask.cancel();
            downloaded = null;
            packageUri = "";
            set(UpdateState.IDLE, UpdateResult.INITIAL, "reset", Optional.empty());
            return new Request.Accepted();
        }
        if (state != UpdateState.IDLE) {
            return new Request.Rejected("state is " + state + "; write an empty Package URI first to cancel");
        }
        packageUri = uri.trim();
        acknowledgeRollback();
        Optional<DownloadOutcome.Failed> bad = BundleDownloader.checkUri(packageUri);
        if (bad.isPresent()) {
            set(UpdateState.IDLE, map(bad.get().kind()), bad.get().reason(), Optional.empty());
            return new Request.Accepted();
        }
        AtomicBoolean myCancel = new AtomicBoolean();
        cancel = myCancel;
        VerifyPolicy p = policy.get();
        String target = packageUri;
        set(UpdateState.DOWNLOADING, UpdateResult.INITIAL, "downloading " + target, Optional.empty());
        worker.execute(() -> {
            DownloadOutcome o;
            try {
                o = downloader.download(target, p, myCancel::get);
            } catch (IOException | RuntimeException e) {
                o = new DownloadOutcome.Failed(DownloadFailure.CONNECTION_LOST, "download failed: " + e);
            }
            DownloadOutcome done = o;
            loop.execute(() -> downloadFinished(myCancel, done));
        });
        return new Request.Accepted();
    }

    private void acknowledgeRollback() {
        try {
            LauncherState.read(installer.layout().stateFile()).flatMap(LauncherState::rollback)
                    .ifPresent(r -> acknowledgedRollback = r.seq());
        } catch (IOException e) {
            Logger.tag("ota").warn("launcher state unreadable: {}", e.getMessage());
        }
    }

    private void downloadFinished(AtomicBoolean token, DownloadOutcome o) {
        if (token.get() || state != UpdateState.DOWNLOADING) return;
        switch (o) {
            case DownloadOutcome.Downloaded d -> {
                downloaded = d;
                set(UpdateState.DOWNLOADED, UpdateResult.INITIAL, "downloaded " + d.verification().manifest().version()
                        + " (" + d.jarsFetched() + " jar(s) fetched, " + d.jarsReused() + " reused)",
                        Optional.of(d.verification().manifest().version().toString()));
            }
            case DownloadOutcome.Failed f -> set(UpdateState.IDLE, map(f.kind()), f.reason(), Optional.empty());
        }
    }

    private static UpdateResult map(DownloadFailure f) {
        return switch (f) {
            case CONNECTION_LOST, CANCELLED -> UpdateResult.CONNECTION_LOST;
            case INTEGRITY -> UpdateResult.INTEGRITY_FAILURE;
            case UNSUPPORTED_PACKAGE -> UpdateResult.UNSUPPORTED_PACKAGE;
            case OUT_OF_STORAGE -> UpdateResult.NOT_ENOUGH_STORAGE;
            case INVALID_URI -> UpdateResult.INVALID_URI;
            case UNSUPPORTED_PROTOCOL -> UpdateResult.UNSUPPORTED_PROTOCOL;
        };
    }

    /**
     * Object 5 Update execute. Activates the downloaded package now if the activation policy allows, else as
     * soon as it does (asked again every recheck interval and on {@link #activationPolicyChanged()}).
     */
    public Request executeUpdate() {
        onLoop();
        if (state != UpdateState.DOWNLOADED || downloaded == null) {
            return new Request.Rejected("no package is downloaded (state " + state + ")");
        }
        recheckTask.cancel();
        tryActivate();
        return new Request.Accepted();
    }

    /** The agent calls this when what the policy depends on changed (an emergency ended). */
    public void activationPolicyChanged() {
        onLoop();
        if (state == UpdateState.DOWNLOADED && downloaded != null && detail.startsWith("activation deferred")) {
            recheckTask.cancel();
            tryActivate();
        }
    }

    private void tryActivate() {
        if (state != UpdateState.DOWNLOADED || downloaded == null) return;
        if (activation.mayActivateNow() instanceof ActivationPolicy.Decision.Deferred d) {
            if (!detail.equals("activation deferred: " + d.reason())) {
                set(state, result, "activation deferred: " + d.reason(), pendingVersion);
            }
            recheckTask = loop.schedule(recheck, this::tryActivate);
            return;
        }
        DownloadOutcome.Downloaded d = downloaded;
        boolean needsRegistration = Boolean.TRUE.equals(registered.get());
        set(UpdateState.UPDATING, UpdateResult.INITIAL, "installing " + pendingVersion.orElse("?"), pendingVersion);
        worker.execute(() -> {
            InstallOutcome o;
            try {
                o = installer.install(d.verification().manifest(), d.manifestBytes(), d.signature(), needsRegistration);
                if (o instanceof InstallOutcome.Installed) rememberNewKeys(d);
            } catch (IOException | RuntimeException e) {
                o = new InstallOutcome.NotInstalled("install failed: " + e);
            }
            InstallOutcome done = o;
            loop.execute(() -> installFinished(done));
        });
    }

    private void rememberNewKeys(DownloadOutcome.Downloaded d) throws IOException {
        if (trustDir == null) return;
        for (var k : d.verification().newlyTrusted()) {
            Path f = trustDir.resolve(ReleaseKeys.keyId(k) + ".pub");
            if (Files.exists(f)) continue;
            fs.mkdirs(trustDir);
            fs.atomicWrite(f, ReleaseKeys.pem(k).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            Logger.tag("ota").info("trusting release key {} (endorsed through key rotation)", ReleaseKeys.keyId(k));
        }
    }

    private void installFinished(InstallOutcome o) {
        switch (o) {
            case InstallOutcome.Installed i -> {
                downloaded = null;
                set(UpdateState.UPDATING, UpdateResult.INITIAL, "version " + i.version() + " installed in slot "
                        + i.slot() + "; restarting into it for its trial", Optional.of(i.version()));
                restarter.restartIntoNewSlot(i.version());
            }
            case InstallOutcome.NotInstalled n -> {
                downloaded = null;
                set(UpdateState.IDLE, UpdateResult.UPDATE_FAILED, n.reason(), Optional.empty());
            }
        }
    }

    private void set(UpdateState s, UpdateResult r, String why, Optional<String> pending) {
        UpdateState from = state;
        state = s;
        result = r;
        detail = why;
        pendingVersion = pending;
        Logger.tag("ota").info("update {} -> {} (result {}): {}", from, s, r, why);
        UpdateSnapshot snap = snapshotNow();
        published = snap;
        for (Listener l : listeners) l.onChange(snap);
    }

    /** The running version, as the agent was started. */
    public String runningVersion() {
        return runningVersion;
    }
}
