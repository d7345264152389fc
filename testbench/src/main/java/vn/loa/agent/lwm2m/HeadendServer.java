package vn.loa.agent.lwm2m;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.CreateResponse;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.InMemoryRegistrationStore;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.NonUniqueSecurityInfoException;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.tinylog.Logger;
import vn.loa.agent.broadcast.Level;

/**
 * The simulated headend's LwM2M server: an embedded Leshan server with DTLS/PSK on 127.0.0.1 (port 0), Loa's DDF
 * models loaded, one PSK per allowed endpoint. Its API is plain Java (no Leshan type leaves this package): the
 * registrations, a Broadcast Item created and played, a Stop, a volume write, reads, and the observed values of
 * Objects 33000 and 33002, which it observes on every registration.
 *
 * <p>Thread-safe. Requests block the caller for at most {@link #REQUEST_TIMEOUT}; an unknown or unregistered
 * endpoint, a refusal or a timeout is an {@link Outcome.Failed} naming it, never an exception. Lifecycle:
 * {@link #start()} binds and starts; {@link #close()} stops the server and its threads.
 */
public final class HeadendServer implements AutoCloseable {

    /** The longest one request waits for the receiver's answer. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** How often expired registrations are removed (so a cut receiver drops from the list soon after its lifetime). */
    static final long CLEAN_PERIOD_SECONDS = 1;

    /** Object 33000 (Audio Output) resource names as the status map keys them. */
    private static final Map<Integer, String> AUDIO_NAMES = Map.of(AudioOutputEnabler.VOLUME, "volume",
            AudioOutputEnabler.MUTE, "muted", AudioOutputEnabler.EMERGENCY_MIN_VOLUME, "emergencyMinVolume",
            AudioOutputEnabler.AMPLIFIER_STATE, "amplifier", AudioOutputEnabler.AMPLIFIER_FAULT, "amplifierFault",
            AudioOutputEnabler.SOUND_CARD_PRESENT, "soundCard", AudioOutputEnabler.UNDERRUN_COUNT, "underruns",
            AudioOutputEnabler.CURRENT_LEVEL, "level", AudioOutputEnabler.CURRENT_ITEM_ID, "itemId");
    /** Object 33002 (Station Status) resource names as the status map keys them. */
    private static final Map<Integer, String> STATUS_NAMES = Map.of(StationStatusEnabler.MAINS_PRESENT, "mains",
            StationStatusEnabler.TAMPER, "tamper", StationStatusEnabler.ENCLOSURE_TEMPERATURE, "temperature",
            StationStatusEnabler.UPTIME, "uptime", StationStatusEnabler.DISK_FREE, "diskFree",
            StationStatusEnabler.CLOCK_TRUSTED, "clockTrusted", StationStatusEnabler.LAST_SELF_TEST, "lastSelfTest");

    /** A receiver registered now: its endpoint, where its datagrams come from, and when it was last heard. */
    public record Registered(String endpoint, String registrationId, InetSocketAddress address, Instant registeredAt,
                             Instant lastSeen, Duration lifetime) {
        public Registered {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(registrationId, "registrationId");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(registeredAt, "registeredAt");
            Objects.requireNonNull(lastSeen, "lastSeen");
            Objects.requireNonNull(lifetime, "lifetime");
        }
    }

    /** How a request ended: done (with what the receiver answered, e.g. an instance id or a value) or failed (why). */
    public sealed interface Outcome {
        record Done(String detail) implements Outcome {
            public Done {
                Objects.requireNonNull(detail, "detail");
            }
        }

        record Failed(String reason) implements Outcome {
            public Failed {
                Objects.requireNonNull(reason, "reason");
            }
        }

        default boolean ok() {
            return this instanceof Done;
        }

        /** The detail when done, the reason when failed. */
        default String message() {
            return switch (this) {
                case Done d -> d.detail();
                case Failed f -> f.reason();
            };
        }
    }

    /** Hears registrations come and go; called on Leshan's threads, must not block. */
    public interface Listener {
        default void registered(String endpoint) {
        }

        /** {@code expired}: the lifetime ran out (the receiver went silent) rather than a De-register. */
        default void unregistered(String endpoint, boolean expired) {
        }

        /** An observed value of Object 33000 or 33002 changed (or was first read); {@code name} as in {@link #status}. */
        default void status(String endpoint, String name, Object value) {
        }
    }

    private final LeshanServer server;
    private final InMemorySecurityStore security;
    private final Duration silenceLimit;
    private final Map<String, Map<String, Object>> status = new ConcurrentHashMap<>();
    private final PlayLogInbox playLog = new PlayLogInbox();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private HeadendServer(LeshanServer server, InMemorySecurityStore security, Duration silenceLimit) {
        this.server = server;
        this.security = security;
        this.silenceLimit = silenceLimit;
    }

    /**
     * Binds 127.0.0.1 on a free port and starts. Knows no endpoint until {@link #allow}. A registration not heard from
     * (Register or Update) for longer than {@code silenceLimit} counts as gone, as a headend's inactivity timeout
     * would have it, even while its LwM2M lifetime still runs (Leshan's client warns about lifetimes under 277 s, so
     * receivers announce long lifetimes and update often); a registration whose lifetime ran out is gone anyway.
     */
    public static HeadendServer start(Duration silenceLimit) {
        if (silenceLimit.isNegative() || silenceLimit.isZero()) {
            throw new IllegalArgumentException("silence limit " + silenceLimit + " must be positive");
        }
        InMemorySecurityStore store = new InMemorySecurityStore();
        LeshanServerBuilder b = BenchServer.loopbackBuilder(store);
        b.setRegistrationStore(new InMemoryRegistrationStore(CLEAN_PERIOD_SECONDS));
        HeadendServer h = new HeadendServer(b.build(), store, silenceLimit);
        h.server.getRegistrationService().addListener(h.new Registrations());
        h.server.getObservationService().addListener(h.new Observations());
        h.server.start();
        Logger.tag("headend").info("LwM2M server at {}", h.uri());
        return h;
    }

    /** Lets {@code endpoint} register with this PSK identity and key (the key is kept in memory only). */
    public void allow(String endpoint, String pskIdentity, byte[] key) {
        try {
            security.add(SecurityInfo.newPreSharedKeyInfo(endpoint, pskIdentity, key));
        } catch (NonUniqueSecurityInfoException e) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' or PSK identity '" + pskIdentity
                    + "' is already known to the headend", e);
        }
    }

    /** {@code coaps://127.0.0.1:PORT}. */
    public URI uri() {
        return server.getEndpoint(Protocol.COAPS).getURI();
    }

    /** The UDP address receivers (or their fault proxies) send to. */
    public InetSocketAddress address() {
        URI u = uri();
        return new InetSocketAddress(u.getHost(), u.getPort());
    }

    public void addListener(Listener l) {
        listeners.add(Objects.requireNonNull(l, "listener"));
    }

    /**
     * Receivers registered now, by endpoint name: a registration not heard from within the silence limit or its
     * lifetime is left out (even before the store's cleaner removes an expired one).
     */
    public List<Registered> registrations() {
        List<Registered> out = new ArrayList<>();
        Instant now = Instant.now();
        for (Iterator<Registration> it = server.getRegistrationService().getAllRegistrations(); it.hasNext(); ) {
            Registration r = it.next();
            Registered reg = view(r);
            if (alive(reg, now)) out.add(reg);
        }
        out.sort(Comparator.comparing(Registered::endpoint));
        return out;
    }

    /** The live registration of {@code endpoint}, if any. */
    public Optional<Registered> registration(String endpoint) {
        return registrations().stream().filter(r -> r.endpoint().equals(endpoint)).findFirst();
    }

    private static Registered view(Registration r) {
        InetSocketAddress a = r.getSocketAddress();
        Date last = r.getLastUpdate();
        return new Registered(r.getEndpoint(), r.getId(), a, r.getRegistrationDate().toInstant(),
                last == null ? r.getRegistrationDate().toInstant() : last.toInstant(), Duration.ofSeconds(r.getLifeTimeInSec()));
    }

    /**
     * Creates a Broadcast Item (Object 33001) instance at {@code endpoint} with these resources and executes Play.
     * Done carries the instance id. A refusal (4.00 with the station's reason) is a Failed quoting it.
     */
    public Outcome play(String endpoint, String itemId, Level level, List<URI> sources, int repeat) {
        Registration reg = live(endpoint);
        if (reg == null) return notRegistered(endpoint);
        Map<Integer, String> uris = new HashMap<>();
        for (int i = 0; i < sources.size(); i++) uris.put(i, sources.get(i).toString());
        List<LwM2mResource> res = new ArrayList<>(List.of(
                LwM2mSingleResource.newStringResource(BroadcastItemEnabler.ITEM_ID, itemId),
                LwM2mSingleResource.newStringResource(BroadcastItemEnabler.LEVEL, level.lower()),
                LwM2mMultipleResource.newStringResource(BroadcastItemEnabler.SOURCE_URIS, uris)));
        if (repeat != 1) res.add(LwM2mSingleResource.newIntegerResource(BroadcastItemEnabler.REPEAT, repeat));
        CreateResponse created = send(reg, new CreateRequest(LoaModels.BROADCAST_ITEM, res.toArray(LwM2mResource[]::new)));
        if (created == null) return timedOut(endpoint, "create item " + itemId);
        if (!created.isSuccess()) return refused(endpoint, "create item " + itemId, created);
        String path = created.getLocation();
        int instance = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
        LwM2mResponse played = send(reg, new ExecuteRequest(LoaModels.BROADCAST_ITEM, instance, BroadcastItemEnabler.PLAY));
        if (played == null) return timedOut(endpoint, "play item " + itemId);
        if (!played.isSuccess()) return refused(endpoint, "play item " + itemId, played);
        Logger.tag("headend").info("{}: played {} ({}) as /33001/{}", endpoint, itemId, level.lower(), instance);
        return new Outcome.Done(Integer.toString(instance));
    }

    /** Executes Stop on Broadcast Item instance {@code instance} at {@code endpoint}. */
    public Outcome stop(String endpoint, int instance) {
        return execute(endpoint, LoaModels.BROADCAST_ITEM, instance, BroadcastItemEnabler.STOP, "stop /33001/" + instance);
    }

    /** Writes the master volume (33000/0/0). */
    public Outcome setVolume(String endpoint, int volume) {
        Registration reg = live(endpoint);
        if (reg == null) return notRegistered(endpoint);
        LwM2mResponse r = send(reg, new WriteRequest(LoaModels.AUDIO_OUTPUT, 0, AudioOutputEnabler.VOLUME, (long) volume));
        if (r == null) return timedOut(endpoint, "set volume");
        if (!r.isSuccess()) return refused(endpoint, "set volume " + volume, r);
        return new Outcome.Done(Integer.toString(volume));
    }

    /** Takes {@code endpoint} out of service (the remote kill switch, 33000/0/9) or puts it back. */
    public Outcome setOutOfService(String endpoint, boolean outOfService) {
        Registration reg = live(endpoint);
        if (reg == null) return notRegistered(endpoint);
        String what = outOfService ? "take out of service" : "put back in service";
        LwM2mResponse r = send(reg, new WriteRequest(LoaModels.AUDIO_OUTPUT, 0, AudioOutputEnabler.OUT_OF_SERVICE, outOfService));
        if (r == null) return timedOut(endpoint, what);
        if (!r.isSuccess()) return refused(endpoint, what, r);
        return new Outcome.Done(outOfService ? "out of service" : "in service");
    }

    /** Reads one single-value resource; Done carries its value as text. */
    public Outcome read(String endpoint, int object, int instance, int resource) {
        Registration reg = live(endpoint);
        if (reg == null) return notRegistered(endpoint);
        String what = "read /" + object + "/" + instance + "/" + resource;
        ReadResponse r = send(reg, new ReadRequest(object, instance, resource));
        if (r == null) return timedOut(endpoint, what);
        if (!r.isSuccess()) return refused(endpoint, what, r);
        if (!(r.getContent() instanceof LwM2mSingleResource s)) return new Outcome.Failed(endpoint + ": " + what + " is not a single value");
        return new Outcome.Done(text(s.getValue()));
    }

    /** The Result of Broadcast Item instance {@code instance} (empty while the item has not ended). */
    public Outcome itemResult(String endpoint, int instance) {
        return read(endpoint, LoaModels.BROADCAST_ITEM, instance, BroadcastItemEnabler.RESULT);
    }

    /** Executes a resource, e.g. Object 5's Update. */
    public Outcome execute(String endpoint, int object, int instance, int resource, String what) {
        Registration reg = live(endpoint);
        if (reg == null) return notRegistered(endpoint);
        LwM2mResponse r = send(reg, new ExecuteRequest(object, instance, resource));
        if (r == null) return timedOut(endpoint, what);
        if (!r.isSuccess()) return refused(endpoint, what, r);
        return new Outcome.Done(what);
    }

    /** Object 5 (Firmware Update) resources the headend uses. */
    static final int FIRMWARE = 5;

    /** Whether {@code endpoint}'s live registration lists {@code object} among its objects. */
    public boolean offers(String endpoint, int object) {
        Registration reg = live(endpoint);
        return reg != null && reg.getSupportedObject().containsKey(object);
    }

    /**
     * Offers an update: writes Object 5's Package URI, waits until the receiver has downloaded and verified it (State
     * Downloaded, at most {@link #DOWNLOAD_BOUND}) and executes Update. A receiver that does not offer Object 5 (its
     * agent runs without an update service) is a Failed saying so, nothing sent.
     */
    public Outcome pushUpdate(String endpoint, URI packageUri) {
        if (live(endpoint) == null) return notRegistered(endpoint);
        if (!offers(endpoint, FIRMWARE)) {
            return new Outcome.Failed(endpoint + " offers no Firmware Update object (Object 5): its agent runs without an "
                    + "update service");
        }
        Outcome w = writeString(endpoint, FIRMWARE, 0, FirmwareUpdateEnabler.PACKAGE_URI, packageUri.toString());
        if (!w.ok()) return w;
        Outcome d = awaitDownloaded(endpoint);
        if (!d.ok()) return d;
        Outcome u = execute(endpoint, FIRMWARE, 0, FirmwareUpdateEnabler.UPDATE, "execute Update /5/0/2");
        if (u.ok()) Logger.tag("headend").info("{}: update offered from {}", endpoint, packageUri);
        return u.ok() ? new Outcome.Done("update offered from " + packageUri) : u;
    }

    /** How long {@link #pushUpdate} waits for the receiver to download and verify a package. */
    public static final Duration DOWNLOAD_BOUND = Duration.ofSeconds(60);

    /**
     * Reads Object 5's State every 200 ms until Downloaded (2), as a headend does before it executes Update; Failed
     * with the Update Result when the receiver went back to Idle (download or verification failed), or after
     * {@link #DOWNLOAD_BOUND}.
     */
    private Outcome awaitDownloaded(String endpoint) {
        long deadline = System.nanoTime() + DOWNLOAD_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            Outcome st = read(endpoint, FIRMWARE, 0, FirmwareUpdateEnabler.STATE);
            if (!st.ok()) return st;
            String state = ((Outcome.Done) st).detail();
            if (state.equals("2")) return st;
            if (state.equals("0")) {
                Outcome r = read(endpoint, FIRMWARE, 0, FirmwareUpdateEnabler.UPDATE_RESULT);
                String result = r instanceof Outcome.Done done ? done.detail() : "unknown";
                if (!result.equals("0")) {
                    return new Outcome.Failed(endpoint + ": the package was not downloaded (Update Result " + result + ")");
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            if (closed) break;
        }
        return new Outcome.Failed(endpoint + ": the package was not downloaded within " + DOWNLOAD_BOUND.toSeconds() + " s");
    }

    /** Writes a string resource, e.g. Object 5's Package URI. */
    public Outcome writeString(String endpoint, int object, int instance, int resource, String value) {
        Registration reg = live(endpoint);
        if (reg == null) return notRegistered(endpoint);
        String what = "write /" + object + "/" + instance + "/" + resource;
        LwM2mResponse r = send(reg, new WriteRequest(object, instance, resource, value));
        if (r == null) return timedOut(endpoint, what);
        if (!r.isSuccess()) return refused(endpoint, what, r);
        return new Outcome.Done(what);
    }

    /**
     * The latest observed values of Objects 33000 and 33002 at {@code endpoint} by name (volume, muted, amplifier,
     * amplifierFault, underruns, level, itemId, mains, tamper, uptime, clockTrusted, ...); empty before the first
     * answer. Kept after the receiver goes silent (the last thing the headend heard).
     */
    public Map<String, Object> status(String endpoint) {
        Map<String, Object> m = status.get(endpoint);
        return m == null ? Map.of() : Map.copyOf(m);
    }

    private Registration live(String endpoint) {
        if (closed) return null;
        Registration r = server.getRegistrationService().getByEndpoint(endpoint);
        if (r == null) return null;
        return alive(view(r), Instant.now()) ? r : null;
    }

    private boolean alive(Registered r, Instant now) {
        Duration limit = r.lifetime().compareTo(silenceLimit) < 0 ? r.lifetime() : silenceLimit;
        return r.lastSeen().plus(limit).isAfter(now);
    }

    private <T extends LwM2mResponse> T send(Registration reg, DownlinkRequest<T> request) {
        try {
            return server.send(reg, request, REQUEST_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (RuntimeException e) {
            Logger.tag("headend").warn("{}: {} failed: {}", reg.getEndpoint(), request, e.getMessage());
            return null;
        }
    }

    private static Outcome notRegistered(String endpoint) {
        return new Outcome.Failed(endpoint + " is not registered with the headend");
    }

    private static Outcome timedOut(String endpoint, String what) {
        return new Outcome.Failed(endpoint + ": no answer to " + what + " within " + REQUEST_TIMEOUT.toSeconds() + " s");
    }

    private static Outcome refused(String endpoint, String what, LwM2mResponse r) {
        String msg = r.getErrorMessage();
        return new Outcome.Failed(endpoint + " refused " + what + ": " + r.getCode().getCode() + " " + r.getCode().getName()
                + (msg == null || msg.isEmpty() ? "" : " (" + msg + ")"));
    }

    private static String text(Object v) {
        if (v instanceof Date d) return d.toInstant().toString();
        return String.valueOf(v);
    }

    private void observeStatus(Registration reg) {
        for (int object : new int[] {LoaModels.AUDIO_OUTPUT, LoaModels.STATION_STATUS, LoaModels.PLAY_LOG}) {
            if (!reg.getSupportedObject().containsKey(object)) continue;
            try {
                server.send(reg, new ObserveRequest(object, 0), REQUEST_TIMEOUT.toMillis(),
                        response -> {
                            if (response.isSuccess()) record(reg.getEndpoint(), object, response.getContent());
                        },
                        e -> Logger.tag("headend").debug("{}: observe /{}/0 failed: {}", reg.getEndpoint(), object, e.getMessage()));
            } catch (RuntimeException e) {
                Logger.tag("headend").debug("{}: observe /{}/0 not sent: {}", reg.getEndpoint(), object, e.getMessage());
            }
        }
    }

    private void record(String endpoint, int object, LwM2mNode node) {
        if (object == LoaModels.PLAY_LOG) {
            playLogOffered(endpoint, node);
            return;
        }
        Map<Integer, String> names = object == LoaModels.AUDIO_OUTPUT ? AUDIO_NAMES : STATUS_NAMES;
        Map<String, Object> m = status.computeIfAbsent(endpoint, e -> new ConcurrentHashMap<>());
        Collection<LwM2mResource> resources = node instanceof LwM2mObjectInstance oi ? oi.getResources().values()
                : node instanceof LwM2mResource r ? List.of(r) : List.of();
        for (LwM2mResource r : resources) {
            String name = names.get(r.getId());
            if (name == null || r.isMultiInstances()) continue;
            Object v = r.getValue();
            Object before = m.put(name, v);
            if (!v.equals(before)) {
                for (Listener l : listeners) l.status(endpoint, name, v);
            }
        }
    }

    /**
     * A station's Play Log (33003) as read or notified: kept once per (endpoint, seq) in {@link #playLog()}, then
     * acknowledged by writing Acknowledged Up To, so the station offers its next records.
     */
    private void playLogOffered(String endpoint, LwM2mNode node) {
        PlayLogInbox.Accepted a;
        try {
            a = playLog.accept(endpoint, node);
        } catch (IllegalArgumentException e) {
            Logger.tag("headend").warn("{}", e.getMessage());
            return;
        }
        if (a.fresh() > 0) Logger.tag("headend").info("{}: {} play log record(s) received", endpoint, a.fresh());
        if (a.ack().isEmpty()) return;
        Registration reg = server.getRegistrationService().getByEndpoint(endpoint);
        if (reg == null) return;
        long upTo = a.ack().getAsLong();
        try {
            server.send(reg, new org.eclipse.leshan.core.request.WriteRequest(LoaModels.PLAY_LOG, 0, 2, upTo),
                    REQUEST_TIMEOUT.toMillis(), response -> {
                        if (!response.isSuccess()) {
                            Logger.tag("headend").warn("{}: play log acknowledgement {} answered {} {}", endpoint, upTo,
                                    response.getCode(), response.getErrorMessage());
                        }
                    }, e -> Logger.tag("headend").debug("{}: play log acknowledgement {} not delivered: {}", endpoint,
                            upTo, e.getMessage()));
        } catch (RuntimeException e) {
            Logger.tag("headend").debug("{}: play log acknowledgement {} not sent: {}", endpoint, upTo, e.getMessage());
        }
    }

    /** Every play log record the stations delivered, kept once per (endpoint, seq). */
    public PlayLogInbox playLog() {
        return playLog;
    }

    private final class Registrations implements RegistrationListener {
        @Override public void registered(Registration r, Registration previous, Collection<Observation> previousObservations) {
            Logger.tag("headend").info("{} registered from {}", r.getEndpoint(), r.getSocketAddress());
            for (Listener l : listeners) l.registered(r.getEndpoint());
            Thread.ofVirtual().name("headend-observe").start(() -> observeStatus(r));
        }

        @Override public void updated(RegistrationUpdate update, Registration updated, Registration previous) {
        }

        @Override public void unregistered(Registration r, Collection<Observation> observations, boolean expired, Registration newReg) {
            if (newReg != null) return;
            Logger.tag("headend").info("{} {}", r.getEndpoint(), expired ? "expired (silent past its lifetime)" : "deregistered");
            for (Listener l : listeners) l.unregistered(r.getEndpoint(), expired);
        }
    }

    private final class Observations implements ObservationListener {
        @Override public void newObservation(Observation observation, Registration registration) {
        }

        @Override public void cancelled(Observation observation) {
        }

        @Override public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
            if (response.isSuccess() && response.getContent() != null) {
                record(registration.getEndpoint(), observation.getPath().getObjectId(), response.getContent());
            }
        }

        @Override public void onResponse(CompositeObservation observation, Registration registration, ObserveCompositeResponse response) {
        }

        @Override public void onError(Observation observation, Registration registration, Exception error) {
        }
    }

    @Override public void close() {
        if (closed) return;
        closed = true;
        server.destroy();
        Logger.tag("headend").info("LwM2M server stopped");
    }
}
