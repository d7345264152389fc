package vn.loa.testbench.headend;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.lwm2m.HeadendServer;
import vn.loa.agent.lwm2m.HeadendServer.Outcome;

/**
 * The simulated commune headend as the console, the dashboard and scenarios use it: an embedded LwM2M server
 * ({@link HeadendServer}: DTLS/PSK, Loa's models) plus what a headend operator does with it: fire a bulletin at a
 * level to one receiver or several (create a Broadcast Item on Object 33001 and execute Play), stop what it fired,
 * set the volume (33000), read the observed status (33000/33002), read an item's result.
 *
 * <p>Thread-safe; every call blocks for at most {@link HeadendServer#REQUEST_TIMEOUT} per receiver (fan-out calls
 * ask all receivers at once). A receiver that is not registered, refuses or does not answer is a failed outcome
 * naming it, never an exception. Owns the LwM2M server; {@link #close()} stops it.
 */
public final class Headend implements AutoCloseable {

    /** What became of one bulletin sent to one receiver. */
    public sealed interface FireResult {
        String endpoint();

        /** Created and played: the station answered Play with success (the item is queued or on air). */
        record Played(String endpoint, String itemId, int instance) implements FireResult {
            public Played {
                Objects.requireNonNull(endpoint, "endpoint");
                Objects.requireNonNull(itemId, "itemId");
            }
        }

        /** Not played: why (not registered, refused with the station's reason, no answer). */
        record NotPlayed(String endpoint, String reason) implements FireResult {
            public NotPlayed {
                Objects.requireNonNull(endpoint, "endpoint");
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    private final HeadendServer server;
    private final ExecutorService fanOut = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger sequence = new AtomicInteger();
    /** Per endpoint: item id → Broadcast Item instance, for every item this headend played there. */
    private final Map<String, Map<String, Integer>> items = new ConcurrentHashMap<>();

    private Headend(HeadendServer server) {
        this.server = server;
    }

    /**
     * Starts the LwM2M server on 127.0.0.1, a free port; a receiver not heard from for {@code silenceLimit} drops
     * from {@link #registrations()} ({@link HeadendServer#start(java.time.Duration)}).
     */
    public static Headend start(java.time.Duration silenceLimit) {
        return new Headend(HeadendServer.start(silenceLimit));
    }

    /** Lets {@code endpoint} register with this PSK (kept in memory only, never logged). */
    public void allow(String endpoint, String pskIdentity, byte[] key) {
        server.allow(endpoint, pskIdentity, key);
    }

    /** {@code coaps://127.0.0.1:PORT}. */
    public URI uri() {
        return server.uri();
    }

    /** The UDP address of the LwM2M server. */
    public InetSocketAddress address() {
        return server.address();
    }

    /** The receivers registered now, by endpoint. */
    public List<HeadendServer.Registered> registrations() {
        return server.registrations();
    }

    public boolean isRegistered(String endpoint) {
        return server.registration(endpoint).isPresent();
    }

    public void addListener(HeadendServer.Listener l) {
        server.addListener(l);
    }

    /**
     * Fires a bulletin at {@code level} to {@code endpoint}, played from {@code sources} (tried in order). The item id
     * is new ({@code hq-LEVEL-N}).
     */
    public FireResult fire(String endpoint, Level level, List<URI> sources) {
        String id = "hq-" + level.lower() + "-" + sequence.incrementAndGet();
        return fire(endpoint, id, level, sources);
    }

    /** Fires an item with this id (unique at the station while active). */
    public FireResult fire(String endpoint, String itemId, Level level, List<URI> sources) {
        Outcome o = server.play(endpoint, itemId, level, sources, 1);
        return switch (o) {
            case Outcome.Done d -> {
                int instance = Integer.parseInt(d.detail());
                items.computeIfAbsent(endpoint, e -> new ConcurrentHashMap<>()).put(itemId, instance);
                yield new FireResult.Played(endpoint, itemId, instance);
            }
            case Outcome.Failed f -> new FireResult.NotPlayed(endpoint, f.reason());
        };
    }

    /**
     * Fires one bulletin at {@code level} to every endpoint given, all at once; {@code sources} gives each its URIs
     * (each receiver reaches the content server its own way). One item id for all. Results in the order given.
     */
    public List<FireResult> fireAll(List<String> endpoints, Level level, Function<String, List<URI>> sources) {
        String id = "hq-" + level.lower() + "-" + sequence.incrementAndGet();
        List<Future<FireResult>> futures = new ArrayList<>();
        for (String e : endpoints) futures.add(fanOut.submit(() -> fire(e, id, level, sources.apply(e))));
        return collect(futures, endpoints, r -> r);
    }

    /** Stops every item this headend played at {@code endpoint} that may still be active (Stop on each instance). */
    public Outcome stop(String endpoint) {
        Map<String, Integer> mine = items.getOrDefault(endpoint, Map.of());
        if (mine.isEmpty()) return new Outcome.Failed(endpoint + ": the headend played nothing there");
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, Integer> e : mine.entrySet()) {
            Outcome o = server.stop(endpoint, e.getValue());
            if (!o.ok()) failed.add(o.message());
        }
        return failed.isEmpty() ? new Outcome.Done("stopped " + mine.size() + " item(s)") : new Outcome.Failed(String.join("; ", failed));
    }

    /** Sets the master volume at {@code endpoint}. */
    public Outcome setVolume(String endpoint, int volume) {
        if (volume < 0 || volume > 100) return new Outcome.Failed("volume " + volume + " outside 0..100");
        return server.setVolume(endpoint, volume);
    }

    /** Sets the volume at every endpoint given, at once; outcomes by endpoint in the order given. */
    public Map<String, Outcome> setVolumeAll(List<String> endpoints, int volume) {
        return atOnce(endpoints, e -> setVolume(e, volume));
    }

    /** Takes every endpoint given out of service (or back in), at once; outcomes by endpoint in the order given. */
    public Map<String, Outcome> setOutOfServiceAll(List<String> endpoints, boolean outOfService) {
        return atOnce(endpoints, e -> server.setOutOfService(e, outOfService));
    }

    /** {@code each} for every endpoint, all at once; outcomes by endpoint in the order given. */
    private Map<String, Outcome> atOnce(List<String> endpoints, Function<String, Outcome> each) {
        List<Future<Outcome>> futures = new ArrayList<>();
        for (String e : endpoints) futures.add(fanOut.submit(() -> each.apply(e)));
        Map<String, Outcome> out = new LinkedHashMap<>();
        List<Outcome> list = collect(futures, endpoints, o -> o);
        for (int i = 0; i < endpoints.size(); i++) out.put(endpoints.get(i), list.get(i));
        return out;
    }

    /**
     * The Result of an item this headend fired at {@code endpoint}, as the station words it ({@code completed},
     * {@code preempted by ID}, ...; empty while not ended).
     */
    public Outcome itemResult(String endpoint, String itemId) {
        Integer instance = items.getOrDefault(endpoint, Map.of()).get(itemId);
        if (instance == null) return new Outcome.Failed(endpoint + ": the headend did not play '" + itemId + "' there");
        return server.itemResult(endpoint, instance);
    }

    /**
     * Offers the update at {@code packageUri} to {@code endpoint} (Object 5: Package URI, wait until the receiver has
     * downloaded and verified it, then Update). Failed, naming why, when the receiver does not offer Object 5, the
     * download or verification failed (with the Update Result) or took longer than {@link HeadendServer#DOWNLOAD_BOUND}.
     */
    public Outcome pushUpdate(String endpoint, URI packageUri) {
        return server.pushUpdate(endpoint, packageUri);
    }

    /** Reads one single-value resource. */
    public Outcome read(String endpoint, int object, int instance, int resource) {
        return server.read(endpoint, object, instance, resource);
    }

    /** The observed values of Objects 33000 and 33002 at {@code endpoint} ({@link HeadendServer#status}). */
    public Map<String, Object> status(String endpoint) {
        return server.status(endpoint);
    }

    /** The instance of an item this headend fired there, if it did. */
    public Optional<Integer> instanceOf(String endpoint, String itemId) {
        return Optional.ofNullable(items.getOrDefault(endpoint, Map.of()).get(itemId));
    }

    /** The underlying LwM2M server, for requests this class does not name (e.g. Object 5). */
    public HeadendServer server() {
        return server;
    }

    private <T, R> List<R> collect(List<Future<T>> futures, List<String> endpoints, Function<T, R> map) {
        List<R> out = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            try {
                out.add(map.apply(futures.get(i).get()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + endpoints.get(i), e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(endpoints.get(i) + ": " + e.getCause(), e.getCause());
            }
        }
        return out;
    }

    @Override public void close() {
        fanOut.shutdownNow();
        server.close();
    }
}
