package vn.loa.agent.lwm2m;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.model.VersionedModelProvider;
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

    /** A registration event: the endpoint and the arrival time in {@code System.nanoTime()} nanoseconds. */
    public record Event(String endpoint, long nanos) { }

    private final LeshanServer server;
    private final BlockingQueue<Event> registrations = new LinkedBlockingQueue<>();
    private final BlockingQueue<Event> updates = new LinkedBlockingQueue<>();

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
        CaliforniumServerEndpointsProvider.Builder eb = new CaliforniumServerEndpointsProvider.Builder(new CoapsServerProtocolProvider());
        eb.addEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Protocol.COAPS);
        LeshanServerBuilder b = new LeshanServerBuilder();
        b.setEndpointsProviders(eb.build());
        b.setObjectModelProvider(new VersionedModelProvider(LoaModels.all()));
        b.setSecurityStore(store);
        BenchServer s = new BenchServer(b.build());
        s.server.getRegistrationService().addListener(new RegistrationListener() {
            @Override public void registered(Registration r, Registration previous, java.util.Collection<Observation> o) {
                s.registrations.add(new Event(r.getEndpoint(), System.nanoTime()));
            }

            @Override public void updated(RegistrationUpdate u, Registration r, Registration previous) {
                s.updates.add(new Event(r.getEndpoint(), System.nanoTime()));
            }

            @Override public void unregistered(Registration r, java.util.Collection<Observation> o, boolean expired, Registration n) {
            }
        });
        s.server.start();
        return s;
    }

    public URI uri() {
        return server.getEndpoint(Protocol.COAPS).getURI();
    }

    /** The next registration, or null after {@code timeout}. */
    public Event nextRegistration(Duration timeout) throws InterruptedException {
        return registrations.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next registration update, or null after {@code timeout}. */
    public Event nextUpdate(Duration timeout) throws InterruptedException {
        return updates.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override public void close() {
        server.destroy();
    }
}
