package vn.loa.agent.lwm2m;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.SessionAdapter;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.californium.endpoint.ClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.engine.DefaultRegistrationEngineFactory;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.model.LwM2mModelRepository;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.BootstrapRequest;
import org.eclipse.leshan.core.request.DeregisterRequest;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.tinylog.Logger;
import vn.loa.hal.time.Cancellable;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.LoopScheduler;
import vn.loa.hal.time.Scheduler;

/**
 * The station's LwM2M 1.1 client (Leshan on Californium/Scandium): objects 0, 1, 3, 4, 5 (when given updates), 6, 7 and Loa's 33000-33003 over
 * the station interfaces given to the {@link Builder}, DTLS 1.2 PSK or RPK with explicit cipher suites and connection
 * ID support, registration updates at the configured period, re-registration with exponential back-off after any
 * failure (server lost, DTLS session lost, handshake refused), deregistration on {@link #stop()}.
 *
 * <p>The Californium {@code Configuration} is built in code; nothing is read from or written to the working
 * directory. Leshan's own fixed-interval retry is disabled (its wait is set beyond any run); the back-off here restarts
 * the registration engine, which also drops the DTLS session and begins with a fresh handshake.
 *
 * <p>Lifecycle: build → {@link #start()} → {@link #stop()}; not restartable after stop. Thread-safe. Owns the Leshan
 * client and, unless one was given, a scheduler thread {@code loa-lwm2m}.
 */
public final class StationLwm2mClient implements AutoCloseable {

    /** Server short id of the (single) device-management server in objects 0 and 1. */
    public static final int SERVER_SHORT_ID = 1;
    /** Largest request body the station accepts; bigger writes get 4.13. */
    public static final int MAX_REQUEST_BODY_BYTES = 4096;
    /** The longest {@link #stop()} waits for the server to acknowledge the De-register (shutdown must be quick). */
    public static final long DEREGISTRATION_TIMEOUT_MS = 3000;
    /** Leshan's own retry wait, set beyond any run so that only the back-off here retries. */
    private static final int LESHAN_RETRY_DISABLED_MS = Integer.MAX_VALUE;

    private final Lwm2mConfig config;
    private final LeshanClient leshan;
    private final Scheduler scheduler;
    private final LoopScheduler ownedScheduler;
    private final TrafficCounter traffic;
    private final HandshakeWatch handshake = new HandshakeWatch();
    private final List<RegistrationListener> listeners = new CopyOnWriteArrayList<>();
    private final RandomGenerator random;
    private final String serverUri;

    private boolean started;
    private boolean stopped;
    private int failures;
    private boolean restartPending;
    private Cancellable restart = Cancellable.NONE;
    private volatile String registrationId;

    private StationLwm2mClient(Builder b) {
        this.config = b.config;
        this.traffic = new TrafficCounter();
        this.random = b.random;
        if (b.scheduler != null) {
            this.scheduler = b.scheduler;
            this.ownedScheduler = null;
        } else {
            this.ownedScheduler = new LoopScheduler(Clock.system(Clock.VIETNAM), "loa-lwm2m");
            this.scheduler = ownedScheduler;
        }
        if (b.listener != null) listeners.add(b.listener);
        this.serverUri = withDefaultPort(config.serverUri()).toString();
        this.leshan = buildLeshan(b);
        leshan.addObserver(new Observer());
    }

    public static Builder builder(Lwm2mConfig config, Lwm2mSecrets secrets) {
        return new Builder(config, secrets);
    }

    static URI withDefaultPort(URI u) {
        if (u.getPort() != -1) return u;
        try {
            return new URI(u.getScheme(), null, u.getHost(), "coaps".equals(u.getScheme()) ? 5684 : 5683, u.getPath(), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("serverUri '" + u + "': " + e.getMessage(), e);
        }
    }

    private LeshanClient buildLeshan(Builder b) {
        LwM2mModelRepository repo = new LwM2mModelRepository(LoaModels.all());
        ObjectsInitializer init = new ObjectsInitializer(repo.getLwM2mModel());
        Lwm2mSecrets s = b.secrets;
        if (s.mode() != config.security()) {
            throw new IllegalArgumentException("secrets are for " + s.mode().lower() + " but lwm2m.security is " + config.security().lower());
        }
        Security security;
        if (config.bootstrap()) {
            security = switch (s.mode()) {
                case PSK -> Security.pskBootstrap(serverUri, s.pskIdentity().getBytes(StandardCharsets.UTF_8), s.pskKey());
                case RPK -> Security.rpkBootstrap(serverUri, s.rpkPublicKey(), s.rpkPrivateKey(), s.serverPublicKey());
                case NOSEC -> Security.noSecBootstrap(serverUri);
            };
            init.setInstancesForObject(LwM2mId.SECURITY, security);
            init.setClassForObject(LwM2mId.SERVER, Server.class);
        } else {
            security = switch (s.mode()) {
                case PSK -> Security.psk(serverUri, SERVER_SHORT_ID, s.pskIdentity().getBytes(StandardCharsets.UTF_8), s.pskKey());
                case RPK -> Security.rpk(serverUri, SERVER_SHORT_ID, s.rpkPublicKey(), s.rpkPrivateKey(), s.serverPublicKey());
                case NOSEC -> Security.noSec(serverUri, SERVER_SHORT_ID);
            };
            init.setInstancesForObject(LwM2mId.SECURITY, security);
            init.setInstancesForObject(LwM2mId.SERVER, new Server(SERVER_SHORT_ID, config.lifetime().toSeconds(),
                    EnumSet.of(BindingMode.U), false, BindingMode.U));
        }
        DeviceInfo info = b.device != null ? b.device
                : new DeviceInfo("Loa", config.boardProfile(), config.endpoint(), Builder.agentVersion());
        DeviceEnabler device = b.updates == null ? new DeviceEnabler(info, scheduler.clock(), Optional.ofNullable(b.sensors),
                Optional.ofNullable(b.audio), Optional.ofNullable(b.reboot))
                : new DeviceEnabler(info, scheduler.clock(), Optional.ofNullable(b.sensors), Optional.ofNullable(b.audio),
                Optional.ofNullable(b.reboot), () -> b.updates.snapshot().committedVersion(), b.updates::runningVersion);
        if (b.serverTime != null) device.serverTimeSink(b.serverTime);
        init.setInstancesForObject(LwM2mId.DEVICE, device);
        init.setInstancesForObject(LwM2mId.CONNECTIVITY_MONITORING,
                new ConnectivityMonitoringEnabler(b.network != null ? b.network : new InterfaceNetworkStatus()));
        config.location().ifPresent(l -> init.setInstancesForObject(LwM2mId.LOCATION, new LocationEnabler(l)));
        init.setInstancesForObject(LwM2mId.CONNECTIVITY_STATISTICS, new ConnectivityStatisticsEnabler(traffic, scheduler));
        List<Integer> ids = new ArrayList<>(List.of(LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.DEVICE,
                LwM2mId.CONNECTIVITY_MONITORING, LwM2mId.CONNECTIVITY_STATISTICS));
        if (config.location().isPresent()) ids.add(LwM2mId.LOCATION);
        if (b.audio != null) {
            init.setInstancesForObject(LoaModels.AUDIO_OUTPUT, new AudioOutputEnabler(b.audio));
            ids.add(LoaModels.AUDIO_OUTPUT);
        }
        if (b.broadcasts != null) {
            Optional<EmergencyAuthenticator> auth = config.authorityPublicKey().map(k -> new EmergencyAuthenticator(
                    EmergencyAuthenticator.parsePublicKey(k), scheduler.clock(), config.signatureMaxValidity(),
                    new NonceJournal(config.nonceFile())));
            init.setFactoryForObject(LoaModels.BROADCAST_ITEM, new BroadcastItemEnabler.Factory(b.broadcasts, auth,
                    config.requireSignedEmergency(), scheduler, Optional.ofNullable(b.schedule)));
            ids.add(LoaModels.BROADCAST_ITEM);
        }
        if (b.updates != null) {
            init.setInstancesForObject(LwM2mId.FIRMWARE, new FirmwareUpdateEnabler(b.updates, device::firmwareVersionChanged));
            ids.add(LwM2mId.FIRMWARE);
        }
        if (b.sensors != null) {
            init.setInstancesForObject(LoaModels.STATION_STATUS, new StationStatusEnabler(b.sensors));
            ids.add(LoaModels.STATION_STATUS);
        }
        if (b.playLog != null) {
            init.setInstancesForObject(LoaModels.PLAY_LOG, new PlayLogEnabler(b.playLog));
            ids.add(LoaModels.PLAY_LOG);
        }
        for (int id : ids) {
            if (id != LwM2mId.SECURITY && id != LwM2mId.SERVER && id != LoaModels.BROADCAST_ITEM) {
                init.setFactoryForObject(id, new SingleInstanceOnly(id));
            }
        }
        List<LwM2mObjectEnabler> enablers = init.create(ids.stream().mapToInt(Integer::intValue).toArray());

        DefaultRegistrationEngineFactory engine = new DefaultRegistrationEngineFactory();
        engine.setCommunicationPeriod((int) config.updatePeriod().toMillis());
        engine.setRequestTimeoutInMs(config.requestTimeout().toMillis());
        engine.setDeregistrationTimeoutInMs(Math.min(config.requestTimeout().toMillis(), DEREGISTRATION_TIMEOUT_MS));
        engine.setRetryWaitingTimeInMs(LESHAN_RETRY_DISABLED_MS);
        engine.setResumeOnConnect(true);
        engine.setReconnectOnUpdate(false);

        List<ClientProtocolProvider> protocols = new ArrayList<>();
        protocols.add(new CoapsClientProtocolProvider() {
            @Override
            public CaliforniumClientEndpointFactory createDefaultEndpointFactory() {
                return new LoaCoapsEndpointFactory(traffic, handshake);
            }
        });
        if (config.security() == SecurityMode.NOSEC) protocols.add(new CoapClientProtocolProvider());
        CaliforniumClientEndpointsProvider.Builder endpoints =
                new CaliforniumClientEndpointsProvider.Builder(protocols.toArray(ClientProtocolProvider[]::new));
        endpoints.setConfiguration(californiumConfiguration(endpoints.createDefaultConfiguration(), config));

        LeshanClientBuilder lb = new LeshanClientBuilder(config.endpoint());
        lb.setObjects(enablers);
        lb.setEndpointsProviders(endpoints.build());
        lb.setRegistrationEngineFactory(engine);
        return lb.build();
    }

    /**
     * The Californium configuration, in code: the protocol providers' defaults (which never touch a file) plus the
     * station's DTLS choices.
     */
    static Configuration californiumConfiguration(Configuration c, Lwm2mConfig config) {
        List<CipherSuite> suites = config.cipherSuites().stream().map(CipherSuite::getTypeByName).toList();
        c.set(DtlsConfig.DTLS_CIPHER_SUITES, suites);
        c.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
        c.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, config.connectionIdLength());
        c.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        c.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, config.dtlsRetransmission().toMillis(), TimeUnit.MILLISECONDS);
        c.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, config.dtlsMaxRetransmissions());
        c.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, MAX_REQUEST_BODY_BYTES);
        return c;
    }

    /** Registers (or bootstraps) in the background; outcomes go to the listeners. */
    public void start() {
        synchronized (this) {
            if (stopped) throw new IllegalStateException("the LwM2M client was stopped; build a new one");
            if (started) return;
            started = true;
        }
        Logger.tag("lwm2m").info("starting: endpoint {} server {} security {} update every {} s, lifetime {} s",
                config.endpoint(), serverUri, config.security().lower(), config.updatePeriod().toSeconds(),
                config.lifetime().toSeconds());
        leshan.start();
    }

    /** Deregisters (waiting at most {@link #DEREGISTRATION_TIMEOUT_MS} for the server; nothing is sent while still registering), stops and releases everything. Idempotent. */
    public void stop() {
        synchronized (this) {
            if (stopped) return;
            stopped = true;
            restart.cancel();
        }
        Logger.tag("lwm2m").info("stopping: deregistering from {}", serverUri);
        leshan.destroy(true);
        if (ownedScheduler != null) ownedScheduler.close();
    }

    @Override
    public void close() {
        stop();
    }

    public boolean isRegistered() {
        return registrationId != null;
    }

    /** The registration id the server gave, if registered. */
    public Optional<String> registrationId() {
        return Optional.ofNullable(registrationId);
    }

    /** The station's own CoAP(S) endpoint while registered, e.g. {@code coaps://0.0.0.0:41234}. */
    public Optional<URI> localUri() {
        for (LwM2mServer s : leshan.getRegisteredServers().values()) {
            var e = leshan.getEndpoint(s);
            if (e != null) return Optional.of(e.getURI());
        }
        return Optional.empty();
    }

    public String serverUri() {
        return serverUri;
    }

    public String endpoint() {
        return config.endpoint();
    }

    /** Bytes and datagrams at the DTLS socket since build. */
    public TrafficCounter traffic() {
        return traffic;
    }

    public void addListener(RegistrationListener l) {
        listeners.add(Objects.requireNonNull(l));
    }

    /** Sends a registration update now (e.g. after the uplink came back). */
    public void triggerUpdate() {
        leshan.triggerRegistrationUpdate();
    }

    private void emit(RegistrationOutcome o, Duration retryIn) {
        for (RegistrationListener l : listeners) {
            try {
                l.onOutcome(o, retryIn);
            } catch (RuntimeException e) {
                Logger.tag("lwm2m").error(e, "registration listener failed");
            }
        }
    }

    /** Exponential back-off with ±20 % jitter, from retryMin doubling to retryMax. */
    Duration backoff(int failureCount) {
        long min = config.retryMin().toMillis();
        long max = config.retryMax().toMillis();
        long base = min;
        for (int i = 1; i < failureCount && base < max; i++) base = Math.min(max, base * 2);
        double jitter = 0.8 + 0.4 * random.nextDouble();
        return Duration.ofMillis(Math.max(1, Math.min(max, Math.round(base * jitter))));
    }

    private void failed(RegistrationOutcome.Failure kind, String reason) {
        registrationId = null;
        Duration delay;
        synchronized (this) {
            if (stopped) return;
            if (restartPending) {
                delay = Duration.ZERO;
            } else {
                failures++;
                delay = backoff(failures);
                restartPending = true;
                restart = scheduler.schedule(delay, this::restartEngine);
            }
        }
        if (!delay.isZero()) {
            Logger.tag("lwm2m").warn("{} with {}: {}; retrying in {} ms", kind.name().toLowerCase(java.util.Locale.ROOT),
                    serverUri, reason, delay.toMillis());
        }
        emit(new RegistrationOutcome.Failed(kind, reason), delay);
    }

    private void restartEngine() {
        synchronized (this) {
            restartPending = false;
            if (stopped) return;
        }
        Logger.tag("lwm2m").info("re-registering with {} (attempt {})", serverUri, failures + 1);
        handshake.reset();
        leshan.stop(false);
        leshan.start();
    }

    private RegistrationOutcome.Failure classify(Exception e) {
        Throwable hs = handshake.failure();
        if (hs != null && (handshake.serverAnswered() || String.valueOf(hs.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("alert"))) {
            return RegistrationOutcome.Failure.HANDSHAKE_FAILED;
        }
        if (handshake.serverAnswered() && !handshake.completed()) return RegistrationOutcome.Failure.HANDSHAKE_FAILED;
        if (handshake.completed()) return RegistrationOutcome.Failure.TIMEOUT;
        return RegistrationOutcome.Failure.UNREACHABLE;
    }

    private String describe(RegistrationOutcome.Failure f, Exception e) {
        String hostPort = withDefaultPort(config.serverUri()).getAuthority();
        return switch (f) {
            case HANDSHAKE_FAILED -> "the server at " + hostPort + " answered but the DTLS handshake failed"
                    + (config.security() == SecurityMode.PSK ? " (likely a wrong PSK identity or key)" : " (wrong or untrusted keys)")
                    + Optional.ofNullable(handshake.failure()).map(t -> ": " + t.getMessage()).orElse("");
            case UNREACHABLE -> "no DTLS answer from " + hostPort + " (server down, wrong host or port, firewall or no uplink)";
            case TIMEOUT -> "secure session up but no answer to the request within " + config.requestTimeout().toMillis() + " ms";
            default -> e == null ? "failed" : e.getMessage();
        };
    }

    /** Translates Leshan's observer calls into outcomes and drives the back-off. */
    private final class Observer extends LwM2mClientObserverAdapter {
        @Override
        public void onRegistrationStarted(LwM2mServer server, RegisterRequest request) {
            handshake.reset();
        }

        @Override
        public void onRegistrationSuccess(LwM2mServer server, RegisterRequest request, String id) {
            registrationId = id;
            synchronized (StationLwm2mClient.this) {
                failures = 0;
                restart.cancel();
                restartPending = false;
            }
            Logger.tag("lwm2m").info("registered with {} as {} (registration {})", server.getUri(), config.endpoint(), id);
            emit(new RegistrationOutcome.Registered(server.getUri(), id), Duration.ZERO);
        }

        @Override
        public void onRegistrationFailure(LwM2mServer server, RegisterRequest request, ResponseCode code,
                                          String message, Exception e) {
            if (code != null) {
                failed(RegistrationOutcome.Failure.REJECTED, "the server answered " + code.getCode() + " " + code.getName()
                        + (message == null || message.isEmpty() ? "" : " (" + message + ")")
                        + (code == ResponseCode.FORBIDDEN || code == ResponseCode.UNAUTHORIZED
                        ? ": endpoint name '" + config.endpoint() + "' is not allowed with these credentials" : ""));
            } else {
                RegistrationOutcome.Failure f = classify(e);
                failed(f, describe(f, e));
            }
        }

        @Override
        public void onRegistrationTimeout(LwM2mServer server, RegisterRequest request) {
            RegistrationOutcome.Failure f = classify(null);
            failed(f, describe(f, null));
        }

        @Override
        public void onBootstrapFailure(LwM2mServer server, BootstrapRequest request, ResponseCode code, String message,
                                       Exception e) {
            if (code == null) {
                RegistrationOutcome.Failure f = classify(e);
                failed(f, describe(f, e));
            } else {
                failed(RegistrationOutcome.Failure.BOOTSTRAP_FAILED, "bootstrap server answered " + code.getCode() + " "
                        + code.getName() + (message == null ? "" : " (" + message + ")"));
            }
        }

        @Override
        public void onBootstrapTimeout(LwM2mServer server, BootstrapRequest request) {
            RegistrationOutcome.Failure f = classify(null);
            failed(f, describe(f, null));
        }

        @Override
        public void onDeregistrationSuccess(LwM2mServer server, DeregisterRequest request) {
            registrationId = null;
            Logger.tag("lwm2m").info("deregistered from {}", server.getUri());
            emit(new RegistrationOutcome.Deregistered(server.getUri()), Duration.ZERO);
        }

        @Override
        public void onUnexpectedError(Throwable t) {
            Logger.tag("lwm2m").error(t, "unexpected error in the LwM2M client");
        }
    }

    /**
     * Leshan wants a factory for every object; the station's single-instance objects get their one instance at start
     * and a Create for them is refused by Leshan before it reaches this factory (the object already has instance 0).
     */
    private static final class SingleInstanceOnly extends org.eclipse.leshan.client.resource.BaseInstanceEnablerFactory {
        private final int objectId;

        SingleInstanceOnly(int objectId) {
            this.objectId = objectId;
        }

        @Override
        public org.eclipse.leshan.client.resource.LwM2mInstanceEnabler create() {
            throw new IllegalStateException("object " + objectId + " has exactly one instance, made at start");
        }
    }

    /** Watches DTLS handshakes so a failure can be named: no answer at all, or an answer and then a refusal. */
    static final class HandshakeWatch extends SessionAdapter {
        /** The client's third flight (Finished) is only sent after the server answered. */
        private static final int FLIGHT_AFTER_SERVER_ANSWER = 3;
        private volatile boolean answered;
        private volatile boolean completed;
        private volatile Throwable failure;

        void reset() {
            answered = false;
            completed = false;
            failure = null;
        }

        boolean serverAnswered() { return answered; }
        boolean completed() { return completed; }
        Throwable failure() { return failure; }

        @Override public void handshakeFlightRetransmitted(Handshaker handshaker, int flight) {
            if (flight >= FLIGHT_AFTER_SERVER_ANSWER) answered = true;
        }

        @Override public void handshakeCompleted(Handshaker handshaker) {
            answered = true;
            completed = true;
        }

        @Override public void handshakeFailed(Handshaker handshaker, Throwable error) {
            failure = error;
        }
    }

    /** Leshan's CoAPs endpoint factory plus the handshake watch and a socket-level traffic counter. */
    private static final class LoaCoapsEndpointFactory extends CoapsClientEndpointFactory {
        private final TrafficCounter traffic;
        private final HandshakeWatch watch;

        LoaCoapsEndpointFactory(TrafficCounter traffic, HandshakeWatch watch) {
            super("loa");
            this.traffic = traffic;
            this.watch = watch;
        }

        @Override
        protected DtlsConnectorConfig.Builder createRootDtlsConnectorConfigBuilder(Configuration configuration) {
            return super.createRootDtlsConnectorConfigBuilder(configuration).setSessionListener(watch);
        }

        @Override
        protected Connector createSecuredConnector(DtlsConnectorConfig dtlsConfig) {
            return new DTLSConnector(dtlsConfig) {
                @Override
                protected void sendNextDatagramOverNetwork(DatagramPacket datagram) throws IOException {
                    traffic.sent(datagram.getLength());
                    super.sendNextDatagramOverNetwork(datagram);
                }

                @Override
                protected void processDatagram(DatagramPacket datagram, java.net.InetSocketAddress router) {
                    traffic.received(datagram.getLength());
                    super.processDatagram(datagram, router);
                }
            };
        }
    }

    /**
     * Builds a {@link StationLwm2mClient}. Required: the config and matching secrets. Everything else is optional and
     * documented per setter; an object whose station interface is not given is not offered to the server.
     */
    public static final class Builder {
        private final Lwm2mConfig config;
        private final Lwm2mSecrets secrets;
        private DeviceInfo device;
        private AudioControl audio;
        private BroadcastControl broadcasts;
        private StationSensors sensors;
        private PlayLogFeed playLog;
        private ScheduleControl schedule;
        private ServerTimeSink serverTime;
        private RebootHook reboot;
        private NetworkStatus network;
        private Scheduler scheduler;
        private RegistrationListener listener;
        private RandomGenerator random = RandomGenerator.getDefault();
        private vn.loa.ota.UpdateService updates;

        private Builder(Lwm2mConfig config, Lwm2mSecrets secrets) {
            this.config = Objects.requireNonNull(config, "config");
            this.secrets = Objects.requireNonNull(secrets, "secrets");
        }

        /** By default manufacturer "Loa", model = the board profile, serial = the endpoint, the agent's version. */
        public Builder device(DeviceInfo d) { device = d; return this; }
        /** Object 33000. By default absent. */
        public Builder audio(AudioControl a) { audio = a; return this; }
        /** Object 33001. By default absent. */
        public Builder broadcasts(BroadcastControl b) { broadcasts = b; return this; }
        /** Object 33002 and the power/battery resources of Object 3. By default absent. */
        public Builder sensors(StationSensors s) { sensors = s; return this; }
        /** Device Reboot. By default absent: Reboot answers 5.00 "no reboot hook". */
        public Builder reboot(RebootHook r) { reboot = r; return this; }
        /** Object 4. By default {@link InterfaceNetworkStatus}. */
        public Builder network(NetworkStatus n) { network = n; return this; }
        /**
         * Time and back-off scheduling. By default a {@link LoopScheduler} {@code loa-lwm2m} on the system clock in
         * Vietnam's zone, owned and closed by {@link #stop()}; a given scheduler is not closed.
         */
        public Builder scheduler(Scheduler s) { scheduler = s; return this; }
        /** A first listener, attached before anything can happen. By default none. */
        public Builder listener(RegistrationListener l) { listener = l; return this; }
        /** Jitter source for the back-off. By default the JDK's default generator. */
        public Builder random(RandomGenerator r) { random = r; return this; }
        /** Object 5 over the update service, and Object 3 Firmware Version = its committed version. By default absent. */
        public Builder updates(vn.loa.ota.UpdateService u) { updates = u; return this; }
        /** Object 33003 (the play log offered to the headend until acknowledged). By default absent. */
        public Builder playLog(PlayLogFeed p) { playLog = p; return this; }
        /** Object 33001 items with a recurrence or a start ahead go into this persisted schedule. By default none. */
        public Builder schedule(ScheduleControl s) { schedule = s; return this; }
        /** Where a server write of Device Current Time goes (the station's clock trust). By default refused. */
        public Builder serverTime(ServerTimeSink s) { serverTime = s; return this; }

        public StationLwm2mClient build() {
            return new StationLwm2mClient(this);
        }

        static String agentVersion() {
            String v = StationLwm2mClient.class.getPackage().getImplementationVersion();
            return v == null ? "dev" : v;
        }
    }
}
