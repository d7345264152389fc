package vn.loa.agent.lwm2m;

/** A Leshan test server for other packages' tests (the Leshan types stay in this package). */
public final class ProvisioningTestServer implements AutoCloseable {

    private final TestServer server;

    private ProvisioningTestServer(TestServer server) {
        this.server = server;
    }

    public static ProvisioningTestServer start(String endpoint, String identity, byte[] key) throws Exception {
        return new ProvisioningTestServer(TestServer.start(endpoint, identity, key));
    }

    public String uri() {
        return server.uri().toString();
    }

    @Override public void close() {
        server.close();
    }
}
