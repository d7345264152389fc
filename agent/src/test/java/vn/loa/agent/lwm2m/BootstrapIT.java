package vn.loa.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.leshan.core.SecurityMode;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.server.bootstrap.BootstrapConfig;
import org.eclipse.leshan.server.bootstrap.InMemoryBootstrapConfigStore;
import org.eclipse.leshan.server.bootstrap.LeshanBootstrapServer;
import org.eclipse.leshan.server.bootstrap.LeshanBootstrapServerBuilder;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.CaliforniumBootstrapServerEndpointsProvider;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.coaps.CoapsBootstrapServerProtocolProvider;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.security.BootstrapSecurityStoreAdapter;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.junit.jupiter.api.Test;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.LoopScheduler;

/** {@code bootstrap: true}: the station asks a real Leshan bootstrap server (PSK) for its server, then registers there. */
class BootstrapIT {

    @Test
    void bootstraps_then_registers_with_the_server_it_was_given() throws Exception {
        String ep = StationLwm2mClientIT.ENDPOINT;
        String id = StationLwm2mClientIT.IDENTITY;
        byte[] key = StationLwm2mClientIT.KEY;
        InMemorySecurityStore bsStore = new InMemorySecurityStore();
        bsStore.add(SecurityInfo.newPreSharedKeyInfo(ep, id, key));
        InMemoryBootstrapConfigStore configs = new InMemoryBootstrapConfigStore();
        CaliforniumBootstrapServerEndpointsProvider.Builder eb =
                new CaliforniumBootstrapServerEndpointsProvider.Builder(new CoapsBootstrapServerProtocolProvider());
        eb.addEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Protocol.COAPS);
        LeshanBootstrapServer bs = new LeshanBootstrapServerBuilder().setEndpointsProviders(eb.build())
                .setConfigStore(configs).setSecurityStore(new BootstrapSecurityStoreAdapter(bsStore)).build();
        bs.start();
        try (TestServer dm = TestServer.start(ep, id, key);
             LoopScheduler loop = new LoopScheduler(Clock.system(Clock.VIETNAM), "test-lwm2m")) {
            BootstrapConfig c = new BootstrapConfig();
            c.toDelete = List.of("/0", "/1");
            BootstrapConfig.ServerSecurity bsSec = new BootstrapConfig.ServerSecurity();
            bsSec.uri = bs.getEndpoint(Protocol.COAPS).getURI().toString();
            bsSec.bootstrapServer = true;
            bsSec.securityMode = SecurityMode.PSK;
            bsSec.publicKeyOrId = id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            bsSec.secretKey = key;
            c.security.put(0, bsSec);
            BootstrapConfig.ServerSecurity dmSec = new BootstrapConfig.ServerSecurity();
            dmSec.uri = dm.uri().toString();
            dmSec.serverId = 7;
            dmSec.securityMode = SecurityMode.PSK;
            dmSec.publicKeyOrId = id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            dmSec.secretKey = key;
            c.security.put(1, dmSec);
            BootstrapConfig.ServerConfig server = new BootstrapConfig.ServerConfig();
            server.shortId = 7;
            server.lifetime = 60;
            server.binding = EnumSet.of(BindingMode.U);
            c.servers.put(0, server);
            configs.add(ep, c);

            Lwm2mConfig cfg = StationLwm2mClientIT.config(java.net.URI.create(bsSec.uri)).bootstrap(true)
                    .requestTimeout(Duration.ofSeconds(5)).build();
            StationLwm2mClient client = StationLwm2mClient.builder(cfg, Lwm2mSecrets.psk(id, key)).scheduler(loop).build();
            try {
                client.start();
                Registration reg = dm.awaitRegistration();
                assertThat(reg.getEndpoint()).isEqualTo(ep);
                await().atMost(10, TimeUnit.SECONDS).until(client::isRegistered);
                assertThat(dm.send(reg, new ReadRequest(3, 0, 0)).isSuccess()).isTrue();
            } finally {
                client.stop();
            }
        } finally {
            bs.destroy();
        }
    }
}
