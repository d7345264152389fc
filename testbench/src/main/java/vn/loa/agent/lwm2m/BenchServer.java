package vn.loa.agent.lwm2m;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributeSet;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributes;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.WriteAttributesRequest;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.WriteAttributesResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.model.VersionedModelProvider;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.NonUniqueSecurityInfoException;
import org.eclipse.leshan.server.security.SecurityInfo;

/**
 * A Leshan LwM2M server for the testbench (benchmarks, simulated headend): DTLS/PSK on 127.0.0.1, port 0, Loa's
 * models loaded. It lives in the testbench module but in this package so Leshan types stay inside
 * {@code vn.loa.agent.lwm2m}; its API is plain Java. Events are timestamped with {@link System#nanoTime()} when they
 * arrive.
 */
public final class BenchServer implements AutoCloseable {

    /**
     * The DTLS connection ID the server issues, as a production headend should (Leshan's demo server does the same):
     * records from a receiver whose carrier NAT moved it to a new source port still find their session.
     */
    public static final int CONNECTION_ID_LENGTH = 6;

    /** A registration event: the endpoint and the arrival time in {@code System.nanoTime()} nanoseconds. */
    public record Event(String endpoint, long nanos) { }

    private final LeshanServer server;
    private final BlockingQueue<Event> registrations = new LinkedBlockingQueue<>();
    private final BlockingQueue<Event> updates = new LinkedBlockingQueue<>();
    private final BlockingQueue<Event> notifications = new LinkedBlockingQueue<>();
    private volatile Registration last;

    private BenchServer(LeshanServer server) {
        this.server = server;
    }

    /** Starts a server that knows one PSK client. */
    public static BenchServer start(String endpoint, String identity, byte[] key) {
        InMemorySecurityStore store = new InMemorySecurityStore();
        try {
            store.add(SecurityInfo.newPreSharedKeyInfo(endpoint, identity, key));
        } catch (NonUniqueSecurityInfoException e) {
            throw new IllegalStateException(e);
        }
        LeshanServerBuilder b = BenchServer.loopbackBuilder(store);
        BenchServer s = new BenchServer(b.build());
        s.server.getRegistrationService().addListener(new RegistrationListener() {
            @Override public void registered(Registration r, Registration previous, java.util.Collection<Observation> o) {
                s.last = r;
                s.registrations.add(new Event(r.getEndpoint(), System.nanoTime()));
            }

            @Override public void updated(RegistrationUpdate u, Registration r, Registration previous) {
                s.last = r;
                s.updates.add(new Event(r.getEndpoint(), System.nanoTime()));
            }

            @Override public void unregistered(Registration r, java.util.Collection<Observation> o, boolean expired, Registration n) {
            }
        });
        s.server.getObservationService().addListener(new ObservationListener() {
            @Override public void newObservation(Observation o, Registration r) { }

            @Override public void cancelled(Observation o) { }

            @Override public void onResponse(SingleObservation o, Registration r, ObserveResponse response) {
                s.notifications.add(new Event(r.getEndpoint(), System.nanoTime()));
            }

            @Override public void onResponse(CompositeObservation o, Registration r, ObserveCompositeResponse response) {
                s.notifications.add(new Event(r.getEndpoint(), System.nanoTime()));
            }

            @Override public void onError(Observation o, Registration r, Exception e) { }
        });
        s.server.start();
        return s;
    }

    public URI uri() {
        return server.getEndpoint(Protocol.COAPS).getURI();
    }

    /**
     * A Leshan server builder for the testbench's servers: DTLS (PSK or whatever {@code store} holds) on 127.0.0.1 at
     * a free port, issuing a {@link #CONNECTION_ID_LENGTH}-byte connection ID, with Loa's models.
     */
    static LeshanServerBuilder loopbackBuilder(InMemorySecurityStore store) {
        CaliforniumServerEndpointsProvider.Builder eb = new CaliforniumServerEndpointsProvider.Builder(new CoapsServerProtocolProvider());
        eb.setConfiguration(c -> c.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, CONNECTION_ID_LENGTH));
        eb.addEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Protocol.COAPS);
        LeshanServerBuilder b = new LeshanServerBuilder();
        b.setEndpointsProviders(eb.build());
        b.setObjectModelProvider(new VersionedModelProvider(LoaModels.all()));
        b.setSecurityStore(store);
        return b;
    }

    /** The next registration, or null after {@code timeout}. */
    public Event nextRegistration(Duration timeout) throws InterruptedException {
        return registrations.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next registration update, or null after {@code timeout}. */
    public Event nextUpdate(Duration timeout) throws InterruptedException {
        return updates.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Observes a whole object instance of the last registered client, as a headend watching a receiver's status does,
     * after writing {@code pmin}/{@code pmax} on it so the client notifies every {@code pmaxSeconds} without a change.
     *
     * @throws IllegalStateException when no client is registered, or the client refuses the attributes or the observe
     */
    public void observe(int object, int instance, long pmaxSeconds) throws InterruptedException {
        Registration reg = last;
        if (reg == null) throw new IllegalStateException("no client registered");
        LwM2mAttributeSet attrs = new LwM2mAttributeSet(LwM2mAttributes.create(LwM2mAttributes.MINIMUM_PERIOD, 1L),
                LwM2mAttributes.create(LwM2mAttributes.MAXIMUM_PERIOD, pmaxSeconds));
        WriteAttributesResponse wa = server.send(reg, new WriteAttributesRequest(object, instance, attrs), 10_000);
        if (wa == null || !wa.isSuccess()) {
            throw new IllegalStateException("write-attributes on /" + object + "/" + instance + " refused: " + wa);
        }
        ObserveResponse o = server.send(reg, new ObserveRequest(object, instance), 10_000);
        if (o == null || !o.isSuccess()) throw new IllegalStateException("observe /" + object + "/" + instance + " refused: " + o);
    }

    /** The next notification of an observation, or null after {@code timeout}. */
    public Event nextNotification(Duration timeout) throws InterruptedException {
        return notifications.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override public void close() {
        server.destroy();
    }
}
