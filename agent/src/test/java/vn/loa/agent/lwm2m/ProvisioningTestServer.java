package vn.loa.agent.lwm2m;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/** A Leshan test server (or a bare DTLS peer) for other packages' tests (the Leshan types stay in this package). */
public final class ProvisioningTestServer implements AutoCloseable {

    private final AutoCloseable server;
    private final String uri;
    private final AtomicInteger datagrams;

    private ProvisioningTestServer(AutoCloseable server, String uri, AtomicInteger datagrams) {
        this.server = server;
        this.uri = uri;
        this.datagrams = datagrams;
    }

    /** A Leshan server that knows {@code endpoint} by the PSK {@code identity}/{@code key}. */
    public static ProvisioningTestServer start(String endpoint, String identity, byte[] key) throws Exception {
        TestServer s = TestServer.start(endpoint, identity, key);
        return new ProvisioningTestServer(s, s.uri().toString(), new AtomicInteger());
    }

    /**
     * A DTLS server that completes the PSK handshake for {@code identity}/{@code key} and then never answers: the
     * CoAP Register it receives is counted ({@link #applicationDatagrams()}) and dropped.
     */
    public static ProvisioningTestServer silentAfterHandshake(String identity, byte[] key) throws IOException {
        Configuration c = new Configuration(DtlsConfig.DEFINITIONS);
        c.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        c.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
        DtlsConnectorConfig cfg = DtlsConnectorConfig.builder(c)
                .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key))
                .build();
        DTLSConnector connector = new DTLSConnector(cfg);
        AtomicInteger datagrams = new AtomicInteger();
        connector.setRawDataReceiver(raw -> datagrams.incrementAndGet());
        connector.start();
        return new ProvisioningTestServer(connector::destroy, "coaps://127.0.0.1:" + connector.getAddress().getPort(), datagrams);
    }

    public String uri() {
        return uri;
    }

    /** For {@link #silentAfterHandshake}: CoAP messages that arrived after the handshake. */
    public int applicationDatagrams() {
        return datagrams.get();
    }

    @Override public void close() throws Exception {
        server.close();
    }
}
