package vn.loa.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.update.UpdateFixture;
import vn.loa.ota.launcher.HealthReport.AudioSelfTest;
import vn.loa.ota.launcher.LauncherState;
import vn.loa.ota.launcher.TrialMonitor;

/** Object 5 (and Object 3's versions) of a real agent against an in-process Leshan server over DTLS/PSK on loopback. */
class FirmwareUpdateIT {

    static final int STATE = FirmwareUpdateEnabler.STATE;
    static final int RESULT = FirmwareUpdateEnabler.UPDATE_RESULT;

    @TempDir Path tmp;
    UpdateFixture device;
    TestServer server;
    TestAgent agent;
    Registration reg;

    @BeforeEach
    void setUp() throws Exception {
        device = new UpdateFixture(tmp);
        server = TestServer.start(TestAgent.ENDPOINT, TestAgent.IDENTITY, TestAgent.KEY);
        agent = new TestAgent(device, server.uri(), "1.0.0", Optional.empty(), () -> AudioSelfTest.PASSED);
        reg = server.awaitRegistration();
        await().atMost(10, TimeUnit.SECONDS).until(agent.client::isRegistered);
    }

    @AfterEach
    void tearDown() {
        if (agent != null) agent.close();
        if (server != null) server.close();
        if (device != null) device.close();
    }

    private Object read(int object, int resource) throws InterruptedException {
        ReadResponse r = server.send(reg, new ReadRequest(object, 0, resource));
        assertThat(r.isSuccess()).as("read /%d/0/%d: %s", object, resource, r).isTrue();
        return ((LwM2mSingleResource) r.getContent()).getValue();
    }

    private long result() throws InterruptedException {
        return (Long) read(5, RESULT);
    }

    private long state() throws InterruptedException {
        return (Long) read(5, STATE);
    }

    private WriteResponse writeUri(String uri) throws InterruptedException {
        return server.send(reg, new WriteRequest(5, 0, FirmwareUpdateEnabler.PACKAGE_URI, uri));
    }

    /** Writes the URI and waits until the download is over (State back to Idle or Downloaded). */
    private long resultOf(String uri) throws InterruptedException {
        assertThat(writeUri("").getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(writeUri(uri).getCode()).isEqualTo(ResponseCode.CHANGED);
        await().atMost(15, TimeUnit.SECONDS).until(() -> state() != 1);
        assertThat(state()).isZero();
        return result();
    }

    /** Values of the notifications received until one carries {@code last} (10 s at most). */
    static List<Object> notifiedValues(TestServer server, Object last) throws InterruptedException {
        List<Object> values = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            ObserveResponse n = server.notifications.poll(100, TimeUnit.MILLISECONDS);
            if (n == null) continue;
            Object v = ((LwM2mSingleResource) n.getContent()).getValue();
            values.add(v);
            if (v.equals(last)) return values;
        }
        throw new AssertionError("no notification of " + last + " within 10 s; got " + values);
    }

    private List<Object> notifiedValues(Object last) throws InterruptedException {
        return notifiedValues(server, last);
    }

    @Test
    void an_idle_station_reads_every_resource_truthfully() throws Exception {
        ReadResponse all = server.send(reg, new ReadRequest(5, 0));
        assertThat(all.isSuccess()).as(all.toString()).isTrue();
        LwM2mObjectInstance i = (LwM2mObjectInstance) all.getContent();
        assertThat(i.getResource(FirmwareUpdateEnabler.PACKAGE_URI).getValue()).isEqualTo("");
        assertThat(i.getResource(STATE).getValue()).isEqualTo(0L);
        assertThat(i.getResource(RESULT).getValue()).isEqualTo(0L);
        assertThat(i.getResource(FirmwareUpdateEnabler.PKG_NAME).getValue()).isEqualTo("");
        assertThat(i.getResource(FirmwareUpdateEnabler.PKG_VERSION).getValue()).isEqualTo("");
        assertThat(i.getResource(FirmwareUpdateEnabler.DELIVERY_METHOD).getValue()).isEqualTo(0L);
        LwM2mMultipleResource protocols = (LwM2mMultipleResource) i.getResource(FirmwareUpdateEnabler.PROTOCOL_SUPPORT);
        assertThat(protocols.getInstances()).hasSize(2);
        assertThat(Map.of(0, protocols.getValue(0), 1, protocols.getValue(1))).as("HTTP 1.1, HTTPS 1.1").isEqualTo(Map.of(0, 2L, 1, 3L));
        assertThat(read(3, DeviceEnabler.FIRMWARE_VERSION)).isEqualTo("1.0.0");
        assertThat(read(3, DeviceEnabler.SOFTWARE_VERSION)).isEqualTo("1.0.0");
    }

    @Test
    void package_uri_downloads_with_notifications_then_update_installs_and_restarts_with_exit_75() throws Exception {
        ObserveResponse obs = server.send(reg, new ObserveRequest(5, 0, STATE));
        assertThat(obs.isSuccess()).isTrue();
        server.notifications.clear();
        String uri = device.publish("1.1.0");
        assertThat(writeUri(uri).getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(notifiedValues(2L)).as("State notified: Downloading, then Downloaded").containsSubsequence(1L, 2L);
        assertThat(read(5, FirmwareUpdateEnabler.PACKAGE_URI)).isEqualTo(uri);
        assertThat(read(5, FirmwareUpdateEnabler.PKG_NAME)).isEqualTo("loa-agent");
        assertThat(read(5, FirmwareUpdateEnabler.PKG_VERSION)).isEqualTo("1.1.0");
        assertThat(device.layout.currentSlot()).contains("A");

        ExecuteResponse ex = server.send(reg, new ExecuteRequest(5, 0, FirmwareUpdateEnabler.UPDATE));
        assertThat(ex.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(agent.exit.get(10, TimeUnit.SECONDS)).isEqualTo(TrialMonitor.EXIT_RESTART);
        assertThat(device.layout.currentSlot()).contains("B");
        LauncherState st = device.launcherState();
        assertThat(st.status()).isEqualTo(LauncherState.Status.TRIAL);
        assertThat(st.trialVersion()).contains("1.1.0");
        assertThat(st.requireRegistration()).as("registered when it installed").isTrue();
        assertThat(agent.updates.service().snapshot().state().code()).isEqualTo(3);
        assertThat(server.deregistrations.poll(5, TimeUnit.SECONDS)).as("safe shutdown deregisters").isNotNull();
    }

    @Test
    void failures_show_in_update_result_and_nothing_is_installed() throws Exception {
        String tampered = device.publish("1.1.0");
        device.tamper(tampered, "app/loa-agent-1.1.0.jar");
        assertThat(resultOf(tampered)).as("integrity failure").isEqualTo(5);
        assertThat(resultOf(device.publish("1.2.0", List.of("orange-pi-zero")))).as("unsupported package").isEqualTo(6);
        assertThat(resultOf(device.publish("0.9.0"))).as("downgrade: unsupported package").isEqualTo(6);
        agent.freeBytes.set(1000);
        assertThat(resultOf(device.publish("1.3.0"))).as("not enough storage").isEqualTo(2);
        agent.freeBytes.set(Long.MAX_VALUE);
        assertThat(resultOf("http://127.0.0.1:1/fw/manifest.json")).as("connection lost").isEqualTo(4);
        assertThat(resultOf("coaps://headend.example/fw/1.4.0")).as("unsupported protocol").isEqualTo(9);
        assertThat(resultOf("http://127.0.0.1:" + device.http.getAddress().getPort() + "/fw/none/manifest.json"))
                .as("invalid URI (404)").isEqualTo(7);
        assertThat(device.layout.currentSlot()).contains("A");
        assertThat(device.launcherState().status()).isEqualTo(LauncherState.Status.COMMITTED);
        assertThat(agent.exit).isNotDone();
    }

    @Test
    void bad_writes_get_coap_errors_and_change_nothing() throws Exception {
        String good = device.publish("1.1.0");
        WriteResponse ftp = writeUri("ftp://releases.example/loa/1.1.0/manifest.json");
        assertThat(ftp.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(ftp.getErrorMessage()).isEqualTo("Package URI scheme 'ftp' is not a firmware transfer protocol;"
                + " this station downloads over http or https");
        WriteResponse longUri = writeUri("http://releases.example/" + "a".repeat(300));
        assertThat(longUri.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(longUri.getErrorMessage()).isEqualTo("Package URI is 324 bytes; Object 5 allows at most 255");
        WriteResponse huge = writeUri("http://releases.example/" + "a".repeat(5000));
        assertThat(huge.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
        WriteResponse push = server.send(reg, new WriteRequest(5, 0, FirmwareUpdateEnabler.PACKAGE, new byte[] {1, 2, 3}));
        assertThat(push.getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
        WriteResponse readOnly = server.send(reg, new WriteRequest(5, 0, STATE, 2L));
        assertThat(readOnly.getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
        ExecuteResponse early = server.send(reg, new ExecuteRequest(5, 0, FirmwareUpdateEnabler.UPDATE));
        assertThat(early.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(early.getErrorMessage()).isEqualTo("no package is downloaded (state IDLE)");
        assertThat(state()).isZero();
        assertThat(result()).isZero();
        assertThat(read(5, FirmwareUpdateEnabler.PACKAGE_URI)).isEqualTo("");

        assertThat(writeUri(good).getCode()).isEqualTo(ResponseCode.CHANGED);
        await().atMost(15, TimeUnit.SECONDS).until(() -> state() == 2);
        WriteResponse second = writeUri(device.publish("1.2.0"));
        assertThat(second.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(second.getErrorMessage()).isEqualTo("state is DOWNLOADED; write an empty Package URI first to cancel");
        assertThat(read(5, FirmwareUpdateEnabler.PKG_VERSION)).isEqualTo("1.1.0");
        assertThat(writeUri("").getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(state()).isZero();
        assertThat(read(5, FirmwareUpdateEnabler.PKG_VERSION)).isEqualTo("");
        assertThat(device.layout.currentSlot()).contains("A");
    }
}
