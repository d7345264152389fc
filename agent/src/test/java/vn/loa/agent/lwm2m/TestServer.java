package vn.loa.agent.lwm2m;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
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

/** A real Leshan server on 127.0.0.1 (port 0 or a given one) with PSK and the Loa models, recording events. */
final class TestServer implements AutoCloseable {

    final LeshanServer server;
    private final Protocol protocol;
    final BlockingQueue<Registration> registrations = new LinkedBlockingQueue<>();
    final BlockingQueue<Registration> deregistrations = new LinkedBlockingQueue<>();
    final BlockingQueue<Registration> updates = new LinkedBlockingQueue<>();
    final BlockingQueue<ObserveResponse> notifications = new LinkedBlockingQueue<>();

    TestServer(int port, String endpoint, String identity, byte[] key, List<ObjectModel> models)
            throws NonUniqueSecurityInfoException {
        this(port, SecurityInfo.newPreSharedKeyInfo(endpoint, identity, key), null, models);
    }

    /** {@code info} null: a NoSec server on coap://. {@code serverKeys} is the server's RPK pair, or null. */
    TestServer(int port, SecurityInfo info, java.security.KeyPair serverKeys, List<ObjectModel> models)
            throws NonUniqueSecurityInfoException {
        InMemorySecurityStore store = new InMemorySecurityStore();
        if (info != null) store.add(info);
        Protocol protocol = info == null ? Protocol.COAP : Protocol.COAPS;
        CaliforniumServerEndpointsProvider.Builder eb = new CaliforniumServerEndpointsProvider.Builder(info == null
                ? new org.eclipse.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider()
                : new CoapsServerProtocolProvider());
        eb.addEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), protocol);
        this.protocol = protocol;
        LeshanServerBuilder b = new LeshanServerBuilder();
        b.setEndpointsProviders(eb.build());
        b.setObjectModelProvider(new VersionedModelProvider(models));
        b.setSecurityStore(store);
        if (serverKeys != null) {
            b.setPublicKey(serverKeys.getPublic());
            b.setPrivateKey(serverKeys.getPrivate());
        }
        server = b.build();
        server.getRegistrationService().addListener(new RegistrationListener() {
            @Override public void registered(Registration r, Registration previous, java.util.Collection<Observation> o) {
                registrations.add(r);
            }

            @Override public void updated(RegistrationUpdate u, Registration r, Registration previous) {
                updates.add(r);
            }

            @Override public void unregistered(Registration r, java.util.Collection<Observation> o, boolean expired, Registration newReg) {
                deregistrations.add(r);
            }
        });
        server.getObservationService().addListener(new ObservationListener() {
            @Override public void newObservation(Observation o, Registration r) { }
            @Override public void cancelled(Observation o) { }
            @Override public void onResponse(SingleObservation o, Registration r, ObserveResponse response) {
                notifications.add(response);
            }
            @Override public void onResponse(org.eclipse.leshan.core.observation.CompositeObservation o, Registration r,
                                             org.eclipse.leshan.core.response.ObserveCompositeResponse response) { }
            @Override public void onError(Observation o, Registration r, Exception e) { }
        });
        server.start();
    }

    static TestServer start(String endpoint, String identity, byte[] key) throws NonUniqueSecurityInfoException {
        return new TestServer(0, endpoint, identity, key, LoaModels.all());
    }

    URI uri() {
        return server.getEndpoint(protocol).getURI();
    }

    int port() {
        return uri().getPort();
    }

    Registration awaitRegistration() throws InterruptedException {
        Registration r = registrations.poll(20, TimeUnit.SECONDS);
        if (r == null) throw new AssertionError("no registration within 20 s");
        return r;
    }

    <T extends LwM2mResponse> T send(Registration r, DownlinkRequest<T> request) throws InterruptedException {
        T t = server.send(r, request, 5000);
        if (t == null) throw new AssertionError("no response to " + request + " within 5 s");
        return t;
    }

    @Override public void close() {
        server.destroy();
    }
}
